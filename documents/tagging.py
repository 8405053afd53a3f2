"""Suggest cooperation areas for sections and documents by keywords: a first pass a person
then reviews.

The pass only *suggests*: its tags are stored with the status "suggested" and the words that
triggered them, and no public page shows them until an editor accepts them in the admin (see
docs/curation.md). The patterns name the field (phrases, not words that merely occur near it).
A section is suggested an area when its heading names the field, or its body names it with a
phrase of several words, or with single words at least twice.
"""

import re

# area slug -> regular-expression fragments (matched case-insensitively, on word boundaries).
# A fragment may allow punctuation inside a phrase ("bilateral, joint operations coordination
# center" is how the 2006 Roadmap prints it).
AREA_PATTERNS = {
    "alliance-coordination": [
        r"security consultative committee",
        r"alliance coordination",
        r"bilateral coordination",
        r"consultations?",
    ],
    "alliance-coordination-mechanism": [
        r"alliance coordination mechanism",
        r"(?:bilateral )?coordination mechanism",
        r"bilateral,? joint operations coordination cent(?:er|re)",
        r"coordination cent(?:er|re)s?",
        r"bjocc",
    ],
    "operational-coordination": [
        r"operational coordination",
        r"command and coordination",
        r"co-?locat(?:e|ed|ion)",
        r"interoperability",
    ],
    "bilateral-planning": [
        r"bilateral (?:defense )?planning",
        r"bilateral plans?",
        r"mutual cooperation planning",
        r"contingency plans?",
    ],
    "strategic-objectives-and-roles": [
        r"common strategic objectives",
        r"roles,? missions,? and capabilities",
    ],
    "peacetime-cooperation": [
        r"cooperative measures from peacetime",
        r"under normal circumstances",
        r"cooperation in peacetime",
    ],
    "emerging-threats": [
        r"emerging threats to japan",
        r"situations in areas surrounding japan",
    ],
    "armed-attack-against-japan": [
        r"armed attack against japan",
        r"an? armed attack against either party",
        r"defense of japan",
    ],
    "armed-attack-against-another-country": [
        r"armed attack against (?:the united states or )?a (?:third )?country other than japan",
        r"armed attack against a foreign country",
    ],
    "disaster-response": [
        r"large-scale disasters? in japan",
        r"great east japan earthquake",
    ],
    "deterrence": [r"extended deterrence", r"deterrence", r"nuclear umbrella"],
    "isr": [
        r"intelligence,? surveillance,? and reconnaissance",
        r"isr",
        r"intelligence activities",
        r"surveillance",
    ],
    "air-and-missile-defense": [
        r"missile defense",
        r"ballistic missiles?",
        r"air and missile defense",
        r"bmd",
        r"patriot",
        r"pac-3",
        r"air defense",
        r"counter air attacks?",
        r"defend airspace",
        r"x-band radar",
        r"an/tpy-2",
    ],
    "maritime-security": [
        r"maritime security",
        r"maritime operations",
        r"sea lines of communication",
        r"minesweeping",
        r"ship inspection",
        r"surrounding waters",
        r"freedom of navigation",
    ],
    "asset-protection": [r"asset protection", r"protection of (?:facilities and areas|assets)"],
    "training-and-exercises": [
        r"training and exercises",
        r"bilateral (?:exercises|training)",
        r"exercises and training",
        r"training relocation",
    ],
    "logistics-support": [
        r"logistics? support",
        r"logistics?",
        r"rear area support",
        r"supply",
        r"transportation",
        r"maintenance",
        r"medical services",
        r"acquisition and cross-servicing",
    ],
    "use-of-facilities": [
        r"use of facilities",
        r"joint use",
        r"shared use",
        r"civilian airports and ports",
    ],
    "noncombatant-evacuation": [r"noncombatant evacuation", r"refugees"],
    "search-and-rescue": [r"search and rescue"],
    "cbrn": [
        r"chemical,? biological,? radiological,? (?:and|or) nuclear",
        r"cbrn",
        r"weapons of mass destruction",
    ],
    "communications-and-electronics": [r"communications and electronics", r"communications?"],
    "regional-and-global-cooperation": [
        r"regional and global",
        r"global peace and security",
        r"international activities",
    ],
    "peacekeeping-and-humanitarian-operations": [
        r"peace ?keeping",
        r"humanitarian assistance",
        r"humanitarian relief",
        r"international (?:humanitarian|relief)",
        r"disaster relief",
    ],
    "partner-capacity-building": [r"capacity building", r"capacity-building"],
    "trilateral-and-multilateral-cooperation": [
        r"trilateral",
        r"multilateral",
        r"regional and other partners",
        r"quad",
    ],
    "space-and-cyberspace": [r"space and cyberspace"],
    # "Space", not "air space" or "airspace" (Yokota Air Base and Air Space is no space matter).
    "space": [r"(?<!air )space", r"outer space", r"space-based", r"satellites?"],
    "cyber": [r"cyberspace", r"cyber", r"cybersecurity"],
    "defense-equipment-and-technology": [
        r"defense equipment",
        r"equipment and technology",
        r"joint research",
        r"defense procurement",
        r"co-?development",
    ],
    "intelligence-sharing": [
        r"information sharing",
        r"share information",
        r"sharing of information",
        r"exchange (?:of )?(?:information|intelligence)",
        r"intelligence sharing",
        r"intelligence cooperation",
        r"intelligence activities",
        r"information security",
    ],
    "educational-and-research-exchanges": [
        r"educational and research exchanges",
        r"research exchanges",
        r"personnel exchanges?",
    ],
    "realignment-and-relocation": [
        r"realignment",
        r"relocat(?:e|ed|ion)",
        r"return (?:of )?(?:land|portions)",
        r"land returns?",
        r"consolidation",
    ],
    "okinawa": [r"okinawa", r"futenma", r"saco"],
    "status-of-forces-agreement": [r"status of forces", r"sofa", r"joint committee"],
    "host-nation-support": [
        r"host nation support",
        r"host-nation support",
        r"special measures agreement",
        r"sma",
    ],
    "local-communities": [
        r"local communities",
        r"noise",
        r"burdens? on local",
        r"environment(?:al)? (?:protection|issues)",
    ],
}

