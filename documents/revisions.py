"""Reading the archive's revision history: a document (or section) exactly as it was at a
revision, and what changed since. Revisions are recorded by django-reversion (see models)."""

import difflib
import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from reversion.models import Revision, Version

from documents.exceptions import NotFound
from documents.models import Document, Section


@dataclass
class DocumentAtRevision:
    revision: Revision
    document: Document  # unsaved, as it was
    sections: list  # unsaved Section instances, in order
    is_current: bool


def latest_revision_id(*, document):
    """The newest revision that holds ``document`` (and so all its sections)."""
    return Version.objects.get_for_object(document).values_list("revision_id", flat=True).first()


def _build(model, version):
    data = {k: v for k, v in version.field_dict.items() if k not in ("areas", "issuers")}
    return model(**data)


def document_at_revision(*, document, revision_id):
    """``document`` as it was at ``revision_id``; NotFound if that revision does not hold it."""
    types = ContentType.objects.get_for_models(Document, Section)
    versions = list(
        Version.objects.filter(
            revision_id=revision_id, content_type__in=types.values()
        ).select_related("revision__user")
    )
    document_versions = [
        v
        for v in versions
        if v.content_type_id == types[Document].pk and v.object_id == str(document.pk)
    ]
    if not document_versions:
        raise NotFound("This revision does not hold this document.")
    old_document = _build(Document, document_versions[0])
    sections = [_build(Section, v) for v in versions if v.content_type_id == types[Section].pk]
    sections = sorted((s for s in sections if s.document_id == document.pk), key=lambda s: s.order)
    for section in sections:
        section.document = old_document
    return DocumentAtRevision(
        revision=document_versions[0].revision,
        document=old_document,
        sections=sections,
        is_current=latest_revision_id(document=document) == revision_id,
    )


def section_at_revision(old, *, anchor):
    """The section at ``anchor`` in a document as it was (``document_at_revision``)."""
    section = next((s for s in old.sections if s.anchor == anchor), None)
    if section is None:
        raise NotFound("This revision does not hold this section.")
    return section


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
    """What changed between a document at a revision and the current sections."""
    old_by_pk = {s.pk: s for s in old.sections}
    current_by_pk = {s.pk: s for s in current_sections}
    changes = []
    for section in current_sections:
        before = old_by_pk.get(section.pk)
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
        if before.pk not in current_by_pk:
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


# --- The changes feed ---------------------------------------------------------------------


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
