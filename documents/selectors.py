"""Reads that span several models. Keyword-only functions; views stay a few lines."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import (
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from documents import revisions
from documents.cache import per_generation, read_only_for_generation
from documents.exceptions import Gone, Moved, NotFound, OfficialWithdrawn
from documents.models import (
    KIND_PLURALS,
    AreaAlias,
    CooperationArea,
    DatePrecision,
    Document,
    DocumentAlias,
    DocumentRights,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    SectionAlias,
    SectionArea,
    Series,
    TagStatus,
    reviewed_areas,
)

# Documents in the order of their dates, and those of one day by title then by entry: by date
# alone, PostgreSQL returns the documents of one day in any order it likes.
SAME_DAY_ORDER = ("date", "title", "pk")

# --- One object by its public identifier ---------------------------------------------------
#
# Visibility, one rule per model (queryset methods in models.py): a document, section or quote
# is *listed* when its document is published (``published()``) and *resolvable* by URL unless
# its document is a draft (``public()``: a withdrawn one answers Gone with its tombstone);
# areas, organizations, series, officials and events are public once entered (``public()``).


def get_public_document(*, slug, preview=False):
    """The published document at ``slug``.

    Raises NotFound for drafts and unknown slugs, Moved(document) for an old slug, and
    Gone(document) once withdrawn. With ``preview`` (staff who may view documents), drafts
    are shown too.

    What the public gets is kept until the archive changes (the reader, section and
    comparison pages and the API ask for it on every request; the read with its joins and
    prefetches cost more than a copy from the cache). Only slugs that answer with a document
    are kept: an unknown slug is read each time, so made-up URLs cannot fill the cache.
    """
    if preview or slug != slug.lower():  # a mixed-case slug only redirects: not kept either
        return _find_document(slug=slug, preview=preview)
    return _kept_answer(f"public-document:{slug}", lambda: _find_document(slug=slug, preview=False))


def _kept_answer(name, find):
    """``find()``'s answer, or the Moved, Gone or OfficialWithdrawn it raises, kept until
    the archive changes, by each process as it is (``read_only_for_generation``: the pages,
    the citations and the API only read the object they are given). NotFound is raised
    again on every call and never kept: an identifier that answers nothing takes no place
    in the cache."""
    outcome, value = read_only_for_generation(name, lambda: _answer(find))
    if outcome == "moved":
        target, renamed = value
        raise Moved(target, renamed=renamed)
    if outcome == "gone":
        raise Gone(value)
    if outcome == "withdrawn":
        raise OfficialWithdrawn(*value)
    return value


def _answer(find):
    try:
        return "found", find()
    except Moved as moved:
        return "moved", (moved.target, moved.renamed)
    except Gone as gone:
        return "gone", gone.record
    except OfficialWithdrawn as withdrawn:
        return "withdrawn", (withdrawn.record, withdrawn.documents)


def _find_document(*, slug, preview):
    documents = Document.objects.all() if preview else Document.objects.public()
    document = documents.for_listing().filter(slug=slug).first()
    if document is None:
        alias = DocumentAlias.objects.select_related("document").filter(slug=slug).first()
        if alias is None and slug != slug.lower():  # "Guidelines-2015": slugs are lower case
            raise Moved(_find_document(slug=slug.lower(), preview=preview))
        if alias is None or (alias.document.status == Document.Status.DRAFT and not preview):
            raise NotFound("No such document.")
        raise Moved(alias.document)
    if document.status == Document.Status.WITHDRAWN:
        raise Gone(document)
    return document


def get_document_by_public_id(*, public_id):
    """The document with the never-changing ``public_id`` (short links, the API)."""
    document = Document.objects.public().for_listing().filter(public_id=public_id).first()
    if document is None:
        raise NotFound("No such document.")
    if document.status == Document.Status.WITHDRAWN:
        raise Gone(document)
    return document


def get_section(*, document, anchor):
    """The section at ``anchor`` of a public ``document``; Moved(section) for an old anchor,
    Moved(document, renamed=False) for a removed section, NotFound for an anchor that never
    existed."""
    section = (
        document.sections.prefetch_related(reviewed_areas(Section)).filter(anchor=anchor).first()
    )
    if section is None:
        raise moved_section(document, anchor)
    section.document = document
    if section.parent_id is not None:
        _read_parents(section)
    return section


def _read_parents(section):
    """Give ``section`` its chain of parents (their label and heading), read in one statement
    rather than one per level (its citation names the part it is in: citations.part_of)."""
    outline = {
        s.pk: s
        for s in section.document.sections.only(
            "pk", "document_id", "parent_id", "label", "heading"
        )
    }
    child = section
    while child.parent_id in outline and len(outline) > 0:
        parent = outline.pop(child.parent_id)  # popped: a loop of parents ends
        Section.parent.field.set_cached_value(child, parent)
        child = parent


def get_quote(*, public_id):
    """The quote ``public_id``: NotFound if unknown or in a draft, Gone(document) if the
    document it appears in was withdrawn — on its page, its citations and its short link.
    Kept until the archive changes, like a document (get_public_document)."""
    return _kept_answer(f"public-quote:{int(public_id)}", lambda: _find_quote(public_id))


def _find_quote(public_id):
    quote = (
        Quote.objects.public()
        .select_related(
            "official__organization",
            "document__publisher",
            "about_document",
            "about_section__document",
        )
        .prefetch_related("areas")
        .filter(public_id=public_id)
        .first()
    )
    if quote is None:
        raise NotFound("No such quote.")
    if quote.document.status == Document.Status.WITHDRAWN:
        raise Gone(quote.document)
    return quote


def get_withdrawn_quote(*, public_id):
    """A quote whose document was withdrawn, for its 410 citation download (the tombstone
    still gives the citation as it was)."""
    quote = (
        Quote.objects.filter(public_id=public_id, document__status=Document.Status.WITHDRAWN)
        .select_related("official", "document__publisher")
        .first()
    )
    if quote is None:
        raise NotFound("No such withdrawn quote.")
    return quote


def _get(queryset, message, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise NotFound(message)
    return obj


def _kept_get(queryset, message, *, slug):
    """``_get`` by slug, kept until the archive changes (an unknown slug is not)."""
    name = f"{queryset.model._meta.label_lower}:{slug}"
    return _kept_answer(name, lambda: _get(queryset, message, slug=slug))


def get_official(*, slug):
    return _kept_get(
        Official.objects.public().select_related("organization"), "No such official.", slug=slug
    )


def get_organization(*, slug):
    return _kept_get(Organization.objects.public(), "No such organization.", slug=slug)


def get_series(*, slug):
    return _kept_get(Series.objects.public(), "No such series.", slug=slug)


def get_event(*, slug):
    events = Event.objects.public().select_related("source_document").prefetch_related("areas")
    return _kept_get(events, "No such event.", slug=slug)


def text_is_public(document):
    """Whether the public may read ``document``'s section text (its record is always public).
    The rule itself is the model's: Document.text_is_public / SectionQuerySet.text_public."""
    return document.text_is_public


