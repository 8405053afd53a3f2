"""Versions of a document's text: "cite this version".

Each document has versions numbered 1, 2, 3 … (``DocumentVersion``): a version holds the
title, date and every section's text as they were. A new version is recorded whenever a
revision (django-reversion, see models) changes the text; versions are carried in the
fixtures (fixtures/versions/<document>.json), so version 2 of a document is the same text on
every instance and a versioned citation survives a fresh install. The old links by global
revision id (/revisions/<id>/) are resolved to the version holding that text.

Domain layer: returns data and raises ``VersionNotFound`` (a ``NotFound``: 404 on the pages).
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import timezone
from reversion.models import Version

from documents.exceptions import NotFound
from documents.models import Document, DocumentVersion, Section

# In PostgreSQL's jsonb key order (shorter keys first, then bytewise), which jsonb imposes on
# whatever it stores: written in this order, a version exports the same bytes on SQLite and
# PostgreSQL.
SECTION_FIELDS = ("body", "label", "level", "order", "anchor", "heading", "pinpoint")


class VersionNotFound(NotFound):
    """No such version of this document (or of this section)."""


@dataclass
class DocumentAtVersion:
    version: DocumentVersion
    document: Document  # unsaved, as it was
    sections: list  # unsaved Section instances, in order
    is_current: bool


def snapshot(sections):
    """The text of ``sections`` as a version stores it."""
    return [{name: getattr(s, name) for name in SECTION_FIELDS} for s in sections]


def _same_text(version, document, sections):
    return (
        version.title == document.title
        and version.front_matter == document.front_matter
        and version.sections == sections
    )


def latest_version(*, document, text=True):
    """The document's latest version; with ``text=False`` without its text (the sections, a
    large JSON column), for what names the version only."""
    versions = document.versions.order_by("-number")
    return (versions if text else versions.defer("sections", "front_matter")).first()


def current_version(*, document, sections=None):
    """The version holding the document's text as it is now, or None (a record whose text
    the archive does not hold has none; nor has a text not yet recorded)."""
    if not document.text_held:
        return None
    version = latest_version(document=document)
    if version is None:
        return None
    current = snapshot(sections if sections is not None else document.sections.order_by("order"))
    return version if _same_text(version, document, current) else None


def record_version(*, document, legacy_revision=None):
    """Record the document's current text as its next version, unless the latest version
    already holds it (or the archive holds no text). Returns the version holding it."""
    if not document.text_held:
        return None
    sections = snapshot(document.sections.order_by("order"))
    if not sections:
        return None
    latest = latest_version(document=document)
    if latest is not None and _same_text(latest, document, sections):
        return latest
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return DocumentVersion.objects.create(
        document=document,
        number=number,
        recorded_on=timezone.localdate(),
        title=document.title,
        date=document.date,
        date_precision=document.date_precision,
        front_matter=document.front_matter,
        sections=sections,
        legacy_revision=legacy_revision,
    )


def record_versions_for_revision(sender, revision, versions, **kwargs):
    """django-reversion's post_revision_commit: every document whose text the revision
    touched gets a new version if its text changed (connected in documents/apps.py)."""
    types = ContentType.objects.get_for_models(Document, Section)
    document_ids = {int(v.object_id) for v in versions if v.content_type_id == types[Document].pk}
    section_ids = [int(v.object_id) for v in versions if v.content_type_id == types[Section].pk]
    document_ids |= set(
        Section.objects.filter(pk__in=section_ids).values_list("document_id", flat=True)
    )
    for document in Document.objects.filter(pk__in=document_ids).order_by("pk"):
        record_version(document=document, legacy_revision=revision.pk)


def document_at_version(*, document, number):
    """``document`` as it was at version ``number``."""
    version = document.versions.filter(number=number).first()
    if version is None or not document.text_held:
        raise VersionNotFound(f"{document.slug} has no version {number}.")
    old = Document(
        **{
            f.attname: getattr(document, f.attname)
            for f in Document._meta.concrete_fields
            if f.attname not in ("title", "date", "date_precision", "front_matter")
        },
        title=version.title,
        date=version.date,
        date_precision=version.date_precision,
        front_matter=version.front_matter,
    )
    sections = [Section(document_id=document.pk, **data) for data in version.sections]
    open_parents = []  # the sections above the current one, outermost first
    for section in sections:
        section.document = old
        # A version keeps each section's level, not its parent: the parent is the nearest
        # section before it at a lower level (the citation names the part a section is in).
        while open_parents and open_parents[-1].level >= section.level:
            open_parents.pop()
        Section.parent.field.set_cached_value(section, open_parents[-1] if open_parents else None)
        open_parents.append(section)
    latest = latest_version(document=document)
    return DocumentAtVersion(
        version=version,
        document=old,
        sections=sections,
        is_current=latest is not None and latest.number == version.number,
    )


def section_at_version(at, anchor):
    section = next((s for s in at.sections if s.anchor == anchor), None)
    if section is None:
        raise VersionNotFound(f"Version {at.version.number} has no section {anchor}.")
    return section


def version_for_revision(*, document, revision_id):
    """The version number an old global-revision link (/revisions/<id>/) meant: the version
    recorded from that revision, or the one holding the same text as the revision did."""
    number = (
        document.versions.filter(legacy_revision=revision_id)
        .values_list("number", flat=True)
        .first()
    )
    if number is not None:
        return number
    types = ContentType.objects.get_for_models(Document, Section)
    held = Version.objects.filter(revision_id=revision_id, content_type__in=types.values())
    if not held.filter(content_type=types[Document], object_id=str(document.pk)).exists():
        raise VersionNotFound(f"Revision {revision_id} does not hold {document.slug}.")
    old_document = next(
        v
        for v in held
        if v.content_type_id == types[Document].pk and v.object_id == str(document.pk)
    ).field_dict
    sections = sorted(
        (
            v.field_dict
            for v in held
            if v.content_type_id == types[Section].pk
            and v.field_dict.get("document_id") == document.pk
        ),
        key=lambda data: data["order"],
    )
    text = [{name: data.get(name) for name in SECTION_FIELDS} for data in sections]
    for version in document.versions.order_by("-number"):
        if version.title == old_document.get("title") and version.sections == text:
            return version.number
    raise VersionNotFound(f"No version of {document.slug} holds revision {revision_id}.")


@dataclass
class SectionChange:
    kind: str  # "changed", "added", "removed"
    pinpoint: str
    heading: list  # [(op, text)]
    body: list
    section: Section | None  # the current section, if it still exists


_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old, new):
    """[(op, text)] with op in ("same", "del", "ins"), word by word."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))
    return out


