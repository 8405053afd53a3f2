"""Every public GET parameter and path, fed arbitrary input: no 500, ever."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CooperationAreaFactory, DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "/documents/": [
        "q",
        "kind",
        "issuer",
        "area",
        "series",
        "year_from",
        "year_to",
        "sort",
        "page",
    ],
    "/timeline/": ["area", "kind", "year_from", "year_to"],
    "/areas/cyber/": ["kind", "year_from", "year_to"],
    "/quotes/": ["page"],
    "/search/": [
        "q",
        "area",
        "kind",
        "issuer",
        "official",
        "year_from",
        "year_to",
        "sort",
        "page",
        "document",
    ],
}
PATHS = [
    "/documents/{}/",
    "/documents/guidelines-2015/sections/{}/",
    "/documents/{}/cite.bib",
    "/areas/{}/",
    "/officials/{}/",
    "/quotes/{}/",
    "/d/{}",
    "/q/{}",
    "/documents/guidelines-2015/revisions/{}/",
    "/feeds/areas/{}/",
]

text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", "0", "-1", "1e9", "99999999999999999999", "2015", "abc", "%", "'", '"']),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
)


@pytest.fixture
def archive():
    area = CooperationAreaFactory(slug="cyber")
    document = DocumentFactory(slug="guidelines-2015", areas=[area])
    SectionFactory(document=document, anchor="iv-b-2", areas=[area])
    QuoteFactory(document=document, areas=[area])


def client():
    return Client(raise_request_exception=False)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=st.sampled_from(sorted(PAGES)), data=st.data())
def test_query_parameters_never_cause_a_500(archive, page, data):
    names = data.draw(st.lists(st.sampled_from(PAGES[page]), max_size=4, unique=True))
    params = {name: data.draw(st.lists(text, min_size=1, max_size=2)) for name in names}
    response = client().get(page, params)
    assert response.status_code < 500, (page, params)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pattern=st.sampled_from(PATHS), value=st.text(min_size=1, max_size=200))
def test_paths_never_cause_a_500(archive, pattern, value):
    from urllib.parse import quote

    response = client().get(pattern.format(quote(value, safe="")))
    assert response.status_code < 500, (pattern, value)


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe%00",
        "q=%C0%AF&page=%ff",
        "year_from=%E2%82%AC&kind=%00",
        "sort=-title%00&area=%2e%2e%2f",
        "page=1" + "&page=2" * 200,
    ],
)
@pytest.mark.parametrize("page", sorted(PAGES))
def test_bytes_that_are_not_utf8_never_cause_a_500(archive, page, query):
    response = client().get(f"{page}?{query}")
    assert response.status_code < 500