# --- Lists --------------------------------------------------------------------------------


def public_documents():
    """Published documents with what a list shows (series, publisher, issuers, areas)."""
    return Document.objects.published().for_listing()


@per_generation(read_only=True)
def newest_documents(*, limit, area=None):
    """The ``limit`` documents published last (about ``area`` or one of its sub-areas when
    given), newest first: the Atom feeds' entries, kept until the archive changes."""
    documents = Document.objects.published()
    if area is not None:
        documents = documents.filter(pk__in=documents_about(area=area))
    return list(documents.order_by("-published_at", "-public_id")[:limit])


@per_generation
def documents_about(*, area):
    """The ids of the documents about ``area`` or one of its sub-areas
    (``DocumentQuerySet.about``), whatever their status: the document list's area filter.
    Kept until the archive changes: as a condition of the list's two statements, the
    subqueries took PostgreSQL longer to plan than to run."""
    subareas = CooperationArea.objects.filter(Q(pk=area.pk) | Q(parent=area.pk))
    return sorted(Document.objects.about(subareas.values("pk")).values_list("pk", flat=True))


def document_list():
    """Published documents as the document list shows them (its filters narrow them)."""
    return Document.objects.published().for_list_items()


def public_sections():
    return (
        Section.objects.published_text()
        .select_related("document")
        .prefetch_related(reviewed_areas(Section))
        .order_by("document__date", "document__title", "order")
    )


def section_records():
    """Every published section as a record (the API's): a copyrighted document's sections
    too, whose ``body`` the API gives as null (``text_is_public``), as the bulk files and a
    single section's record do. The pages list ``public_sections()``."""
    return (
        Section.objects.published()
        .select_related("document")
        .prefetch_related(reviewed_areas(Section))
        .order_by("document__date", "document__title", "order")
    )


def public_quotes():
    return (
        Quote.objects.published()
        .select_related(
            "official__organization", "document", "about_document", "about_section__document"
        )
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )


def listed_quotes():
    """The quote list's rows (documents/quote_list.html): each quote with its official's and
    its document's names and links, and its areas; without the long texts of the document,
    the section or the document it is about, which the list never shows."""
    return (
        Quote.objects.published()
        .select_related("official", "document")
        .only(
            "public_id",
            "text",
            "date",
            "date_precision",
            "official__slug",
            "official__name",
            "official__description",
            "document__slug",
            "document__title",
            "document__short_title",
            "document__date",
            "document__date_precision",
        )
        .prefetch_related(Prefetch("areas", queryset=CooperationArea.objects.only("slug", "name")))
        .order_by("date", "public_id")
    )


