"""Bulk downloads: complete, checksummed, atomic files of the published archive, rebuilt after
publishing, listed on /data/."""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import call_command

from api import bulk
from documents import services
from documents.models import Document
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    QuoteFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(tmp_path, settings):
    settings.BULK_DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def archive():
    cyber = CooperationAreaFactory(slug="cyberspace")
    space = CooperationAreaFactory(slug="space")
    document = DocumentFactory(slug="guidelines-2015", areas=[cyber], title="Guidelines, 2015")
    SectionFactory(document=document, anchor="i", areas=[cyber, space], body='A "quoted", text')
    SectionFactory(document=document, anchor="ii", areas=[])
    QuoteFactory(document=document, areas=[space])
    EventFactory(slug="summit").documents.add(document)
    draft = DocumentFactory(slug="draft", status=Document.Status.DRAFT, title="Secret")
    SectionFactory(document=draft, heading="Secret heading")
    QuoteFactory(document=draft, text="Secret quote")
    return document


def rows(path):
    if path.suffix == ".csv":
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_build_writes_every_dataset_in_both_formats_with_a_true_manifest(archive, data_dir):
    manifest = bulk.build()
    assert {entry["file"] for entry in manifest["files"]} == {
        f"{name}.{fmt}"
        for name in ("documents", "sections", "quotes", "events")
        for fmt in bulk.FORMATS
    }
    for entry in manifest["files"]:
        path = data_dir / entry["file"]
        assert entry["size"] == path.stat().st_size
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["records"] == len(rows(path)), entry["file"]
        assert entry["built_at"] == manifest["built_at"]
    assert json.loads((data_dir / "manifest.json").read_text()) == manifest
    assert not list(data_dir.glob(".*"))  # no temporary file left behind


def test_records_carry_urls_areas_and_rights_and_never_drafts(archive, data_dir):
    bulk.build()
    everything = "".join(p.read_text() for p in data_dir.iterdir())
    assert "Secret" not in everything
    (document,) = rows(data_dir / "documents.jsonl")
    assert (document["id"], document["url"]) == (archive.public_id, "/documents/guidelines-2015/")
    assert (document["rights"], document["areas"]) == (archive.rights, ["cyberspace"])
    sections = rows(data_dir / "sections.csv")
    assert [(s["anchor"], s["areas"]) for s in sections] == [("i", "cyberspace;space"), ("ii", "")]
    assert sections[0]["body"] == 'A "quoted", text'  # CSV quoting survives a round trip
    assert all(s["rights_label"] == archive.get_rights_display() for s in sections)
    (quote,) = rows(data_dir / "quotes.jsonl")
    assert (quote["document_slug"], quote["areas"]) == ("guidelines-2015", ["space"])
    (event,) = rows(data_dir / "events.csv")
    assert event["documents"] == "guidelines-2015"
    assert event["rights_label"] == bulk.EVENTS_RIGHTS_NOTE


def test_a_failed_build_leaves_the_previous_files_whole(archive, data_dir, monkeypatch):
    first = bulk.build()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}

    def broken_rows():
        yield from bulk.quote_rows()
        raise RuntimeError("database went away")

    datasets = [
        bulk.Dataset(d.name, d.description, broken_rows, d.count) if d.name == "quotes" else d
        for d in bulk.DATASETS
    ]
    monkeypatch.setattr(bulk, "DATASETS", datasets)
    SectionFactory(document=archive, anchor="iii")
    with pytest.raises(RuntimeError):
        bulk.build()
    assert bulk.read_manifest() == first  # the manifest still describes complete files
    after = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    assert set(after) == set(before)  # no temporary file left behind
    for entry in first["files"]:
        data = after[entry["file"]]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]


def test_publishing_and_withdrawing_rebuild_the_files(
    archive, data_dir, settings, django_capture_on_commit_callbacks
):
    settings.BULK_DATA_REBUILD = "sync"
    draft = Document.objects.get(slug="draft")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_documents(Document.objects.filter(pk=draft.pk))
    assert {d["slug"] for d in rows(data_dir / "documents.jsonl")} == {"guidelines-2015", "draft"}
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_documents(Document.objects.filter(pk=draft.pk), reason="Rights")
    assert {d["slug"] for d in rows(data_dir / "documents.jsonl")} == {"guidelines-2015"}


def test_nothing_is_built_per_request(archive, data_dir, client):
    client.get("/data/")
    client.get("/api/v1/documents/")
    assert bulk.read_manifest() is None


def test_the_command_reports_each_file_with_a_progress_bar(archive, tmp_path, capsys):
    call_command("build_bulk_data", directory=str(tmp_path))
    out, err = capsys.readouterr()
    assert "documents.csv" in out and "sha256" in out and "Built at" in out
    assert "sections" in err and "rows" in err  # tqdm's bar on stderr
    assert (tmp_path / "manifest.json").exists()


def test_data_page_lists_files_with_size_records_checksum_and_date(archive, data_dir, client):
    assert "have not been built yet" in client.get("/data/").content.decode()
    manifest = bulk.build()
    content = client.get("/data/").content.decode()
    for entry in manifest["files"]:
        assert f'href="/data/{entry["file"]}"' in content
        assert entry["sha256"] in content
        assert f"({entry['size']} bytes)" in content
    response = client.get("/data/sections.csv", HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)
    entry = next(e for e in manifest["files"] if e["file"] == "sections.csv")
    assert hashlib.sha256(body).hexdigest() == entry["sha256"]
    assert client.get("/data/manifest.json").status_code == 200


@pytest.mark.parametrize("name", ["secret.txt", "..%2Fsettings.py", ".manifest.json.tmp", "x"])
def test_only_listed_files_are_served(name, archive, data_dir, client):
    bulk.build()
    (data_dir / "secret.txt").write_text("no")
    assert client.get(f"/data/{name}").status_code == 404
