"""The one search interface: ``search(query, filters=…, page=…, sort=…)``.

It parses the user's string, narrows the index with the filters, asks the database's backend
for the bounded statistics and the page of ranked hits, and turns them into
:class:`SearchResults`: hits with safe highlighted HTML and permalinks, an honest total,
facets whose counts equal the totals their links lead to, and spelling suggestions.
"""

import math
from dataclasses import dataclass, field

from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.models import CooperationArea, Document, DocumentKind, Official, Organization
from search import backends
from search.filters import SORTS, SearchFilter
from search.models import EntryKind, SearchEntry
from search.query import QueryError, clean_text, parse
from search.suggest import suggest

PAGE_SIZE = 20


def highlight(text):
    """Escape ``text`` and turn the backend's sentinels into ``<mark>`` (safe HTML)."""
    html, open_mark = [], False
    for index, piece in enumerate((text or "").split(backends.START)):
        if index:
            html.append("<mark>")
            open_mark = True
        if backends.STOP in piece:
            inside, _, rest = piece.partition(backends.STOP)
            html.append(escape(inside.replace(backends.STOP, "")))
            html.append("</mark>")
            open_mark = False
            html.append(escape(rest.replace(backends.STOP, "")))
        else:
            html.append(escape(piece))
    if open_mark:
        html.append("</mark>")
    return mark_safe("".join(html))


@dataclass
class Hit:
    kind: str
    title: str  # safe HTML
    snippet: str  # safe HTML
    url: str
    document: Document
    in_title: bool
    pinpoint: str = ""

    @property
    def kind_label(self):
        return EntryKind(self.kind).label


@dataclass
class FacetOption:
    label: str
    count: int
    query: str  # the URL query that adds this filter
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    options: list[FacetOption]


@dataclass
class SearchResults:
    text: str = ""
    query: object = None  # the parsed Query
    error: str = ""
    notices: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more matches than CAP: total is a lower bound
    page: int = 1
    num_pages: int = 0
    sort: str = "relevance"
    facets: list[Facet] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    filterset: SearchFilter | None = None
    within: Document | None = None

    @property
    def cap(self):
        return backends.CAP

    @property
    def cap_display(self):
        return f"{backends.CAP:,}"

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def first_index(self):
        return (self.page - 1) * PAGE_SIZE + 1


def clean_params(filters):
    """A mutable QueryDict of the filter parameters, with control characters removed so no
    database ever sees a NUL byte, whatever a user puts in the URL."""
    params = QueryDict(mutable=True)
    if filters is None:
        return params
    items = filters.lists() if hasattr(filters, "lists") else filters.items()
    for key, values in items:
        values = values if isinstance(values, list | tuple) else [values]
        params.setlist(clean_text(key), [clean_text(v)[:200] for v in values])
    return params


def page_number(value):
    try:
        return max(1, int(str(value)[:6]))
    except (TypeError, ValueError):
        return 1


def search(query, *, filters=None, page=1, sort="relevance"):
    """Search the published archive. ``filters`` are URL parameters (a QueryDict or a dict:
    type, kind, area, issuer, official, year_from, year_to, document); bad values are ignored
    and reported by the filter form. Never raises for anything a user can type."""
    params = clean_params(filters)
    params.pop("q", None)
    params.pop("page", None)
    if sort is not None:
        params["sort"] = sort
    filterset = SearchFilter(params, queryset=SearchEntry.objects.filter(published=True))
    sort = filterset.cleaned("sort") or "relevance"
    results = SearchResults(
        text=clean_text(query or "").strip(),
        sort=sort,
        filterset=filterset,
        within=filterset.cleaned("document"),
    )
    try:
        parsed = parse(query)
    except QueryError as error:
        results.error = str(error)
        return results
    results.query = parsed
    results.notices = parsed.notices
    backend = backends.get_backend()
    entries = filterset.qs

    with backend.session():
        search_index(results, backend, entries, parsed, params, page, sort)
    return results


def search_index(results, backend, entries, parsed, params, page, sort):
    stats = backend.stats(entries, parsed)
    results.total = next(count for facet, _, count in stats if facet == "total")
    results.capped = results.total > backends.CAP
    results.total = min(results.total, backends.CAP)
    results.num_pages = math.ceil(results.total / PAGE_SIZE)
    results.page = min(page_number(page), max(results.num_pages, 1))
    results.facets = build_facets(stats, params, results.text)

    if results.total:
        offset = (results.page - 1) * PAGE_SIZE
        if sort == "relevance":
            candidates = [int(key) for facet, key, _ in stats if facet == "candidate"]
            rows = backend.ranked(
                entries, parsed, offset=offset, limit=PAGE_SIZE, candidates=candidates
            )
        else:
            rows = backend.by_date(
                entries, parsed, offset=offset, limit=PAGE_SIZE, newest=sort == "newest"
            )
        results.hits = build_hits(rows)
    else:
        results.suggestions = suggestion_links(parsed, results.text, params)