def public_officials():
    """Officials the public sees (``OfficialQuerySet.public``), with the number of their
    quotes in published documents."""
    published = Q(quotes__document__status=Document.Status.PUBLISHED)
    return (
        Official.objects.public()
        .select_related("organization")
        .annotate(quote_count=Count("quotes", filter=published))
    )


@per_generation(read_only=True)
def listed_officials():
    """The officials page's list (``public_officials``), kept until the archive changes."""
    return list(public_officials())


def public_areas():
    """The areas as a tree: top-level areas, each with its sub-areas."""
    return (
        CooperationArea.objects.public()
        .filter(parent=None)
        .select_related("parent")
        .prefetch_related(Prefetch("children", queryset=CooperationArea.objects.order_by("name")))
    )


def public_organizations():
    return Organization.objects.public()


def public_series():
    """Series, each with its published editions (``published_editions``), oldest first."""
    editions = Document.objects.published().order_by("date", "pk")
    return Series.objects.public().prefetch_related(
        Prefetch("documents", queryset=editions, to_attr="published_editions")
    )


def public_events():
    documents = Document.objects.published().order_by(*SAME_DAY_ORDER)
    return Event.objects.public().prefetch_related(
        "areas", Prefetch("documents", queryset=documents)
    )


def official_quotes(*, official):
    return official.quotes.published().select_related("document").order_by("date", "public_id")


@per_generation(read_only=True)
def organization_documents(*, organization):
    """The published documents ``organization`` issued or published, as list items."""
    return list(
        Document.objects.published()
        .filter(Q(issuers=organization) | Q(publisher=organization))
        .distinct()
        .for_list_items()
        .order_by("date", "title")
    )


@per_generation(read_only=True)
def series_documents(*, series):
    return list(series.documents.published().order_by(*SAME_DAY_ORDER))


@per_generation(read_only=True)
def event_documents(*, event):
    """The published documents of ``event``, as list items."""
    return list(event.documents.published().for_list_items().order_by(*SAME_DAY_ORDER))


@dataclass
class SectionNode:
    section: Section
    children: list["SectionNode"] = field(default_factory=list)


def section_tree(sections):
    """Nest sections (given in document order) under their parents, for a table of contents."""
    nodes = {section.pk: SectionNode(section) for section in sections}
    roots = []
    for section in sections:
        node = nodes[section.pk]
        parent = nodes.get(section.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def document_sections(*, document, staff=False, records=False):
    """The sections a reader may see, in order: all of them for staff (preview), and for the
    public none of a copyrighted text (see SectionQuerySet.text_public). ``records``: all of
    them as records, whose text the caller withholds (the API, ``section_records``)."""
    sections = document.sections.all() if staff or records else document.sections.text_public()
    return list(sections.prefetch_related(reviewed_areas(Section)).order_by("order"))


# A sentence ends at ".", "?" or "!", possibly inside a closing quotation mark.
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][”’\"])\s+")
# ...but not at the point of an abbreviation ("U.S.", "U.N.", "Mr.", "No."), nor before a
# word in lower case or a number ("Art. 5").
_ABBREVIATION = re.compile(
    r"(?:(?<![\w.])(?:[A-Za-z]\.)+|\b(?i:Mr|Mrs|Ms|Dr|No|Nos|Art|Arts|Gen|Adm|Lt|Col|Sen|Rep"
    r"|Gov|St|vs|cf|etc|para|paras)\.)$"
)


# ...though a unit's Roman number is not an initial: "under Article V. The Ministers" ends.
_NUMBERED_UNIT = re.compile(
    r"\b(?:Article|Chapter|Part|Section|Annex|Paragraph|Reference|Phase)\s+[IVXLC]\.$"
)


def sentence_breaks(text, pattern=_SENTENCE_BREAK):
    """The matches of ``pattern`` in ``text`` that end a sentence."""
    for match in pattern.finditer(text):
        head, following = text[: match.start()].rstrip('”’"'), text[match.end() :]
        if head.endswith(".") and (
            following[:1].islower()
            or following[:1].isdigit()
            or (_ABBREVIATION.search(head[-12:]) and not _NUMBERED_UNIT.search(head[-20:]))
        ):
            continue
        yield match


@dataclass
class Passage:
    """A sentence (or run of sentences) of a document that holds one or more quotes."""

    section: Section
    parts: list  # (text, quote or None): the sentence cut at the quotes' edges
    quotes: list


@per_generation(read_only=True)
def quoted_passages(*, document):
    """The sentences of ``document`` in which its recorded quotes appear, in document order
    (kept until the archive changes: a quote's page and a copyrighted text's reader ask).

    What the public may read of a copyrighted text: each quote in its sentence, and no more.
    """
    quotes = list(document.quotes.select_related("official").order_by("public_id"))
    passages = []
    for section in document.sections.order_by("order"):
        for paragraph in section.body.split("\n\n"):
            spans = _quote_spans(paragraph, quotes)
            for start, end in _sentence_ranges(paragraph, spans):
                inside = [span for span in spans if start <= span[0] < end]
                passages.append(
                    Passage(
                        section,
                        _cut(paragraph, start, end, inside),
                        [quote for _s, _e, quote in inside],
                    )
                )
    return passages


