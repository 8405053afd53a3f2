"""A narrowed list's pages read in one statement (CountingPaginator): Django's pages, the
same rows and numbers, whatever page number a reader types."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from documents.models import Document
from documents.views.common import paginate
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    DocumentFactory.create_batch(7)
    return Document.objects.published().order_by("title", "pk")


@pytest.mark.parametrize(
    "number",
    [None, "1", "2", "3", "4", "99", "0", "-1", "abc", "2.0", "", "99999999999999999999999"],
)
def test_a_narrowed_lists_pages_are_djangos(documents, number):
    query = {} if number is None else {"page": number}
    page = paginate(RequestFactory().get("/documents/", query), documents, size=3)
    theirs = Paginator(documents, 3).get_page(number)
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (
        theirs.number,
        theirs.paginator.count,
        theirs.paginator.num_pages,
    )
    assert [d.pk for d in page] == [d.pk for d in theirs]
    assert (page.has_next(), page.has_previous(), page.start_index()) == (
        theirs.has_next(),
        theirs.has_previous(),
        theirs.start_index(),
    )


def test_a_page_with_rows_is_read_in_one_statement(documents):
    request = RequestFactory().get("/documents/", {"page": "2"})
    with CaptureQueriesContext(connection) as queries:
        page = paginate(request, documents, size=3)
        rows = list(page)
        assert page.paginator.count == 7
    assert len(rows) == 3 and len(queries) == 1


def test_an_empty_list_is_counted_as_django_counts_it():
    request = RequestFactory().get("/documents/", {"page": "5"})
    page = paginate(request, Document.objects.published(), size=3)
    assert page.number == 1 and page.paginator.count == 0 and list(page) == []


def test_a_distinct_list_is_counted_after_distinct(documents):
    doubled = Document.objects.filter(pk__in=documents.values("pk")).order_by("pk").distinct()
    page = paginate(RequestFactory().get("/documents/"), doubled, size=3)
    assert page.paginator.count == 7
