from django.db import migrations, models

TABLE = "documents_document"


class Migration(migrations.Migration):
    """Where a reprinted copy was printed (``reprinted_in``, ``reprint_part``). Added in place
    (``ADD COLUMN … NOT NULL DEFAULT ''``) on both databases, as 0012 and 0013 are: Django
    would rebuild the table on SQLite, which the search index's triggers on documents do not
    survive."""

    dependencies = [
        ("documents", "0013_document_source_notes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="document",
                    name="reprinted_in",
                    field=models.CharField(
                        blank=True,
                        help_text="When the copy held is a reprint in a later publication: "
                        "that publication's title, as it names itself (e.g. “Defense of Japan "
                        "2016”); its publisher is the document's publisher. Citations then say "
                        "“reprinted in …” instead of giving the later publisher as if it had "
                        "issued the document on its date.",
                        max_length=200,
                    ),
                ),
                migrations.AddField(
                    model_name="document",
                    name="reprint_part",
                    field=models.CharField(
                        blank=True,
                        help_text="Where in that publication (e.g. “Reference 36”, “Fig. "
                        "III-2-3-4”).",
                        max_length=60,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {TABLE} ADD COLUMN {column} varchar({length}) NOT NULL "
                    "DEFAULT ''",
                    f"ALTER TABLE {TABLE} DROP COLUMN {column}",
                )
                for column, length in (("reprinted_in", 200), ("reprint_part", 60))
            ],
        ),
    ]
