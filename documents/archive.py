"""Loading and exporting the curated archive (the JSON fixtures in ``fixtures/``).

The fixtures use natural keys (slugs; ``[anchor, document slug]`` for sections; the public id
for quotes), so they never depend on database ids. Export writes one file per model and one
file per document's sections, sorted and stable, so an editor's admin work is reviewed as a
diff; loading those files into an empty database and exporting again gives the same bytes.

Loading is all-or-nothing: every record is validated (``full_clean``) and saved inside one
transaction, and the first bad record aborts the load with its file and position.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from documents.models import (
    AlignmentCorrection,
    ArchiveSync,
    AreaAlias,
    CooperationArea,
    Document,
    DocumentAlias,
    DocumentArea,
    DocumentVersion,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    SectionAlias,
    SectionArea,
    Series,
)
from documents.revisions import SECTION_FIELDS

CURATORS = "curators.json"

SECTIONS_DIR = "sections"
VERSIONS_DIR = "versions"  # every cited version of a document's text, one file per document
TIMESTAMPS = {"created_at", "updated_at"}


class ArchiveLoadError(Exception):
    """A fixture record could not be loaded; nothing was written."""


@dataclass
class LoadReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label, n=1):
        self.counts[label] = self.counts.get(label, 0) + n

    def __str__(self):
        return ", ".join(f"{n} {label}" for label, n in self.counts.items()) or "nothing"


def _model_files():
    """(file name, queryset) in load order: what a record refers to is loaded before it."""
    return [
        (CURATORS, None),
        (
            "areas.json",
            CooperationArea.objects.order_by(F("parent__slug").asc(nulls_first=True), "slug"),
        ),
        ("area-aliases.json", AreaAlias.objects.select_related("area").order_by("slug")),
        ("organizations.json", Organization.objects.order_by("slug")),
        ("series.json", Series.objects.order_by("slug")),
        ("officials.json", Official.objects.order_by("slug")),
        ("documents.json", Document.objects.order_by("public_id")),
        # Old slugs and anchors: cited URLs keep working on every installation.
        (
            "document-aliases.json",
            DocumentAlias.objects.select_related("document").order_by("slug"),
        ),
        (
            "document-areas.json",
            DocumentArea.objects.select_related("document", "area", "reviewed_by").order_by(
                "document__public_id", "area__slug"
            ),
        ),
        (SECTIONS_DIR, None),
        (
            "section-aliases.json",
            SectionAlias.objects.select_related("document", "section__document").order_by(
                "document__slug", "anchor"
            ),
        ),
        ("quotes.json", Quote.objects.order_by("public_id")),
        ("events.json", Event.objects.order_by("date", "slug")),
        # Editors' corrections of computed comparisons (documents/compare.py).
        (
            "alignments.json",
            AlignmentCorrection.objects.select_related(
                "earlier_document", "later_document", "earlier_section", "later_section"
            ).order_by(
                "earlier_document__slug",
                "later_document__slug",
                F("earlier_section__order").asc(nulls_first=True),
                F("later_section__order").asc(nulls_first=True),
            ),
        ),
        (VERSIONS_DIR, None),
    ]


def fixture_paths(directory):
    """The fixture files under ``directory`` in load order."""
    directory = Path(directory)
    paths = []
    for name, _queryset in _model_files():
        if name in (SECTIONS_DIR, VERSIONS_DIR):
            paths += sorted((directory / name).glob("*.json"))
        elif (directory / name).exists():
            paths.append(directory / name)
    return paths


def _serialized_fields(model):
    return [
        f.name
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if f.serialize and f.name not in TIMESTAMPS
    ]


class ArchiveJSONEncoder(DjangoJSONEncoder):
    """Django's, with a time written the same way whether it was saved or loaded. Django cuts
    microseconds to milliseconds, so a time saved at ``05.000412`` was written ``05.000Z``,
    loaded back as ``05`` and then written ``05Z``: export, load and export again gave other
    bytes, one time in a thousand. Such a time is now written ``05Z`` at once."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and 0 < o.microsecond < 1000:
            o = o.replace(microsecond=0)
        return super().default(o)


def serialize(queryset, model=None):
    text = serializers.serialize(
        "json",
        queryset,
        indent=2,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        fields=_serialized_fields(model or queryset.model),
        cls=ArchiveJSONEncoder,
    )
    return text + "\n"


