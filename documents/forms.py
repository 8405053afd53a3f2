"""Forms for public pages that are not plain querysets (the timelines)."""

from functools import lru_cache
from html import escape as html_escape

from django import forms
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.forms.models import ModelChoiceIterator
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

from documents.cache import read_only_for_generation
from documents.models import CooperationArea
from documents.selectors import ENTRY_KINDS


def _resolved(value):
    """A template variable's value: a callable is called (Django's variable look-up)."""
    if callable(value) and not getattr(value, "do_not_call_in_templates", False):
        return value()
    return value


def shown(value):
    """``{{ value }}`` in a template: the value in local time and localized, as text,
    escaped unless that text is safe (Django's ``render_value_in_context``)."""
    if type(value) is str:
        # Most values, the names and labels: localizing leaves text as it is, and this is
        # Django's escape() without its lazy-string wrapper.
        return SafeString(html_escape(value))
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return SafeString(value)  # what localizing gives a whole number without grouping
    value = localize(template_localtime(_resolved(value)))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _formatted(value):
    """``{{ value|stringformat:'s' }}``: ``%s`` of the value, escaped unless it was safe."""
    value = _resolved(value)
    return str(value) if isinstance(value, SafeData) else html_escape(str(value))


def _attributes(attrs):
    """Django's ``attrs.html``: each attribute that is not False, bare when True."""
    html = []
    for name, value in attrs.items():
        value = _resolved(value)
        if value is True:
            html.append(f" {shown(name)}")
        elif value is not False:
            html.append(f' {shown(name)}="{_formatted(value)}"')
    return "".join(html)


_PLAIN_VALUES = (str, int)  # exactly these types: not a bool, a SafeString or a lazy text


def _option(value_html, label_html, selected):
    """One option of ``FlatSelect``, its value and label escaped already."""
    return (
        f'\n  <option value="{value_html}"{" selected" if selected else ""}>{label_html}</option>\n'
    )


@lru_cache(maxsize=4096)
def _plain_option(value, label, selected):
    """An option whose value is a plain string or whole number and whose label is plain text:
    remembered, as the same menus (areas, documents, years, sorts) are written on every list
    and search page."""
    return _option(html_escape(str(value)), html_escape(label), selected)


class FlatSelect(forms.Select):
    """A select written in Python: Django's templates render three per option (the option
    and its attributes), and even one template for the whole menu made the filters' menus a
    large share of a list page's time. Its options are written straight from the choices,
    chosen as Django's ``optgroups`` chooses them (without a dictionary per option). The same
    HTML as Django's, byte for byte (tests/documents/test_forms.py)."""

    def render(self, name, value, attrs=None, renderer=None):
        # The widget's own context without its options (ChoiceWidget adds those).
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen = widget["value"]
        html = [f'<select name="{shown(widget["name"])}"{_attributes(widget["attrs"])}>']
        has_selected = False
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                group, options = ("" if option_value is None else option_value), option_label
                html.append(f'\n  <optgroup label="{shown(group)}">')
            else:
                group, options = None, [(option_value, option_label)]
            for value, label in options:
                value = "" if value is None and group is None else value
                selected = (not has_selected or self.allow_multiple_selected) and str(
                    value
                ) in chosen
                has_selected |= selected
                if type(value) in _PLAIN_VALUES and type(label) is str:
                    html.append(_plain_option(value, label, selected))
                else:
                    html.append(_option(_formatted(value), shown(label), selected))
            if group is not None:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


class FlatCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes written in Python (Django's templates render five per option); the same
    HTML as Django's."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        own = widget["attrs"]
        html = ["<div"]
        if _resolved(own.get("id")):
            html.append(f' id="{shown(own["id"])}"')
        if _resolved(own.get("class")):
            html.append(f' class="{shown(own["class"])}"')
        html.append(">")
        for group, options, _ in widget["optgroups"]:
            if group:
                html.append(f"\n  <div><label>{shown(group)}</label>")
            for option in options:
                html.append("<div>\n    ")
                if option["wrap_label"]:
                    label_for = _resolved(option["attrs"].get("id"))
                    html.append(f'<label for="{shown(label_for)}">' if label_for else "<label>")
                html.append(f'<input type="{shown(option["type"])}" name="{shown(option["name"])}"')
                if _resolved(option["value"]) is not None:
                    html.append(f' value="{_formatted(option["value"])}"')
                html.append(f"{_attributes(option['attrs'])}>\n")
                if option["wrap_label"]:
                    html.append(f" {shown(option['label'])}</label>")
                html.append("\n\n</div>")
            if group:
                html.append("\n  </div>")
        html.append("\n</div>")
        return mark_safe("".join(html))


class FlatInputMixin:
    """An input written in Python (Django's templates render two per input: the input and
    its attributes); the same HTML as Django's ``input.html``."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        html = f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"'
        if _resolved(widget["value"]) is not None:
            html += f' value="{_formatted(widget["value"])}"'
        return mark_safe(f"{html}{_attributes(widget['attrs'])}>")


class FlatTextInput(FlatInputMixin, forms.TextInput):
    """The filters' words."""


class FlatNumberInput(FlatInputMixin, forms.NumberInput):
    """The filters' years."""


class FlatHiddenInput(FlatInputMixin, forms.HiddenInput):
    """Search's document to search within."""


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
    filters' areas, issuers and series): ``menu`` names them in the cache, and a submitted
    value is looked up among the same objects, kept likewise."""

    iterator = MenuChoiceIterator

    def __init__(self, *args, menu, **kwargs):
        self.menu = menu
        super().__init__(*args, **kwargs)

    def menu_options(self):
        return read_only_for_generation(f"menu:{self.menu}", self._read_menu_options)

    def to_python(self, value):
        """The chosen object, found among the menu's objects kept until the archive changes
        (Django's field reads it from the queryset on every request); the same answers and
        the same messages as Django's."""
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        chosen = self.menu_objects().get(str(value))
        if chosen is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return chosen

    def menu_objects(self):
        """{the value a form submits: the object} for every object of the menu's queryset."""
        key = self.to_field_name or "pk"
        return read_only_for_generation(
            f"menu-objects:{self.menu}",
            lambda: {str(getattr(obj, key)): obj for obj in self.queryset},
        )

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
        widget=FlatNumberInput(attrs={"placeholder": "yyyy", "inputmode": "numeric"}),
    )
    year_to = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        label="To year",
        widget=FlatNumberInput(attrs={"placeholder": "yyyy", "inputmode": "numeric"}),
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
