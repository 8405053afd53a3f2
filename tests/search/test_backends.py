"""PostgreSQL's statement for searches with few matches (``PostgresBackend.few``): the
vocabulary bounds the matches before the search runs, and under the bound the statistics and
the page come from one statement that reads the same as the statistics' and the page's."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import backends, engine, suggest
from search.engine import search
from search.query import parse
from search.vocabulary import replace_vocabulary
from tests.factories import DocumentFactory, SectionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bound and its statement are PostgreSQL's"
    ),
]


def bound(text):
    backend = backends.get_backend()
    sql = backend.bound(parse(text))
    if sql is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(*sql)
        return cursor.fetchone()[0]


def without_bound(monkeypatch):
    """Search as it did before the bound: the statistics' statement, then the page's."""
    monkeypatch.setattr(backends.PostgresBackend, "bound", lambda self, query: None)


def seen(results):
    """What a reader sees of a search."""
    return {
        "total": results.total,
        "pages": (results.page, results.num_pages, results.ranked, results.capped),
        "facets": [
            (facet.name, [(o.label, o.count, o.params, o.selected) for o in facet.options])
            for facet in results.facets
        ],
        "hits": [
            (hit.kind, hit.title, hit.snippet, hit.url, hit.in_title, hit.pinpoint, hit.matches)
            for hit in results.hits
        ],
        "suggestions": results.suggestions,
    }


def test_the_bound_is_the_rarest_clause_of_its_alternatives_of_their_rarest_word():
    replace_vocabulary(
        Counter(
            planning=30,
            plan=5,  # the stem of "planning", "plans" and "planned" too
            plans=2,
            planned=1,
            planet=4,  # a stem "plan" begins, not "plan" itself
            okinawa=3,
            bilateral=50,
            cyber=7,
            cyberspace=11,
            the=1_000,
        )
    )
    assert bound('"plan"') == 38  # a word: its stem's words
    assert bound("plan") == 42  # a bare word of four letters is a prefix: "planet" too
    assert bound('"bilateral planning"') == 38  # a phrase: its rarest word
    assert bound("okinawa bilateral") == 3  # every clause: the rarest
    assert bound("cyber") == 7 + 11  # "cyberspace": stem "cyberspac"
    assert bound("okinawa OR cyber") == 3 + 7  # any of the alternatives: their sum
    assert bound("the okinawa") == 3  # a stop word bounds nothing
    assert bound("zzqxvbn") == 0  # a word the vocabulary lacks
    assert bound("us") is None and bound("2015") is None


def test_a_search_with_few_matches_is_one_statement(corpus, django_assert_num_queries, settings):
    """The statistics, the candidates and the page's rows in one statement (a rare word's
    search was the statistics, then the page)."""
    call_command("rebuild_search_index", verbosity=0)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    with django_assert_num_queries(1):
        results = search("cyberspace")
    assert results.hits and results.facets
    with django_assert_num_queries(1):
        assert search("cyberspace", filters={"kind": "guidelines"}).hits


QUERIES = [
    "cyberspace",
    "planning",
    '"bilateral planning"',
    "cyberspace OR okinawa",
    "planning -okinawa",
    "space cyberspace",
    "logistic",
    "cyberspase",
    "zzqxvbn",
]
FILTERS = [{}, {"kind": "guidelines"}, {"type": "section"}, {"area": "cyberspace"}]


@pytest.mark.parametrize("text", QUERIES)
def test_one_statement_or_two_the_reader_sees_the_same(corpus, monkeypatch, text):
    call_command("rebuild_search_index", verbosity=0)
    few = [seen(search(text, filters=filters)) for filters in FILTERS]
    without_bound(monkeypatch)
    assert few == [seen(search(text, filters=filters)) for filters in FILTERS]


@pytest.mark.parametrize("page", [1, 2, 3, 9])
def test_the_rows_read_with_the_statistics_reach_the_page_asked_for(
    monkeypatch, django_assert_num_queries, settings, page
):
    """Title hits first, in tiers worked out in Python, then the others by score: the
    statement brings the rows of every title hit and of the first ones of the others, as many
    as the page asked for reaches (a page past the end shows the last)."""
    monkeypatch.setattr(engine, "PAGE_SIZE", 2)
    document = DocumentFactory()
    for number in range(3):
        SectionFactory(document=document, heading=f"Minesweeping {number}", body="Text.")
    for number in range(4):
        SectionFactory(document=document, heading="", body=f"Minesweeping, item {number}.")
    SectionFactory(document=document, heading="Minesweeping", body="")  # no text: after
    call_command("rebuild_search_index", verbosity=0)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    with django_assert_num_queries(1):
        results = search("minesweeping", page=page)
    assert results.total == 8 and results.num_pages == 4
    without_bound(monkeypatch)
    assert seen(results) == seen(search("minesweeping", page=page))


def test_a_wrong_forecast_reads_the_statistics_as_usual(
    corpus, monkeypatch, django_assert_num_queries, settings
):
    """The vocabulary is rebuilt with the index, so it may undercount a word published
    since: past FEW rows the statement stops, and the statistics are read as they would be
    without it."""
    replace_vocabulary(Counter(planning=1))
    monkeypatch.setattr(backends.PostgresBackend, "FEW", 1)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    with django_assert_num_queries(3):  # the forecast, then the statistics and the page
        forecast_wrong = search("planning")
    assert forecast_wrong.total == 2
    without_bound(monkeypatch)
    assert seen(forecast_wrong) == seen(search("planning"))


def test_a_miss_says_which_words_the_vocabulary_holds(corpus, django_assert_num_queries, settings):
    """'Did you mean' needs the words the vocabulary lacks: the statement says, so a miss
    reads only the misspelt word's candidates after it (kept until the archive changes)."""
    call_command("rebuild_search_index", verbosity=0)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    suggest.candidates.forget()
    with django_assert_num_queries(2):
        results = search("cyberspase planning")
    assert results.total == 0
    assert results.suggestions[0]["corrections"] == {"cyberspase": "cyberspace"}
    with django_assert_num_queries(1):
        assert search("cyberspaec planning").suggestions


