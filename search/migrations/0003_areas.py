"""PostgreSQL: each entry's cooperation areas (with their parents) in ``search_entry.areas``,
GIN-indexed and kept current by triggers, so an area filter is one index condition; and the
phrase-pair index that 0002 left to ``generate_corpus``. Nothing changes on SQLite."""

from django.db import migrations

from search import sql


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in sql.POSTGRES_AREAS_FORWARD:
            cursor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in sql.POSTGRES_AREAS_BACKWARD:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(forward, backward)]
