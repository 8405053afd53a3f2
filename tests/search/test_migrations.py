"""The search migrations are self-contained: editing ``search/sql.py`` (the live SQL that
``rebuild_search_index`` uses) never changes what an old migration does on a fresh install."""

import ast
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

import search.migrations
from search import backends
from search.engine import search as search_for
from tests.factories import DocumentFactory, SectionFactory

MIGRATIONS = Path(search.migrations.__file__).parent


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""


def table_triggers(table):
    """The triggers on ``table``: (name, definition), by name."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                "ORDER BY name",
                [table],
            )
        else:
            cursor.execute(
                "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal "
                "AND tgrelid = %s::regclass ORDER BY tgname",
                [table],
            )
        return cursor.fetchall()


@pytest.fixture
def searched_before_stems(monkeypatch):
    """The schemas these tests go back to have no vocabulary stems (search 0016), from which
    PostgreSQL's search bounds its matches: it searches as it did then, without the bound."""
    monkeypatch.setattr(backends.PostgresBackend, "bound", lambda self, query: None)


def test_search_migrations_import_nothing_from_the_project():
    for path in sorted(MIGRATIONS.glob("0*.py")):
        for module in imported_modules(path):
            assert module.split(".")[0] in {"django", "__future__"}, (path.name, module)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table of entry areas")
def test_the_entry_areas_migration_backfills_and_reverses(corpus, searched_before_stems):
    """0011 fills ``search_entry_area`` from the tags already there, and unapplying it
    leaves no table or trigger behind: a database can go back and forth."""

    def rows():
        with connection.cursor() as cursor:
            cursor.execute("SELECT entry_id, area_id FROM search_entry_area ORDER BY 1, 2")
            return cursor.fetchall()

    def sqlite_objects(pattern):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [pattern])
            return {name for (name,) in cursor.fetchall()}

    before = rows()
    assert len(before) >= 6  # the corpus's tagged entries, their parent areas included
    call_command("migrate", "search", "0010", verbosity=0)
    assert sqlite_objects("search_%area%") == set()
    call_command("migrate", "search", verbosity=0)
    assert rows() == before


@pytest.mark.django_db(transaction=True)
def test_adding_an_areas_tagging_rules_keeps_the_search_triggers(corpus):
    """documents 0012 adds a column to the areas in place: a table rebuild (Django's way on
    SQLite) would drop the search index's trigger on an area's parent."""

    def triggers():
        return table_triggers("documents_cooperationarea")

    before = triggers()
    if connection.vendor == "sqlite":
        assert before  # the area parent trigger (search 0011)
    call_command("migrate", "documents", "0011", verbosity=0)
    assert triggers() == before
    call_command("migrate", "documents", verbosity=0)
    assert triggers() == before
    from documents.models import CooperationArea

    area = CooperationArea.objects.get(slug="cyberspace")
    assert area.tagging_rules == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's entry vectors")
def test_the_phrase_gap_migration_recomputes_every_entry(searched_before_stems):
    """search 0012 puts a gap between an entry's title and its text and recomputes the
    entries already indexed; unapplying it joins them again."""
    section = SectionFactory(
        document=DocumentFactory(title="Guidelines", summary=""),
        heading="Actions in Response to an Armed Attack against Japan",
        body="U.S. Forces will support the operations of the Self-Defense Forces.",
    )

    def found():
        return [
            hit.url for hit in search_for('"japan u s forces"').hits if section.anchor in hit.url
        ]

    assert not found()
    call_command("migrate", "search", "0011", verbosity=0)
    assert found()
    call_command("migrate", "search", verbosity=0)
    assert not found()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of words as written")
def test_the_words_as_written_index_fills_follows_edits_and_reverses(searched_before_stems):
    """search 0013 indexes the entries already there by their words as written (so "US" no
    longer finds "use"), its triggers follow every later edit, and unapplying it leaves no
    table or trigger behind."""
    document = DocumentFactory(title="Guidelines", summary="")
    section = SectionFactory(document=document, heading="", body="The forces will use it.")
    other = SectionFactory(document=document, heading="", body="US forces and us.")

    def found(text):
        return {hit.object_id for hit in search_for(text).hits}

    def sqlite_objects(pattern):
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s", [pattern])
            return {name for (name,) in cursor.fetchall()}

    assert found("US") == {other.pk}
    call_command("migrate", "search", "0012", verbosity=0)
    assert sqlite_objects("search_fts_words%") == set()
    call_command("migrate", "search", verbosity=0)
    assert found("US") == {other.pk}  # the entries already there, indexed as written
    section.body = "U.S. forces will use it."
    section.save()
    other.body = "Forces will use it."
    other.save()
    assert found("US") == {section.pk}
    assert found("forces -US") == {other.pk}

    def indexed_as_written(word):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_fts_words WHERE search_fts_words MATCH %s", [word]
            )
            return {rowid for (rowid,) in cursor.fetchall()}

    assert len(indexed_as_written("forces")) == 2
    section.delete()
    # the index itself forgets the entry (a search alone would not tell: its row is gone)
    assert len(indexed_as_written("forces")) == 1
    assert found("US") == set()


@pytest.mark.django_db(transaction=True)
def test_the_summary_text_migrations_index_a_summarys_words_and_reverse(searched_before_stems):
    """documents 0017 and search 0014: the index holds a summary's text, not its markup, on
    a database that had it otherwise; unapplying them brings the markup back, and the
    documents table keeps every search trigger either way (a table rebuild would drop them)."""
    document = DocumentFactory(title="Annex", summary="See <cite>Defense of Japan</cite>.")

    def document_triggers():
        return table_triggers("documents_document")

    triggers = document_triggers()
    assert triggers
    assert search_for("cite").total == 0
    call_command("migrate", "documents", "0016", verbosity=0)
    assert search_for("cite").total == 1  # as it was
    assert [name for name, _ in document_triggers()] == [name for name, _ in triggers]
    call_command("migrate", verbosity=0)
    assert document_triggers() == triggers
    assert search_for("cite").total == 0 and search_for("defense japan").total == 1
    document.delete()  # the delete trigger is still there
    assert search_for("defense japan").total == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stems")
def test_the_stems_migration_stems_the_vocabulary_already_there():
    """search 0016 stems the words already in the vocabulary with PostgreSQL's own
    dictionary, as the vocabulary is stemmed when it is written."""
    call_command("migrate", "search", "0015", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_word (word, frequency, initial, length) VALUES "
            "('international', 2, 'i', 13), ('planning', 3, 'p', 8), ('the', 4, 't', 3)"
        )
    call_command("migrate", "search", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, stem FROM search_word ORDER BY word")
        assert cursor.fetchall() == [
            ("international", "intern"),
            ("planning", "plan"),
            ("the", "the"),
        ]
