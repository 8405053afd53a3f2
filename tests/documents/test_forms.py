"""The public filters' menus: flat widget templates that render Django's HTML exactly, and
options kept until the archive changes that are the queryset's own."""

import datetime

import pytest
from django import forms
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from documents.filters import DocumentFilter
from documents.forms import (
    FlatCheckboxSelectMultiple,
    FlatHiddenInput,
    FlatNumberInput,
    FlatSelect,
    FlatTextInput,
    TimelineForm,
)
from documents.models import Document
from search.filters import SearchFilter
from search.models import SearchEntry
from tests.factories import CooperationAreaFactory, DocumentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

CHOICE_TEMPLATES = {
    FlatSelect: forms.Select.template_name,
    FlatCheckboxSelectMultiple: forms.CheckboxSelectMultiple.template_name,
}
INPUT_TEMPLATES = {
    FlatTextInput: forms.TextInput.template_name,
    FlatNumberInput: forms.NumberInput.template_name,
    FlatHiddenInput: forms.HiddenInput.template_name,
}
DJANGO_TEMPLATES = {**CHOICE_TEMPLATES, **INPUT_TEMPLATES}


@pytest.fixture
def areas():
    parent = CooperationAreaFactory(name="Space & cyberspace")
    child = CooperationAreaFactory(name="Cyber <defense>", parent=parent)
    DocumentFactory(issuers=[OrganizationFactory(name='Ministry "of" Defense')])
    return parent, child


def forms_to_check(query, parent):
    data = QueryDict(query.format(parent=parent.slug)) if query is not None else None
    return [
        DocumentFilter(data, queryset=Document.objects.all()).form,
        TimelineForm(data, with_area=True),
        SearchFilter(data, queryset=SearchEntry.objects.all()).form,
    ]


@pytest.mark.parametrize(
    "query",
    [
        None,
        "",
        "kind=guidelines&kind=treaty&area={parent}&sort=-title&year_from=1990",
        "area=no-such-area&kind=nonsense&year_from=abc",
        "kind=section&kind=quote&area={parent}",
        "q=radar&sort=newest&document=no-such-document&year_to=2015",
    ],
)
def test_flat_widgets_render_djangos_html_byte_for_byte(areas, query, monkeypatch):
    flat = []
    for form in forms_to_check(query, areas[0]):
        for name in form.fields:
            widget = form.fields[name].widget
            if type(widget) in DJANGO_TEMPLATES:
                flat.append((form, name, widget, str(form[name])))
    # Django's own rendering: its widgets' render() and templates.
    for widget_class, template_name in DJANGO_TEMPLATES.items():
        monkeypatch.setattr(widget_class, "render", forms.Widget.render)
        monkeypatch.setattr(widget_class, "template_name", template_name)
    for form, name, _, ours in flat:
        djangos = str(form[name])
        assert "<option" in djangos or "<input" in djangos
        assert ours == djangos, name
    # kind, area, issuer, series, sort, words, years; the timeline's kind, area and years;
    # search's years, sort and document
    assert len(flat) >= 15


def tricky_attributes():
    """Attributes a template must escape, leave alone (safe text), call, or write bare."""
    return {
        "data-x": mark_safe("<safe>"),
        "data-called": lambda: "called & <done>",
        "required": True,
    }


@pytest.mark.parametrize("widget_class", list(CHOICE_TEMPLATES))
def test_flat_widgets_escape_and_group_as_django_does(widget_class, monkeypatch):
    """Labels, values and attributes that need escaping, safe text, groups, attributes
    that are True or False, a value of None: the same HTML as Django's."""

    class Marked:  # HTML of its own, but not a string: the template escapes its text
        def __html__(self):
            return "<b>marked</b>"

        def __str__(self):
            return "<b>marked</b>"

    choices = [
        ("", "— any —"),
        ("a&b", 'Tom & "Jerry" <b>'),
        ("Group <one>", [(1, mark_safe("<i>safe</i>")), ("x'y", "it's")]),
        (2, 2000),
        (3, Marked()),
        (4, datetime.datetime(2020, 1, 1, 23, 30, tzinfo=datetime.UTC)),
        (True, "1 & not True"),  # a bool is not remembered as the whole number 1
        (5, gettext_lazy("Lazy <label>")),
    ]
    widget = widget_class(attrs={"class": "menu & more", **tricky_attributes()}, choices=choices)
    widget.attrs["hidden"] = False
    cases = [("menu", "a&b", {"id": "id_menu"}), ("menu", ["x'y", 2], None), ("m", None, {})]
    with timezone.override("Asia/Tokyo"):  # a date label is shown in local time
        ours = [widget.render(name, value, attrs) for name, value, attrs in cases]
        # Plain options are remembered: written again, from memory, they are the same.
        assert ours == [widget.render(name, value, attrs) for name, value, attrs in cases]
    assert "&lt;b&gt;marked" in ours[0] and 'data-called="called &amp; &lt;done&gt;"' in ours[0]
    monkeypatch.setattr(widget_class, "render", forms.Widget.render)
    monkeypatch.setattr(widget_class, "template_name", DJANGO_TEMPLATES[widget_class])
    with timezone.override("Asia/Tokyo"):
        assert ours == [widget.render(name, value, attrs) for name, value, attrs in cases]


