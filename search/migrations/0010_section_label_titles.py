"""A heading-less section whose label names it ("Article 5" of the Treaty) is titled by its
label in the index, so that "Article 5" finds the article itself and a hit shows its name.
Changing a section's label now updates its entry too.

The SQL is frozen here (see 0002): the section triggers (SQLite) and the section sync
function (PostgreSQL) as search/sql.py has them now, and the titles of the entries it
changes rewritten.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "DROP TRIGGER search_section_insert",
    "DROP TRIGGER search_section_update",
    """CREATE TRIGGER search_section_insert AFTER INSERT ON documents_section BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'section', NEW.id, d.id, d.status = 'published', d.date,
               (CASE WHEN NEW.heading = '' AND (NEW.label LIKE 'Article %'
                   OR NEW.label LIKE 'Annex%'
                   OR NEW.label LIKE 'Chapter %'
                   OR NEW.label LIKE 'Part %')
                THEN NEW.label ELSE NEW.heading END), NEW.body
        FROM documents_document d WHERE d.id = NEW.document_id;
    END""",
    """CREATE TRIGGER search_section_update AFTER UPDATE OF heading, label, body, document_id
    ON documents_section BEGIN
        UPDATE search_entry SET title = (CASE WHEN NEW.heading = '' AND (NEW.label LIKE 'Article %'
                   OR NEW.label LIKE 'Annex%'
                   OR NEW.label LIKE 'Chapter %'
                   OR NEW.label LIKE 'Part %')
                THEN NEW.label ELSE NEW.heading END), body = NEW.body,
            document_id = NEW.document_id,
            published = (SELECT d.status = 'published' FROM documents_document d
                         WHERE d.id = NEW.document_id),
            date = (SELECT d.date FROM documents_document d WHERE d.id = NEW.document_id)
        WHERE kind = 'section' AND object_id = NEW.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER search_section_insert",
    "DROP TRIGGER search_section_update",
    """CREATE TRIGGER search_section_insert AFTER INSERT ON documents_section BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'section', NEW.id, d.id, d.status = 'published', d.date, NEW.heading, NEW.body
        FROM documents_document d WHERE d.id = NEW.document_id;
    END""",
    """CREATE TRIGGER search_section_update AFTER UPDATE OF heading, body, document_id
    ON documents_section BEGIN
        UPDATE search_entry SET title = NEW.heading, body = NEW.body,
            document_id = NEW.document_id,
            published = (SELECT d.status = 'published' FROM documents_document d
                         WHERE d.id = NEW.document_id),
            date = (SELECT d.date FROM documents_document d WHERE d.id = NEW.document_id)
        WHERE kind = 'section' AND object_id = NEW.id;
    END""",
]
POSTGRES_FORWARD = [
    """CREATE OR REPLACE FUNCTION search_sync_section() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE kind = 'section' AND object_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            SELECT 'section', NEW.id, d.id, d.status = 'published', d.date,
               (CASE WHEN NEW.heading = '' AND (NEW.label LIKE 'Article %'
                   OR NEW.label LIKE 'Annex%'
                   OR NEW.label LIKE 'Chapter %'
                   OR NEW.label LIKE 'Part %')
                THEN NEW.label ELSE NEW.heading END), NEW.body
            FROM documents_document d WHERE d.id = NEW.document_id;
            RETURN NEW;
        END IF;
        IF OLD.heading IS DISTINCT FROM NEW.heading OR OLD.body IS DISTINCT FROM NEW.body
           OR OLD.label IS DISTINCT FROM NEW.label
           OR OLD.document_id IS DISTINCT FROM NEW.document_id THEN
            UPDATE search_entry e SET
                title = (CASE WHEN NEW.heading = '' AND (NEW.label LIKE 'Article %'
                   OR NEW.label LIKE 'Annex%'
                   OR NEW.label LIKE 'Chapter %'
                   OR NEW.label LIKE 'Part %')
                THEN NEW.label ELSE NEW.heading END), body = NEW.body,
                document_id = NEW.document_id, published = d.status = 'published', date = d.date
            FROM documents_document d
            WHERE d.id = NEW.document_id AND e.kind = 'section' AND e.object_id = NEW.id;
        END IF;
        RETURN NEW;
    END $$"""
]
POSTGRES_BACKWARD = [
    """CREATE OR REPLACE FUNCTION search_sync_section() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE kind = 'section' AND object_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            SELECT 'section', NEW.id, d.id, d.status = 'published', d.date, NEW.heading, NEW.body
            FROM documents_document d WHERE d.id = NEW.document_id;
            RETURN NEW;
        END IF;
        IF OLD.heading IS DISTINCT FROM NEW.heading OR OLD.body IS DISTINCT FROM NEW.body
           OR OLD.document_id IS DISTINCT FROM NEW.document_id THEN
            UPDATE search_entry e SET title = NEW.heading, body = NEW.body,
                document_id = NEW.document_id, published = d.status = 'published', date = d.date
            FROM documents_document d
            WHERE d.id = NEW.document_id AND e.kind = 'section' AND e.object_id = NEW.id;
        END IF;
        RETURN NEW;
    END $$"""
]

BACKFILL = """UPDATE search_entry SET title = (
        SELECT (CASE WHEN s.heading = '' AND (s.label LIKE 'Article %'
                   OR s.label LIKE 'Annex%'
                   OR s.label LIKE 'Chapter %'
                   OR s.label LIKE 'Part %')
                THEN s.label ELSE s.heading END)
        FROM documents_section s WHERE s.id = search_entry.object_id)
    WHERE kind = 'section' AND object_id IN (
        SELECT s.id FROM documents_section s WHERE s.heading = '' AND s.label <> '')"""
UNFILL = """UPDATE search_entry SET title = (
        SELECT s.heading FROM documents_section s WHERE s.id = search_entry.object_id)
    WHERE kind = 'section' AND object_id IN (
        SELECT s.id FROM documents_section s WHERE s.heading = '' AND s.label <> '')"""


def run(statements, fill):
    def operation(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor)
        if chosen is None:
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in chosen:
                cursor.execute(statement)
            cursor.execute(fill)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0009_suggestions_index")]

    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}, BACKFILL),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}, UNFILL),
        ),
    ]