def _quote_spans(paragraph, quotes):
    spans = []
    for quote in quotes:
        position = paragraph.find(quote.text)
        if position != -1:
            spans.append((position, position + len(quote.text), quote))
    return sorted(spans, key=lambda span: span[0])


def _sentence_ranges(paragraph, spans):
    """The [start, end) ranges of the sentences holding ``spans``, merged where they meet."""
    bounds = [0, *(m.end() for m in sentence_breaks(paragraph)), len(paragraph)]
    ranges = []
    for start, end, _quote in spans:
        first = max(b for b in bounds if b <= start)
        last = min(b for b in bounds if b >= end)
        if ranges and first < ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], last))
        else:
            ranges.append((first, last))
    return [(start, end) for start, end in ranges]


def _cut(paragraph, start, end, spans):
    parts, position = [], start
    for span_start, span_end, quote in spans:
        if span_start < position:
            continue  # a quote inside another one
        if span_start > position:
            parts.append((paragraph[position:span_start], None))
        parts.append((paragraph[span_start:span_end], quote))
        position = span_end
    if position < end:
        parts.append((paragraph[position:end].rstrip(), None))
    return parts


def passage_for_quote(*, quote):
    """The sentence a quote was said in, as its document prints it (None if not found)."""
    return next((p for p in quoted_passages(document=quote.document) if quote in p.quotes), None)


@per_generation(read_only=True)
def quotes_for_document(*, document):
    """Quotes that appear in the document or are about it."""
    return list(
        Quote.objects.published()
        .filter(Q(document=document) | Q(about_document=document))
        .select_related("official", "document", "about_section")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )


@per_generation(read_only=True)
def series_editions(*, document):
    if document.series_id is None:
        return []
    return list(document.series.documents.published().order_by(*SAME_DAY_ORDER))


def edition_neighbours(*, editions, document):
    """The previous and next editions of ``document`` in its series (either may be None)."""
    index = next((i for i, e in enumerate(editions) if e.pk == document.pk), None)
    if index is None:
        return None, None
    previous = editions[index - 1] if index > 0 else None
    following = editions[index + 1] if index + 1 < len(editions) else None
    return previous, following


def area_with_subareas(*, slug):
    """The area at ``slug`` with its parent and sub-areas; Moved(area) for an old slug. Kept
    until the archive changes (unknown slugs are not: see _kept_answer)."""
    return _kept_answer(f"area:{slug}", lambda: _find_area(slug))


def _find_area(slug):
    area = (
        CooperationArea.objects.select_related("parent")
        .prefetch_related("children")
        .filter(slug=slug)
        .first()
    )
    if area is None:
        alias = AreaAlias.objects.select_related("area").filter(slug=slug).first()
        if alias is None:
            raise NotFound("No such cooperation area.")
        raise Moved(alias.area)
    return area


@per_generation
def area_renames():
    """{old slug: the area's slug now} for every renamed area (its ``AreaAlias`` rows)."""
    return dict(AreaAlias.objects.values_list("slug", "area__slug"))


def area_contents(*, area):
    """Everything tagged with the area or its sub-areas, each list in date order."""
    area_ids = [area.pk, *(child.pk for child in area.children.all())]
    documents = (
        Document.objects.published()
        .tagged(area_ids)
        .select_related("series")
        .order_by("date", "title")
    )
    sections = (
        Section.objects.published_text()
        .tagged(area_ids)
        .select_related("document")
        .order_by("document__date", "document__title", "order")
    )
    quotes = (
        Quote.objects.published()
        .filter(areas__in=area_ids)
        .distinct()
        .select_related("official", "document")
        .order_by("date", "public_id")
    )
    return {"documents": list(documents), "sections": list(sections), "quotes": list(quotes)}


def moved_section(document, anchor):
    """What an unknown anchor of ``document`` means, as an exception to raise: Moved(section)
    for an old anchor, Moved(document, renamed=False) if the section was removed, NotFound if
    the anchor never existed."""
    alias = (
        SectionAlias.objects.select_related("section__document")
        .filter(document=document, anchor=anchor)
        .first()
    )
    if alias is None and anchor != anchor.lower():  # "IV-B-2": anchors are lower case
        section = document.sections.filter(anchor=anchor.lower()).first()
        return Moved(section) if section else moved_section(document, anchor.lower())
    if alias is None:
        return NotFound("No such section.")
    if alias.section is None:
        return Moved(document, renamed=False)
    return Moved(alias.section)


class OutlineEntry(NamedTuple):
    pk: int
    parent_id: int | None
    level: int
    anchor: str


