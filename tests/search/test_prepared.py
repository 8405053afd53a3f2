"""Statements prepared once per connection (``search.prepared``): the same rows as sent
as they are, prepared only where the connection outlives the request, and never a failed
request or an aborted transaction when PostgreSQL refuses or forgets one."""

import pytest
from django.db import connection

from search import prepared

pytestmark = pytest.mark.django_db

postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

STATEMENT = "SELECT word, frequency FROM search_word WHERE word = ANY(%s) AND word LIKE 'p%%'"


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT %s, %s", "SELECT $1, $2"),
        ("SELECT 1 WHERE 'a' LIKE 'a%%' AND %s", "SELECT 1 WHERE 'a' LIKE 'a%' AND $1"),
        ("SELECT 'a%b'", None),  # not a statement Django would send with parameters
        ("SELECT %d", None),
        ("SELECT 1 %", None),
    ],
)
def test_placeholders_are_numbered_as_prepare_takes_them(sql, expected):
    assert prepared.numbered(sql) == expected


@pytest.fixture
def kept_connections(monkeypatch):
    """As in production (``DATABASE_CONN_MAX_AGE=60``): connections outlive the request."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    connection.ensure_connection()
    prepared._prepared.pop(connection.connection, None)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    prepared._prepared.pop(connection.connection, None)


def words():
    from collections import Counter

    from search.vocabulary import replace_vocabulary

    replace_vocabulary(Counter(planning=3, plan=2, okinawa=1))


def server_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements ORDER BY name")
        return [name for (name,) in cursor.fetchall()]


@postgresql
def test_a_statement_is_prepared_once_and_reads_what_it_would_unprepared(kept_connections):
    words()
    params = [["planning", "plan", "okinawa"]]
    with connection.cursor() as cursor:
        cursor.execute(STATEMENT, params)
        expected = sorted(cursor.fetchall())
    assert sorted(prepared.fetch(STATEMENT, params)) == expected
    assert sorted(prepared.fetch(STATEMENT, params)) == expected
    assert server_statements() == ["search_statement_0"]
    assert sorted(prepared.fetch(STATEMENT, [["okinawa", "plan"]])) == [("plan", 2)]


@postgresql
def test_nothing_is_prepared_on_a_connection_per_request(settings):
    """With ``DATABASE_CONN_MAX_AGE=0`` each request has a connection of its own: preparing
    would cost a statement more on every one."""
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    assert not prepared.enabled()
    words()
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == []


@postgresql
def test_the_setting_turns_it_off(kept_connections, settings):
    settings.SEARCH_PREPARED_STATEMENTS = False
    assert not prepared.enabled()
    words()
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == []


@postgresql
def test_a_statement_prepare_refuses_is_sent_as_it_is(kept_connections):
    """PostgreSQL cannot tell which ``+`` two parameters of unknown type need: the
    statement runs unprepared, and the test's transaction is still usable."""
    assert prepared.fetch("SELECT %s + %s", [1, 2]) == [(3,)]
    assert prepared.fetch("SELECT %s + %s", [2, 2]) == [(4,)]
    assert server_statements() == []
    words()  # the transaction was not aborted


@postgresql
@pytest.mark.django_db(transaction=True)
def test_statements_a_pooler_discarded_are_sent_as_they_are(kept_connections):
    """``DISCARD ALL`` (PgBouncer between clients) drops the connection's statements: the
    next search still answers, and prepares them again."""
    words()
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    with connection.cursor() as cursor:
        cursor.execute("DISCARD ALL")
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == ["search_statement_0"]


@postgresql
def test_a_connection_keeps_a_bounded_number(kept_connections, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", 2)
    words()
    for extra in range(4):
        sql = STATEMENT + f" AND frequency > -{extra}"
        assert prepared.fetch(sql, [["plan"]]) == [("plan", 2)]
    assert server_statements() == ["search_statement_0", "search_statement_1"]
