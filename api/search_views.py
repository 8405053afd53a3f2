"""/api/v1/search/: the search page's engine, query language, filters and facets, with the
highlights as character offsets into plain text instead of HTML."""

from django.http import QueryDict
from django.urls import Resolver404, resolve, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as fields
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import serializers
from documents.citations import absolute_url
from documents.models import DocumentKind
from search.engine import page_number, search
from search.models import EntryKind


def offsets(hit, field):
    """[start, end) character offsets of the matches in the hit's ``field`` (the engine's
    data; the page's presenter turns the same offsets into <mark> tags)."""
    return [[match.start, match.end] for match in hit.matches if match.field == field]


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
    page = params.get("page")
    if page is not None and not (page.isascii() and page.isdigit() and page.strip("0")):
        # The search page shows page 1 for what it cannot read; a script is told.
        raise ValidationError({"page": ["A whole number from 1."]})
    results = search(
        params.get("q", ""),
        filters=params,
        page=page,
        sort=params.get("sort") or None,
    )
    if page_number(page) > results.page and not results.error:
        # The engine shows the last page for one beyond it; a script asking for page 99 of a
        # 2-page search would take page 2 for page 99.
        pages = f"{results.num_pages} page(s)" if results.num_pages else "no results"
        raise NotFound(f"No page {page.lstrip('0')[:20]}: this search has {pages}.")
    # A filter that is not understood is an error here, as on every other endpoint: the
    # page ignores it and says so, but a script would take the unfiltered results for the
    # filtered ones.
    if any(any(params.getlist(name)) for name in (*FILTER_NAMES, "sort")):
        errors = results.filterset.form.errors
        if errors:
            raise ValidationError(errors)
    base = absolute_url(request, reverse("api:search"))

    def page_link(number):
        query = params.copy()
        query["page"] = number
        return f"{base}?{query.urlencode()}"

    context = {"request": request}
    hits = []
    for hit in results.hits:
        hits.append(
            {
                "kind": hit.kind,
                "title": {"text": hit.title, "highlights": offsets(hit, "title")},
                "snippet": {"text": hit.snippet, "highlights": offsets(hit, "snippet")},
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
            query = QueryDict(mutable=True)
            query["q"] = results.text
            for name, values in results.params.items():
                if name in FILTER_NAMES or name == "sort":
                    query.setlist(name, values)
            for name, value in option.params.items():
                query[name] = value  # the option sets the filter: it replaces its value
            chosen = dict(option.params)
            options.append(
                {
                    "label": option.label,
                    "count": option.count,
                    "selected": option.selected,
                    "filters": chosen,
                    "api_url": f"{base}?{query.urlencode()}",
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