@per_generation(read_only=True)
def section_outline(*, document):
    """Every section of ``document`` in order, as its place in the outline only (no text):
    what a section page needs to find its breadcrumb, sub-sections and neighbours. The same
    for all of a document's section pages until the archive changes."""
    rows = document.sections.order_by("order").values_list("pk", "parent_id", "level", "anchor")
    return [OutlineEntry(*row) for row in rows]


def section_context(*, document, anchor):
    """The section at ``anchor`` with its breadcrumb, sub-sections (with their areas) and
    neighbours: found in the document's outline, then those sections alone are read, however
    long the document. Kept until the archive changes (the same for staff and the public:
    the document was found for the reader already); an anchor that answers nothing, or a
    case variant of one (which only redirects), is read each time."""
    if anchor != anchor.lower():
        return _section_context(document=document, anchor=anchor)
    return _kept_answer(
        f"section-context:{document.pk}:{anchor}",
        lambda: _section_context(document=document, anchor=anchor),
    )


def _section_context(*, document, anchor):
    outline = section_outline(document=document)
    index = next((i for i, entry in enumerate(outline) if entry.anchor == anchor), None)
    if index is None:
        raise moved_section(document, anchor)
    entry = outline[index]
    by_pk = {candidate.pk: candidate for candidate in outline}
    breadcrumb = []
    parent = by_pk.get(entry.parent_id)
    while parent is not None and parent.pk != entry.pk and parent.pk not in breadcrumb:
        # (a loop of parents, which the forms refuse, would otherwise never end)
        breadcrumb.insert(0, parent.pk)
        parent = by_pk.get(parent.parent_id)
    descendants = []
    for candidate in outline[index + 1 :]:
        if candidate.level <= entry.level:
            break
        descendants.append(candidate.pk)
    previous = outline[index - 1].pk if index > 0 else None
    following = outline[index + 1].pk if index + 1 < len(outline) else None
    wanted = {entry.pk, *breadcrumb, *descendants, previous, following} - {None}
    sections = {section.pk: section for section in document.sections.filter(pk__in=wanted)}
    if entry.pk not in sections:  # removed since the outline was read
        raise moved_section(document, anchor)
    for candidate in sections.values():
        # The breadcrumb is read: a section's parents come from it (the citation names the
        # part a section is in: citations.part_of), not from a statement each.
        if candidate.parent_id in sections:
            Section.parent.field.set_cached_value(candidate, sections[candidate.parent_id])
    shown = [sections[pk] for pk in (entry.pk, *descendants) if pk in sections]
    prefetch_related_objects(shown, reviewed_areas(Section))
    section = shown[0]
    return {
        "section": section,
        "breadcrumb": [sections[pk] for pk in breadcrumb if pk in sections],
        "descendants": shown[1:],
        "descendant_top": 1 - section.level,  # a child section's heading is an h2
        "previous": sections.get(previous),
        "next": sections.get(following),
    }


@per_generation(read_only=True)
def latest_version_named(*, document):
    """``document``'s latest recorded version without its text (what names it: its number
    and day), kept until the archive changes (a comparison's citation names both texts')."""
    return revisions.latest_version(document=document, text=False)


@per_generation(read_only=True)
def current_version_number(*, document):
    """The number of the version holding ``document``'s text as it is now, or None (see
    revisions.current_version). Comparing the text with its latest version reads every
    section, so the answer is kept until the archive changes."""
    version = revisions.current_version(document=document)
    return None if version is None else version.number


# --- Timelines ----------------------------------------------------------------------------


ENTRY_KINDS = {
    "document": "Document",
    "section": "Section",
    "quote": "Quote",
    "event": "Event",
}


def date_sort_key(value, precision):
    """Sorts a date known to the month after every day of that month, and a date known to the
    year after every date in that year: a news article of "October 2014" that reports the
    interim report of 8 October 2014 comes after it, not before."""
    if precision == DatePrecision.YEAR:
        return (value.year, 13, 0)
    if precision == DatePrecision.MONTH:
        return (value.year, value.month, 32)
    return (value.year, value.month, value.day)


def section_title(section):
    """A section as the timeline names it: its pinpoint and heading; an unheaded section by its
    pinpoint and the heading of the nearest headed part it belongs to (never its first words,
    so its text need not be loaded). Expects ``parent`` and ``parent__parent`` selected."""
    if section.heading:
        return f"{section.pinpoint} {section.heading}" if section.label else section.heading
    parent = section.parent if section.parent_id else None
    grandparent = parent.parent if parent is not None and parent.parent_id else None
    for ancestor in (parent, grandparent):
        if ancestor is not None and ancestor.heading:
            return f"{section.pinpoint}, in “{ancestor.heading}”"
    return section.pinpoint


