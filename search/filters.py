"""Search filters (django-filter). They narrow the index rows; the words are matched by the
backend. All state lives in the URL."""

import django_filters
from django import forms

from documents.filters import YEAR_BOUNDS, ArchiveFilterSet, YearFilter
from documents.forms import FlatHiddenInput, FlatNumberInput, FlatSelect, YearRangeForm
from documents.models import (
    CooperationArea,
    Document,
    DocumentKind,
    Official,
    Organization,
    Quote,
)
from search.backends import get_backend
from search.models import EntryKind, SearchEntry

SORTS = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]


class SearchFilter(ArchiveFilterSet):
    # No filter here may make the entries DISTINCT: the statistics number the matches in the
    # order they are found (PostgresBackend.matches), which DISTINCT reorders. None joins a
    # table, so none needs it (MultipleChoiceFilter asks for it by default).
    type = django_filters.MultipleChoiceFilter(
        field_name="kind",
        distinct=False,
        choices=EntryKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Result type",
    )
    kind = django_filters.MultipleChoiceFilter(
        method="filter_kind",
        distinct=False,
        choices=DocumentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Kind of document",
    )
    area = django_filters.ModelChoiceFilter(
        method="filter_area",
        queryset=CooperationArea.objects.select_related("parent"),
        to_field_name="slug",
        label="Cooperation area",
        empty_label="Any area",
    )
    issuer = django_filters.ModelChoiceFilter(
        method="filter_issuer",
        queryset=Organization.objects.filter(
            issued_documents__status=Document.Status.PUBLISHED
        ).distinct(),
        to_field_name="slug",
        label="Issuer",
        empty_label="Any issuer",
    )
    official = django_filters.ModelChoiceFilter(
        method="filter_official",
        queryset=Official.objects.quoted(),
        to_field_name="slug",
        label="Official quoted",
        empty_label="Any official",
    )
    year_from = YearFilter(
        field_name="date",
        lookup_expr="year__gte",
        label="From year",
        widget=FlatNumberInput,
        **YEAR_BOUNDS,
    )
    year_to = YearFilter(
        field_name="date",
        lookup_expr="year__lte",
        label="To year",
        widget=FlatNumberInput,
        **YEAR_BOUNDS,
    )
    document = django_filters.ModelChoiceFilter(
        method="filter_document",
        queryset=Document.objects.published(),
        to_field_name="slug",
        label="Within the document",
        widget=FlatHiddenInput,
    )
    sort = django_filters.ChoiceFilter(
        method="keep",
        choices=SORTS,
        label="Sort by",
        empty_label=None,
        null_label=None,
        widget=FlatSelect,
    )

    class Meta:
        model = SearchEntry
        fields = []
        form = YearRangeForm

    def keep(self, queryset, name, value):
        return queryset  # the sort order is the search's business, not a filter

    def filter_kind(self, queryset, name, value):
        return queryset.filter(document_id__in=Document.objects.filter(kind__in=value).values("pk"))

    def filter_area(self, queryset, name, area):
        """An area matches its sub-areas too: "Space and cyberspace" finds "Cyberspace"."""
        return get_backend().area_filter(queryset, area)

    def filter_document(self, queryset, name, document):
        return queryset.filter(document_id=document.pk)

    def filter_issuer(self, queryset, name, organization):
        issued = Document.issuers.through.objects.filter(organization=organization)
        return queryset.filter(document_id__in=issued.values("document_id"))

    def filter_official(self, queryset, name, official):
        quotes = Quote.objects.filter(official=official).values("pk")
        return queryset.filter(kind=EntryKind.QUOTE, object_id__in=quotes)

    def cleaned(self, name):
        self.form.is_valid()  # fields with bad values drop out of cleaned_data
        return self.form.cleaned_data.get(name)
