"""The public filters' menus: options kept until the archive changes that are the queryset's
own."""

import pytest
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict

from documents.filters import DocumentFilter
from documents.forms import TimelineForm
from documents.models import Document
from tests.factories import CooperationAreaFactory, DocumentFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


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
    ]


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