@dataclass
class TimelineEntry:
    kind: str  # one of ENTRY_KINDS
    date: object
    display_date: str
    title: str
    url: str
    context: str = ""  # the kind of a document; the document a quote belongs to, as text
    context_url: str = ""
    areas: list = field(default_factory=list)
    children: list = field(default_factory=list)  # a document's tagged sections, in order
    precision: str = DatePrecision.DAY
    obj: object = None  # the document, section, quote or event

    @property
    def kind_label(self):
        return ENTRY_KINDS[self.kind]

    @property
    def iso_date(self):
        """The date as far as it is known, for <time datetime>: 2015-04-27, 2014-10, 1978."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return self.date.isoformat()

    @property
    def sort_key(self):
        return (*date_sort_key(self.date, self.precision), list(ENTRY_KINDS).index(self.kind))

    @property
    def all_areas(self):
        """The entry's areas with those of its nested sections (for the overview lanes)."""
        found = {area.pk: area for area in self.areas}
        for child in self.children:
            found.update((area.pk, area) for area in child.areas)
        return list(found.values())


@dataclass
class YearGroup:
    year: int
    entries: list


# Section fields the timeline shows: never the body.
TIMELINE_SECTION_FIELDS = [
    "id",
    "document_id",
    "parent_id",
    "order",
    "label",
    "pinpoint",
    "heading",
    "anchor",
    "parent__id",
    "parent__parent_id",
    "parent__label",
    "parent__heading",
    "parent__parent__id",
    "parent__parent__heading",
    "parent__parent__label",
]


def _tagged(queryset, area_ids):
    """``queryset`` narrowed to rows tagged with one of ``area_ids`` (any area if None).
    Sections and documents count their reviewed tags only (the public rule); quotes and
    events carry hand-set tags."""
    if hasattr(queryset, "tagged"):
        return queryset.tagged(area_ids)
    if area_ids is None:
        return queryset.filter(areas__isnull=False).distinct()
    return queryset.filter(areas__in=area_ids).distinct()


def _years(queryset, date_field, year_from, year_to):
    if year_from:
        queryset = queryset.filter(**{f"{date_field}__year__gte": year_from})
    if year_to:
        queryset = queryset.filter(**{f"{date_field}__year__lte": year_to})
    return queryset


@per_generation
def timeline(*, areas=None, kinds=None, year_from=None, year_to=None):
    """The archive as a story, oldest first: every published document (or, for ``areas``, every
    document tagged with them or holding sections tagged with them), each with its tagged
    sections nested under it; quotes; and events, the milestones. Costs a fixed number of
    queries whatever the data size, and never loads a section's text."""
    kinds = set(kinds or ENTRY_KINDS)
    area_ids = None if areas is None else [area.pk for area in areas]

    sections_by_document = {}
    if "section" in kinds:
        tagged_sections = _tagged(Section.objects.published_text(), area_ids)
        sections = _years(tagged_sections, "document__date", year_from, year_to)
        sections = (
            sections.select_related("parent", "parent__parent")
            .only(*TIMELINE_SECTION_FIELDS)
            .prefetch_related(reviewed_areas(Section))
            .order_by("document_id", "order")
        )
        for section in sections:
            sections_by_document.setdefault(section.document_id, []).append(section)

    entries = []
    if kinds & {"document", "section"}:
        documents = _years(Document.objects.published(), "date", year_from, year_to)
        if "document" not in kinds:
            documents = documents.filter(pk__in=list(sections_by_document))
        elif area_ids is not None:
            # Documents tagged themselves, and those holding tagged sections (the heading of
            # their sections when sections are shown; when they are not, the documents the
            # area's page lists all the same: "Document" alone gave 2 of Okinawa's 15).
            tagged = _tagged(Document.objects.published(), area_ids).values("pk")
            holding = (
                list(sections_by_document)
                if "section" in kinds
                else _tagged(Section.objects.published_text(), area_ids).values("document_id")
            )
            documents = documents.filter(Q(pk__in=tagged) | Q(pk__in=holding))
        documents = documents.only(
            "id", "slug", "title", "short_title", "kind", "date", "date_precision"
        ).prefetch_related(reviewed_areas(Document))
        for document in documents:
            children = []
            if "section" in kinds:
                for section in sections_by_document.get(document.pk, []):
                    section.document = document
                    children.append(
                        TimelineEntry(
                            "section",
                            document.date,
                            document.display_date,
                            section_title(section),
                            section.get_absolute_url(),
                            str(document),
                            document.get_absolute_url(),
                            areas=section.public_areas,
                            precision=document.date_precision,
                            obj=section,
                        )
                    )
            entries.append(
                TimelineEntry(
                    "document",
                    document.date,
                    document.display_date,
                    document.title,
                    document.get_absolute_url(),
                    document.get_kind_display(),
                    "",
                    document.public_areas,
                    children,
                    document.date_precision,
                    document,
                )
            )
    if "quote" in kinds:
        quotes = Quote.objects.published()
        if area_ids is not None:
            quotes = _tagged(quotes, area_ids)
        quotes = _years(quotes, "date", year_from, year_to)
        for quote in quotes.select_related("official", "document").prefetch_related("areas"):
            entries.append(
                TimelineEntry(
                    "quote",
                    quote.date,
                    quote.display_date,
                    f"“{quote.text}” — {quote.official}",
                    quote.get_absolute_url(),
                    str(quote.document),
                    quote.document.get_absolute_url(),
                    list(quote.areas.all()),
                    precision=quote.date_precision,
                    obj=quote,
                )
            )
    if "event" in kinds:
        events = Event.objects.public()
        if area_ids is not None:
            events = _tagged(events, area_ids)
        for event in _years(events, "date", year_from, year_to).prefetch_related("areas"):
            entries.append(
                TimelineEntry(
                    "event",
                    event.date,
                    event.display_date,
                    event.title,
                    event.get_absolute_url(),
                    "",
                    "",
                    list(event.areas.all()),
                    precision=event.date_precision,
                    obj=event,
                )
            )
    entries.sort(key=lambda e: (e.sort_key, e.context, e.title, e.url))
    return entries


