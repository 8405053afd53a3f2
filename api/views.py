"""The read-only API: a few lines per endpoint over the same selectors the pages read.

The domain's NotFound / Moved / Gone become 404 / 301 / 410 in ``api.errors``."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from api import filters, serializers
from api.pagination import ListCursorPagination
from documents import revisions, selectors
from documents.citations import absolute_url
from documents.exceptions import NotFound
from documents.forms import TimelineForm

GONE = {410: serializers.GoneSerializer}
MISSING = {404: serializers.ErrorSerializer}


class ReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    getter = None  # the selector that finds one object by its identifier

    def get_object(self):
        return type(self).getter(**{self.lookup_field: self.kwargs[self.lookup_field]})


@extend_schema_view(
    list=extend_schema(summary="Published documents (filters as on /documents/)"),
    retrieve=extend_schema(
        summary="A document with its sections",
        responses={200: serializers.DocumentDetailSerializer, 301: None, **MISSING, **GONE},
    ),
)
class DocumentViewSet(ReadOnlyViewSet):
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentApiFilter
    ordering = ("date", "public_id")

    def get_queryset(self):
        return selectors.public_documents()

    def get_object(self):
        return selectors.get_public_document(slug=self.kwargs["slug"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DocumentDetailSerializer
        return serializers.DocumentSerializer


@extend_schema_view(list=extend_schema(summary="Sections of published documents"))
class SectionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.SectionSerializer
    filterset_class = filters.SectionApiFilter
    ordering = ("pk",)

    def get_queryset(self):
        return selectors.section_records().select_related("parent")


@extend_schema(
    summary="One section of a document",
    responses={200: serializers.SectionSerializer, 301: None, **MISSING, **GONE},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def section_detail(request, slug, anchor):
    document = selectors.get_public_document(slug=slug)
    section = selectors.get_section(document=document, anchor=anchor)
    return Response(serializers.SectionSerializer(section, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="Cooperation areas as a tree (top-level areas and sub-areas)"),
    retrieve=extend_schema(responses={200: serializers.AreaSerializer, **MISSING}),
)
class AreaViewSet(ReadOnlyViewSet):
    serializer_class = serializers.AreaSerializer
    ordering = ("name", "pk")
    getter = selectors.area_with_subareas

    def get_queryset(self):
        return selectors.public_areas()


@extend_schema_view(
    list=extend_schema(summary="Officials quoted in the archive"),
    retrieve=extend_schema(responses={200: serializers.OfficialSerializer, **MISSING}),
)
class OfficialViewSet(ReadOnlyViewSet):
    serializer_class = serializers.OfficialSerializer
    filterset_class = filters.OfficialApiFilter
    ordering = ("slug",)

    def get_queryset(self):
        return selectors.public_officials()

    def get_object(self):
        official = selectors.get_official(slug=self.kwargs["slug"])
        found = self.get_queryset().filter(pk=official.pk).first()
        if found is None:  # every quote went with withdrawn documents: not offered
            raise NotFound("No public official has this slug.")
        return found


@extend_schema_view(
    list=extend_schema(summary="Quotes in published documents"),
    retrieve=extend_schema(responses={200: serializers.QuoteSerializer, **MISSING, **GONE}),
)
class QuoteViewSet(ReadOnlyViewSet):
    serializer_class = serializers.QuoteSerializer
    filterset_class = filters.QuoteApiFilter
    lookup_field = "public_id"
    # Anything in the place of the number is a quote that does not exist ("No such API
    # endpoint" was said of /quotes/abc/ and /quotes/-1/).
    lookup_value_regex = "[^/]+"
    ordering = ("date", "public_id")

    def get_queryset(self):
        return selectors.public_quotes()

    def get_object(self):
        value = self.kwargs["public_id"]
        if not (value.isascii() and value.isdigit() and len(value) <= 9):
            raise NotFound("No such quote.")
        return selectors.get_quote(public_id=int(value))


@extend_schema_view(
    list=extend_schema(summary="Events (dated milestones) with their documents"),
    retrieve=extend_schema(responses={200: serializers.EventSerializer, **MISSING}),
)
class EventViewSet(ReadOnlyViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventApiFilter
    ordering = ("date", "pk")

    def get_queryset(self):
        return selectors.public_events()

    def get_object(self):
        event = selectors.get_event(slug=self.kwargs["slug"])
        return self.get_queryset().get(pk=event.pk)


@extend_schema_view(
    list=extend_schema(summary="Series (works with editions)"),
    retrieve=extend_schema(responses={200: serializers.SeriesSerializer, **MISSING}),
)
class SeriesViewSet(ReadOnlyViewSet):
    serializer_class = serializers.SeriesSerializer
    ordering = ("slug",)

    def get_queryset(self):
        return selectors.public_series()

    def get_object(self):
        series = selectors.get_series(slug=self.kwargs["slug"])
        return self.get_queryset().get(pk=series.pk)


@extend_schema_view(
    list=extend_schema(summary="Issuers, agencies and publishers"),
    retrieve=extend_schema(responses={200: serializers.OrganizationSerializer, **MISSING}),
)
class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = serializers.OrganizationSerializer
    ordering = ("slug",)
    getter = selectors.get_organization

    def get_queryset(self):
        return selectors.public_organizations()


TIMELINE_PARAMETERS = [
    OpenApiParameter("area", str, description="An area's slug (its sub-areas are included)"),
    OpenApiParameter(
        "kind",
        str,
        many=True,
        enum=list(selectors.ENTRY_KINDS),
        description="Entry kinds to show (repeat the parameter); all by default",
    ),
    OpenApiParameter("year_from", int, description="From year (1900–2100)"),
    OpenApiParameter("year_to", int, description="To year (1900–2100)"),
    OpenApiParameter("cursor", str, description="The cursor from a next/previous link"),
    OpenApiParameter("page_size", int, description="Entries per page (1–200, default 50)"),
]


@extend_schema(
    summary="Timeline entries (documents, sections, quotes, events), oldest first",
    parameters=TIMELINE_PARAMETERS,
    responses=serializers.TimelinePageSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def timeline(request):
    form = TimelineForm(request.query_params, with_area=True)
    if not form.is_valid():
        raise ValidationError(form.errors)
    area = form.cleaned_data.get("area")
    areas = None if area is None else [area, *area.children.all()]
    filters = form.filters()
    entries = selectors.flatten_timeline(
        selectors.timeline(areas=areas, **filters), kinds=filters["kinds"]
    )
    paginator = ListCursorPagination()
    page = paginator.paginate_queryset(entries, request)
    data = serializers.TimelineEntrySerializer(page, many=True, context={"request": request})
    return paginator.get_paginated_response(data.data)


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request):
    """The endpoints, and where the schema and its reference page are."""
    names = [
        "document-list",
        "section-list",
        "area-list",
        "official-list",
        "quote-list",
        "event-list",
        "series-list",
        "organization-list",
        "timeline",
        "search",
        "changes",
        "schema",
        "reference",
    ]
    return Response(
        {
            name.removesuffix("-list"): absolute_url(request, reverse(f"api:{name}"))
            for name in names
        }
    )


@extend_schema(
    summary="What was published, corrected or withdrawn since a time (from the revision history)",
    parameters=[
        OpenApiParameter(
            "since",
            OpenApiTypes.DATETIME,
            description="ISO 8601 time (UTC if no offset is given), e.g. 2026-01-31T00:00:00Z;"
            " a plain date means its midnight UTC. Omit it for the whole history.",
        ),
        OpenApiParameter("cursor", str, description="The cursor from a next/previous link"),
        OpenApiParameter("page_size", int, description="Changes per page (1–200, default 50)"),
    ],
    responses=serializers.ChangePageSerializer,
)
@api_view(["GET"])
@permission_classes([AllowAny])
def changes(request):
    since = parse_since(request.query_params.get("since"))
    entries = revisions.archive_changes(since=since)
    paginator = ListCursorPagination()
    page = paginator.paginate_queryset(entries, request)
    data = serializers.ChangeSerializer(page, many=True, context={"request": request})
    return paginator.get_paginated_response(data.data)


def parse_since(value):
    if value in (None, ""):
        return None
    value = value.strip().replace(" ", "+")  # a "+" left unencoded in a query string
    try:
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value)
            moment = None if day is None else datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError({"since": ["An ISO 8601 time, e.g. 2026-01-31T00:00:00Z."]})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    try:
        # In UTC: PostgreSQL refuses offsets past ±16 hours that Python accepts.
        moment = moment.astimezone(datetime.UTC)
    except OverflowError:
        raise ValidationError({"since": ["That time is out of range."]}) from None
    return moment
