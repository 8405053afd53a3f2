"""Filters for the public lists. All state lives in the URL, so a filtered list can be shared."""

import copy

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import cached_property
from django_filters.fields import ModelChoiceField
from django_filters.filters import FilterMethod

from documents import selectors
from documents.cache import read_only_for_generation
from documents.forms import (
    FlatCheckboxSelectMultiple,
    FlatNumberInput,
    FlatSelect,
    FlatTextInput,
    MenuChoicesMixin,
    YearRangeForm,
)
from documents.models import CooperationArea, Document, DocumentKind, Organization, Series

YEAR_BOUNDS = {"min_value": 1900, "max_value": 2100}


def year_field_widget(placeholder):
    return FlatNumberInput(attrs={"placeholder": placeholder, "inputmode": "numeric"})


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class MenuChoiceField(MenuChoicesMixin, ModelChoiceField):
    pass


class MenuChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter whose options are kept until the archive changes (``menu=``)."""

    field_class = MenuChoiceField


class ArchiveFilterSet(django_filters.FilterSet):
    """A FilterSet made quickly, as every list and search makes one per request.

    django-filter deep-copies every declared filter for each FilterSet (their querysets with
    them), then makes a new form class with a new field per filter: about 1 ms of a list's
    page. Here each filter is copied shallowly (a filter keeps no state of a request's but
    its ``parent``, set below, and the method it calls, made anew), and the form class is made
    once per process: its fields depend on nothing but the filters declared, and each form
    still gets its own copies of them (Django deep-copies a form's fields)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        base_filters = self.base_filters
        self.base_filters = {}  # nothing for super() to deep-copy
        try:
            super().__init__(data, queryset, request=request, prefix=prefix)
        finally:
            del self.base_filters
        self.filters = {}
        for name, base in base_filters.items():
            own = copy.copy(base)
            if isinstance(own.__dict__.get("filter"), FilterMethod):
                own.filter = FilterMethod(own)  # calls this FilterSet's method, not another's
            own.model = self.queryset.model
            own.parent = self
            self.filters[name] = own

    def get_form_class(self):
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class


class DocumentFilter(ArchiveFilterSet):
    q = django_filters.CharFilter(
        method="filter_text", label="Words in the title or summary", widget=FlatTextInput
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=DocumentKind.choices,
        widget=FlatCheckboxSelectMultiple,
        label="Kind",
        # A column of the document itself: no row can repeat, so no DISTINCT (which made
        # PostgreSQL sort every match and count them through a subquery).
        distinct=False,
    )
    issuer = MenuChoiceFilter(
        field_name="issuers",
        queryset=Organization.objects.filter(issued_documents__isnull=False).distinct(),
        to_field_name="slug",
        label="Issuer",
        empty_label="Any issuer",
        widget=FlatSelect,
        menu="document-issuers",
    )
    area = MenuChoiceFilter(
        method="filter_area",
        queryset=CooperationArea.objects.select_related("parent"),
        to_field_name="slug",
        label="Cooperation area",
        empty_label="Any area",
        widget=FlatSelect,
        menu="document-areas",
    )
    series = MenuChoiceFilter(
        queryset=Series.objects.all(),
        to_field_name="slug",
        label="Series",
        empty_label="Any",
        widget=FlatSelect,
        menu="document-series",
    )
    year_from = YearFilter(
        field_name="date__year",
        lookup_expr="gte",
        label="From year",
        widget=year_field_widget("yyyy"),
        **YEAR_BOUNDS,
    )
    year_to = YearFilter(
        field_name="date__year",
        lookup_expr="lte",
        label="To year",
        widget=year_field_widget("yyyy"),
        **YEAR_BOUNDS,
    )
    sort = django_filters.OrderingFilter(
        fields=(("date", "date"), ("title", "title")),
        # No empty choice beside "date": both were the list's own order, oldest first, and
        # the menu offered it twice ("Date, oldest first" and "Date").
        choices=[
            ("date", "Date, oldest first"),
            ("-date", "Date, newest first"),
            ("title", "Title, A–Z"),
            ("-title", "Title, Z–A"),
        ],
        label="Sort by",
        empty_label=None,
        widget=FlatSelect,
    )

    class Meta:
        model = Document
        fields = []
        form = YearRangeForm

    def offer_kinds_held(self):
        """The kind filter offers the kinds the published archive holds (and any asked for):
        "Speech" and "Press briefing" led to "0 documents"."""

        def read():
            return sorted(Document.objects.published().values_list("kind", flat=True).distinct())

        held = set(read_only_for_generation("document-kinds-held", read))
        if self.is_bound and hasattr(self.data, "getlist"):
            held |= set(self.data.getlist("kind"))
        # On the form's own field: the filter's field may have been built (and kept) before.
        self.form.fields["kind"].choices = [
            (value, label) for value, label in DocumentKind.choices if value in held
        ]

    def filter_text(self, queryset, name, value):
        for word in value.split()[:20]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(short_title__icontains=word)
                | Q(summary__icontains=word)
            )
        return queryset

    def filter_area(self, queryset, name, area):
        """An area matches its sub-areas too: "Space and cyberspace" finds "Cyberspace"; a
        document matches by its own tags or its sections' (``DocumentQuerySet.about``)."""
        return queryset.filter(pk__in=selectors.documents_about(area=area))

    def unnarrowed_order(self):
        """The sort asked for when no filter narrows the list (so the list is the same for
        every reader, and its pages can be kept), else None."""
        if not self.is_bound:
            return "default"
        if not self.form.is_valid():
            return None
        cleaned = self.form.cleaned_data
        if any(cleaned.get(name) not in (None, "", []) for name in self.filters if name != "sort"):
            return None
        return ",".join(cleaned.get("sort") or []) or "default"

    @cached_property
    def active(self):
        """The filters in use, each with the URL that removes it (the page asks three
        times)."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # fields with bad values drop out of cleaned_data
        data = self.data.copy()
        data.pop("page", None)
        active = []
        for name, field in self.form.fields.items():
            value = self.form.cleaned_data.get(name)
            if value in (None, "", []) or name not in data:
                continue
            remaining = data.copy()
            remaining.pop(name)
            active.append(
                {
                    "label": field.label,
                    "value": _display(field, value),
                    "remove_query": remaining.urlencode(),
                }
            )
        return active


def _display(field, value):
    if hasattr(value, "pk"):
        return str(value)
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(v, v)) for v in value)
    return str(choices.get(value, value))
