from django.db import migrations, models

TABLE = "documents_cooperationarea"


class Migration(migrations.Migration):
    """An area's tagging rules, apart from its description. The column is added in place
    (``ADD COLUMN … NOT NULL DEFAULT ''``) on both databases: Django would rebuild the table on
    SQLite for a NOT NULL column, and dropping the old table drops the search index's trigger
    on an area's parent (search/sql.py)."""

    dependencies = [
        ("documents", "0011_text_restricted_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="cooperationarea",
                    name="tagging_rules",
                    field=models.TextField(
                        blank=True,
                        default="",
                        help_text="How texts are tagged with it: when the parent rather than a "
                        "sub-area, what a section takes by its place, what does not count. The "
                        "curators' rule, shown on the area's page under its own heading, apart "
                        "from the description.",
                    ),
                ),
                migrations.AlterField(
                    model_name="cooperationarea",
                    name="description",
                    field=models.TextField(
                        blank=True,
                        help_text="What the area covers, for readers: shown on its page and in "
                        "lists.",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"ALTER TABLE {TABLE} ADD COLUMN tagging_rules text NOT NULL DEFAULT ''",
                    f"ALTER TABLE {TABLE} DROP COLUMN tagging_rules",
                ),
            ],
        ),
    ]
