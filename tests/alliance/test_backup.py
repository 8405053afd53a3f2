"""Backup and restore as docs/deployment.md describes it: export_archive, then load_archive into
an empty database, reproduces the archive exactly — editors' changes included."""

import pytest
from django.conf import settings
from django.core.management import call_command

from documents import services
from documents.archive import load_archive
from documents.models import (
    CooperationArea,
    Document,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    Series,
)

pytestmark = pytest.mark.django_db
MODELS = [Section, Quote, Event, Official, Document, Series, Organization]


def read_tree(directory):
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*.json"))
    }


def test_export_then_restore_into_an_empty_database_is_exact(tmp_path):
    load_archive(settings.ARCHIVE_FIXTURE_DIR)
    # An editor's work since the last commit of the fixtures:
    document = Document.objects.get(slug="guidelines-2015")
    document.summary = "Corrected <em>summary</em>."
    document.save()
    services.withdraw_documents(
        Document.objects.filter(slug="scc-joint-statement-2006-05-01"), reason="Duplicate"
    )
    backup = tmp_path / "backup"
    call_command("export_archive", "--dir", str(backup), verbosity=0)
    before = read_tree(backup)

    for model in MODELS:  # disaster: the database is lost
        model.objects.all().delete()
    CooperationArea.objects.filter(parent__isnull=False).delete()
    CooperationArea.objects.all().delete()
    assert Document.objects.count() == 0

    call_command("load_archive", "--dir", str(backup), verbosity=0)
    again = tmp_path / "again"
    call_command("export_archive", "--dir", str(again), verbosity=0)
    assert read_tree(again) == before
    restored = Document.objects.get(slug="guidelines-2015")
    assert restored.summary == "Corrected <em>summary</em>."
    assert Document.objects.get(slug="scc-joint-statement-2006-05-01").status == "withdrawn"
