"""Bring an existing database to the state of the fixture files (``load_archive --update``).

``make run`` loads the fixtures only into an empty database, so a fixture change committed
later (a corrected text, a new document) never reached a database that already held the
archive. ``update_archive`` compares the fixtures with the database record by record (by
natural key, in the export's own format) and then, in one transaction:

- adds the records that are new in the fixtures and rewrites the ones that differ;
- removes the sections the fixtures no longer have from documents whose sections file is
  there (each removed section's URL stays as an alias to its document, as in an import);
- leaves other records that are only in the database as they are, and reports them.

An editor's work is never overwritten unasked: a record that differs from the fixtures and
was changed in the database after the last load, update or export of these fixtures
(``ArchiveSync``) is a conflict, and the update refuses, listing the conflicts, unless told
to overwrite them. All or nothing: any bad record aborts the whole update.
"""

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.db.models import F
from django.utils.dateparse import parse_datetime

from documents import services
from documents.archive import (
    CURATORS,
    SECTIONS_DIR,
    ArchiveLoadError,
    export_archive,
    fixture_paths,
    load_archive,
)
from documents.models import ArchiveSync, Document, DocumentArea, Section, SectionArea


class ArchiveUpdateConflict(Exception):
    """Records an editor changed after the last sync differ from the fixtures; nothing was
    written."""

    def __init__(self, plan):
        self.plan = plan
        shown = plan.conflicts[:20]
        more = len(plan.conflicts) - len(shown)
        super().__init__(
            f"{len(plan.conflicts)} record(s) in the database were changed after the fixtures "
            f"were last loaded or exported ({plan.since_text}), and differ from the fixtures: "
            + "; ".join(shown)
            + (f"; and {more} more" if more > 0 else "")
            + ". Export them first (export_archive) and commit, or overwrite them with "
            "--overwrite."
        )


@dataclass
class UpdatePlan:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed_sections: list[str] = field(default_factory=list)
    removed_section_keys: list[tuple[str, str]] = field(default_factory=list)  # (anchor, slug)
    only_in_database: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    since: object = None  # the last ArchiveSync of these fixtures, or None

    @property
    def since_text(self):
        if self.since is None:
            return "never, for these fixtures"
        return f"last at {self.since.at:%Y-%m-%d %H:%M:%S %Z}".strip()

    @property
    def has_changes(self):
        return bool(self.new or self.changed or self.removed_sections)

    def __str__(self):
        parts = [
            f"{len(self.new)} new",
            f"{len(self.changed)} changed",
            f"{self.unchanged} unchanged",
            f"{len(self.removed_sections)} section(s) removed",
        ]
        if self.only_in_database:
            parts.append(f"{len(self.only_in_database)} only in the database, kept")
        return ", ".join(parts)


