from django.db import migrations, models

TABLE = "documents_document"


class Migration(migrations.Migration):
    """A document's source notes. Added in place (``ADD COLUMN … NOT NULL DEFAULT ''``) on
    both databases, as 0012 is: Django would rebuild the table on SQLite for a NOT NULL
    column, which the search index's triggers on documents do not survive."""

    dependencies = [
        ("documents", "0012_area_tagging_rules"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="source_notes",
                    field=models.TextField(
                        blank=True,
                        default="",
                        help_text="How this copy was made from its source, for readers: what "
                        "was removed, repaired or restored, what is kept as printed, which "
                        "witnesses were compared (the changes a credit line's 'edited for this "
                        "archive' refers to). Shown with the source on the document's page.",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {TABLE} ADD COLUMN source_notes text NOT NULL DEFAULT ''",
                    f"ALTER TABLE {TABLE} DROP COLUMN source_notes",
                ),
            ],
        ),
    ]
