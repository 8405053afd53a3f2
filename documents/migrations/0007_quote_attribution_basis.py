"""How a quote's speaker is known: stated in the sentence, or inferred from context."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_document_rights_and_attribution")]

    operations = [
        migrations.AddField(
            model_name="quote",
            name="attribution_basis",
            field=models.CharField(
                choices=[
                    ("stated", "Speaker stated in the sentence"),
                    ("inferred", "Speaker inferred from context"),
                ],
                default="stated",
                help_text="Whether the sentence names the speaker, or the speaker is inferred "
                "from the sentences around it.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="quote",
            name="attribution_note",
            field=models.TextField(
                blank=True,
                help_text="For an inferred speaker: what in the text the inference rests on.",
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=models.Q(attribution_basis__in=["stated", "inferred"]),
                name="quote_attribution_basis_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="quote",
            constraint=models.CheckConstraint(
                condition=~models.Q(attribution_basis="inferred")
                | ~models.Q(attribution_note=""),
                name="quote_inference_explained",
            ),
        ),
    ]