def export_archive(directory, *, record=True):
    """Write the database's archive to ``directory``; returns the paths written.

    ``record`` notes the moment (ArchiveSync): the database then matches these files."""
    directory = Path(directory)
    (directory / SECTIONS_DIR).mkdir(parents=True, exist_ok=True)
    (directory / VERSIONS_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    for name, queryset in _model_files():
        if name == SECTIONS_DIR:
            written += _export_sections(directory / SECTIONS_DIR)
            continue
        if name == VERSIONS_DIR:
            written += _export_versions(directory / VERSIONS_DIR)
            continue
        path = directory / name
        if name == CURATORS:
            _write_if_changed(path, _serialize_curators())
            written.append(path)
            continue
        _write_if_changed(path, serialize(queryset))
        written.append(path)
    if record:
        ArchiveSync.record(ArchiveSync.Action.EXPORT, directory)
    return written


def _export_sections(sections_dir):
    written = []
    slugs = (
        Document.objects.filter(sections__isnull=False).distinct().values_list("slug", flat=True)
    )
    for slug in sorted(slugs):
        queryset = (
            Section.objects.filter(document__slug=slug)
            .select_related("document", "parent__document")
            .prefetch_related("areas")
            .order_by("order")
        )
        tags = (
            SectionArea.objects.filter(section__document__slug=slug)
            .select_related("section__document", "area", "reviewed_by")
            .order_by("section__order", "area__slug")
        )
        # The section records, then their area tags (with their reviews), in one file.
        text = serialize(queryset).rstrip()
        if tags:
            text = text[: -len("]")].rstrip() + ",\n" + serialize(tags).strip()[len("[") :]
        path = sections_dir / f"{slug}.json"
        _write_if_changed(path, text + "\n")
        written.append(path)
    for stale in set(sections_dir.glob("*.json")) - set(written):
        stale.unlink()
    return written


def _export_versions(versions_dir):
    written = []
    slugs = (
        Document.objects.filter(versions__isnull=False).distinct().values_list("slug", flat=True)
    )
    for slug in sorted(slugs):
        queryset = (
            DocumentVersion.objects.filter(document__slug=slug)
            .select_related("document")
            .order_by("number")
        )
        versions = list(queryset)
        for version in versions:
            # PostgreSQL's jsonb keeps object keys in its own order: write them in the order a
            # version records them, so every database exports the same bytes.
            version.sections = [
                {name: entry[name] for name in sorted(entry, key=_section_key_order)}
                for entry in version.sections
            ]
        path = versions_dir / f"{slug}.json"
        _write_if_changed(path, serialize(versions, model=DocumentVersion))
        written.append(path)
    for stale in set(versions_dir.glob("*.json")) - set(written):
        stale.unlink()
    return written


def _section_key_order(name):
    known = SECTION_FIELDS
    return (known.index(name), "") if name in known else (len(known), name)


def _write_if_changed(path, text):
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def load_archive(directory, *, progress=None, sync_action=ArchiveSync.Action.LOAD):
    """Load every fixture file under ``directory`` in one transaction.

    Records are matched to existing rows by natural key, so loading twice changes nothing and
    duplicates nothing. Raises ``ArchiveLoadError`` naming the file and record on bad input.
    """
    directory = Path(directory)
    paths = fixture_paths(directory)
    if not paths:
        raise ArchiveLoadError(f"No fixture files found in {directory}.")
    report = LoadReport()
    # One revision records the loaded archive; objects are added once, at the end, rather
    # than at every save (a section's save would re-serialize its whole document).
    with transaction.atomic(), reversion.create_revision(manage_manually=True):
        reversion.set_comment(f"Loaded the archive from {directory.name}/.")
        deferred = []
        found = {}
        for path in paths:
            _load_file(path, directory, report, deferred, found)
            if progress:
                progress(path.relative_to(directory))
        for where, obj in deferred:
            for deferred_field, value in obj.deferred_fields.items():
                problem = _missing_reference(deferred_field, value)
                if problem:
                    raise ArchiveLoadError(f"{where}: {problem}")
            try:
                obj.save_deferred_fields()
            except Exception as exc:
                raise ArchiveLoadError(f"{where}: {_first_line(exc)}") from exc
        for obj in [
            *Document.objects.prefetch_related("areas", "issuers"),
            *Quote.objects.prefetch_related("areas"),
        ]:
            reversion.add_to_revision(obj)
        ArchiveSync.record(sync_action, directory)
    return report


def _load_file(path, directory, report, deferred, found):
    relative = path.relative_to(directory)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArchiveLoadError(f"{relative}: cannot read the file ({exc}).") from exc
    if path.name == CURATORS:
        _load_curators(text, relative, report)
        return
    records = _parse(text, relative)
    created = _CreatedAt()
    for position, record in enumerate(records, start=1):
        where = f"{relative}, record {position}"
        model, checked = _check_record(record, where, found)
        where = f"{where} ({model._meta.label_lower} {_record_name(record)})"
        try:
            obj = next(PythonDeserializer([record], handle_forward_references=True))
        except Exception as exc:  # a field value the model refuses
            raise ArchiveLoadError(f"{where}: {_first_line(exc)}") from exc
        instance = obj.object
        if hasattr(instance, "created_at"):
            _keep_timestamps(instance, created)
        if obj.deferred_fields:
            deferred.append((where, obj))
        try:
            # The references _check_record found need not be looked up again.
            instance.full_clean(exclude=checked, validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                obj.save()
        except ValidationError as exc:
            raise ArchiveLoadError(f"{where}: {_validation_message(exc)}") from exc
        except (DatabaseError, ValueError, TypeError) as exc:
            raise ArchiveLoadError(f"{where}: {_first_line(exc)}") from exc
        report.add(instance._meta.verbose_name_plural)


def _parse(text, relative):
    """The file's records; a file that is not JSON (often: cut short) says where it breaks."""
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        stripped = text.rstrip()
        ending = (
            "" if stripped.endswith(("]", "}")) else " (the file does not end a list: cut short?)"
        )
        raise ArchiveLoadError(
            f"{relative}: not valid JSON at line {exc.lineno}, column {exc.colno} "
            f"(character {exc.pos}): {exc.msg}{ending}."
        ) from exc
    if not isinstance(records, list):
        raise ArchiveLoadError(
            f"{relative}: expected a JSON list of records, found {_kind(records)}."
        )
    return records


def _kind(value):
    return {dict: "an object", str: "a string"}.get(type(value), type(value).__name__)


def _check_record(record, where, found=None):
    """The record's model, after checking its shape and that every record it must point at
    (a quote's official and document, a section's document …) is there; and the names of
    those references, which are rewritten to the rows' ids (each natural key is looked up
    once per load, in ``found``, not again by the deserializer and by full_clean)."""
    found = {} if found is None else found
    checked = []
    if not isinstance(record, dict):
        raise ArchiveLoadError(f"{where}: expected an object, found {_kind(record)}.")
    for key in ("model", "fields"):
        if key not in record:
            raise ArchiveLoadError(f'{where}: the key "{key}" is missing.')
    try:
        model = apps.get_model(record["model"])
    except (LookupError, ValueError, TypeError) as exc:
        raise ArchiveLoadError(f'{where}: unknown model "{record["model"]}".') from exc
    fields = record["fields"]
    if not isinstance(fields, dict):
        raise ArchiveLoadError(f'{where}: "fields" must be an object, found {_kind(fields)}.')
    name = f"{where} ({model._meta.label_lower} {_record_name(record)})"
    for field_name, value in fields.items():
        try:
            model_field = model._meta.get_field(field_name)
        except FieldDoesNotExist as exc:
            raise ArchiveLoadError(
                f'{name}: {model._meta.verbose_name} has no field "{field_name}".'
            ) from exc
        if model_field.many_to_one and not model_field.null and value is not None:
            problem = _missing_reference(model_field, value, found)
            if problem:
                raise ArchiveLoadError(f"{name}: {problem}")
            fields[field_name] = found[_found_key(model_field.related_model, value)]
            checked.append(field_name)
    for model_field in model._meta.concrete_fields:
        if (
            model_field.many_to_one
            and not model_field.null
            and fields.get(model_field.name) is None
        ):
            raise ArchiveLoadError(f'{name}: the key "{model_field.name}" is missing or empty.')
    return model, checked


def _record_name(record):
    fields = record.get("fields") if isinstance(record.get("fields"), dict) else {}
    for key in ("slug", "anchor", "public_id"):
        if fields.get(key) not in (None, ""):
            return str(fields[key])
    return "(unnamed)"


def _found_key(model, key):
    return (model._meta.label_lower, json.dumps(key))


def _missing_reference(model_field, value, found=None):
    """A message if ``value`` (a natural key, a list of them for many-to-many, or an id)
    names no existing record; None if every one exists. The ids of those found are kept in
    ``found`` (rows are only added while the archive loads, so a key once found stays)."""
    found = {} if found is None else found
    related = model_field.related_model
    manager = related._default_manager
    keys = value if model_field.many_to_many else [value]
    if model_field.many_to_many and not isinstance(value, list):
        return f"{model_field.name} must be a list, found {_kind(value)}."
    missing = []
    for key in keys:
        cache_key = _found_key(related, key)
        if cache_key in found:
            continue
        try:
            if isinstance(key, list):
                found[cache_key] = manager.get_by_natural_key(*key).pk
            else:
                found[cache_key] = manager.get(pk=key).pk
        except (ObjectDoesNotExist, TypeError, ValueError):
            missing.append(key)
    if not missing:
        return None
    shown = ", ".join(json.dumps(key) for key in missing)
    noun = related._meta.verbose_name
    return (
        f"{model_field.name} points at {shown}, but no {noun} with that key exists "
        f"(it must be in the fixtures loaded before this file, or earlier in it)."
    )


class _CreatedAt(dict):
    """Existing rows' creation times by model, fetched once per model per file."""

    def for_model(self, model):
        if model not in self:
            self[model] = dict(model.objects.values_list("pk", "created_at"))
        return self[model]


def _keep_timestamps(instance, created):
    """Fixtures carry no timestamps: keep a row's creation time, stamp new rows now."""
    now = timezone.now()
    existing = created.for_model(type(instance)).get(instance.pk) if instance.pk else None
    instance.created_at = existing or now
    instance.updated_at = now


def _validation_message(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)


def _first_line(exc):
    return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def export_changes(directory):
    """Export the archive to ``directory`` and say what that changed: the fixture files
    added, changed or removed, as paths relative to ``directory`` (sorted)."""
    directory = Path(directory)
    before = {path: path.read_bytes() for path in fixture_paths(directory)}
    export_archive(directory)
    after = {path: path.read_bytes() for path in fixture_paths(directory)}
    changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    return sorted(str(path.relative_to(directory)) for path in changed)


# --- Curators: the accounts named as reviewers of area tags -------------------------------
#
# The fixtures name who reviewed each tag by username. ``curators.json`` lists those accounts
# (username and name only: never a password or an e-mail). Loading creates a missing account
# as an inactive one that cannot sign in, and never changes an existing account.


def _serialize_curators():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    reviewer_ids = {
        *SectionArea.objects.exclude(reviewed_by=None).values_list("reviewed_by", flat=True),
        *DocumentArea.objects.exclude(reviewed_by=None).values_list("reviewed_by", flat=True),
    }
    users = User.objects.filter(pk__in=reviewer_ids).order_by(User.USERNAME_FIELD)
    records = [{"username": user.get_username(), "name": user.get_full_name()} for user in users]
    return json.dumps(records, indent=2, ensure_ascii=False) + "\n"


def _load_curators(text, relative, report):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    try:
        records = json.loads(text)
    except ValueError as exc:
        raise ArchiveLoadError(f"{relative}: {_first_line(exc)}") from exc
    if not isinstance(records, list):
        raise ArchiveLoadError(f"{relative}: expected a list of curators.")
    for position, record in enumerate(records, start=1):
        username = record.get("username") if isinstance(record, dict) else None
        if not isinstance(username, str) or not username.strip():
            raise ArchiveLoadError(f"{relative}, record {position}: a curator needs a username.")
        name = str(record.get("name", ""))
        first, _, last = name.partition(" ")
        user, created = User.objects.get_or_create(
            **{User.USERNAME_FIELD: username},
            defaults={"first_name": first[:150], "last_name": last[:150], "is_active": False},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            report.add("curators")
