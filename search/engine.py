"""The one search interface: ``search(query, filters=…, page=…, sort=…)``.

It parses the user's string, narrows the index with the filters, asks the database's backend
for the bounded statistics and the page of ranked hits, and turns them into
:class:`SearchResults` — data only: hits with plain-text titles and snippets, the offsets of
what matched in them, and their permalinks; an honest total; facets as values and counts
(the filter parameters each option sets); spelling suggestions. No HTML and no URL query
strings are made here: ``search.presenters`` makes the highlighted HTML and the links for
the pages, and a JSON consumer reads the same data.
"""

import math
import re
from dataclasses import dataclass, field

from django.http import QueryDict

from documents.cache import read_only_for_generation
from documents.models import CooperationArea, Document, DocumentKind
from documents.reversing import reverser
from search import backends, ranking, suggest
from search.filters import SORTS, SearchFilter
from search.highlight import Highlighter
from search.models import EntryKind
from search.query import QueryError, clean_text, parse

PAGE_SIZE = 20
ACRONYM_RE = re.compile(r"(?<![^\W_])[A-Z]{3,8}(?![^\W_])")
FILTERS = [name for name in SearchFilter.base_filters if name != "sort"]
SORT_VALUES = {value for value, _ in SORTS}


@dataclass(frozen=True)
class Match:
    """What matched: ``text[start:end]`` of the hit's ``field`` ("title" or "snippet")."""

    field: str
    start: int
    end: int


@dataclass
class Hit:
    kind: str
    title: str  # plain text: title, heading or speaker ("" for an untitled section)
    snippet: str  # plain text: the passage around the matches
    url: str  # the permalink
    document: Document
    in_title: bool
    pinpoint: str = ""
    object_id: int = 0
    matches: list[Match] = field(default_factory=list)  # offsets into title and snippet

    @property
    def kind_label(self):
        return EntryKind(self.kind).label


@dataclass
class FacetOption:
    label: str
    count: int
    params: dict  # the filter parameters this option sets, e.g. {"area": "cyberspace"}
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
    ranked: int = 0  # when fewer than the total: how many matches the relevance order covers
    page: int = 1
    num_pages: int = 0
    sort: str = "relevance"
    facets: list[Facet] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)  # {"text", "corrections"}
    params: dict = field(default_factory=dict)  # the filter parameters in effect {name: [values]}
    within: Document | None = None
    # The filter form's data; the form is built on first use (``filterset``).
    filter_data: QueryDict | None = field(default=None, repr=False)
    _filterset: SearchFilter | None = field(default=None, repr=False)

    @property
    def filterset(self):
        """The filter set (django-filter) of this search's parameters. Built when a search
        with filters applies it, or when a page renders its form: a search without filters
        does not pay for it (copying its filters takes ~0.4 ms, a tenth of a rare word's
        search)."""
        if self._filterset is None:
            self._filterset = SearchFilter(self.filter_data, queryset=backends.public_entries())
        return self._filterset

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
    """The page asked for: 1 for what is not a page number ("0000002" is page 2; a huge
    number is cut to six digits, far beyond any last page)."""
    try:
        return max(1, int(str(value).lstrip("0")[:6] or "0"))
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
    results = SearchResults(
        text=clean_text(query or "").strip(),
        params={name: values for name, values in params.lists() if any(values)},
        filter_data=params,
    )
    if any(any(params.getlist(name)) for name in FILTERS):
        filterset = results.filterset
        results.sort = filterset.cleaned("sort") or "relevance"
        results.within = filterset.cleaned("document")
        entries = filterset.qs
    else:
        # No filter: nothing to validate or apply, so the filter form is built only when the
        # page renders it (the sort order is one of three words).
        results.sort = params.get("sort") if params.get("sort") in SORT_VALUES else "relevance"
        entries = backends.public_entries()
    sort = results.sort
    try:
        # The glossary is read only for a query that may hold an acronym ("BMD").
        glossary = backends.acronyms() if ACRONYM_RE.search(query or "") else None
        parsed = parse(query, acronyms=glossary)
    except QueryError as error:
        results.error = str(error)
        return results
    results.query = parsed
    results.notices = parsed.notices
    backend = backends.get_backend()

    with backend.session():
        search_index(results, backend, entries, parsed, params, page, sort)
    return results


