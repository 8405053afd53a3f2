"""Forms for public pages that are not plain querysets (the timelines)."""

from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce

from documents.models import CooperationArea
from documents.selectors import ENTRY_KINDS


class AreaChoiceField(forms.ModelChoiceField):
    """Areas with their sub-areas after them: "Cyber (in Space and cyberspace)"."""

    def label_from_instance(self, obj):
        return f"{obj.name} (in {obj.parent.name})" if obj.parent_id else obj.name


class TimelineForm(forms.Form):
    kind = forms.MultipleChoiceField(
        choices=list(ENTRY_KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Show",
    )
    year_from = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label="From year",
        widget=forms.NumberInput(attrs={"placeholder": "1960", "inputmode": "numeric"}),
    )
    year_to = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label="To year",
        widget=forms.NumberInput(attrs={"placeholder": "2015", "inputmode": "numeric"}),
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
