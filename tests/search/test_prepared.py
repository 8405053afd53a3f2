"""Statements prepared once per connection (``search.prepared``): the same rows as sent
as they are, prepared only where the connection outlives the request and no transaction is
open, a name that means the same statement on every connection, and never a failed request
when PostgreSQL refuses or forgets one. The tests that prepare run outside a transaction, as
requests do."""

import pytest
from django.db import connection, transaction

from search import prepared

pytestmark = pytest.mark.django_db(transaction=True)

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
    forget()
    yield
    forget()


def forget():
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
    assert len(server_statements()) == 1
    assert sorted(prepared.fetch(STATEMENT, [["okinawa", "plan"]])) == [("plan", 2)]
    assert len(server_statements()) == 1


@postgresql
def test_a_name_means_one_statement_on_every_connection(kept_connections):
    """A pooler may give a server connection to another client, which finds the statements
    prepared there before: each name is the digest of its statement's text, so another
    statement can never run under it, and one prepared by another client is used."""
    words()
    prepared.fetch(STATEMENT, [["plan"]])
    other = STATEMENT.replace("'p%%'", "'o%%'")
    assert prepared.fetch(other, [["plan", "okinawa"]]) == [("okinawa", 1)]
    names = server_statements()
    assert len(names) == 2 and all(name.startswith("search_") for name in names)
    prepared._prepared.pop(connection.connection, None)  # another client, same server conn.
    assert prepared.fetch(other, [["plan", "okinawa"]]) == [("okinawa", 1)]
    assert prepared._prepared[connection.connection][other] in names  # found, not refused
    assert server_statements() == names


@postgresql
def test_nothing_is_prepared_in_a_transaction(kept_connections):
    """A statement a pooler discarded would fail and abort the transaction: inside one,
    statements are sent as they are."""
    words()
    with transaction.atomic():
        assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == []


@postgresql
def test_nothing_is_prepared_with_autocommit_off(kept_connections):
    transaction.set_autocommit(False)
    try:
        assert not prepared.usable()
    finally:
        transaction.rollback()
        transaction.set_autocommit(True)


@postgresql
def test_a_statement_planned_for_columns_that_changed_type_is_planned_again(kept_connections):
    """A migration that widens a column the statement returns, while the site serves:
    PostgreSQL refuses the kept plan ("cached plan must not change result type"); the
    search still answers, and the statement is prepared again for the new columns."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE prepared_probe (v varchar(5))")
        cursor.execute("INSERT INTO prepared_probe VALUES ('plan')")
    try:
        sql = "SELECT v FROM prepared_probe WHERE v = %s"
        assert prepared.fetch(sql, ["plan"]) == [("plan",)]
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE prepared_probe ALTER COLUMN v TYPE varchar(10)")
        assert prepared.fetch(sql, ["plan"]) == [("plan",)]
        assert prepared.fetch(sql, ["plan"]) == [("plan",)]
        assert prepared.fetch(sql, ["plan"]) == [("plan",)]
        assert len(server_statements()) == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE prepared_probe")


@postgresql
def test_a_statement_without_parameters(kept_connections):
    words()
    sql = "SELECT count(*) FROM search_word"
    assert prepared.fetch(sql, []) == [(3,)]
    assert prepared.fetch(sql, []) == [(3,)]
    assert len(server_statements()) == 1


@postgresql
def test_nothing_is_prepared_on_a_connection_per_request(settings):
    """With ``DATABASE_CONN_MAX_AGE=0`` each request has a connection of its own: preparing
    would cost a statement more on every one."""
    assert connection.settings_dict["CONN_MAX_AGE"] == 0
    assert not prepared.usable()
    words()
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == []


@postgresql
def test_the_setting_turns_it_off(kept_connections, settings):
    settings.SEARCH_PREPARED_STATEMENTS = False
    assert not prepared.usable()
    words()
    assert prepared.fetch(STATEMENT, [["plan"]]) == [("plan", 2)]
    assert server_statements() == []


@postgresql
def test_a_statement_prepare_refuses_is_sent_as_it_is(kept_connections):
    """PostgreSQL cannot tell which ``+`` two parameters of unknown type need: the
    statement runs unprepared."""
    assert prepared.fetch("SELECT %s + %s", [1, 2]) == [(3,)]
    assert prepared.fetch("SELECT %s + %s", [2, 2]) == [(4,)]
    assert server_statements() == []


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
    assert len(server_statements()) == 1


@postgresql
def test_a_connection_keeps_a_bounded_number(kept_connections, monkeypatch):
    monkeypatch.setattr(prepared, "MAX_PER_CONNECTION", 2)
    words()
    for extra in range(4):
        sql = STATEMENT + f" AND frequency > -{extra}"
        assert prepared.fetch(sql, [["plan"]]) == [("plan", 2)]
    assert len(server_statements()) == 2
