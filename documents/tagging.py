"""Suggest cooperation areas for sections by keywords: a first pass an editor then checks.

The keyword lists are deliberately narrow (phrases that name the field, not words that merely
occur near it), and a section is tagged only when its heading names the field or its body
names it at least twice. The curated fixtures record which tags came from this pass (see
docs/curation.md); editors remove wrong tags and add missed ones in the admin.
"""

import re

# area slug -> phrases (matched case-insensitively, on word boundaries)
AREA_KEYWORDS = {
    "disaster-response": [
        "disaster relief",
        "disaster response",
        "large-scale disaster",
        "humanitarian assistance/disaster relief",
        "natural disaster",
    ],
    "isr": [
        "intelligence, surveillance, and reconnaissance",
        "intelligence, surveillance and reconnaissance",
        "isr",
    ],
    "intelligence-sharing": [
        "information sharing",
        "share information",
        "sharing of information",
        "intelligence sharing",
        "intelligence cooperation",
        "information security",
    ],
    "cyber": ["cyberspace", "cyber", "cybersecurity"],
    "space": ["space", "outer space", "space-based", "satellite", "satellites"],
    "air-and-missile-defense": [
        "missile defense",
        "ballistic missile",
        "ballistic missiles",
        "air and missile defense",
        "bmd",
        "patriot",
    ],
    "defense-equipment-and-technology": [
        "defense equipment",
        "equipment and technology",
        "joint research",
        "defense procurement",
    ],
    "maritime-security": [
        "maritime security",
        "maritime areas",
        "maritime operations",
        "sea lines of communication",
        "minesweeping",
    ],
    "logistics-support": ["logistic support", "logistics support", "logistic", "logistics"],
    "peacekeeping-and-humanitarian-operations": [
        "peacekeeping",
        "peace keeping",
        "humanitarian",
        "international relief",
    ],
    "trilateral-and-multilateral-cooperation": [
        "trilateral",
        "multilateral",
        "regional and other partners",
    ],
    "bilateral-planning-and-coordination": [
        "alliance coordination mechanism",
        "bilateral planning",
        "coordination mechanism",
        "bilateral coordination",
        "operational coordination",
        "bilateral joint operations coordination center",
    ],
    "regional-and-global-cooperation": [
        "regional and global",
        "global peace and security",
        "international activities",
        "partner capacity building",
    ],
    "force-posture-and-realignment": [
        "realignment",
        "relocation",
        "futenma",
        "facilities and areas",
        "force posture",
        "return land",
    ],
}

_PATTERNS = {
    slug: re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
        + r")(?![\w-])",
        re.IGNORECASE,
    )
    for slug, keywords in AREA_KEYWORDS.items()
}


def suggest_areas(heading, body):
    """The area slugs a section's heading names, or its body names at least twice."""
    suggested = []
    for slug, pattern in _PATTERNS.items():
        if pattern.search(heading or "") or len(pattern.findall(body or "")) >= 2:
            suggested.append(slug)
    return suggested


def tag_document_sections(document, *, dry_run=False):
    """Add suggested areas to every section of ``document``; returns {pinpoint: [slugs]}."""
    from documents.models import CooperationArea

    areas = {area.slug: area for area in CooperationArea.objects.all()}
    added = {}
    for section in document.sections.prefetch_related("areas").order_by("order"):
        current = {area.slug for area in section.areas.all()}
        new = [s for s in suggest_areas(section.heading, section.body) if s not in current]
        new = [s for s in new if s in areas]
        if new:
            added[section.pinpoint] = new
            if not dry_run:
                section.areas.add(*(areas[s] for s in new))
    return added
