"""The search page's presentation of :class:`search.engine.SearchResults`.

The engine returns data (plain text, match offsets, facet values and counts); this module
makes what the HTML page needs from it: highlighted titles and snippets (every character
escaped, only the matches wrapped in ``<mark>``) and the URL query strings of facet,
suggestion and pager links (the whole search state stays in the URL).
"""

from dataclasses import dataclass

from django.http import QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe


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


def spans(hit, field):
    return [(m.start, m.end) for m in hit.matches if m.field == field]


@dataclass
class HitView:
    hit: object
    title_html: str
    snippet_html: str

    def __getattr__(self, name):
        return getattr(self.hit, name)


@dataclass
class OptionView:
    option: object
    query: str  # the URL query that applies this option, keeping the search and its filters

    def __getattr__(self, name):
        return getattr(self.option, name)


@dataclass
class FacetView:
    facet: object
    options: list

    def __getattr__(self, name):
        return getattr(self.facet, name)


class SearchPage:
    """The results as the page shows them; every other attribute is the results' own."""

    def __init__(self, results):
        self.results = results
        self.hits = [
            HitView(
                hit,
                highlight(hit.title, spans(hit, "title")) or escape(str(hit.document)),
                highlight(hit.snippet, spans(hit, "snippet")),
            )
            for hit in results.hits
        ]
        self.facets = [
            FacetView(facet, [OptionView(o, self.query(**o.params)) for o in facet.options])
            for facet in results.facets
        ]
        self.suggestions = [
            {**suggestion, "query": self.query(q=suggestion["text"])}
            for suggestion in results.suggestions
        ]

    def __getattr__(self, name):
        return getattr(self.results, name)

    def query(self, **changes):
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
    def filtered(self):
        """True when a filter narrows the search (the sort order is not a filter)."""
        return any(name not in ("sort",) for name in self.results.params)


def present(results):
    return SearchPage(results)
