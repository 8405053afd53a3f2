"""SQLite: each entry's public cooperation areas, with their parents, in a table of their own
(``search_entry_area``), kept current by triggers, as PostgreSQL keeps them in
``search_entry.areas`` (0003, 0004): the area facet is counted from it and the area filter
reads it, instead of joining the matches to the three tag tables at every search. Public, as
everywhere: the reviewed tags of documents and sections, every tag of a quote. Nothing changes
on PostgreSQL.

The SQL is frozen here (see 0002), as search/sql.py has it now.
"""

from django.db import migrations

# The statements are kept verbatim, long lines included.
# ruff: noqa: E501

SQLITE_FORWARD = [
    """CREATE TABLE search_entry_area (
        entry_id INTEGER NOT NULL, area_id INTEGER NOT NULL, PRIMARY KEY (entry_id, area_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_entry_area_area ON search_entry_area (area_id)",
    """CREATE TRIGGER search_entry_areas_insert AFTER INSERT ON search_entry BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.document_id = NEW.object_id AND NEW.kind = 'document' AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.section_id = NEW.object_id AND NEW.kind = 'section' AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.quote_id = NEW.object_id AND NEW.kind = 'quote';
    END""",
    """CREATE TRIGGER search_entry_areas_delete AFTER DELETE ON search_entry BEGIN
        DELETE FROM search_entry_area WHERE entry_id = OLD.id;
    END""",
    """CREATE TRIGGER search_document_areas_insert AFTER INSERT ON documents_document_areas BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.id = NEW.id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_document_areas_delete AFTER DELETE ON documents_document_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'document' AND object_id = OLD.document_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.document_id = OLD.document_id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_document_areas_update AFTER UPDATE ON documents_document_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'document' AND object_id = OLD.document_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.document_id = OLD.document_id AND x.status = 'reviewed';
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'document' AND object_id = NEW.document_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.document_id = NEW.document_id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_section_areas_insert AFTER INSERT ON documents_section_areas BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.id = NEW.id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_section_areas_delete AFTER DELETE ON documents_section_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'section' AND object_id = OLD.section_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.section_id = OLD.section_id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_section_areas_update AFTER UPDATE ON documents_section_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'section' AND object_id = OLD.section_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.section_id = OLD.section_id AND x.status = 'reviewed';
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'section' AND object_id = NEW.section_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.section_id = NEW.section_id AND x.status = 'reviewed';
    END""",
    """CREATE TRIGGER search_quote_areas_insert AFTER INSERT ON documents_quote_areas BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.id = NEW.id;
    END""",
    """CREATE TRIGGER search_quote_areas_delete AFTER DELETE ON documents_quote_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'quote' AND object_id = OLD.quote_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.quote_id = OLD.quote_id;
    END""",
    """CREATE TRIGGER search_quote_areas_update AFTER UPDATE ON documents_quote_areas BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'quote' AND object_id = OLD.quote_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.quote_id = OLD.quote_id;
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = 'quote' AND object_id = NEW.quote_id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.quote_id = NEW.quote_id;
    END""",
    """CREATE TRIGGER search_area_parent AFTER UPDATE OF parent_id ON documents_cooperationarea
    WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT entry_id FROM search_entry_area WHERE area_id = NEW.id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.document_id IN (SELECT document_id FROM documents_document_areas WHERE cooperationarea_id IN (SELECT id FROM documents_cooperationarea WHERE id = NEW.id OR parent_id = NEW.id)) AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.section_id IN (SELECT section_id FROM documents_section_areas WHERE cooperationarea_id IN (SELECT id FROM documents_cooperationarea WHERE id = NEW.id OR parent_id = NEW.id)) AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE x.quote_id IN (SELECT quote_id FROM documents_quote_areas WHERE cooperationarea_id IN (SELECT id FROM documents_cooperationarea WHERE id = NEW.id OR parent_id = NEW.id));
    END""",
    """INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) SELECT e.id, f.id FROM documents_document_areas x
            JOIN search_entry e ON e.kind = 'document' AND e.object_id = x.document_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE 1 AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_section_areas x
            JOIN search_entry e ON e.kind = 'section' AND e.object_id = x.section_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE 1 AND x.status = 'reviewed'
        UNION ALL SELECT e.id, f.id FROM documents_quote_areas x
            JOIN search_entry e ON e.kind = 'quote' AND e.object_id = x.quote_id
            JOIN documents_cooperationarea a ON a.id = x.cooperationarea_id
            JOIN documents_cooperationarea f ON f.id = a.id OR f.id = a.parent_id
            WHERE 1""",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_area_parent",
    "DROP TRIGGER IF EXISTS search_document_areas_insert",
    "DROP TRIGGER IF EXISTS search_document_areas_delete",
    "DROP TRIGGER IF EXISTS search_document_areas_update",
    "DROP TRIGGER IF EXISTS search_section_areas_insert",
    "DROP TRIGGER IF EXISTS search_section_areas_delete",
    "DROP TRIGGER IF EXISTS search_section_areas_update",
    "DROP TRIGGER IF EXISTS search_quote_areas_insert",
    "DROP TRIGGER IF EXISTS search_quote_areas_delete",
    "DROP TRIGGER IF EXISTS search_quote_areas_update",
    "DROP TRIGGER IF EXISTS search_entry_areas_delete",
    "DROP TRIGGER IF EXISTS search_entry_areas_insert",
    "DROP TABLE IF EXISTS search_entry_area",
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
    dependencies = [("search", "0010_section_label_titles")]

    operations = [migrations.RunPython(run(SQLITE_FORWARD), run(SQLITE_BACKWARD))]
