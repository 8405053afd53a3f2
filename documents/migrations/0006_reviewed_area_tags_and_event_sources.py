"""Area tags get a review: the plain many-to-many tables of Section.areas and Document.areas
become the through models SectionArea and DocumentArea (same tables, same columns: the rows
are kept), with a status, who reviewed the tag and when, and the words that suggested it.
Every existing tag is carried over as "suggested" (none was reviewed by a person before).
Also: AreaAlias (old area slugs answer 301) and the source fields of Event."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_archive_generation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="source_document",
            field=models.ForeignKey(
                blank=True,
                help_text="The archive's document whose text gives the date.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dated_events",
                to="documents.document",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="source_excerpt",
            field=models.TextField(
                blank=True, help_text="The source's words that give the date, verbatim."
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="source_record",
            field=models.CharField(
                blank=True,
                help_text="A named public record giving the date, when it is not in the archive.",
                max_length=300,
            ),
        ),
        migrations.CreateModel(
            name="AreaAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("slug", models.SlugField(max_length=80, unique=True)),
                (
                    "note",
                    models.CharField(blank=True, help_text="Why the area moved.", max_length=300),
                ),
                (
                    "area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="aliases",
                        to="documents.cooperationarea",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "area aliases",
                "ordering": ["slug"],
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DocumentArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                db_column="cooperationarea_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="document_tags",
                                to="documents.cooperationarea",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="area_tags",
                                to="documents.document",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "document area tag",
                        "db_table": "documents_document_areas",
                        "ordering": ["document", "area__name"],
                    },
                ),
                migrations.AlterField(
                    model_name="document",
                    name="areas",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="documents",
                        through="documents.DocumentArea",
                        to="documents.cooperationarea",
                    ),
                ),
                migrations.CreateModel(
                    name="SectionArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                db_column="cooperationarea_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="section_tags",
                                to="documents.cooperationarea",
                            ),
                        ),
                        (
                            "section",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="area_tags",
                                to="documents.section",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "section area tag",
                        "db_table": "documents_section_areas",
                        "ordering": ["section", "area__name"],
                    },
                ),
                migrations.AlterField(
                    model_name="section",
                    name="areas",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="sections",
                        through="documents.SectionArea",
                        to="documents.cooperationarea",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="documentarea",
            name="status",
            field=models.CharField(
                choices=[("reviewed", "Reviewed"), ("suggested", "Suggested")],
                default="suggested",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="documentarea",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="documentarea",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="documentarea",
            name="trigger",
            field=models.CharField(
                blank=True,
                help_text="The words in the text that suggested the area.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="sectionarea",
            name="status",
            field=models.CharField(
                choices=[("reviewed", "Reviewed"), ("suggested", "Suggested")],
                default="suggested",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="sectionarea",
            name="reviewed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sectionarea",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sectionarea",
            name="trigger",
            field=models.CharField(
                blank=True,
                help_text="The words in the text that suggested the area.",
                max_length=300,
            ),
        ),
        migrations.AddConstraint(
            model_name="documentarea",
            constraint=models.UniqueConstraint(
                fields=("document", "area"), name="document_area_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="documentarea",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["reviewed", "suggested"])),
                name="document_area_status_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="sectionarea",
            constraint=models.UniqueConstraint(
                fields=("section", "area"), name="section_area_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="sectionarea",
            constraint=models.CheckConstraint(
                condition=models.Q(("status__in", ["reviewed", "suggested"])),
                name="section_area_status_valid",
            ),
        ),
    ]
