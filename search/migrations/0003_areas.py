"""PostgreSQL: each entry's cooperation areas (with their parents) in ``search_entry.areas``,
GIN-indexed and kept current by triggers, so an area filter is one index condition; and the
phrase-pair index that 0002 left to ``generate_corpus``. Nothing changes on SQLite.

The SQL is frozen here, as it was when this migration was written (see 0002).
"""

from django.db import migrations

# The statements are kept verbatim, long lines included.
# ruff: noqa: E501

POSTGRES_AREAS_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN areas bigint[]",
    """CREATE FUNCTION search_areas(p_kind varchar, p_id bigint) RETURNS bigint[]
    LANGUAGE sql STABLE AS $$
        SELECT array_agg(DISTINCT v.area ORDER BY v.area)
        FROM (SELECT cooperationarea_id AS area_id FROM documents_document_areas WHERE p_kind = 'document' AND document_id = p_id
        UNION ALL SELECT cooperationarea_id AS area_id FROM documents_section_areas WHERE p_kind = 'section' AND section_id = p_id
        UNION ALL SELECT cooperationarea_id AS area_id FROM documents_quote_areas WHERE p_kind = 'quote' AND quote_id = p_id) t
        JOIN documents_cooperationarea a ON a.id = t.area_id
        CROSS JOIN LATERAL (VALUES (a.id), (a.parent_id)) v(area)
        WHERE v.area IS NOT NULL
    $$""",
    """CREATE FUNCTION search_entry_areas() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.areas := search_areas(NEW.kind, NEW.object_id);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_areas BEFORE INSERT ON search_entry
       FOR EACH ROW EXECUTE FUNCTION search_entry_areas()""",
    """CREATE FUNCTION search_sync_document_areas() RETURNS trigger LANGUAGE plpgsql
        AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('document', e.object_id)
            WHERE e.kind = 'document' AND e.object_id IN (SELECT document_id FROM new_rows);
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('document', e.object_id)
            WHERE e.kind = 'document' AND e.object_id IN (SELECT document_id FROM old_rows);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_sync_document_areas_insert AFTER INSERT
                ON documents_document_areas REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_document_areas()""",
    """CREATE TRIGGER search_sync_document_areas_delete AFTER DELETE
                ON documents_document_areas REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_document_areas()""",
    """CREATE TRIGGER search_sync_document_areas_update AFTER UPDATE
                ON documents_document_areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_document_areas()""",
    """CREATE FUNCTION search_sync_section_areas() RETURNS trigger LANGUAGE plpgsql
        AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('section', e.object_id)
            WHERE e.kind = 'section' AND e.object_id IN (SELECT section_id FROM new_rows);
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('section', e.object_id)
            WHERE e.kind = 'section' AND e.object_id IN (SELECT section_id FROM old_rows);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_sync_section_areas_insert AFTER INSERT
                ON documents_section_areas REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_section_areas()""",
    """CREATE TRIGGER search_sync_section_areas_delete AFTER DELETE
                ON documents_section_areas REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_section_areas()""",
    """CREATE TRIGGER search_sync_section_areas_update AFTER UPDATE
                ON documents_section_areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_section_areas()""",
    """CREATE FUNCTION search_sync_quote_areas() RETURNS trigger LANGUAGE plpgsql
        AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('quote', e.object_id)
            WHERE e.kind = 'quote' AND e.object_id IN (SELECT quote_id FROM new_rows);
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE search_entry e SET areas = search_areas('quote', e.object_id)
            WHERE e.kind = 'quote' AND e.object_id IN (SELECT quote_id FROM old_rows);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER search_sync_quote_areas_insert AFTER INSERT
                ON documents_quote_areas REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_quote_areas()""",
    """CREATE TRIGGER search_sync_quote_areas_delete AFTER DELETE
                ON documents_quote_areas REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_quote_areas()""",
    """CREATE TRIGGER search_sync_quote_areas_update AFTER UPDATE
                ON documents_quote_areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_quote_areas()""",
    """CREATE FUNCTION search_sync_area_parent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_entry SET areas = search_areas(kind, object_id)
        WHERE areas @> ARRAY[NEW.id];
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_sync_area_parent AFTER UPDATE OF parent_id ON documents_cooperationarea
       FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
       EXECUTE FUNCTION search_sync_area_parent()""",
    "UPDATE search_entry e SET areas = search_areas(e.kind, e.object_id) WHERE (e.kind = 'document' AND e.object_id IN (SELECT document_id FROM documents_document_areas)) OR (e.kind = 'section' AND e.object_id IN (SELECT section_id FROM documents_section_areas)) OR (e.kind = 'quote' AND e.object_id IN (SELECT quote_id FROM documents_quote_areas))",
    "CREATE INDEX search_entry_areas ON search_entry USING gin (areas)",
    "CREATE INDEX IF NOT EXISTS search_entry_phrase_vector ON search_entry USING gin (phrase_vector)",
]

POSTGRES_AREAS_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_sync_area_parent ON documents_cooperationarea",
    "DROP TRIGGER IF EXISTS search_sync_document_areas_insert ON documents_document_areas",
    "DROP TRIGGER IF EXISTS search_sync_document_areas_delete ON documents_document_areas",
    "DROP TRIGGER IF EXISTS search_sync_document_areas_update ON documents_document_areas",
    "DROP TRIGGER IF EXISTS search_sync_section_areas_insert ON documents_section_areas",
    "DROP TRIGGER IF EXISTS search_sync_section_areas_delete ON documents_section_areas",
    "DROP TRIGGER IF EXISTS search_sync_section_areas_update ON documents_section_areas",
    "DROP TRIGGER IF EXISTS search_sync_quote_areas_insert ON documents_quote_areas",
    "DROP TRIGGER IF EXISTS search_sync_quote_areas_delete ON documents_quote_areas",
    "DROP TRIGGER IF EXISTS search_sync_quote_areas_update ON documents_quote_areas",
    "DROP TRIGGER IF EXISTS search_entry_areas ON search_entry",
    "DROP FUNCTION IF EXISTS search_sync_area_parent()",
    "DROP FUNCTION IF EXISTS search_sync_document_areas()",
    "DROP FUNCTION IF EXISTS search_sync_section_areas()",
    "DROP FUNCTION IF EXISTS search_sync_quote_areas()",
    "DROP FUNCTION IF EXISTS search_entry_areas()",
    "DROP FUNCTION IF EXISTS search_areas(varchar, bigint)",
    "DROP INDEX IF EXISTS search_entry_areas",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS areas",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in POSTGRES_AREAS_FORWARD:
            cursor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in POSTGRES_AREAS_BACKWARD:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