def flatten_timeline(entries, kinds=None):
    """The entries with each document's nested sections right after it, as a flat list of the
    ``kinds`` asked for (the API lists sections as entries of their own)."""
    kinds = set(kinds or ENTRY_KINDS)
    flat = []
    for entry in entries:
        flat.append(entry)
        flat.extend(entry.children)
    return [entry for entry in flat if entry.kind in kinds]


def milestones(entries):
    """The events among the entries: the overview marks them."""
    return [entry for entry in entries if entry.kind == "event"]


def group_by_year(entries):
    groups = []
    for entry in entries:
        if not groups or groups[-1].year != entry.date.year:
            groups.append(YearGroup(entry.date.year, []))
        groups[-1].entries.append(entry)
    return groups


# --- Home and lists -----------------------------------------------------------------------


@per_generation(read_only=True)
def documents_by_kind():
    """What the archive holds: the number of published documents of each kind."""
    by_kind = (
        Document.objects.published().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    )
    labels = dict(Document.Kind.choices)
    plurals = KIND_PLURALS
    return [
        {
            "kind": row["kind"],
            "label": (labels if row["n"] == 1 else plurals)[row["kind"]].lower(),
            "count": row["n"],
        }
        for row in by_kind
    ]


@per_generation
def areas_with_counts():
    """Top-level areas with their sub-areas, each with the number of sections its page lists
    (``area_contents``): published sections whose text the public reads, with a reviewed tag
    of the area — for a top-level area (``total_count``), of it or one of its sub-areas, each
    section once however many of them it has."""
    tags = (
        SectionArea.objects.filter(
            status=TagStatus.REVIEWED, section__document__status=Document.Status.PUBLISHED
        )
        .exclude(section__document__rights=DocumentRights.COPYRIGHTED)
        .order_by()
    )
    # One statement: each area's own count, and each top-level area's family count.
    own = tags.annotate(key=F("area"), family=Value(False)).values("key", "family")
    whole = tags.annotate(key=Coalesce("area__parent", "area"), family=Value(True))
    counts = {"own": {}, "family": {}}
    for key, is_family, n in (
        own.annotate(n=Count("section", distinct=True))
        .union(whole.values("key", "family").annotate(n=Count("section", distinct=True)), all=True)
        .values_list("key", "family", "n")
    ):
        counts["family" if is_family else "own"][key] = n
    own, family = counts["own"], counts["family"]
    everything = list(CooperationArea.objects.order_by("name"))  # the tree in one read
    children = {}
    for area in everything:
        area.section_count = own.get(area.pk, 0)
        children.setdefault(area.parent_id, []).append(area)
    areas = children.get(None, [])
    for area in areas:
        area.total_count = family.get(area.pk, 0)
        # ``area.children.all()`` answers from this read, as after prefetch_related().
        subareas = CooperationArea.objects.filter(parent=area.pk).order_by("name")
        subareas._result_cache = children.get(area.pk, [])
        subareas._prefetch_done = True
        area._prefetched_objects_cache = {"children": subareas}
    return areas


@per_generation
def archive_span():
    """The first and last year of the published archive, so every chart shares one axis."""
    span = Document.objects.published().aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return None
    return span["first"].year, span["last"].year


@per_generation(read_only=True)
def latest_documents(*, limit=5):
    return list(
        Document.objects.published().select_related("series").order_by("-created_at", "-pk")[:limit]
    )


@per_generation(read_only=True)
def related_documents(*, document, limit=5):
    """Other published documents sharing the most cooperation areas with ``document``."""
    area_ids = [area.pk for area in document.public_areas]
    if not area_ids:
        return []
    return list(
        Document.objects.published()
        .exclude(pk=document.pk)
        .filter(area_tags__area__in=area_ids, area_tags__status=TagStatus.REVIEWED)
        .annotate(shared=Count("area_tags__area", distinct=True))
        .order_by("-shared", "-date")[:limit]
    )


