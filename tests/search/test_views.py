"""The search page: what a reader sees, any input answered without a 500, fixed queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
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
from tests.querycount import assert_no_growth

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


def test_one_filter_form_carries_the_counts(corpus, client):
    """The filters and the facet counts are one UI: each choice of the form shows how many
    results it gives; there is no second list of facet links repeating the form."""
    content = client.get(URL, {"q": "cyberspace"}).content.decode()
    assert "Narrow down" not in content
    assert content.count('<form class="filters"') == 1
    assert re.search(
        r'<input type="checkbox" name="type" value="quote"> Quote <span class="count">\(1\)',
        content,
    )
    assert re.search(r'<option value="space-and-cyberspace">Space and cyberspace \(\d\)', content)
    # the decade links keep the query
    assert re.search(r'href="\?q=cyberspace&amp;year_from=2010&amp;year_to=2019"', content)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "zzqxv"}, "matches these words."),
        ({"q": "zzqxv", "sort": "newest"}, "matches these words."),  # a sort is no filter
        ({"q": "zzqxv", "area": "cyberspace"}, "these words with these filters"),
        ({"q": "zzqxv", "type": "quote", "sort": "oldest"}, "these words with these filters"),
    ],
)
def test_the_no_result_message_names_filters_only_when_there_are_some(
    corpus, client, params, message
):
    content = client.get(URL, params).content.decode()
    assert message in content


def test_no_results_says_so_keeps_filters_and_suggests(corpus, client):
    from django.core.management import call_command

    call_command("rebuild_search_index", verbosity=0)
    response = client.get(URL, {"q": "cyberspase", "kind": "guidelines"})
    content = response.content.decode()
    assert "0 results" in content
    assert "Nothing in the published archive matches" in content
    assert re.search(r'<input[^>]*value="guidelines"[^>]*checked', content)
    assert re.search(r'Did you mean <a href="\?[^"]*q=cyberspace[^"]*">cyberspace</a>', content)


def test_a_rebuilt_vocabulary_shows_in_a_search_page_already_cached(corpus, client, settings):
    """The page cache keeps a search page until the archive changes: rebuilding the index
    and the vocabulary is such a change, or a page cached before it would keep offering no
    "did you mean"."""
    from django.core.management import call_command

    from search.models import SearchWord

    settings.PAGE_CACHE_SECONDS = 600
    SearchWord.objects.all().delete()
    for _ in range(2):  # a search is stored on its second request
        before = client.get(URL, {"q": "cyberspase"}).content.decode()
        assert "Did you mean" not in before
    call_command("rebuild_search_index", verbosity=0)
    after = client.get(URL, {"q": "cyberspase"}).content.decode()
    assert re.search(r'Did you mean <a href="\?[^"]*q=cyberspace[^"]*">cyberspace</a>', after)


def test_with_an_area_chosen_the_menu_still_offers_the_others(corpus, client):
    """Another area replaces the one chosen, so the menu keeps every area to switch to; only
    the chosen area and those under it, which narrow the results, show a count."""
    page = client.get(URL, {"q": "cyberspace OR planning", "area": "space-and-cyberspace"})
    menu = page.content.decode().split('id="id_area"')[1].split("</select>")[0]
    assert re.search(r'value="space-and-cyberspace" selected>Space and cyberspace \(\d+\)', menu)
    assert re.search(r'value="cyberspace">Cyberspace \(\d+\)', menu)
    assert 'value="logistics">Logistics</option>' in menu


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
    # No results section and no "0 results" before anything was searched for.
    assert "results-heading" not in response.content.decode()
    assert "Nothing in the published archive" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "heading"),
    [
        ({"q": "cyberspace"}, "3 results for cyberspace"),
        ({"q": "zzqxv", "sort": "newest"}, "0 results for zzqxv"),
        ({"q": 'planning -"host nation"'}, '2 results for planning -"host nation"'),
        # as typed, not lower-cased ("25 results for futenma")
        ({"q": "Cyberspace"}, "3 results for Cyberspace"),
        ({"q": 'Planning -"Host Nation"'}, '2 results for Planning -"Host Nation"'),
    ],
)
def test_the_results_heading_names_the_words_searched_for(corpus, client, params, heading):
    """The heading repeats the query as the reader typed it, not the page's URL query."""
    content = client.get(URL, params).content.decode()
    assert re.search(r'<h2 id="results-heading">([^<]*)</h2>', content).group(1) == escape(heading)


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


def add_matches(areas, count=12):
    """Matching sections, quotes, documents, issuers and officials, tagged with ``areas``."""
    for number in range(count):
        document = DocumentFactory(
            title=f"Alliance document {number}",
            issuers=[OrganizationFactory()],
            areas=[areas[number % len(areas)]],
        )
        for _ in range(4):
            SectionFactory(document=document, body="Alliance cooperation text.", areas=areas[:2])
        QuoteFactory(
            text="The alliance endures.",
            document=document,
            official=OfficialFactory(),
            areas=[areas[0]],
        )


# A search costs a fixed number of statements whatever the number of hits, documents,
# areas, issuers and officials: the total, every facet count with its names and the scored
# candidates in one statement, the title hits beyond the candidates (past 2,000 matches;
# SQLite always finds the title hits in a statement of their own), the page's rows with
# their documents.
# The ceiling is that with room for the page itself.
SEARCH_CEILING = 25


