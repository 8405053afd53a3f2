"""Joins the rights/quote-attribution migrations with the document-versions migration."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_document_versions"),
        ("documents", "0007_quote_attribution_basis"),
    ]

    operations = []
