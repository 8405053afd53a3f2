from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0014_document_reprint"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeletedSectionLinks",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("section_id", models.PositiveBigIntegerField(unique=True)),
                ("document_id", models.PositiveBigIntegerField()),
                ("tags", models.JSONField(blank=True, default=list)),
                ("quote_ids", models.JSONField(blank=True, default=list)),
                ("deleted_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name_plural": "deleted sections' links",
                "ordering": ["-deleted_at"],
            },
        ),
    ]
