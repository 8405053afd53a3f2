"""Forms for public pages that are not plain querysets (the timelines)."""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce
from django.forms.models import ModelChoiceIterator

from documents.cache import kept_for_generation
from documents.models import CooperationArea
from documents.selectors import ENTRY_KINDS


class FlatSelect(forms.Select):
    """A select rendered by one template: Django's renders two more per option (the option and
    its attributes), which made the filters' menus a large share of a list page's time. The
    same HTML, byte for byte (tests/documents/test_forms.py)."""

    template_name = "includes/widgets/select.html"


class FlatCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes rendered by one template (Django's renders four more per option); the same
    HTML."""

    template_name = "includes/widgets/checkbox_select.html"


class MenuChoiceIterator(ModelChoiceIterator):
    """A menu's options as (value, label) strings, read from the field's queryset once per
    archive generation instead of on every page (Django's own iterator reads the rows again
    at each render, through a server-side cursor on PostgreSQL: three round trips for a few
    dozen areas). The same options, in the same order, with the same labels."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.menu_options()

    def __len__(self):
        return len(self.field.menu_options()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.menu_options())


class MenuChoicesMixin:
    """For a ModelChoiceField whose options are public and the same for every reader (the
    filters' areas, issuers and series): ``menu`` names them in the cache. Validating a
    submitted value still reads the queryset."""

    iterator = MenuChoiceIterator

    def __init__(self, *args, menu, **kwargs):
        self.menu = menu
        super().__init__(*args, **kwargs)

    def menu_options(self):
        return kept_for_generation(f"menu:{self.menu}", self._read_menu_options)

    def _read_menu_options(self):
        return [
            (str(self.prepare_value(obj)), self.label_from_instance(obj)) for obj in self.queryset
        ]


class AreaChoiceField(MenuChoicesMixin, forms.ModelChoiceField):
    """Areas with their sub-areas after them: "Cyber (in Space and cyberspace)"."""

    def label_from_instance(self, obj):
        return f"{obj.name} (in {obj.parent.name})" if obj.parent_id else obj.name


class YearRangeMixin:
    """A year range that ends before it starts is not understood: the form says so, and the
    end is left out (the start still narrows)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and end < start:
            self.add_error("year_to", f"The range ends ({end}) before it starts ({start}).")
        return cleaned


class YearRangeForm(YearRangeMixin, forms.Form):
    """The form class of the filter sets with a year range (django-filter's ``Meta.form``)."""


class TimelineForm(YearRangeMixin, forms.Form):
    kind = forms.MultipleChoiceField(
        choices=list(ENTRY_KINDS.items()),
        required=False,
        widget=FlatCheckboxSelectMultiple,
        label="Show",
    )
    year_from = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label="From year",
        widget=forms.NumberInput(attrs={"placeholder": "yyyy", "inputmode": "numeric"}),
    )
    year_to = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label="To year",
        widget=forms.NumberInput(attrs={"placeholder": "yyyy", "inputmode": "numeric"}),
    )

    def __init__(self, *args, with_area=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_area:
            self.fields["area"] = AreaChoiceField(
                queryset=CooperationArea.objects.select_related("parent").order_by(
                    Coalesce("parent__name", "name"),
                    F("parent").asc(nulls_first=True),
                    "name",
                ),
                to_field_name="slug",
                required=False,
                empty_label="All areas",
                label="Area",
                widget=FlatSelect,
                menu="timeline-areas",
            )

    def area(self):
        """The chosen area (a parent or a sub-area), or None."""
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("area")

    def filters(self):
        """The valid filters; fields with bad values are left out (and shown as errors)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kinds": data.get("kind") or None,
            "year_from": data.get("year_from"),
            "year_to": data.get("year_to"),
        }


class CompareForm(forms.Form):
    """The area filter of a comparison (any area, parent or sub-area, by slug)."""

    area = forms.ModelChoiceField(
        queryset=CooperationArea.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All sections",
        label="Only sections about",
    )

    def chosen_area(self):
        """The chosen area with its sub-areas prefetched, or None (also for a bad value)."""
        if not self.is_valid() or self.cleaned_data.get("area") is None:
            return None
        chosen = self.cleaned_data["area"]
        return (
            CooperationArea.objects.select_related("parent")
            .prefetch_related("children")
            .get(pk=chosen.pk)
        )