def changes_since(*, old, current_sections):
    """What changed between a document at a version and the current sections (matched by
    anchor, which never changes)."""
    old_by_anchor = {s.anchor: s for s in old.sections}
    current_by_anchor = {s.anchor: s for s in current_sections}
    changes = []
    for section in current_sections:
        before = old_by_anchor.get(section.anchor)
        if before is None:
            changes.append(
                SectionChange(
                    "added",
                    section.pinpoint,
                    [("ins", section.heading)],
                    [("ins", section.body)],
                    section,
                )
            )
        elif (before.heading, before.body) != (section.heading, section.body):
            changes.append(
                SectionChange(
                    "changed",
                    section.pinpoint,
                    word_diff(before.heading, section.heading),
                    word_diff(before.body, section.body),
                    section,
                )
            )
    for before in old.sections:
        if before.anchor not in current_by_anchor:
            changes.append(
                SectionChange(
                    "removed",
                    before.pinpoint,
                    [("del", before.heading)],
                    [("del", before.body)],
                    None,
                )
            )
    return changes


@dataclass
class ArchiveChange:
    action: str  # "published", "corrected" or "withdrawn"
    at: object  # when (the revision's time)
    revision_id: int
    document: Document  # as it is now
    reason: str = ""  # why it was withdrawn


def archive_changes(*, since=None):
    """What was published, corrected or withdrawn after ``since`` (all of it when None), oldest
    first, from the revision history: each revision holding a public document is compared with
    that document's previous revision. Drafts never appear. Costs three queries."""
    document_type = ContentType.objects.get_for_model(Document)
    versions = Version.objects.filter(content_type=document_type).select_related("revision")
    recent = versions if since is None else versions.filter(revision__date_created__gt=since)
    touched = set(recent.values_list("object_id", flat=True))
    if not touched:
        return []
    documents = {
        str(document.pk): document
        for document in Document.objects.public().filter(pk__in=[int(pk) for pk in touched])
    }
    history = versions.filter(object_id__in=list(documents)).order_by(
        "revision__date_created", "pk"
    )
    previous_status, changes = {}, []
    for version in history:
        status = version.field_dict.get("status")
        before = previous_status.get(version.object_id)
        previous_status[version.object_id] = status
        if since is not None and version.revision.date_created <= since:
            continue
        if status == Document.Status.PUBLISHED:
            action = "corrected" if before == Document.Status.PUBLISHED else "published"
        elif status == Document.Status.WITHDRAWN and before != Document.Status.WITHDRAWN:
            action = "withdrawn"
        else:
            continue
        changes.append(
            ArchiveChange(
                action,
                version.revision.date_created,
                version.revision_id,
                documents[version.object_id],
                version.field_dict.get("withdrawn_reason", "") if action == "withdrawn" else "",
            )
        )
    return changes
