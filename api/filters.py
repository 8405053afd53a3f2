"""The API's filters mirror the pages' (same names, same meanings); a value that is not
understood is a 400 with a message naming the parameter, never a silent empty list."""

import django_filters
from django.db.models import Q

from documents.filters import YEAR_BOUNDS, DocumentFilter, YearFilter
from documents.forms import YearRangeForm
from documents.models import (
    Attribution,
    CooperationArea,
    Document,
    Event,
    Official,
    Organization,
    Quote,
    Section,
)


def area_filter():
    return django_filters.ModelChoiceFilter(
        field_name="areas",
        method="filter_area",
        queryset=CooperationArea.objects.all(),
        to_field_name="slug",
        label="Cooperation area (slug); a parent area matches its sub-areas too",
    )


class DocumentApiFilter(DocumentFilter):
    """/documents/'s filters: q, kind, issuer, area (with its sub-areas), series, year_from,
    year_to. (The order is the cursor's: date, then id.)"""

    sort = None
    area = area_filter()

    class Meta(DocumentFilter.Meta):
        fields = []


class AreaFilterMixin:
    def filter_area(self, queryset, name, area: str):
        if hasattr(queryset, "tagged"):  # sections: reviewed tags only, the public rule
            subareas = CooperationArea.objects.filter(Q(pk=area.pk) | Q(parent=area.pk))
            return queryset.tagged(subareas.values_list("pk", flat=True))
        return queryset.filter(Q(areas=area) | Q(areas__parent=area)).distinct()


BOUNDS = YEAR_BOUNDS


def by_slug(field_name, queryset, label):
    """A record named by its slug: one that does not exist is a 400 naming the parameter (it
    was an empty list, as if the record had nothing)."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=queryset, to_field_name="slug", label=label
    )


def public_documents():
    # Published or withdrawn: a draft's slug is not known outside (its sections and quotes
    # are not listed anyway).
    return Document.objects.public()


def year_filters(field):
    return (
        YearFilter(
            field_name=f"{field}__year", lookup_expr="gte", label="From year", **YEAR_BOUNDS
        ),
        YearFilter(field_name=f"{field}__year", lookup_expr="lte", label="To year", **YEAR_BOUNDS),
    )


class SectionApiFilter(AreaFilterMixin, django_filters.FilterSet):
    document = by_slug("document", public_documents(), "The document's slug")
    area = area_filter()
    year_from, year_to = year_filters("document__date")

    class Meta:
        model = Section
        fields = []
        form = YearRangeForm  # a range that ends before it starts is a 400, as on /documents/


class QuoteApiFilter(AreaFilterMixin, django_filters.FilterSet):
    official = by_slug("official", Official.objects.all(), "The official's slug")
    document = by_slug(
        "document", public_documents(), "The slug of the document the quote appears in"
    )
    attribution = django_filters.ChoiceFilter(choices=Attribution.choices)
    area = area_filter()
    year_from, year_to = year_filters("date")

    class Meta:
        model = Quote
        fields = []
        form = YearRangeForm  # a range that ends before it starts is a 400, as on /documents/


class OfficialApiFilter(django_filters.FilterSet):
    organization = by_slug("organization", Organization.objects.all(), "The organization's slug")
    anonymous = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_anonymous",
        label="Anonymous (true) or named (false)",
    )

    class Meta:
        model = Official
        fields = []

    def filter_anonymous(self, queryset, name, value):
        return queryset.filter(name="") if value == "true" else queryset.exclude(name="")


class EventApiFilter(AreaFilterMixin, django_filters.FilterSet):
    area = area_filter()
    year_from, year_to = year_filters("date")

    class Meta:
        model = Event
        fields = []
        form = YearRangeForm  # a range that ends before it starts is a 400, as on /documents/
