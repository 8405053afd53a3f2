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


# PostgreSQL settings for the app's connections, set once when a connection opens:
# - jit: the JIT compiler spent ~0.5 s compiling any plan whose estimated cost is high, and
#   the estimates for search's bounded CTEs are high although they run in milliseconds;
# - random_page_cost: the defaults assume a disk that seeks; with them the planner read a
#   year range by scanning the table in storage order (145-190 ms for "security" in the
#   1990s at a million sections; 90 ms with the date and GIN indexes). The indexes live in
#   memory (shared buffers and the OS cache);
# - work_mem: at 4 MB a common word's bitmap turned lossy and every row of its pages was
#   rechecked ("okinawa -marine": 97 -> 54 ms);
# - synchronize_seqscans: a search read by a scan of the table in storage order counts its
#   first 5,000 matches and ranks its first 2,000; with synchronized scans a scan starts
#   wherever another is, so which matches those were — and the facets past 5,000 — changed
#   from one run of the same search to the next. Off, every scan starts at the beginning.
# - plan_cache_mode: a statement prepared by ``search.prepared`` is planned once, for any
#   values (Django binds every other statement's parameters on the client and prepares
#   none, so this reaches only those).
# They used to be set per search in a transaction of its own: three statements more on
# every search, which the rare-word and no-hit searches felt most.
POSTGRES_SETTINGS = {
    "jit": "off",
    "random_page_cost": "1.1",
    "work_mem": "16MB",
    "synchronize_seqscans": "off",
    "plan_cache_mode": "force_generic_plan",
}


def disable_jit(sender, connection, **kwargs):
    """Apply POSTGRES_SETTINGS to a new PostgreSQL connection."""
    if connection.vendor == "postgresql":
        settings = ", ".join(["set_config(%s, %s, false)"] * len(POSTGRES_SETTINGS))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {settings}", [x for item in POSTGRES_SETTINGS.items() for x in item]
            )


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
