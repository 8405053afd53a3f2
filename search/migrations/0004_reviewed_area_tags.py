"""PostgreSQL: ``search_entry.areas`` (the area filter and facet) counts a section's or a
document's *reviewed* area tags only, the rule every public page follows (documents 0006 gave
the tags a status). Self-contained: the SQL is written out here, not read from search/sql.py.
Nothing changes on SQLite, whose area filter reads the tag tables at query time."""

from django.db import migrations


def _function(reviewed_only):
    status = " AND status = 'reviewed'" if reviewed_only else ""
    return f"""CREATE OR REPLACE FUNCTION search_areas(p_kind varchar, p_id bigint)
    RETURNS bigint[] LANGUAGE sql STABLE AS $$
        SELECT array_agg(DISTINCT v.area ORDER BY v.area)
        FROM (SELECT cooperationarea_id AS area_id FROM documents_document_areas
                WHERE p_kind = 'document' AND document_id = p_id{status}
              UNION ALL
              SELECT cooperationarea_id FROM documents_section_areas
                WHERE p_kind = 'section' AND section_id = p_id{status}
              UNION ALL
              SELECT cooperationarea_id FROM documents_quote_areas
                WHERE p_kind = 'quote' AND quote_id = p_id) t
        JOIN documents_cooperationarea a ON a.id = t.area_id
        CROSS JOIN LATERAL (VALUES (a.id), (a.parent_id)) v(area)
        WHERE v.area IS NOT NULL
    $$"""


REFRESH = (
    "UPDATE search_entry e SET areas = search_areas(e.kind, e.object_id) "
    "WHERE e.kind IN ('document', 'section')"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(_function(reviewed_only=True))
        cursor.execute(REFRESH)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(_function(reviewed_only=False))
        cursor.execute(REFRESH)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_areas"),
        ("documents", "0006_reviewed_area_tags_and_event_sources"),
    ]

    operations = [migrations.RunPython(forward, backward)]
