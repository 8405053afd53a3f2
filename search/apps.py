from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.signals import connection_created


def sqlite_has_fts5():
    import sqlite3

    connection = sqlite3.connect(":memory:")
    try:
        connection.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='porter')")
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()
    return True


def disable_jit(sender, connection, **kwargs):
    """PostgreSQL's JIT compiler spends ~0.5 s compiling any plan whose estimated cost is
    high, and the estimates for search's bounded CTEs are high although they run in
    milliseconds. Search queries are short: turn JIT off for the app's connections."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        connection_created.connect(disable_jit, dispatch_uid="search-disable-jit")
        uses_sqlite = any(connections[alias].vendor == "sqlite" for alias in connections)
        if uses_sqlite and not sqlite_has_fts5():
            raise ImproperlyConfigured(
                "Search needs SQLite's FTS5 extension, and the SQLite library Python uses lacks "
                "it. Install a Python built against a SQLite with FTS5 (the default on most "
                "systems), or use PostgreSQL by setting DATABASE_URL."
            )
