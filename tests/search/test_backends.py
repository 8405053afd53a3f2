"""PostgreSQL's statement for searches with few matches (``PostgresBackend.few``): the
vocabulary bounds the matches before the search runs, and under the bound the statistics and
the page come from one statement that reads the same as the statistics' and the page's."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search import backends, engine, prepared, suggest
from search.engine import search
from search.query import parse
from search.vocabulary import replace_vocabulary
from tests.factories import DocumentFactory, SectionFactory

pytestmark = [
    # As requests run: outside a transaction (the statement is prepared only there).
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bound and its statement are PostgreSQL's"
    ),
]


@pytest.fixture(autouse=True)
def kept_connection(monkeypatch):
    """As served with ``DATABASE_CONN_MAX_AGE=60``: the statement is prepared on the kept
    connection (``search.prepared``) and planned once for any words."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared._prepared.pop(connection.connection, None)


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
    search("okinawa")  # the first search of its shape on the connection prepares it
    with django_assert_num_queries(1):
        results = search("cyberspace")
    assert results.hits and results.facets
    with django_assert_num_queries(2):  # with a filter: the statistics, then the page
        assert search("cyberspace", filters={"kind": "guidelines"}).hits


@pytest.mark.parametrize("kept", [False, True])
def test_only_a_kept_plan_makes_it_one_statement(corpus, monkeypatch, settings, kept):
    """Planned for each search, the one statement took as long as the two it replaces: a
    connection per request, or a transaction, searches as before."""
    call_command("rebuild_search_index", verbosity=0)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    if not kept:
        monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 0)
    answers = taken(monkeypatch)
    with transaction.atomic():
        search("cyberspace")
    search("cyberspace")
    assert answers == [False, kept]


QUERIES = [
    "cyberspace",
    "planning",
    "cyberspace OR okinawa",
    "planning -okinawa",
    "space cyberspace",
    "logistic",
    "cyberspase",
    "zzqxvbn",
]
FILTERS = [{}, {"kind": "guidelines"}, {"type": "section"}, {"area": "cyberspace"}]


def taken(monkeypatch):
    """The searches that took the one statement, as a list that fills as they run."""
    answers = []
    few = backends.PostgresBackend.few

    def spy(self, *args, **kwargs):
        answer = few(self, *args, **kwargs)
        answers.append(answer[0] is not None)
        return answer

    monkeypatch.setattr(backends.PostgresBackend, "few", spy)
    return answers


@pytest.mark.parametrize("text", QUERIES)
def test_one_statement_or_two_the_reader_sees_the_same(corpus, monkeypatch, text):
    call_command("rebuild_search_index", verbosity=0)
    answers = taken(monkeypatch)
    few = [seen(search(text, filters=filters)) for filters in FILTERS]
    assert answers == [True] + [False] * (len(FILTERS) - 1)  # with filters: two statements
    without_bound(monkeypatch)
    assert few == [seen(search(text, filters=filters)) for filters in FILTERS]


def test_a_phrase_is_not_bounded(corpus, monkeypatch):
    """The planner weighs a phrase's pairs against the words' index by the words it is
    given; a plan made for any words read a common word in full beside a rare phrase."""
    call_command("rebuild_search_index", verbosity=0)
    answers = taken(monkeypatch)
    assert search('"bilateral planning"').total == 1
    assert search("U.S. cyberspace").total == 0
    assert answers == [False, False]


def test_the_statistics_cap_holds_under_the_bound(corpus, monkeypatch):
    """Past CAP the statistics count and rank the first matches in storage order: a cap
    under FEW is kept by the one statement too."""
    call_command("rebuild_search_index", verbosity=0)
    monkeypatch.setattr(backends, "CAP", 1)
    answers = taken(monkeypatch)
    capped = [seen(search(text)) for text in ["planning", "cyberspace", "planning OR logistic"]]
    assert capped[0]["total"] == 1 and answers == [False] * 3
    without_bound(monkeypatch)
    assert capped == [
        seen(search(text)) for text in ["planning", "cyberspace", "planning OR logistic"]
    ]


@pytest.mark.parametrize("page", [1, 2, 3, 4, 5, 6, 9])
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
    # Body hits of every score (the word once to eight times among other words), created
    # in an order that is neither theirs nor its reverse.
    for times in [3, 8, 1, 6, 2, 7, 4, 5]:
        body = " ".join(["Minesweeping"] * times + ["other words of the text"] * (9 - times))
        SectionFactory(document=document, heading="", body=body)
    SectionFactory(document=document, heading="Minesweeping", body="")  # no text: after
    call_command("rebuild_search_index", verbosity=0)
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    search("text")  # prepares the statement (one word)
    with django_assert_num_queries(1):  # the body hits on the page were read with it
        results = search("minesweeping", page=page)
    assert results.total == 12 and results.num_pages == 6
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
    search("zzqxvbn")  # prepares the statement (one word)
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
    search("okinawa logistic")  # prepares the statement (two words)
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


def test_planned_once_for_any_words_the_reader_sees_the_same(corpus, monkeypatch):
    """The statement prepared on the connection and planned once for any words reads what
    the two statements read."""
    call_command("rebuild_search_index", verbosity=0)
    plain = [text for text in QUERIES if text != "zzqxvbn"] + ["zzqxvbn"]
    answers = taken(monkeypatch)
    once = [seen(search(text, page=page)) for text in plain for page in (1, 2)]
    assert all(answers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), min(generic_plans) FROM pg_prepared_statements "
            "WHERE name LIKE 'search%%'"
        )
        statements, generic = cursor.fetchone()
    assert statements >= 3 and generic >= 1
    without_bound(monkeypatch)
    assert once == [seen(search(text, page=page)) for text in plain for page in (1, 2)]
