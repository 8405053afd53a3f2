"""Rights that tell apart U.S. government work, the Government of Japan Standard Terms of
Use, treaty text and copyrighted material, with the attribution line they call for.

The two old values are mapped to their nearest new ones ("public-domain" was the label of
U.S. government work; "quoted-for-research" meant copyrighted). The shipped fixtures then
set every record's rights and attribution; an editor should review any other record.
"""

from django.db import migrations, models

OLD_TO_NEW = {"public-domain": "us-government-work", "quoted-for-research": "copyrighted"}
NEEDS_ATTRIBUTION = ["japan-terms-of-use-2.0", "treaty-text", "copyrighted"]
RIGHTS = [
    ("us-government-work", "U.S. government work: public domain"),
    ("japan-terms-of-use-2.0", "Government of Japan Standard Terms of Use (Ver. 2.0)"),
    ("treaty-text", "Treaty text: not protected by copyright"),
    ("copyrighted", "Copyrighted: passages quoted for research"),
]


def forwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    for old, new in OLD_TO_NEW.items():
        Document.objects.filter(rights=old).update(rights=new)
    # A copyrighted record must name its source: credit the work by its title meanwhile.
    for document in Document.objects.filter(rights__in=NEEDS_ATTRIBUTION, attribution=""):
        document.attribution = document.title
        document.save(update_fields=["attribution"])


def backwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    Document.objects.filter(rights="copyrighted").update(rights="quoted-for-research")
    Document.objects.exclude(rights="quoted-for-research").update(rights="public-domain")


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_archive_generation")]

    operations = [
        migrations.RemoveConstraint(model_name="document", name="document_rights_valid"),
        migrations.AlterField(
            model_name="document",
            name="rights",
            field=models.CharField(
                blank=True,
                choices=RIGHTS,
                default="us-government-work",
                help_text="The terms of the copy held. Empty only for a record whose text is "
                "not held.",
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="attribution",
            field=models.CharField(
                blank=True,
                help_text="The credit line the rights call for: the ministry and the page or "
                "publication the copy comes from, and that it was edited; for copyrighted "
                "text, the publisher and the work.",
                max_length=500,
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(rights__in=[value for value, _ in RIGHTS])
                | models.Q(rights="", text_held=False),
                name="document_rights_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=~models.Q(rights__in=NEEDS_ATTRIBUTION) | ~models.Q(attribution=""),
                name="document_rights_attributed",
            ),
        ),
    ]
