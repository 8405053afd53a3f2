"""Reads that span several models. Keyword-only functions; views stay a few lines."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Prefetch, Q

from documents.exceptions import Gone, Moved, NotFound
from documents.models import (
    KIND_PLURALS,
    AreaAlias,
    CooperationArea,
    Document,
    DocumentAlias,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    SectionAlias,
    Series,
    TagStatus,
    reviewed_areas,
)

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
    """
    documents = Document.objects.all() if preview else Document.objects.public()
    document = documents.for_listing().filter(slug=slug).first()
    if document is None:
        alias = DocumentAlias.objects.select_related("document").filter(slug=slug).first()
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
    return section


def get_quote(*, public_id):
    """The quote ``public_id``: NotFound if unknown or in a draft, Gone(document) if the
    document it appears in was withdrawn — on its page, its citations and its short link."""
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


def get_official(*, slug):
    return _get(
        Official.objects.public().select_related("organization"), "No such official.", slug=slug
    )


def get_organization(*, slug):
    return _get(Organization.objects.public(), "No such organization.", slug=slug)


def get_series(*, slug):
    return _get(Series.objects.public(), "No such series.", slug=slug)


def get_event(*, slug):
    events = Event.objects.public().select_related("source_document").prefetch_related("areas")
    return _get(events, "No such event.", slug=slug)


# Rights under which the archive shows a document's record and quoted passages but keeps its
# section text staff-only. ``copyrighted`` is the value the corpus's rights field introduces;
# with today's choices no document is restricted.
RESTRICTED_TEXT_RIGHTS = frozenset({"copyrighted"})


def text_is_public(document):
    """Whether the public may read ``document``'s section text (its record is always public)."""
    return document.rights not in RESTRICTED_TEXT_RIGHTS


# --- Lists --------------------------------------------------------------------------------


def public_documents():
    """Published documents with what a list shows (series, publisher, issuers, areas)."""
    return Document.objects.published().for_listing()


def public_sections():
    return (
        Section.objects.published()
        .select_related("document")
        .prefetch_related(reviewed_areas(Section))
        .order_by("document__date", "document__title", "order")
    )


def public_quotes():
    return (
        Quote.objects.published()
        .select_related("official__organization", "document", "about_document")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )


def public_officials():
    """Officials with the number of their quotes in published documents."""
    published = Q(quotes__document__status=Document.Status.PUBLISHED)
    return (
        Official.objects.public()
        .select_related("organization")
        .annotate(quote_count=Count("quotes", filter=published))
    )


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
    return Event.objects.public().prefetch_related(
        "areas", Prefetch("documents", queryset=Document.objects.published().order_by("date"))
    )


def official_quotes(*, official):
    return official.quotes.published().select_related("document").order_by("date", "public_id")


def organization_documents(*, organization):
    return (
        Document.objects.published()
        .filter(Q(issuers=organization) | Q(publisher=organization))
        .distinct()
        .order_by("date", "title")
    )


def series_documents(*, series):
    return series.documents.published().order_by("date")


def event_documents(*, event):
    return event.documents.published().order_by("date")


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


def document_sections(*, document):
    return list(document.sections.prefetch_related(reviewed_areas(Section)).order_by("order"))


def quotes_for_document(*, document):
    """Quotes that appear in the document or are about it."""
    return list(
        Quote.objects.published()
        .filter(Q(document=document) | Q(about_document=document))
        .select_related("official", "document", "about_section")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )


def series_editions(*, document):
    if document.series_id is None:
        return []
    return list(document.series.documents.published().order_by("date"))


def edition_neighbours(*, editions, document):
    """The previous and next editions of ``document`` in its series (either may be None)."""
    index = next((i for i, e in enumerate(editions) if e.pk == document.pk), None)
    if index is None:
        return None, None
    previous = editions[index - 1] if index > 0 else None
    following = editions[index + 1] if index + 1 < len(editions) else None
    return previous, following


def area_with_subareas(*, slug):
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
        Section.objects.published()
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
    if alias is None:
        return NotFound("No such section.")
    if alias.section is None:
        return Moved(document, renamed=False)
    return Moved(alias.section)