def test_search_page_queries_do_not_grow_with_the_hits(corpus, client):
    """Guards against N+1 queries over hits (their documents, sections and quotes) and over
    facet labels (areas, issuers, officials)."""
    areas = CooperationAreaFactory.create_batch(4)
    add_matches(areas)

    def action():
        response = client.get(URL, {"q": "alliance"})
        assert response.status_code == 200
        results = response.context["results"]
        assert len(results.hits) == 20
        assert {"area", "issuer", "official"} <= {facet.name for facet in results.facets}

    assert_no_growth(
        action, lambda: add_matches(CooperationAreaFactory.create_batch(4)), ceiling=SEARCH_CEILING
    )


def test_filtered_search_page_queries_do_not_grow(corpus, client):
    """Guards against per-filter lookups multiplying; date order included."""
    areas = CooperationAreaFactory.create_batch(4)
    add_matches(areas)

    def action():
        response = client.get(URL, {"q": "alliance", "area": areas[0].slug, "sort": "newest"})
        assert response.status_code == 200
        assert response.context["results"].total > 0

    assert_no_growth(action, lambda: add_matches(areas), ceiling=SEARCH_CEILING + 1)


def test_help_page_explains_the_language(client):
    content = client.get(reverse("search:help")).content.decode()
    assert content.count("<h1") == 1
    assert "<code>-okinawa</code>" in content and "OR" in content


def test_phrase_highlights_mark_the_phrase_not_its_lone_words(client):
    document = DocumentFactory(title="Roles", summary="")
    SectionFactory(
        document=document,
        heading="",
        body="Host nation support is agreed. Logistic support and the host government.",
    )
    SectionFactory(
        document=document,
        heading="",
        body="Roles and missions were reviewed; the roles, missions and capabilities differ.",
    )
    content = client.get(URL, {"q": '"host nation support"'}).content.decode()
    assert "<mark>Host nation support</mark>" in content
    assert "<mark>support</mark>" not in content and "<mark>host</mark>" not in content
    content = client.get(URL, {"q": '"roles and missions"'}).content.decode()
    assert "<mark>Roles and missions</mark>" in content
    assert "<mark>roles</mark>" not in content and "<mark>missions</mark>" not in content


def test_a_heading_that_is_its_own_pinpoint_is_named_once(client):
    """An unnumbered heading is the section's pinpoint too; the hit used to show it twice
    ("THE ALLIANCE: … THE ALLIANCE: …"). A numbered one keeps its number before it."""
    document = DocumentFactory(title="Leaders' statement", summary="")
    SectionFactory(document=document, label="", pinpoint="The Alliance", heading="The Alliance",
                   body="Minesweeping cooperation.")  # fmt: skip
    SectionFactory(document=document, label="V.2", pinpoint="V.2", heading="Host support",
                   body="Minesweeping support.")  # fmt: skip
    SectionFactory(document=document, label="", pinpoint="Return Land", heading="Return Land:",
                   body="Minesweeping returns.")  # fmt: skip
    # an untitled section is named by its pinpoint, not by its document's name, and not
    # "Section 5" beside its "Section" badge
    SectionFactory(document=document, label="5", pinpoint="5", heading="",
                   body="Minesweeping again.")  # fmt: skip
    SectionFactory(document=document, label="", pinpoint="¶6", heading="",
                   body="Minesweeping once more.")  # fmt: skip
    content = client.get(URL, {"q": "minesweeping"}).content.decode()
    links = re.findall(r'<a href="/documents/[^"]*/sections/[^"]*">(.*?)</a>', content)
    assert sorted(links) == ["5", "Return Land:", "The Alliance", "V.2 Host support", "¶6"]


def test_a_document_hit_shows_its_title_once(client):
    """The index titles a document "title short-title", so either finds it; the hit showed
    both ("The SACO Final Report SACO Final Report")."""
    DocumentFactory(title="The SACO Final Report", short_title="SACO Final Report",
                    summary="Okinawa facilities.")  # fmt: skip
    content = client.get(URL, {"q": "SACO final report"}).content.decode()
    links = re.findall(
        r'<a href="/documents/[^"/]*/">(.*?)</a>', content.split("results-heading", 1)[1]
    )
    assert links == ["The <mark>SACO</mark> <mark>Final</mark> <mark>Report</mark>"]


def test_an_items_heading_does_not_run_into_its_text_in_a_snippet(client):
    """The SACO report lists its items as a heading line and the text under it; the snippet
    showed "— Gimbaru Training Area Return Gimbaru Training Area …" as one sentence."""
    document = DocumentFactory(title="SACO Final Report", summary="")
    SectionFactory(document=document, label="", pinpoint="Return Land", heading="Return Land:",
                   body="— Aha Training Area\nRelease joint use.\n\n— Gimbaru Training Area\n"
                        "Return Gimbaru Training Area.")  # fmt: skip
    content = client.get(URL, {"q": "gimbaru"}).content.decode()
    assert "— <mark>Gimbaru</mark> Training Area<br>Return <mark>Gimbaru</mark>" in content
    assert "Release joint use.<br>— <mark>Gimbaru</mark>" in content


def test_the_filters_applied_are_counted_and_can_be_cleared(corpus, client):
    """On a phone the filters fold away once applied: the page said only "15 results", with
    nothing to show that four filters were on, nor a way to clear them."""
    response = client.get(URL, {"q": "cyberspace", "type": ["section", "quote"], "sort": "newest"})
    content = response.content.decode()
    assert "· 2 applied</span>" in content
    assert "With 2 filters (see Filter)." in content
    assert 'href="?q=cyberspace&amp;sort=newest">Clear the filters</a>' in content
    content = client.get(URL, {"q": "cyberspace", "sort": "newest"}).content.decode()
    assert "applied</span>" not in content and "Clear the filters" not in content