def search_index(results, backend, entries, parsed, params, page, sort):
    by_date = any(params.get(name) for name in ("year_from", "year_to")) and backend.scan_by_date(
        parsed
    )
    statistics = backend.stats(
        entries,
        parsed,
        by_date=by_date,
        ranked=sort == "relevance",
        prefetch=page_number(page) * PAGE_SIZE,
    )
    stats, scored = statistics.rows, statistics.scored
    matched = next(row[2] for row in stats if row[0] == "total")
    results.capped = matched > backends.CAP
    results.total = min(matched, backends.CAP)
    results.num_pages = math.ceil(results.total / PAGE_SIZE)
    results.page = min(page_number(page), max(results.num_pages, 1))
    results.facets = build_facets(stats, params, narrowing=narrowing(results, params))

    if results.total:
        offset = (results.page - 1) * PAGE_SIZE
        highlighter = Highlighter(parsed, backend.vendor)
        if sort == "relevance":
            # The statistics scored the first matches; the title hits are marked among them
            # and, past them, added.
            scored = backend.title_hits(entries, parsed, scored, complete=matched <= len(scored))
            ids = ranking.order(scored, parsed, highlighter)
            # Relevance orders a bounded set (the title and heading hits and the first
            # RANK_CAP matches): the pager offers its pages only.
            if len(ids) < results.total:
                results.ranked = len(ids)
                results.num_pages = max(1, math.ceil(len(ids) / PAGE_SIZE))
                results.page = min(results.page, results.num_pages)
            offset = (results.page - 1) * PAGE_SIZE
            rows = backend.page(ids[offset : offset + PAGE_SIZE], prefetched=statistics.pages)
            in_title = {candidate.entry_id for candidate in scored if candidate.in_title}
            for row in rows:
                row.in_title = row.entry_id in in_title
        else:
            rows = backend.by_date(
                entries, parsed, offset=offset, limit=PAGE_SIZE, newest=sort == "newest"
            )
        results.hits = build_hits(rows, highlighter)
    else:
        # Nothing found: "did you mean", from the vocabulary (statements of its own).
        results.suggestions = suggestions(parsed, results.text, known=statistics.known)


def build_hits(rows, highlighter):
    """Hits with permalinks; each row brings its document (no statement here, whatever the
    page size).

    A section hit links to its own page, ``/documents/<slug>/sections/<anchor>/``.
    """
    hits = []
    reverse = reverser()
    for row in rows:
        document = row.document
        if row.kind == EntryKind.SECTION:
            url = reverse(
                "documents:section-detail", kwargs={"slug": document.slug, "anchor": row.anchor}
            )
        elif row.kind == EntryKind.QUOTE:
            url = reverse("documents:quote-detail", kwargs={"public_id": row.public_id})
        else:
            url = reverse("documents:document-detail", kwargs={"slug": document.slug})
        # A document's entry is titled "title short-title" so that either finds it; the hit
        # shows the title ("The SACO Final Report SACO Final Report" otherwise).
        shown = document.title if row.kind == EntryKind.DOCUMENT else row.title
        title, title_spans = highlighter.title(shown)
        # A document's entry holds its summary's text (``Document.summary_text``).
        snippet, snippet_spans = highlighter.snippet(row.body)
        matches = [Match("title", start, end) for start, end in title_spans]
        matches += [Match("snippet", start, end) for start, end in snippet_spans]
        hits.append(
            Hit(
                kind=row.kind,
                title=title,
                snippet=snippet,
                url=url,
                document=document,
                in_title=row.in_title,
                pinpoint=row.pinpoint or "",
                object_id=row.object_id,
                matches=matches,
            )
        )
    return hits


FACETS = [
    ("type", "Result type"),
    ("kind", "Kind of document"),
    ("area", "Cooperation area"),
    ("issuer", "Issuer"),
    ("official", "Official quoted"),
    ("decade", "Decade"),
]


def area_family(slug):
    """The slugs of the area ``slug`` and of every area under it (kept until the archive
    changes: the areas are few)."""

    def read():
        return list(CooperationArea.objects.values_list("slug", "parent__slug"))

    children = {}
    for child, parent in read_only_for_generation("search-area-parents", read):
        children.setdefault(parent, []).append(child)
    family, todo = set(), [slug]
    while todo:
        current = todo.pop()
        if current not in family:
            family.add(current)
            todo.extend(children.get(current, ()))
    return family


