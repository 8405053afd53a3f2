"""Bulk downloads: the whole published archive as JSON Lines and CSV files (documents;
sections with their areas; quotes; events), with a manifest giving each file's size, record
count, SHA-256 and build time.

Every file is first written whole under a temporary name in the same directory; only when
all are complete are they renamed into place (each rename is atomic on POSIX), the manifest
last. A reader never gets half a file, and a failed build leaves the previous files and
manifest as they were. Built by ``manage.py build_bulk_data`` and again after each
publication or withdrawal (``schedule_rebuild``), never per request.
"""

import csv
import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from documents import selectors
from documents.citations import absolute_url
from documents.models import Document, Event, Quote, Section, reviewed_areas

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMATS = {"jsonl": "application/x-ndjson", "csv": "text/csv"}
MEDIA_TYPES = {**FORMATS, "json": "application/json"}
EVENTS_RIGHTS_NOTE = (
    "Events are written by the archive's editors from the documents they cite; the archive "
    "has not declared a licence for its own metadata."
)


def data_dir():
    return Path(settings.BULK_DATA_DIR)


def url(path):
    """Absolute when ALLIANCE_SITE_URL is set, else the site-relative path."""
    return absolute_url(None, path)


def slugs(objects):
    return [obj.slug for obj in objects]


def document_rights(document):
    return {"rights": document.rights, "rights_label": document.get_rights_display()}


# --- Records: one dict per row; lists become ";"-joined cells in CSV ----------------------


def document_rows():
    documents = (
        Document.objects.published()
        .select_related("series", "publisher")
        .prefetch_related("issuers", reviewed_areas(Document))
        .order_by("date", "public_id")
    )
    for document in documents.iterator(chunk_size=500):
        yield {
            "id": document.public_id,
            "slug": document.slug,
            "url": url(document.get_absolute_url()),
            "kind": document.kind,
            "title": document.title,
            "short_title": document.short_title,
            "date": document.date.isoformat(),
            "date_precision": document.date_precision,
            "issuers": slugs(document.issuers.all()),
            "publisher": document.publisher.slug if document.publisher else None,
            "series": document.series.slug if document.series else None,
            "edition_label": document.edition_label,
            "language": document.language,
            "areas": slugs(document.public_areas),
            "text_held": document.text_held,
            "source_url": document.source_url or None,
            "archived_url": document.archived_url or None,
            "retrieved_on": document.retrieved_on.isoformat() if document.retrieved_on else None,
            "checksum": document.checksum,
            **document_rights(document),
        }


def section_rows():
    sections = (
        Section.objects.published()
        .select_related("document", "parent")
        .prefetch_related(reviewed_areas(Section))
        .order_by("document__date", "document__public_id", "order")
    )
    for section in sections.iterator(chunk_size=2000):
        document = section.document
        yield {
            "document_id": document.public_id,
            "document_slug": document.slug,
            "anchor": section.anchor,
            "url": url(section.get_absolute_url()),
            "order": section.order,
            "level": section.level,
            "parent_anchor": section.parent.anchor if section.parent_id else None,
            "label": section.label,
            "pinpoint": section.pinpoint,
            "heading": section.heading,
            "body": section.body if selectors.text_is_public(document) else None,
            "areas": slugs(section.public_areas),
            **document_rights(document),
        }


def quote_rows():
    quotes = (
        Quote.objects.published()
        .select_related("official", "document", "about_document", "about_section__document")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )
    for quote in quotes.iterator(chunk_size=1000):
        yield {
            "id": quote.public_id,
            "url": url(quote.get_absolute_url()),
            "text": quote.text,
            "official": quote.official.slug,
            "official_label": str(quote.official),
            "attribution": quote.attribution,
            "date": quote.date.isoformat(),
            "date_precision": quote.date_precision,
            "context": quote.context,
            "document_id": quote.document.public_id,
            "document_slug": quote.document.slug,
            "about_document": about.slug if (about := quote.public_about_document) else None,
            "about_section": section.anchor if (section := quote.public_about_section) else None,
            "areas": slugs(quote.areas.all()),
            **document_rights(quote.document),
        }


