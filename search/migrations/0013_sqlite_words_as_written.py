"""SQLite: the entries indexed a second time, by their words as written, without stemming
(``search_fts_words``), kept current by triggers like ``search_fts``.

Porter's stemmer, the only one FTS5 has, makes "use", "used", "uses" and "using" the stem
"us", and ``search_fts`` keeps only stems: "U.S.", which also searches for "US" written
without dots, found every entry with "use" in it (204 entries in the shipped archive against
PostgreSQL's 187). A word of two letters is now also looked up in this table, where "us" is
only "us" (``search.backends``). Only which entries hold a word is kept (``detail='column'``),
about a twentieth of the database at 200,000 generated sections. Nothing changes on
PostgreSQL, whose Snowball stemmer keeps "use".

The SQL is frozen here (see 0002), as search/sql.py has it now.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts_words USING fts5(
        title, body, content='search_entry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', detail='column')""",
    """CREATE TRIGGER search_fts_words_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts_words (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_fts_words_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts_words (search_fts_words, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
    END""",
    """CREATE TRIGGER search_fts_words_update AFTER UPDATE OF title, body ON search_entry
    WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
        INSERT INTO search_fts_words (search_fts_words, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
        INSERT INTO search_fts_words (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    "INSERT INTO search_fts_words (search_fts_words) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_words_update",
    "DROP TRIGGER IF EXISTS search_fts_words_delete",
    "DROP TRIGGER IF EXISTS search_fts_words_insert",
    "DROP TABLE IF EXISTS search_fts_words",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0012_phrase_gap")]

    operations = [migrations.RunPython(run(SQLITE_FORWARD), run(SQLITE_BACKWARD))]
