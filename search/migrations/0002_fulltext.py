"""Full-text structures and the triggers that keep ``search_entry`` in step, per database:
a weighted tsvector with GIN indexes on PostgreSQL, an FTS5 table on SQLite.

The SQL is frozen here, as it was when this migration was written: a migration never imports
live code (``search/sql.py``) whose later edits would change what it does on a fresh
install. Later changes to the SQL go in new migrations.
"""

from django.db import migrations

# The statements are kept verbatim, long lines included.
# ruff: noqa: E501

FILL = {
    "document": """
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'document', d.id, d.id, d.status = 'published', d.date,
               trim(d.title || ' ' || d.short_title), d.summary
        FROM documents_document d WHERE d.id >= %s AND d.id < %s""",
    "section": """
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'section', s.id, s.document_id, d.status = 'published', d.date, s.heading, s.body
        FROM documents_section s JOIN documents_document d ON d.id = s.document_id
        WHERE s.id >= %s AND s.id < %s""",
    "quote": """
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, (SELECT trim(o.name || ' ' || o.description) FROM documents_official o WHERE o.id = q.official_id), q.text
        FROM documents_quote q JOIN documents_document d ON d.id = q.document_id
        WHERE q.id >= %s AND q.id < %s""",
}

FILL_TABLES = {
    "document": "documents_document",
    "section": "documents_section",
    "quote": "documents_quote",
}

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_entry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body ON search_entry
    WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
        INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_document_insert AFTER INSERT ON documents_document BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                trim(NEW.title || ' ' || NEW.short_title), NEW.summary);
    END""",
    """CREATE TRIGGER search_document_update AFTER UPDATE ON documents_document BEGIN
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.summary, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        UPDATE search_entry SET published = NEW.status = 'published',
            date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
        WHERE document_id = NEW.id AND kind <> 'document'
          AND (OLD.status IS NOT NEW.status OR OLD.date IS NOT NEW.date);
    END""",
    """CREATE TRIGGER search_document_delete AFTER DELETE ON documents_document BEGIN
        DELETE FROM search_entry WHERE document_id = OLD.id;
    END""",
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
    """CREATE TRIGGER search_section_delete AFTER DELETE ON documents_section BEGIN
        DELETE FROM search_entry WHERE kind = 'section' AND object_id = OLD.id;
    END""",
    """CREATE TRIGGER search_quote_insert AFTER INSERT ON documents_quote BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, (SELECT trim(o.name || ' ' || o.description) FROM documents_official o WHERE o.id = q.official_id), q.text
        FROM documents_quote q JOIN documents_document d ON d.id = q.document_id WHERE q.id = NEW.id;
    END""",
    """CREATE TRIGGER search_quote_update AFTER UPDATE ON documents_quote BEGIN
        UPDATE search_entry SET document_id = NEW.document_id, date = NEW.date, body = NEW.text,
            title = (SELECT (SELECT trim(o.name || ' ' || o.description) FROM documents_official o WHERE o.id = q.official_id) FROM documents_quote q WHERE q.id = NEW.id),
            published = (SELECT d.status = 'published' FROM documents_document d
                         WHERE d.id = NEW.document_id)
        WHERE kind = 'quote' AND object_id = NEW.id;
    END""",
    """CREATE TRIGGER search_quote_delete AFTER DELETE ON documents_quote BEGIN
        DELETE FROM search_entry WHERE kind = 'quote' AND object_id = OLD.id;
    END""",
    """CREATE TRIGGER search_official_update AFTER UPDATE OF name, description ON documents_official
    BEGIN
        UPDATE search_entry SET title = trim(NEW.name || ' ' || NEW.description)
        WHERE kind = 'quote' AND object_id IN (SELECT id FROM documents_quote WHERE official_id = NEW.id);
    END""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_document_insert",
    "DROP TRIGGER IF EXISTS search_document_update",
    "DROP TRIGGER IF EXISTS search_document_delete",
    "DROP TRIGGER IF EXISTS search_section_insert",
    "DROP TRIGGER IF EXISTS search_section_update",
    "DROP TRIGGER IF EXISTS search_section_delete",
    "DROP TRIGGER IF EXISTS search_quote_insert",
    "DROP TRIGGER IF EXISTS search_quote_update",
    "DROP TRIGGER IF EXISTS search_quote_delete",
    "DROP TRIGGER IF EXISTS search_official_update",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN vector tsvector, ADD COLUMN title_vector tsvector, ADD COLUMN phrase_vector tsvector",
    """CREATE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.body IS DISTINCT FROM OLD.body THEN
            NEW.title_vector := to_tsvector('english', NEW.title);
            NEW.vector := setweight(NEW.title_vector, 'A') || setweight(
                to_tsvector('english', NEW.body),
                CASE WHEN NEW.kind = 'section' THEN 'C' ELSE 'B' END::"char");
            -- Every pair of lexemes at neighbouring positions ("unit_state"): a phrase query
            -- looks its pairs up here instead of checking the positions of every entry that
            -- merely holds all its words.
            NEW.phrase_vector := COALESCE((
                SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || '_' || b.lexeme))
                FROM (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) a
                JOIN (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) b
                  ON b.p = a.p + 1
            ), ''::tsvector);
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE ON search_entry
       FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()""",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
    "CREATE INDEX search_entry_title_vector ON search_entry USING gin (title_vector)",
    """CREATE FUNCTION search_sync_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE document_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                    trim(NEW.title || ' ' || NEW.short_title), NEW.summary);
            RETURN NEW;
        END IF;
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.summary, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        IF OLD.status IS DISTINCT FROM NEW.status OR OLD.date IS DISTINCT FROM NEW.date THEN
            UPDATE search_entry SET published = NEW.status = 'published',
                date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
            WHERE document_id = NEW.id AND kind <> 'document';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_sync_document AFTER INSERT OR UPDATE OR DELETE ON documents_document
       FOR EACH ROW EXECUTE FUNCTION search_sync_document()""",
    """CREATE FUNCTION search_sync_section() RETURNS trigger LANGUAGE plpgsql AS $$
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
    END $$""",
    """CREATE TRIGGER search_sync_section AFTER INSERT OR UPDATE OR DELETE ON documents_section
       FOR EACH ROW EXECUTE FUNCTION search_sync_section()""",
    """CREATE FUNCTION search_sync_quote() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE kind = 'quote' AND object_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, (SELECT trim(o.name || ' ' || o.description) FROM documents_official o WHERE o.id = q.official_id), q.text
            FROM documents_quote q JOIN documents_document d ON d.id = q.document_id WHERE q.id = NEW.id;
            RETURN NEW;
        END IF;
        UPDATE search_entry e SET document_id = q.document_id, date = q.date, body = q.text,
            title = (SELECT trim(o.name || ' ' || o.description) FROM documents_official o WHERE o.id = q.official_id), published = d.status = 'published'
        FROM documents_quote q JOIN documents_document d ON d.id = q.document_id
        WHERE q.id = NEW.id AND e.kind = 'quote' AND e.object_id = NEW.id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_sync_quote AFTER INSERT OR UPDATE OR DELETE ON documents_quote
       FOR EACH ROW EXECUTE FUNCTION search_sync_quote()""",
    """CREATE FUNCTION search_sync_official() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_entry SET title = trim(NEW.name || ' ' || NEW.description)
        WHERE kind = 'quote'
          AND object_id IN (SELECT id FROM documents_quote WHERE official_id = NEW.id);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_sync_official AFTER UPDATE OF name, description ON documents_official
       FOR EACH ROW EXECUTE FUNCTION search_sync_official()""",
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_sync_official ON documents_official",
    "DROP TRIGGER IF EXISTS search_sync_quote ON documents_quote",
    "DROP TRIGGER IF EXISTS search_sync_section ON documents_section",
    "DROP TRIGGER IF EXISTS search_sync_document ON documents_document",
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_entry",
    "DROP FUNCTION IF EXISTS search_sync_official()",
    "DROP FUNCTION IF EXISTS search_sync_quote()",
    "DROP FUNCTION IF EXISTS search_sync_section()",
    "DROP FUNCTION IF EXISTS search_sync_document()",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
    "DROP INDEX IF EXISTS search_entry_phrase_vector",
    "DROP INDEX IF EXISTS search_entry_title_vector",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector, DROP COLUMN IF EXISTS title_vector, DROP COLUMN IF EXISTS phrase_vector",
]


def statements(vendor, forward=True):
    if vendor == "postgresql":
        return POSTGRES_FORWARD if forward else POSTGRES_BACKWARD
    if vendor == "sqlite":
        return SQLITE_FORWARD if forward else SQLITE_BACKWARD
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def fill(cursor, batch=50_000):
    """Index every document, section and quote (the index is empty)."""
    for kind, statement in FILL.items():
        cursor.execute(
            f"SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM {FILL_TABLES[kind]}"
        )
        low, high = cursor.fetchone()
        start = low
        while start <= high and high:
            cursor.execute(statement, [start, start + batch])
            start += batch


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements(schema_editor.connection.vendor):
            cursor.execute(statement)
        fill(cursor)


def backward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_entry")
        for statement in statements(schema_editor.connection.vendor, forward=False):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("documents", "0002_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(forward, backward)]