def event_rows():
    for event in selectors.public_events().order_by("date", "slug").iterator(chunk_size=500):
        yield {
            "slug": event.slug,
            "url": url(event.get_absolute_url()),
            "title": event.title,
            "description": event.description,
            "date": event.date.isoformat(),
            "date_precision": event.date_precision,
            "documents": slugs(event.documents.all()),
            "areas": slugs(event.areas.all()),
            "rights": None,
            "rights_label": EVENTS_RIGHTS_NOTE,
        }


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    rows: object  # a function yielding dicts
    count: object  # a function giving how many rows there will be


DATASETS = [
    Dataset(
        "documents",
        "Published documents: metadata, provenance and rights (no text).",
        document_rows,
        lambda: Document.objects.published().count(),
    ),
    Dataset(
        "sections",
        "Every section of every published document, with its areas and its text "
        "(null where the document's rights keep the text from the public).",
        section_rows,
        lambda: Section.objects.published().count(),
    ),
    Dataset(
        "quotes",
        "Quotes recorded in published documents, with who said them and the rights of the "
        "document they appear in.",
        quote_rows,
        lambda: Quote.objects.published().count(),
    ),
    Dataset(
        "events",
        "Dated milestones with their documents and areas.",
        event_rows,
        lambda: Event.objects.public().count(),
    ),
]


# --- Writing ------------------------------------------------------------------------------


class _Writer:
    """Writes JSON Lines and CSV side by side into temporary files, hashing as it goes."""

    def __init__(self, directory, name):
        self.name = name
        self.files = {}
        for fmt in FORMATS:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finish() or abort()
                "w",
                dir=directory,
                prefix=f".{name}.",
                suffix=f".{fmt}.tmp",
                delete=False,
                encoding="utf-8",
                newline="",
            )
            self.files[fmt] = handle
        self.csv = None
        self.count = 0

    def write(self, row):
        self.files["jsonl"].write(json.dumps(row, ensure_ascii=False) + "\n")
        if self.csv is None:
            self.csv = csv.DictWriter(self.files["csv"], fieldnames=list(row))
            self.csv.writeheader()
        self.csv.writerow({key: _cell(value) for key, value in row.items()})
        self.count += 1

    def finish(self, directory, built_at, fieldnames):
        """Close the temporary files and describe them; ``publish()`` renames them later."""
        entries = []
        if self.csv is None:  # no rows: still a CSV header, so the columns are known
            csv.DictWriter(self.files["csv"], fieldnames=fieldnames).writeheader()
        for fmt, handle in self.files.items():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            temporary = Path(handle.name)
            entries.append(
                {
                    "file": f"{self.name}.{fmt}",
                    "format": fmt,
                    "media_type": FORMATS[fmt],
                    "records": self.count,
                    "size": temporary.stat().st_size,
                    "sha256": sha256(temporary),
                    "built_at": built_at,
                }
            )
        return entries

    def publish(self, directory):
        for fmt, handle in self.files.items():
            os.chmod(handle.name, 0o644)
            os.replace(handle.name, directory / f"{self.name}.{fmt}")

    def abort(self):
        for handle in self.files.values():
            if not handle.closed:
                handle.close()
            Path(handle.name).unlink(missing_ok=True)


