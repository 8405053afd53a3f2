"""The search page's presentation of :class:`search.engine.SearchResults`.

The engine returns data (plain text, match offsets, facet values and counts); this module
makes what the HTML page needs from it: highlighted titles and snippets (every character
escaped, only the matches wrapped in ``<mark>``) and the URL query strings of facet,
suggestion and pager links (the whole search state stays in the URL).
"""

import re
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from documents.cache import read_only_for_generation


def highlight(text, spans):
    """``text`` escaped, with each ``(start, end)`` span wrapped in ``<mark>`` (safe HTML).
    Overlapping or touching spans are merged."""
    text = text or ""
    merged = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    html, position = [], 0
    for start, end in merged:
        html.append(escape(text[position:start]))
        html.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    html.append(escape(text[position:]))
    return mark_safe("".join(html))


def with_line_breaks(html):
    """A snippet's line and paragraph breaks as one ``<br>`` each: an item's heading ("— Gimbaru
    Training Area") ran on into its text in the page ("…Area Return Gimbaru…")."""
    return mark_safe(_BREAKS.sub("<br>", html))


_BREAKS = re.compile(r"[ \t]*\n\s*")


def spans(hit, field):
    return [(m.start, m.end) for m in hit.matches if m.field == field]


def untitled(hit):
    """The name of a hit with no title: a section without a heading is named by its pinpoint
    as printed, "5", "¶5" or "Article 5" (its badge says "Section" and its document is named
    beside it: "Section 5" said the word twice); anything else, its document."""
    if hit.kind == "section" and hit.pinpoint:
        return escape(hit.pinpoint)
    return escape(str(hit.document))


@dataclass
class HitView:
    hit: object
    title_html: str
    snippet_html: str

    def __getattr__(self, name):
        return getattr(self.hit, name)

    @property
    def shows_pinpoint(self):
        """Whether a section hit is named by its pinpoint before its heading: not when the
        heading is the pinpoint (an unnumbered heading, "Return Land:" for "Return Land")."""
        hit = self.hit
        if hit.kind != "section" or not hit.pinpoint or not hit.title:
            return False  # an untitled section is named by its pinpoint (``untitled``)
        return hit.pinpoint != hit.title.rstrip(" :.;")


@dataclass
class OptionView:
    option: object
    query: str  # the URL query that applies this option, keeping the search and its filters

    def __getattr__(self, name):
        return getattr(self.option, name)


@dataclass
class Choice:
    value: str
    label: str
    count: int | None  # matches with this choice added (None: no search yet, or none)
    selected: bool


@dataclass
class FilterView:
    """One filter of the page's single filter form, with the facet counts beside its
    choices (the counts are what the search would find with the choice applied)."""

    name: str
    label: str
    widget: str  # "checkboxes" or "select"
    choices: list
    empty_label: str = ""


def _counts(results, name):
    facet = next((f for f in results.facets if f.name == name), None)
    if facet is None:
        return {}
    return {option.params[name]: option.count for option in facet.options}


def _menu(name, field):
    """A filter menu's (slug, label) options, the same for every reader: read once per
    archive generation rather than on every search (three statements a page)."""

    def read():
        return [(obj.slug, obj.name if name == "area" else str(obj)) for obj in field.queryset]

    return read_only_for_generation(f"search-menu:{name}", read)


class SearchPage:
    """The results as the page shows them; every other attribute is the results' own."""

    def __init__(self, results):
        self.results = results
        self.hits = [
            HitView(
                hit,
                highlight(hit.title, spans(hit, "title")) or untitled(hit),
                with_line_breaks(highlight(hit.snippet, spans(hit, "snippet"))),
            )
            for hit in results.hits
        ]
        self.suggestions = [
            {**suggestion, "query": self.query_string(q=suggestion["text"])}
            for suggestion in results.suggestions
        ]

    def __getattr__(self, name):
        return getattr(self.results, name)

    def query_string(self, **changes):
        """The URL query of this search with ``changes`` applied (a new filter starts again
        at page 1)."""
        query = QueryDict(mutable=True)
        query["q"] = self.results.text
        for name, values in self.results.params.items():
            query.setlist(name, values)
        for name, value in changes.items():
            query[name] = str(value)
        return query.urlencode()

    @property
    def filters(self):
        """The filter form's fields with their facet counts: one filter UI, not a form and a
        list of facet links that repeat it."""
        form = self.results.filterset.form
        selected = self.results.params
        views = []
        for name in ("type", "kind"):
            counts = _counts(self.results, name)
            values = selected.get(name, [])
            choices = [
                Choice(value, label, counts.get(value), value in values)
                for value, label in form.fields[name].choices
                if value in counts or value in values or not self.results.query
            ]
            if choices:
                views.append(FilterView(name, form.fields[name].label, "checkboxes", choices))
        for name in ("area", "issuer", "official"):
            field = form.fields[name]
            counts = _counts(self.results, name)
            values = selected.get(name, [])
            choices = []
            for value, label in _menu(name, field):
                # With this filter set, every option stays, to switch to; only those that
                # narrow the results have a count (the engine's ``narrowing``).
                if self.results.query and value not in counts and not any(values):
                    continue  # nothing to find there
                choices.append(Choice(value, label, counts.get(value), value in values))
            views.append(
                FilterView(name, field.label, "select", choices, empty_label=field.empty_label)
            )
        return views

    @property
    def decades(self):
        """The decade counts, as links that set the year range."""
        facet = next((f for f in self.results.facets if f.name == "decade"), None)
        if facet is None:
            return []
        return [OptionView(o, self.query_string(**o.params)) for o in facet.options]

    @property
    def filtered(self):
        """True when a filter narrows the search (the sort order is not a filter)."""
        return any(name not in ("sort",) for name in self.results.params)

    @property
    def applied(self):
        """How many filter values narrow the search, the one document searched within aside
        (a phone shows the count, the filters being folded: they were applied unseen)."""
        return sum(
            len([value for value in values if value])
            for name, values in self.results.params.items()
            if name not in ("sort", "document")
        )

    @property
    def clear_query(self):
        """The URL query of this search without its filters (its sort and document kept)."""
        query = QueryDict(mutable=True)
        query["q"] = self.results.text
        for name in ("document", "sort"):
            if self.results.params.get(name):
                query.setlist(name, self.results.params[name])
        return query.urlencode()


def present(results):
    return SearchPage(results)
