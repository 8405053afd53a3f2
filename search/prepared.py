"""Statements PostgreSQL plans once per connection: ``PREPARE`` the first time a statement
of a given text is run on a connection, ``EXECUTE`` after (with ``plan_cache_mode =
force_generic_plan``, set on each connection by ``search.apps``, the plan is made once).

Only for a statement whose one plan suits every value it is run with: search's statement
for unfiltered searches of plain words the vocabulary tells have few matches
(``PostgresBackend.few``), where the planning took half the time at a million sections. A
generic plan for every search would read a common word's whole GIN bitmap, and one for a
phrase beside a word of a few percent of the entries reads that word's (docs/search.md).

Used when the connection outlives the request (``DATABASE_CONN_MAX_AGE`` above 0, or the
pool), outside transactions (a statement found gone must not abort one); with a new
connection per request there is nothing to keep, and the statement is sent as it is.
``SEARCH_PREPARED_STATEMENTS = False`` turns it off (behind PgBouncer in transaction mode,
which does not keep a server connection's prepared statements for its client).

A statement's name is a digest of its text, so a name means the same statement on every
connection, whichever client a pooler gave the server connection to before. Each holds about
350 KB of the server's memory while prepared: a connection keeps at most
``MAX_PER_CONNECTION``.

Django sends everything else with its parameters bound on the client, and so never prepares:
the plan-cache setting applies only to the statements prepared here. They run through
Django's cursor, so its execute wrappers (the read deadline of ``alliance.db``) apply.
"""

import contextlib
import hashlib
import re
import weakref

from django.conf import settings
from django.db import DatabaseError, NotSupportedError, ProgrammingError, connection

MAX_PER_CONNECTION = 16  # statement texts kept prepared on one connection

_PLACEHOLDER = re.compile(r"%.?", re.DOTALL)
_DUPLICATE = "42P05"  # duplicate_prepared_statement: prepared before, under this name

# {psycopg connection: {statement text: its prepared name, or None if it cannot be}}
_prepared = weakref.WeakKeyDictionary()


def numbered(sql):
    """``sql`` with its ``%s`` placeholders numbered ($1, $2, …) as ``PREPARE`` takes them
    and its ``%%`` made ``%``; None if it holds any other ``%``."""
    count = 0

    def number(match):
        nonlocal count
        if match.group() == "%%":
            return "%"
        if match.group() != "%s":
            raise ValueError(match.group())
        count += 1
        return f"${count}"

    try:
        return _PLACEHOLDER.sub(number, sql)
    except ValueError:
        return None


def usable():
    """Whether a statement run now may be prepared: PostgreSQL, the setting on, a connection
    kept between requests, and no transaction open (a failed ``EXECUTE`` would abort it)."""
    if not getattr(settings, "SEARCH_PREPARED_STATEMENTS", True):
        return False
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    if not connection.get_autocommit():
        return False
    age = connection.settings_dict.get("CONN_MAX_AGE", 0)
    return age is None or age > 0 or "pool" in connection.settings_dict.get("OPTIONS", {})


def fetch(sql, params):
    """The rows of ``sql`` with ``params``, prepared on this connection when ``usable``."""
    name = _name(sql) if usable() else None
    with connection.cursor() as cursor:
        if name is None:
            cursor.execute(sql, params)
            return cursor.fetchall()
        arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
        try:
            cursor.execute(f"EXECUTE {name}{arguments}", params)
        except (ProgrammingError, NotSupportedError):
            # Gone from the connection (``DISCARD ALL`` by a pooler), or planned for columns
            # whose type has changed since ("cached plan must not change result type": a
            # migration while serving): forget the connection's statements, drop this one,
            # and run it as it is (no transaction was open). The next search prepares it
            # again.
            _prepared.pop(connection.connection, None)
            with contextlib.suppress(DatabaseError):
                cursor.execute(f"DEALLOCATE {name}")
            cursor.execute(sql, params)
        return cursor.fetchall()


def _name(sql):
    """This connection's name for ``sql``, prepared now if it is new; None if it is not to be
    (a statement ``PREPARE`` refuses, or the connection holds MAX_PER_CONNECTION)."""
    connection.ensure_connection()
    names = _prepared.setdefault(connection.connection, {})
    if sql in names:
        return names[sql]
    if len(names) >= MAX_PER_CONNECTION:
        return None
    name = f"search_{hashlib.sha256(sql.encode()).hexdigest()[:24]}"
    text = numbered(sql)
    if text is not None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"PREPARE {name} AS {text}")
        except ProgrammingError as error:
            if getattr(error.__cause__, "sqlstate", None) != _DUPLICATE:
                text = None
    names[sql] = name if text is not None else None
    return names[sql]