def _cell(value):
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if value is None:
        return ""
    return value


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(*, directory=None, progress=None):
    """Write every dataset and then the manifest; returns the manifest. ``progress`` is
    called with (dataset name, its total) and gives a callable to advance by one row."""
    directory = Path(directory or data_dir())
    directory.mkdir(parents=True, exist_ok=True)
    built_at = timezone.now().replace(microsecond=0).isoformat()
    files, writers = [], []
    try:
        for dataset in DATASETS:
            advance = progress(dataset.name, dataset.count()) if progress else (lambda: None)
            writer = _Writer(directory, dataset.name)
            writers.append(writer)
            for row in dataset.rows():
                writer.write(row)
                advance()
            files += [
                {**entry, "dataset": dataset.name, "description": dataset.description}
                for entry in writer.finish(directory, built_at, FIELDNAMES[dataset.name])
            ]
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
    # Every file is complete: only now do they replace the old ones, each by an atomic
    # rename, and the manifest last.
    for writer in writers:
        writer.publish(directory)
    manifest = {"built_at": built_at, "files": files}
    write_atomically(directory / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    return manifest


def write_atomically(path, text):
    with tempfile.NamedTemporaryFile(
        "w",
        dir=path.parent,
        prefix=f".{path.name}.",
        suffix=".tmp",
        delete=False,
        encoding="utf-8",
    ) as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(handle.name, 0o644)
    os.replace(handle.name, path)


def read_manifest(directory=None):
    """The manifest of the files built, or None if they have not been built yet."""
    path = Path(directory or data_dir()) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None


def published_file(name, directory=None):
    """The path of the manifest or of a file it lists (nothing else there is served)."""
    manifest = read_manifest(directory) or {"files": []}
    if name != MANIFEST and name not in {entry["file"] for entry in manifest["files"]}:
        return None
    path = Path(directory or data_dir()) / name
    return path if path.is_file() else None


FIELDNAMES = {
    "documents": [
        "id", "slug", "url", "kind", "title", "short_title", "date", "date_precision",
        "issuers", "publisher", "series", "edition_label", "language", "areas", "text_held",
        "source_url", "archived_url", "retrieved_on", "checksum", "rights", "rights_label",
    ],
    "sections": [
        "document_id", "document_slug", "anchor", "url", "order", "level", "parent_anchor",
        "label", "pinpoint", "heading", "body", "areas", "rights", "rights_label",
    ],
    "quotes": [
        "id", "url", "text", "official", "official_label", "attribution", "date",
        "date_precision", "context", "document_id", "document_slug", "about_document",
        "about_section", "areas", "rights", "rights_label",
    ],
    "events": [
        "slug", "url", "title", "description", "date", "date_precision", "documents", "areas",
        "rights", "rights_label",
    ],
}  # fmt: skip


# --- Regeneration after publishing --------------------------------------------------------

_lock = threading.Lock()
_pending = threading.Event()


def schedule_rebuild():
    """Rebuild the files once the current transaction commits (called by services.publish /
    withdraw). BULK_DATA_REBUILD: "thread" (default: in the background, one build at a time,
    a request never waits), "sync" (at once, e.g. for a management command or a test) or "off".
    """
    mode = settings.BULK_DATA_REBUILD
    if mode == "off":
        return
    if mode == "sync":
        connection.on_commit(build)
        return
    connection.on_commit(_start_background_build)


def _start_background_build():
    _pending.set()
    threading.Thread(target=_background_build, name="bulk-data", daemon=True).start()


def _background_build():
    if not _lock.acquire(blocking=False):
        return  # the running build will see _pending and go round again
    try:
        while _pending.is_set():
            _pending.clear()
            try:
                build()
            except Exception:
                logger.exception("Rebuilding the bulk data files failed")
    finally:
        close_old_connections()
        connection.close()
        _lock.release()


def describe(manifest):
    """Rows for the /data/ page: one per dataset, its formats side by side."""
    by_dataset = {}
    for entry in (manifest or {}).get("files", []):
        by_dataset.setdefault(entry["dataset"], {"name": entry["dataset"], "files": []})
        by_dataset[entry["dataset"]]["description"] = entry.get("description", "")
        by_dataset[entry["dataset"]]["records"] = entry["records"]
        by_dataset[entry["dataset"]]["files"].append(entry)
    return list(by_dataset.values())