@pytest.mark.parametrize("widget_class", list(INPUT_TEMPLATES))
def test_flat_inputs_escape_as_django_does(widget_class, monkeypatch):
    """Values and attributes that need escaping, safe text, numbers, attributes that are
    True or False, no value: the same HTML as Django's."""
    widget = widget_class(attrs={"placeholder": 'yyyy & "mm"', **tricky_attributes()})
    widget.attrs["hidden"] = False
    cases = [
        ("q", 'a "b" & <c>', {"id": "id_q"}),
        ("year_from", 1997, None),
        ("year_to", None, {}),
        ("q", mark_safe("<i>safe</i>"), None),
        ("q", "", None),
    ]
    ours = [widget.render(name, value, attrs) for name, value, attrs in cases]
    assert 'value="a &quot;b&quot; &amp; &lt;c&gt;"' in ours[0]
    monkeypatch.setattr(widget_class, "render", forms.Widget.render)
    monkeypatch.setattr(widget_class, "template_name", INPUT_TEMPLATES[widget_class])
    assert ours == [widget.render(name, value, attrs) for name, value, attrs in cases]


def test_menus_hold_the_querysets_options_with_their_labels(areas):
    parent, child = areas
    for form in forms_to_check(None, parent):
        for name in ("area", "issuer", "series"):
            field = form.fields.get(name)
            if field is None:
                continue
            expected = [(str(value), label) for value, label in ModelChoiceIterator(field)]
            assert [(str(value), label) for value, label in field.choices] == expected, name
    timeline_areas = dict(TimelineForm(with_area=True).fields["area"].choices)
    assert timeline_areas[child.slug] == f"{child.name} (in {parent.name})"


def test_a_new_area_is_in_the_menus_at_once(client, areas):
    client.get("/documents/")
    client.get("/timeline/")
    area = CooperationAreaFactory(name="Newly added area")
    assert (
        f'value="{area.slug}">Newly added area</option>'
        in client.get("/documents/").content.decode()
    )
    assert "Newly added area" in client.get("/timeline/").content.decode()
    area.name = "Renamed area"
    area.save()
    page = client.get("/documents/").content.decode()
    assert "Renamed area" in page and "Newly added area" not in page


def test_a_chosen_area_is_selected_and_filters(client, areas):
    parent, child = areas
    tagged = DocumentFactory(title="Tagged with the sub-area", areas=[child])
    page = client.get("/documents/", {"area": parent.slug}).content.decode()
    assert f'<option value="{parent.slug}" selected>' in page
    assert tagged.title in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/documents/", "/timeline/", "/areas/{area}/", "/search/?q=planning&"]
)
def test_a_backwards_year_range_is_said_to_be_backwards(client, path):
    """Every page with a year range says so on its form (an outside review saw '0 results')
    and narrows by the start alone; the end's field points at the message."""
    area = CooperationAreaFactory()
    path = path.format(area=area.slug)
    separator = "" if path.endswith("&") else "?"
    response = client.get(f"{path}{separator}year_from=2015&year_to=1997")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters were not understood" in page
    assert 'id="id_year_to_error"' in page and "before it starts" in page
    assert 'aria-invalid="true" aria-describedby="id_year_to_error" id="id_year_to"' in page


@pytest.mark.parametrize("value", ["", None, "unknown-area", "nul\x00char", 12345])
def test_a_menu_field_answers_a_bad_or_empty_value_as_djangos_does(areas, value):
    """A submitted choice is found among the menu's objects kept until the archive changes:
    the same answers and messages as Django's ModelChoiceField, which reads the queryset."""
    from django.core.exceptions import ValidationError

    field = TimelineForm(with_area=True).fields["area"]
    djangos = forms.ModelChoiceField(
        queryset=field.queryset, to_field_name="slug", required=field.required
    )

    def answer(clean):
        try:
            return ("ok", clean(value))
        except ValidationError as error:
            return ("error", error.messages)

    assert answer(field.clean) == answer(djangos.clean)


def test_a_menu_field_finds_each_of_its_objects(areas):
    field = TimelineForm(with_area=True).fields["area"]
    for area in field.queryset:
        assert field.clean(area.slug) == area
        assert field.clean(area.slug).parent == area.parent