def section_context(*, document, sections, anchor):
    """The section at ``anchor`` with its breadcrumb, children and neighbours."""
    by_pk = {section.pk: section for section in sections}
    index = next((i for i, s in enumerate(sections) if s.anchor == anchor), None)
    if index is None:
        raise moved_section(document, anchor)
    section = sections[index]
    breadcrumb = []
    parent = by_pk.get(section.parent_id)
    while parent is not None:
        breadcrumb.insert(0, parent)
        parent = by_pk.get(parent.parent_id)
    descendants = []
    for candidate in sections[index + 1 :]:
        if candidate.level <= section.level:
            break
        descendants.append(candidate)
    return {
        "section": section,
        "breadcrumb": breadcrumb,
        "descendants": descendants,
        "descendant_top": 1 - section.level,  # a child section's heading is an h2
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
    }


# --- Timelines ----------------------------------------------------------------------------


ENTRY_KINDS = {
    "document": "Document",
    "section": "Section",
    "quote": "Quote",
    "event": "Event",
}


@dataclass
class TimelineEntry:
    kind: str  # one of ENTRY_KINDS
    date: object
    display_date: str
    title: str
    url: str
    context: str = ""  # the document a section or quote belongs to, as text
    context_url: str = ""
    areas: list = field(default_factory=list)

    @property
    def kind_label(self):
        return ENTRY_KINDS[self.kind]


@dataclass
class YearGroup:
    year: int
    entries: list


def timeline(*, areas=None, kinds=None, year_from=None, year_to=None):
    """Every published document, section, quote and event tagged with ``areas`` (or with any
    area when ``areas`` is None), oldest first. Costs eight queries whatever the data size."""
    kinds = set(kinds or ENTRY_KINDS)
    area_ids = None if areas is None else [area.pk for area in areas]

    def tagged(queryset, date_field):
        # Sections and documents by their reviewed tags (the public rule); quotes and events
        # carry hand-set tags only.
        reviewed = hasattr(queryset, "tagged")
        if reviewed:
            queryset = queryset.tagged(area_ids)
        elif area_ids is not None:
            queryset = queryset.filter(areas__in=area_ids).distinct()
        else:
            queryset = queryset.filter(areas__isnull=False).distinct()
        if year_from:
            queryset = queryset.filter(**{f"{date_field}__year__gte": year_from})
        if year_to:
            queryset = queryset.filter(**{f"{date_field}__year__lte": year_to})
        if reviewed:
            return queryset.prefetch_related(reviewed_areas(queryset.model))
        return queryset.prefetch_related("areas")

    entries = []
    if "document" in kinds:
        for document in tagged(Document.objects.published(), "date"):
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
                )
            )
    if "section" in kinds:
        sections = tagged(Section.objects.published(), "document__date").select_related("document")
        for section in sections:
            document = section.document
            entries.append(
                TimelineEntry(
                    "section",
                    document.date,
                    document.display_date,
                    str(section),
                    section.get_absolute_url(),
                    str(document),
                    document.get_absolute_url(),
                    section.public_areas,
                )
            )
    if "quote" in kinds:
        quotes = tagged(Quote.objects.published(), "date").select_related("official", "document")
        for quote in quotes:
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
                )
            )
    if "event" in kinds:
        for event in tagged(Event.objects.all(), "date"):
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
                )
            )
    order = list(ENTRY_KINDS)
    entries.sort(key=lambda e: (e.date, order.index(e.kind), e.context, e.url))
    return entries


def group_by_year(entries):
    groups = []
    for entry in entries:
        if not groups or groups[-1].year != entry.date.year:
            groups.append(YearGroup(entry.date.year, []))
        groups[-1].entries.append(entry)
    return groups


# --- Home and lists -----------------------------------------------------------------------


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


def areas_with_counts():
    """Top-level areas with their sub-areas, each with its number of published sections."""
    published = Q(
        section_tags__section__document__status=Document.Status.PUBLISHED,
        section_tags__status=TagStatus.REVIEWED,
    )
    counted = CooperationArea.objects.annotate(
        section_count=Count("section_tags", filter=published, distinct=True)
    )
    areas = list(
        counted.filter(parent=None).prefetch_related(
            Prefetch("children", queryset=counted.order_by("name"))
        )
    )
    for area in areas:
        area.total_count = area.section_count + sum(c.section_count for c in area.children.all())
    return areas


def archive_span():
    """The first and last year of the published archive, so every chart shares one axis."""
    span = Document.objects.published().aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return None
    return span["first"].year, span["last"].year


def latest_documents(*, limit=5):
    return list(
        Document.objects.published().select_related("series").order_by("-created_at", "-pk")[:limit]
    )


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