# --- An area through time -----------------------------------------------------------------


_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s")


def context_sentence(text, limit=30):
    """The first sentence of ``text`` (at most ``limit`` words): what an unheaded section is
    about, quoted."""
    text = " ".join((text or "").split())
    end = next(sentence_breaks(text, _SENTENCE_END), None)
    words = (text[: end.start()] if end else text).split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")


@dataclass
class StorySection:
    section: Section
    title: str
    context: str = ""  # the first sentence, for a section without a heading


@dataclass
class StoryStep:
    kind: str  # "document", "quote", "event"
    date: object
    precision: str
    obj: object
    sections: list = field(default_factory=list)
    quotes: list = field(default_factory=list)  # quotes about this document
    previous_edition: Document | None = None  # the edition before it on this area

    @property
    def sort_key(self):
        return (*date_sort_key(self.date, self.precision), list(ENTRY_KINDS).index(self.kind))


@per_generation
def area_story(*, area):
    """What each document said about ``area`` (and its sub-areas), oldest first: its tagged
    sections by heading, the quotes about it, and the milestones between. A fixed number of
    queries whatever the data size; public data only, kept until the archive changes."""
    area_ids = [area.pk, *(child.pk for child in area.children.all())]
    sections = list(
        _tagged(Section.objects.published_text(), area_ids)
        .select_related("parent", "parent__parent")
        .order_by("document_id", "order")
    )
    by_document = {}
    for section in sections:
        by_document.setdefault(section.document_id, []).append(section)
    tagged_documents = _tagged(Document.objects.published(), area_ids).values("pk")
    documents = list(
        Document.objects.published()
        .filter(Q(pk__in=tagged_documents) | Q(pk__in=list(by_document)))
        .select_related("series")
    )
    steps = {}
    for document in documents:
        story_sections = []
        for section in by_document.get(document.pk, []):
            section.document = document
            context = "" if section.heading else context_sentence(section.body)
            story_sections.append(StorySection(section, section_title(section), context))
        steps[document.pk] = StoryStep(
            "document", document.date, document.date_precision, document, story_sections
        )
    loose = []
    quotes = _tagged(Quote.objects.published(), area_ids).select_related("official", "document")
    for quote in quotes.order_by("date", "public_id"):
        about = steps.get(quote.about_document_id)
        if about is not None:
            about.quotes.append(quote)
        else:
            loose.append(StoryStep("quote", quote.date, quote.date_precision, quote))
    events = _tagged(Event.objects.public(), area_ids)
    loose += [StoryStep("event", e.date, e.date_precision, e) for e in events]
    story = sorted(
        [*steps.values(), *loose], key=lambda s: (s.sort_key, str(s.obj), getattr(s.obj, "pk", 0))
    )
    # Each edition whose text the archive holds is compared, on this area, with the edition
    # before it whose text is held too, tagged with the area or not (the comparison then shows
    # the area's sections as new): 1997 → 2015 across the text-less 2014 interim report. A
    # comparison with an edition without text was offered before: a page with nothing on it.
    series_ids = {s.obj.series_id for s in story if s.kind == "document" and s.obj.series_id}
    editions = defaultdict(list)
    for edition in (
        Document.objects.published()
        .filter(series_id__in=series_ids, text_held=True)
        .order_by("date", "public_id")
    ):
        if text_is_public(edition):
            editions[edition.series_id].append(edition)
    for step in story:
        document = step.obj
        if step.kind != "document" or not (document.text_held and text_is_public(document)):
            continue
        earlier = [e for e in editions.get(document.series_id, ()) if e.date < document.date]
        step.previous_edition = earlier[-1] if earlier else None
    return story


def official_with_quotes(*, slug):
    """(official, their published quotes in date order), for the official's page.

    An official recorded with no quote outside drafts has an empty list (drafts change no
    public page). Raises NotFound for an unknown slug, and OfficialWithdrawn when all their
    quotes were in documents since withdrawn. Kept until the archive changes (an unknown
    slug is not).
    """
    return _kept_answer(f"official-page:{slug}", lambda: _official_with_quotes(slug))


def _official_with_quotes(slug):
    # Not get_official(): that one hides a withdrawn official, whose page says why instead.
    official = _get(Official.objects.select_related("organization"), "No such official.", slug=slug)
    quotes = list(official_quotes(official=official))
    if quotes or not official.quotes.exclude(document__status=Document.Status.DRAFT).exists():
        return official, quotes
    withdrawn = list(
        Document.objects.filter(status=Document.Status.WITHDRAWN, quotes__official=official)
        .distinct()
        .order_by("date", "public_id")
    )
    if withdrawn:
        raise OfficialWithdrawn(official, withdrawn)
    raise NotFound("No such official.")