def _records(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _key(record):
    """(model label, natural key) of a serialized record."""
    fields = record["fields"]
    model = record["model"]
    if model == "documents.section":
        natural = (fields["anchor"], *fields["document"])
    elif model == "documents.quote":
        natural = (fields["public_id"],)
    elif model == "documents.alignmentcorrection":
        natural = _alignment_key(fields)
    elif model == "documents.sectionalias":
        natural = (*fields["document"], fields["anchor"])
    elif model == "documents.sectionarea":  # a tag: its section and area, whatever its review
        natural = (*fields["section"], *fields["area"])
    elif model == "documents.documentarea":
        natural = (*fields["document"], *fields["area"])
    elif "slug" in fields:
        natural = (fields["slug"],)
    else:
        natural = (json.dumps(fields, sort_keys=True),)
    return model, natural


def _alignment_key(fields):
    """An editor's correction of a comparison: its documents and the anchors it names."""
    earlier, later = fields["earlier_section"], fields["later_section"]
    return (
        *fields["earlier_document"],
        *fields["later_document"],
        earlier[0] if earlier else "",
        later[0] if later else "",
    )


def _describe(key):
    model, natural = key
    return f"{model.split('.')[-1]} {'/'.join(str(part) for part in natural)}"


def _read(directory):
    """Every record under ``directory``: {key: fields}. Raises ArchiveLoadError if unreadable."""
    records = {}
    for path in fixture_paths(directory):
        if path.name == CURATORS:
            # Accounts, not archive records: loading creates a missing one and never
            # changes one that exists (documents/archive.py), so there is nothing to compare.
            continue
        try:
            items = _records(path)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ArchiveLoadError(
                f"{path.relative_to(directory)}: cannot read it ({exc})."
            ) from exc
        for position, record in enumerate(items, start=1):
            try:
                records[_key(record)] = _comparable(record["model"], record["fields"])
            except (KeyError, TypeError) as exc:
                raise ArchiveLoadError(
                    f"{path.relative_to(directory)}, record {position}: not a fixture record."
                ) from exc
    return records


def _comparable(label, fields):
    """The record's fields with each date-time read as a value, not as text. Django's
    serializer cuts microseconds to milliseconds, so a time of ``05.000412`` is written
    ``05.000Z``, loads as ``05`` and is written again as ``05Z``: the same moment in two
    spellings, which compared as text made a record look changed after every update."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return fields
    comparable = dict(fields)
    for name, value in fields.items():
        try:
            is_datetime = isinstance(model._meta.get_field(name), models.DateTimeField)
        except FieldDoesNotExist:
            continue
        if is_datetime and isinstance(value, str):
            comparable[name] = parse_datetime(value) or value
    return comparable


def _changed_since(since):
    """Keys of the records saved after ``since`` (all of them when there was no sync); an
    area tag counts as saved when it was reviewed (tags keep no other time)."""
    keys = set()
    for label, model, owner in (
        ("documents.sectionarea", SectionArea, ("section__anchor", "section__document__slug")),
        ("documents.documentarea", DocumentArea, ("document__slug",)),
    ):
        queryset = model.objects.all()
        if since is not None:
            queryset = queryset.filter(reviewed_at__gt=since.at)
        keys |= {(label, row) for row in queryset.values_list(*owner, "area__slug")}
    for model in apps.get_app_config("documents").get_models():
        if model is ArchiveSync or not hasattr(model, "updated_at"):
            continue
        queryset = model.objects.all()
        if since is not None:
            queryset = queryset.filter(updated_at__gt=since.at)
        label = model._meta.label_lower
        if model is Section:
            keys |= {(label, row) for row in queryset.values_list("anchor", "document__slug")}
        elif label == "documents.quote":
            keys |= {(label, (row,)) for row in queryset.values_list("public_id", flat=True)}
        elif label == "documents.alignmentcorrection":
            keys |= {(label, row.natural_key()) for row in queryset}
        elif any(f.name == "slug" for f in model._meta.fields):
            keys |= {(label, (row,)) for row in queryset.values_list("slug", flat=True)}
    return keys


def plan_update(directory):
    """What ``update_archive`` would do; writes nothing."""
    directory = Path(directory)
    wanted = _read(directory)
    with tempfile.TemporaryDirectory() as scratch:
        export_archive(scratch, record=False)
        current = _read(Path(scratch))
    plan = UpdatePlan(since=ArchiveSync.latest_for(directory))
    edited = _changed_since(plan.since)
    for key, fields in wanted.items():
        if key not in current:
            plan.new.append(_describe(key))
        elif current[key] == fields:
            plan.unchanged += 1
        else:
            plan.changed.append(_describe(key))
            if key in edited:
                plan.conflicts.append(_describe(key))
    documents_with_sections = {path.stem for path in (directory / SECTIONS_DIR).glob("*.json")}
    for key in current.keys() - wanted.keys():
        model, natural = key
        if model == "documents.section" and natural[1] in documents_with_sections:
            plan.removed_sections.append(_describe(key))
            plan.removed_section_keys.append((natural[0], natural[1]))
            if key in edited:
                plan.conflicts.append(_describe(key))
        else:
            plan.only_in_database.append(_describe(key))
    return plan


def update_archive(directory, *, overwrite=False, dry_run=False, progress=None):
    """Bring the database to the fixtures' state (see the module's docstring); returns the plan.

    Raises ArchiveUpdateConflict (nothing written) when an editor's newer changes would be
    overwritten and ``overwrite`` is false, and ArchiveLoadError on a bad fixture.
    """
    directory = Path(directory)
    plan = plan_update(directory)
    if plan.conflicts and not overwrite:
        raise ArchiveUpdateConflict(plan)
    if dry_run:
        return plan
    with transaction.atomic():
        _make_room_for_sections(directory, plan)
        load_archive(directory, progress=progress, sync_action=ArchiveSync.Action.UPDATE)
    return plan


def _make_room_for_sections(directory, plan):
    """Remove the sections the fixtures dropped, and move the others' order out of the way,
    so the loaded order never collides with an old one (unique per document)."""
    slugs = {path.stem for path in (directory / SECTIONS_DIR).glob("*.json")}
    for anchor, slug in plan.removed_section_keys:
        services.delete_sections(Section.objects.filter(document__slug=slug, anchor=anchor))
    Section.objects.filter(document__in=Document.objects.filter(slug__in=slugs)).update(
        order=F("order") + services.ORDER_SHIFT
    )
