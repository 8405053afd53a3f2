"""The search page: what a reader sees, any input answered without a 500, fixed queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def test_results_page_shows_type_snippet_link_and_total(corpus, client):
    response = client.get(URL, {"q": "cyberspace"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "3 results" in content
    assert '<span class="entry-kind">Section</span>' in content
    assert '<span class="entry-kind">Quote</span>' in content
    assert "<mark>Cyberspace</mark>" in content
    assert 'href="/documents/guidelines-2015/sections/cyberspace/"' in content
    assert "Unpublished" not in content and "secret-draft" not in content


def test_facets_are_links_that_add_a_filter_and_keep_the_query(corpus, client):
    content = client.get(URL, {"q": "cyberspace"}).content.decode()
    assert re.search(
        r'href="\?q=cyberspace&amp;type=quote">Quote <span class="count">\(1\)', content
    )
    assert 'href="?q=cyberspace&amp;area=space-and-cyberspace"' in content


def test_no_results_says_so_keeps_filters_and_suggests(corpus, client):
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)
    response = client.get(URL, {"q": "cyberspase", "kind": "guidelines"})
    content = response.content.decode()
    assert "0 results" in content
    assert "Nothing in the published archive matches" in content
    assert re.search(r'<input[^>]*value="guidelines"[^>]*checked', content)
    assert re.search(r'Did you mean <a href="\?[^"]*q=cyberspace[^"]*">cyberspace</a>', content)


def test_within_document_form_and_notice(corpus, client):
    content = client.get(URL, {"q": "planning", "document": "scc-1997"}).content.decode()
    assert "Searching within" in content
    assert 'name="document" value="scc-1997"' in content
    assert "/documents/scc-1997/sections/planning/" in content
    assert "/documents/guidelines-2015/" not in content.split("results-heading")[1]


def test_empty_query_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'id="search-q"' in response.content.decode()
    assert 'role="alert"' not in response.content.decode()


def test_unsearchable_query_gets_a_message(client):
    content = client.get(URL, {"q": '"'}).content.decode()
    assert 'role="alert"' in content and "Nothing to search for" in content


NASTY = [
    '"',
    '"unbalanced',
    "OR",
    "- - -",
    "-",
    "AND OR NOT",
    "*",
    "^",
    "col:value",
    "title:cyberspace",
    "NEAR(cyberspace planning, 2)",
    "cyber*",
    "{title body}: x",
    "'; DROP TABLE search_entry; --",
    "1' OR '1'='1",
    "\x00",
    "cyber\x00space",
    "\x01\x02\x03\x1b[31m",
    "\u202e\ufeff\u200b",
    "!@#$%^&*()_+={}[]|\\:;<>,.?/~`",
    "a" * 5000,
    "cyberspace " * 600,
    "😀 🇯🇵",
    "日米防衛協力",
    "&lt;script&gt;",
    "<script>alert(1)</script>",
    "!!cyberspace & | <-> :*",
    "'cyberspace'",
    "-cyberspace",
    "cyberspace -cyberspace",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_queries_never_fail(text, corpus, client):
    response = client.get(URL, {"q": text, "page": "2"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "cyberspace", "page": "-1"},
        {"q": "cyberspace", "page": "9" * 40},
        {"q": "cyberspace", "year_from": "9" * 40, "year_to": "-5"},
        {"q": "cyberspace", "area": "\x00", "issuer": "'; --", "official": "x" * 5000},
        {"q": "cyberspace", "document": "\x00nope", "kind": ["treaty", "\x00"], "sort": "evil"},
        {"q": "cyberspace", "type": "document'--"},
    ],
)
def test_bad_parameters_never_fail(params, corpus, client):
    assert client.get(URL, params).status_code == 200


PARAMETER_NAMES = ["q", "page", "sort", "area", "kind", "issuer", "official", "type"]
PARAMETER_NAMES += ["year_from", "year_to", "document"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(max_size=300),
    params=st.dictionaries(st.sampled_from(PARAMETER_NAMES), st.text(max_size=40), max_size=5),
)
def test_any_string_and_parameters_answer_without_a_server_error(corpus, text, params):
    response = Client().get(URL, {**params, "q": text})
    assert response.status_code < 500


@pytest.fixture
def many(corpus):
    """Many matching sections, quotes, documents, areas, issuers and officials."""
    areas = CooperationAreaFactory.create_batch(4)
    for number in range(12):
        document = DocumentFactory(
            title=f"Alliance document {number}",
            issuers=[OrganizationFactory()],
            areas=[areas[number % 4]],
        )
        for _ in range(4):
            SectionFactory(document=document, body="Alliance cooperation text.", areas=areas[:2])
        QuoteFactory(
            text="The alliance endures.",
            document=document,
            official=OfficialFactory(),
            areas=[areas[0]],
        )
    return areas


# Queries a search adds to the page, whatever the number of hits, documents, areas and
# officials, on both databases: 1 the total and every facet count in one statement, 2 the page
# of ranked hits with highlights and link fields, 3 the documents of the hits shown, 4-6 the
# names of the facets' areas, issuers and officials. The page without a query (the form, its
# area, issuer and official choices, and whatever the site does on every request) is the base.
SEARCH_QUERIES = 6


@pytest.fixture
def session_queries():
    """On PostgreSQL the search's statements run in a transaction (a savepoint in tests) that
    first sets the planner's costs: three statements more, whatever the page."""
    from django.db import connection

    return 3 if connection.vendor == "postgresql" else 0


@pytest.fixture
def base_queries(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE_SECONDS = 0  # the page cache ignores unknown parameters: measure it off
    client.get(URL, {"warm": "up"})  # per-process caches
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, {"base": "page"}).status_code == 200
    return len(context)


def test_search_page_query_count_is_fixed(
    many, base_queries, session_queries, client, django_assert_num_queries
):
    """Guards against N+1 queries over hits (their documents, sections and quotes) and over
    facet labels (areas, issuers, officials)."""
    with django_assert_num_queries(base_queries + session_queries + SEARCH_QUERIES):
        response = client.get(URL, {"q": "alliance"})
    assert response.status_code == 200
    results = response.context["results"]
    assert len(results.hits) == 20
    assert {"area", "issuer", "official"} <= {facet.name for facet in results.facets}


def test_filtered_search_page_query_count_is_fixed(
    many, base_queries, session_queries, client, django_assert_num_queries
):
    """Guards against per-filter lookups multiplying: the area filter adds its one lookup,
    and date order costs the same as relevance."""
    area = many[0]
    with django_assert_num_queries(base_queries + session_queries + SEARCH_QUERIES + 1):
        response = client.get(URL, {"q": "alliance", "area": area.slug, "sort": "newest"})
    assert response.status_code == 200
    assert response.context["results"].total > 0


def test_help_page_explains_the_language(client):
    content = client.get(reverse("search:help")).content.decode()
    assert content.count("<h1") == 1
    assert "<code>-okinawa</code>" in content and "OR" in content
