"""/api/v1/search/: the search page's engine, query language, filters and facets, with the
highlights as character offsets into plain text instead of HTML."""

import html
import re

from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as fields
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import serializers
from documents.citations import absolute_url
from documents.models import DocumentKind
from search.engine import search
from search.models import EntryKind

_MARK = re.compile(r"</?mark>")


def offsets(marked):
    """Plain text and the [start, end) offsets of its highlighted spans, from the engine's
    escaped HTML with <mark> tags (the page's presentation)."""
    text, spans, start = "", [], None
    for piece in _pieces(str(marked or "")):
        if piece == "<mark>":
            start = len(text)
        elif piece == "</mark>":
            if start is not None and len(text) > start:
                spans.append([start, len(text)])
            start = None
        else:
            text += html.unescape(piece)
    return text, spans


def _pieces(marked):
    position = 0
    for match in _MARK.finditer(marked):
        yield marked[position : match.start()]
        yield match.group()
        position = match.end()
    yield marked[position:]


def api_record_url(request, page_path):
    """The API record of a hit, from its page's URL (document, section or quote)."""
    try:
        match = resolve(page_path)
    except Resolver404:
        return None
    names = {
        "documents:document-detail": "api:document-detail",
        "documents:section-detail": "api:section-detail",
        "documents:quote-detail": "api:quote-detail",
    }
    name = names.get(match.view_name)
    return absolute_url(request, reverse(name, kwargs=match.kwargs)) if name else None


HIGHLIGHTED = {
    "text": fields.CharField(),
    "highlights": fields.ListField(
        child=fields.ListField(child=fields.IntegerField(), min_length=2, max_length=2),
        help_text="[start, end) character offsets of the matched words in text",
    ),
}

SearchResponse = inline_serializer(
    "SearchResponse",
    {
        "query": fields.CharField(),
        "error": fields.CharField(help_text="Why the query could not run, or empty"),
        "notices": fields.ListField(child=fields.CharField()),
        "total": fields.IntegerField(),
        "capped": fields.BooleanField(help_text="More matches than counted: total is a floor"),
        "page": fields.IntegerField(),
        "num_pages": fields.IntegerField(),
        "next": fields.URLField(allow_null=True),
        "previous": fields.URLField(allow_null=True),
        "hits": inline_serializer(
            "SearchHit",
            {
                "kind": fields.ChoiceField(choices=EntryKind.choices),
                "title": inline_serializer("HighlightedTitle", HIGHLIGHTED),
                "snippet": inline_serializer("HighlightedSnippet", HIGHLIGHTED),
                "pinpoint": fields.CharField(),
                "in_title": fields.BooleanField(),
                "url": fields.URLField(),
                "api_url": fields.URLField(allow_null=True),
                "document": serializers.DocumentRefSerializer(),
            },
            many=True,
        ),
        "facets": inline_serializer(
            "SearchFacet",
            {
                "name": fields.CharField(),
                "label": fields.CharField(),
                "options": inline_serializer(
                    "SearchFacetOption",
                    {
                        "label": fields.CharField(),
                        "count": fields.IntegerField(),
                        "selected": fields.BooleanField(),
                        "filters": fields.DictField(child=fields.CharField()),
                        "api_url": fields.URLField(),
                    },
                    many=True,
                ),
            },
            many=True,
        ),
    },
)

FILTER_NAMES = ("type", "kind", "area", "issuer", "official", "year_from", "year_to", "document")


@extend_schema(
    summary="Search (the same query language, filters and facets as /search/)",
    parameters=[
        OpenApiParameter("q", str, description='Words, "phrases", OR, -exclusion'),
        OpenApiParameter("type", str, enum=list(EntryKind.values)),
        OpenApiParameter("kind", str, enum=list(DocumentKind.values)),
        OpenApiParameter("area", str, description="An area's slug"),
        OpenApiParameter("issuer", str, description="An organization's slug"),
        OpenApiParameter("official", str, description="An official's slug"),
        OpenApiParameter("year_from", int),
        OpenApiParameter("year_to", int),
        OpenApiParameter("document", str, description="Search within this document (slug)"),
        OpenApiParameter("sort", str, enum=["relevance", "oldest", "newest"]),
        OpenApiParameter("page", int, description="Page number (20 hits a page)"),
    ],
    responses=SearchResponse,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def search_endpoint(request):
    params = request.query_params
    results = search(
        params.get("q", ""),
        filters=params,
        page=params.get("page"),
        sort=params.get("sort") or None,
    )
    base = absolute_url(request, reverse("api:search"))

    def page_link(number):
        query = params.copy()
        query["page"] = number
        return f"{base}?{query.urlencode()}"

    context = {"request": request}
    hits = []
    for hit in results.hits:
        title, title_spans = offsets(hit.title)
        snippet, snippet_spans = offsets(hit.snippet)
        hits.append(
            {
                "kind": hit.kind,
                "title": {"text": title, "highlights": title_spans},
                "snippet": {"text": snippet, "highlights": snippet_spans},
                "pinpoint": hit.pinpoint,
                "in_title": hit.in_title,
                "url": absolute_url(request, hit.url),
                "api_url": api_record_url(request, hit.url),
                "document": serializers.DocumentRefSerializer(hit.document, context=context).data,
            }
        )
    facets = []
    for facet in results.facets:
        options = []
        for option in facet.options:
            query = QueryDict(option.query)
            chosen = {k: query[k] for k in FILTER_NAMES if k in query and k not in params}
            if facet.name == "decade":
                chosen = {k: query[k] for k in ("year_from", "year_to") if k in query}
            elif facet.name in query:
                chosen = {facet.name: query[facet.name]}
            options.append(
                {
                    "label": option.label,
                    "count": option.count,
                    "selected": option.selected,
                    "filters": chosen,
                    "api_url": f"{base}?{option.query}",
                }
            )
        facets.append({"name": facet.name, "label": facet.label, "options": options})
    return Response(
        {
            "query": results.text,
            "error": results.error,
            "notices": [str(notice) for notice in results.notices],
            "total": results.total,
            "capped": results.capped,
            "page": results.page,
            "num_pages": results.num_pages,
            "next": page_link(results.page + 1) if results.has_next else None,
            "previous": page_link(results.page - 1) if results.has_previous else None,
            "hits": hits,
            "facets": facets,
        }
    )
