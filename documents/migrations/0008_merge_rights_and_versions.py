"""Joins the rights/quote-attribution migrations with main's versions and archive sync."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_merge_0006_archive_sync_0006_document_versions"),
        ("documents", "0007_quote_attribution_basis"),
    ]

    operations = []
