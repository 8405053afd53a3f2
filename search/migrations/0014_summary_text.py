"""The index holds a document's summary as text (documents/0017: ``summary_text``), not its
markup: a link's address and a tag's name were words of the two summaries that hold markup
(`cite` found the 1997 Guidelines' Annex table). The document triggers index
``summary_text``, and every document's entry is written again.

The SQL is frozen here (see 0002); each statement is written once, with the column it
indexes (``summary_text`` forward, ``summary`` backward).
"""

from django.db import migrations

# Each statement with {column}: the document's column its entry's text comes from.
STATEMENTS = {
    "sqlite": [
        "DROP TRIGGER search_document_insert",
        """CREATE TRIGGER search_document_insert AFTER INSERT ON documents_document BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                trim(NEW.title || ' ' || NEW.short_title), NEW.{column});
    END""",
        "DROP TRIGGER search_document_update",
        """CREATE TRIGGER search_document_update AFTER UPDATE ON documents_document BEGIN
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.{column}, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        UPDATE search_entry SET published = NEW.status = 'published',
            date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
        WHERE document_id = NEW.id AND kind <> 'document'
          AND (OLD.status IS NOT NEW.status OR OLD.date IS NOT NEW.date);
    END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION search_sync_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE document_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                    trim(NEW.title || ' ' || NEW.short_title), NEW.{column});
            RETURN NEW;
        END IF;
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.{column}, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        IF OLD.status IS DISTINCT FROM NEW.status OR OLD.date IS DISTINCT FROM NEW.date THEN
            UPDATE search_entry SET published = NEW.status = 'published',
                date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
            WHERE document_id = NEW.id AND kind <> 'document';
        END IF;
        RETURN NEW;
    END $$""",
    ],
}

REFILL = """UPDATE search_entry SET body = (
    SELECT d.{column} FROM documents_document d WHERE d.id = search_entry.object_id
) WHERE kind = 'document'"""


def run(column):
    def operation(apps, schema_editor):
        statements = STATEMENTS.get(schema_editor.connection.vendor)
        if statements is None:
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in [*statements, REFILL]:
                cursor.execute(statement.format(column=column))

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0013_sqlite_words_as_written"),
        ("documents", "0017_document_summary_text"),
    ]

    operations = [migrations.RunPython(run("summary_text"), run("summary"))]