_COMPILED = {
    slug: [
        re.compile(r"(?<![\w-])(?:" + fragment + r")(?![\w-])", re.IGNORECASE)
        for fragment in fragments
    ]
    for slug, fragments in AREA_PATTERNS.items()
}


def _is_phrase(match_text):
    return len(match_text.split()) > 1 or "," in match_text


def suggest_areas_with_triggers(heading, body):
    """{area slug: the words that triggered it}, for the areas the section's wording names."""
    suggestions = {}
    for slug, patterns in _COMPILED.items():
        in_heading = [m.group(0) for p in patterns for m in p.finditer(heading or "")]
        in_body = [m.group(0) for p in patterns for m in p.finditer(body or "")]
        if in_heading or any(_is_phrase(w) for w in in_body) or len(in_body) >= 2:
            words = []
            for word in [*in_heading, *in_body]:
                if word.lower() not in (w.lower() for w in words):
                    words.append(word)
            suggestions[slug] = ", ".join(f"“{w}”" for w in words)[:300]
    return suggestions


def suggest_areas(heading, body):
    """The area slugs a section's wording names (see suggest_areas_with_triggers)."""
    return list(suggest_areas_with_triggers(heading, body))


def tag_document_sections(document, *, dry_run=False):
    """Suggest areas for every section of ``document``: new tags are stored as *suggested*,
    with their trigger words; tags a section already has (reviewed or suggested) are left
    alone. Returns {pinpoint: [slugs suggested]}."""
    from documents.models import CooperationArea, SectionArea, TagStatus

    areas = {area.slug: area for area in CooperationArea.objects.all()}
    added = {}
    new_tags = []
    for section in document.sections.prefetch_related("area_tags__area").order_by("order"):
        current = {tag.area.slug for tag in section.area_tags.all()}
        suggestions = suggest_areas_with_triggers(section.heading, section.body)
        new = [s for s in suggestions if s not in current and s in areas]
        if new:
            added[section.pinpoint] = new
            new_tags += [
                SectionArea(
                    section=section,
                    area=areas[slug],
                    status=TagStatus.SUGGESTED,
                    trigger=suggestions[slug],
                )
                for slug in new
            ]
    if not dry_run and new_tags:
        from documents.cache import bump_generation

        SectionArea.objects.bulk_create(new_tags)
        bump_generation()  # bulk_create sends no post_save: cached pages must still go stale
    return added