def build_hits(rows):
    """Hits with permalinks; one query for the page's documents, whatever the page size.

    A section hit links to its own page, ``/documents/<slug>/sections/<anchor>/``.
    """
    documents = Document.objects.in_bulk({row.document_id for row in rows})
    hits = []
    for row in rows:
        document = documents.get(row.document_id)
        if document is None:
            continue
        if row.kind == EntryKind.SECTION:
            url = reverse(
                "documents:section-detail", kwargs={"slug": document.slug, "anchor": row.anchor}
            )
        elif row.kind == EntryKind.QUOTE:
            url = reverse("documents:quote-detail", kwargs={"public_id": row.public_id})
        else:
            url = reverse("documents:document-detail", kwargs={"slug": document.slug})
        pinpoint = row.pinpoint or ""
        title = highlight(row.title)
        if row.kind == EntryKind.SECTION and pinpoint:
            title = mark_safe(f"{escape(pinpoint)} {title}".strip())
        if not title:
            title = escape(str(document))
        snippet = highlight(row.snippet)
        hits.append(Hit(row.kind, title, snippet, url, document, row.in_title, pinpoint))
    return hits


FACETS = [
    ("type", "Result type"),
    ("kind", "Kind of document"),
    ("area", "Cooperation area"),
    ("issuer", "Issuer"),
    ("official", "Official quoted"),
    ("decade", "Decade"),
]


def build_facets(stats, params, text):
    counts = {}
    for facet, key, count in stats:
        counts.setdefault(facet, {})[str(key)] = count

    def link(**changes):
        query = QueryDict(mutable=True)
        query["q"] = text
        query.update(params)
        for name, value in changes.items():
            query[name] = value
        return query.urlencode()

    def current(name):
        return params.get(name, "")

    facets = []
    types = counts.get("type", {})
    facets.append(
        Facet(
            "type",
            "Result type",
            [
                FacetOption(label, types[value], link(type=value), current("type") == value)
                for value, label in EntryKind.choices
                if value in types
            ],
        )
    )
    kinds = counts.get("kind", {})
    facets.append(
        Facet(
            "kind",
            "Kind of document",
            [
                FacetOption(label, kinds[value], link(kind=value), current("kind") == value)
                for value, label in DocumentKind.choices
                if value in kinds
            ],
        )
    )
    areas = counts.get("area", {})
    if areas:
        options = []
        for area in CooperationArea.objects.filter(pk__in=[int(k) for k in areas]).order_by("name"):
            options.append(
                FacetOption(
                    area.name,
                    areas[str(area.pk)],
                    link(area=area.slug),
                    current("area") == area.slug,
                )
            )
        facets.append(Facet("area", "Cooperation area", options))
    for name, model, label in (
        ("issuer", Organization, "Issuer"),
        ("official", Official, "Official quoted"),
    ):
        found = counts.get(name, {})
        if not found:
            continue
        objects = model.objects.filter(pk__in=[int(k) for k in found])
        options = sorted(
            (
                FacetOption(
                    str(obj),
                    found[str(obj.pk)],
                    link(**{name: obj.slug}),
                    current(name) == obj.slug,
                )
                for obj in objects
            ),
            key=lambda option: (-option.count, option.label),
        )
        facets.append(Facet(name, label, options))
    decades = {}
    for year, count in counts.get("year", {}).items():
        decade = int(float(year)) // 10 * 10
        decades[decade] = decades.get(decade, 0) + count
    facets.append(
        Facet(
            "decade",
            "Decade",
            [
                FacetOption(
                    f"{decade}s",
                    decades[decade],
                    link(year_from=decade, year_to=decade + 9),
                    current("year_from") == str(decade) and current("year_to") == str(decade + 9),
                )
                for decade in sorted(decades)
            ],
        )
    )
    return [facet for facet in facets if facet.options]


def suggestion_links(parsed, text, params):
    corrections = suggest(parsed.words)
    if not corrections:
        return []
    corrected = text
    for word, replacement in corrections.items():
        corrected = _replace_word(corrected, word, replacement)
    query = QueryDict(mutable=True)
    query["q"] = corrected
    query.update(params)
    return [{"text": corrected, "query": query.urlencode(), "corrections": corrections}]


def _replace_word(text, word, replacement):
    import re

    return re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", replacement, text, flags=re.I)


__all__ = ["search", "SearchResults", "Hit", "Facet", "SORTS"]