def narrowing(results, params):
    """For each facet whose own filter is set, the option values that narrow the results:
    an option sets its filter in place of the value there, so its count among the current
    results is what it gives only when its results are among them. The area chosen and the
    areas under it (the filter takes an area's sub-areas too); the issuer chosen; the decades
    inside the year range. Other options would show the count of a combination the link
    does not make ("Air and missile defense (4)" among the results in "Space and
    cyberspace", 25 when chosen)."""
    keep = {}
    if any(params.getlist("area")):
        area = results.filterset.cleaned("area")
        keep["area"] = area_family(area.slug) if area else set()
    if any(params.getlist("issuer")):
        issuer = results.filterset.cleaned("issuer")
        keep["issuer"] = {issuer.slug} if issuer else set()
    if any(params.get(name) for name in ("year_from", "year_to")):
        low = results.filterset.cleaned("year_from")
        high = results.filterset.cleaned("year_to")
        keep["decade"] = (low, high)
    return keep


def build_facets(stats, params, narrowing=None):
    """Facets from the statistics' rows, which carry the names and slugs of the areas,
    issuers and officials they count (no look-up here). ``narrowing``: see ``narrowing``."""
    narrowing = narrowing or {}
    counts, named = {}, {}
    for facet, key, count, label, slug in stats:
        counts.setdefault(facet, {})[str(key)] = count
        if slug is not None and (facet not in narrowing or slug in narrowing[facet]):
            named.setdefault(facet, []).append((label, slug, count))

    def sets(**changes):
        return {name: str(value) for name, value in changes.items()}

    def current(name):
        return params.get(name, "")

    facets = []
    types = counts.get("type", {})
    facets.append(
        Facet(
            "type",
            "Result type",
            [
                FacetOption(label, types[value], sets(type=value), current("type") == value)
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
                FacetOption(label, kinds[value], sets(kind=value), current("kind") == value)
                for value, label in DocumentKind.choices
                if value in kinds
            ],
        )
    )
    areas = sorted(named.get("area", []))
    if areas:
        options = [
            FacetOption(label, count, sets(area=slug), current("area") == slug)
            for label, slug, count in areas
        ]
        facets.append(Facet("area", "Cooperation area", options))
    for name, label in (("issuer", "Issuer"), ("official", "Official quoted")):
        found = named.get(name, [])
        if not found:
            continue
        options = sorted(
            (
                FacetOption(text, count, sets(**{name: slug}), current(name) == slug)
                for text, slug, count in found
            ),
            key=lambda option: (-option.count, option.label),
        )
        facets.append(Facet(name, label, options))
    decades = {}
    for year, count in counts.get("year", {}).items():
        decade = int(float(year)) // 10 * 10
        decades[decade] = decades.get(decade, 0) + count
    if "decade" in narrowing:
        low, high = narrowing["decade"]
        decades = {
            decade: count
            for decade, count in decades.items()
            if (low is None or low <= decade) and (high is None or decade + 9 <= high)
        }
    facets.append(
        Facet(
            "decade",
            "Decade",
            [
                FacetOption(
                    f"{decade}s",
                    decades[decade],
                    sets(year_from=decade, year_to=decade + 9),
                    current("year_from") == str(decade) and current("year_to") == str(decade + 9),
                )
                for decade in sorted(decades)
            ],
        )
    )
    return [facet for facet in facets if facet.options]


def suggestions(parsed, text, known=None):
    """The query with its misspelt words corrected, from the archive's own vocabulary
    (``known``: the query's words it holds, when the statistics asked it)."""
    corrections = suggest.suggest(parsed.words, known=known)
    if not corrections:
        return []
    corrected = text
    for word, replacement in corrections.items():
        corrected = _replace_word(corrected, word, replacement)
    return [{"text": corrected, "corrections": corrections}]


def _replace_word(text, word, replacement):
    return re.sub(rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", replacement, text, flags=re.I)


__all__ = ["search", "SearchResults", "Hit", "Match", "Facet", "FacetOption", "SORTS"]
