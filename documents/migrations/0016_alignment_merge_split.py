from django.db import migrations, models


def drop_merges_and_splits(apps, schema_editor):
    """Migrating back: the earlier schema knows no merge or split, and its check constraint
    (re-added next) would refuse the rows; they are in the fixtures
    (fixtures/alignments.json), which ``load_archive --update`` restores after migrating
    forward again."""
    correction = apps.get_model("documents", "AlignmentCorrection")
    correction.objects.filter(action__in=["merge", "split"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0015_deleted_section_links"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="alignmentcorrection",
            name="alignment_correction_action_valid",
        ),
        # run last when migrating back, just before the earlier constraint returns
        migrations.RunPython(migrations.RunPython.noop, drop_merges_and_splits),
        migrations.AlterField(
            model_name="alignmentcorrection",
            name="action",
            field=models.CharField(
                choices=[
                    ("confirm", "Confirm the computed pair"),
                    ("pair", "Pair these sections (re-pair)"),
                    ("unpair", "Do not pair (unpair)"),
                    (
                        "merge",
                        "The earlier section is merged into the later one (which has its own pair)",
                    ),
                    (
                        "split",
                        "The later section is split from the earlier one (which has its own pair)",
                    ),
                ],
                max_length=10,
            ),
        ),
        migrations.AlterField(
            model_name="alignmentcorrection",
            name="note",
            field=models.TextField(
                blank=True,
                help_text="Why, quoting both texts; shown to readers under the row. Say what the rows show, not how it was judged.",
            ),
        ),
        migrations.AddConstraint(
            model_name="alignmentcorrection",
            constraint=models.CheckConstraint(
                condition=models.Q(("action__in", ["confirm", "pair", "unpair", "merge", "split"])),
                name="alignment_correction_action_valid",
            ),
        ),
    ]