def test_the_vocabulary_holds_the_stems_of_the_index(corpus):
    """Stems as PostgreSQL's dictionary gives them, which Python's Snowball stemmer does
    not always ("international": "intern", not "internat")."""
    replace_vocabulary(Counter(international=2, internal=3, the=4))
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, stem FROM search_word ORDER BY word")
        assert cursor.fetchall() == [
            ("internal", "intern"),
            ("international", "intern"),
            ("the", "the"),
        ]
    assert bound("international") == 5


def test_the_page_reads_only_the_rows_not_read_with_the_statistics(corpus, settings):
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    backend = backends.get_backend()
    entries = list(backends.public_entries().order_by("id").values_list("id", flat=True)[:3])
    everything = backend.page(entries)
    read = {row.entry_id: row for row in everything}
    prefetched = {entries[0]: _page_row(read[entries[0]])}
    with CaptureQueriesContext(connection) as statements:
        rows = backend.page(entries, prefetched=prefetched)
    assert [row.entry_id for row in rows] == entries
    assert [(row.title, row.body, row.anchor) for row in rows] == [
        (row.title, row.body, row.anchor) for row in everything
    ]
    assert len(statements) == 1  # for the two others only
    assert f"'{{{entries[1]},{entries[2]}}}'" in statements[0]["sql"]
    with CaptureQueriesContext(connection) as statements:
        assert backend.page(entries[:1], prefetched=prefetched)[0].entry_id == entries[0]
    assert not statements


def _page_row(row):
    return (
        row.entry_id,
        row.in_title,
        row.kind,
        row.object_id,
        row.title,
        row.body,
        row.anchor,
        row.pinpoint,
        row.public_id,
        row.document_id,
    )
