"""The filter sets made quickly (ArchiveFilterSet): each still filters with its own data."""

import pytest
from django.http import QueryDict

from documents.filters import DocumentFilter
from documents.models import Document
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_two_filter_sets_alive_at_once_each_filter_by_their_own_words():
    DocumentFactory(title="Ballistic missile defense")
    DocumentFactory(title="Space situational awareness")
    published = Document.objects.published()
    missiles = DocumentFilter(QueryDict("q=missile"), queryset=published)
    space = DocumentFilter(QueryDict("q=space"), queryset=published)
    # q is a method filter: each must call its own FilterSet's method, with its own data.
    assert [d.title for d in space.qs] == ["Space situational awareness"]
    assert [d.title for d in missiles.qs] == ["Ballistic missile defense"]
    assert space.filters["q"].parent is space
    assert missiles.filters["q"].parent is missiles
    assert not hasattr(DocumentFilter.base_filters["q"], "parent")


def test_each_filter_set_has_its_own_form_and_fields():
    first = DocumentFilter(QueryDict("kind=guidelines"), queryset=Document.objects.published())
    second = DocumentFilter(QueryDict(), queryset=Document.objects.published())
    assert type(first.form) is type(second.form)  # the class is made once
    assert first.form is not second.form
    assert first.form.fields["kind"] is not second.form.fields["kind"]
    first.form.fields["kind"].choices = [("guidelines", "Guidelines")]
    assert len(second.form.fields["kind"].choices) > 1
