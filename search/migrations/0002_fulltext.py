"""Full-text structures and the triggers that keep ``search_entry`` in step, per database:
a weighted tsvector with GIN indexes on PostgreSQL, an FTS5 table on SQLite."""

from django.db import migrations

from search import sql


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        for statement in sql.statements(vendor):
            cursor.execute(statement)
        sql.fill(cursor)


def backward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_entry")
        for statement in sql.statements(schema_editor.connection.vendor, forward=False):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("documents", "0002_editor_and_publisher_groups"),
    ]

    operations = [migrations.RunPython(forward, backward)]
