"""The versions carried in fixtures/versions/: a fresh install serves every cited version, and
a bad version record loads nothing."""

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from documents import revisions
from documents.archive import ArchiveLoadError, load_archive
from documents.models import Document, DocumentVersion

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.ARCHIVE_FIXTURE_DIR)


def test_every_held_text_is_a_version_after_a_fresh_load(client):
    load_archive(FIXTURES)
    for document in Document.objects.published():
        version = revisions.current_version(document=document)
        if not document.text_held:
            assert version is None and not document.versions.exists(), document.slug
            continue
        assert version is not None, f"{document.slug}: its text is not a version in fixtures"
        if not document.text_is_public:
            # A copyrighted text is held for staff: the public gets no version to cite.
            assert client.get(version.get_absolute_url()).status_code == 404
            continue
        page = client.get(document.get_absolute_url())
        assert page.context["version_url"] == version.get_absolute_url()
        assert client.get(version.get_absolute_url()).status_code == 200


def test_the_record_only_1978_guidelines_offer_no_version(client):
    load_archive(FIXTURES)
    page = client.get("/documents/guidelines-1978/")
    assert page.status_code == 200
    assert "Cite this version" not in page.content.decode()
    assert client.get("/documents/guidelines-1978/versions/1/").status_code == 404


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda record: record["fields"].update(number=0), "number"),
        (lambda record: record["fields"].update(document=["no-such-document"]), "record 1"),
    ],
)
def test_a_bad_version_record_loads_nothing(tmp_path, change, message):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns("sources"))
    path = target / "versions" / "guidelines-2015.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records[0])
    path.write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(ArchiveLoadError) as excinfo:
        load_archive(target)
    assert "versions/guidelines-2015.json" in str(excinfo.value)
    assert message in str(excinfo.value)
    assert Document.objects.count() == 0 and DocumentVersion.objects.count() == 0


def test_the_migration_records_version_1_of_each_held_text():
    """0006 gives every document whose text an existing instance holds its version 1."""
    import importlib

    from django.apps import apps

    from tests.factories import DocumentFactory, SectionFactory

    migration = importlib.import_module("documents.migrations.0006_document_versions")
    held = DocumentFactory(slug="held")
    SectionFactory(document=held, pinpoint="I", anchor="i", body="Text.")
    DocumentFactory(slug="record-only", text_held=False)
    migration.record_first_versions(apps, None)
    migration.record_first_versions(apps, None)  # idempotent
    (version,) = DocumentVersion.objects.all()
    assert (version.document, version.number) == (held, 1)
    assert version.sections[0]["body"] == "Text."
    assert revisions.current_version(document=held) == version
