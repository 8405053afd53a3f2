"""Writes: importing a document's text, publishing and withdrawing, and who may do what of it."""

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from documents.importer.parser import ParsedText, ParseError, parse_text, read_source
from documents.models import (
    CooperationArea,
    DatePrecision,
    DeletedSectionLinks,
    Document,
    DocumentAlias,
    Quote,
    Section,
    SectionAlias,
    SectionArea,
    TagStatus,
)

# Existing sections are moved out of the way while the new order is written, so the
# (document, order) uniqueness holds at every step.
ORDER_SHIFT = 1_000_000
SECTION_FIELDS = ("order", "level", "label", "heading", "body")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    # The sections whose text or place the import rewrote (a hand correction made since the
    # last import is among them), and those of them whose reviewed area tags were given for
    # the text as it was.
    updated_pinpoints: list[str] = field(default_factory=list)
    retag: list[str] = field(default_factory=list)
    front_matter_changed: bool = False
    # With a source header: the provenance fields it set, and what did not match the record.
    provenance_fields: list[str] = field(default_factory=list)
    header_warnings: list[str] = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.removed or self.front_matter_changed)

    def __str__(self):
        parts = [
            f"{self.created} section(s) created",
            f"{self.updated} updated" + _listed(self.updated_pinpoints),
            f"{self.unchanged} unchanged",
            f"{len(self.removed)} removed" + _listed(self.removed),
        ]
        text = ", ".join(parts)
        if self.retag:
            text += (
                f"; the reviewed area tags of {', '.join(self.retag)} were given for the text as "
                "it was: check them"
            )
        return text


def _listed(pinpoints, most=12):
    if not pinpoints:
        return ""
    shown = ", ".join(pinpoints[:most])
    more = f" and {len(pinpoints) - most} more" if len(pinpoints) > most else ""
    return f" ({shown}{more})"


# Publishers hold it: they publish and withdraw documents, and remove sections of a published or
# withdrawn document (superusers hold every permission).
PUBLISH_PERMISSION = "documents.publish_document"


def may_publish(user):
    """Whether ``user`` may change a document's publication status."""
    return user is not None and user.has_perm(PUBLISH_PERMISSION)


def may_remove_sections(user, document):
    """Whether ``user`` may remove sections of ``document``, whatever removes them (the
    section's delete page, the admin's bulk delete, an import of a text that lacks them).
    Removing a section of a published or withdrawn document changes (or empties) its public
    text at once: as its status, that is for publishers. Editors remove a draft's."""
    return document.status == Document.Status.DRAFT or may_publish(user)


class SectionRemovalRefused(Exception):
    """An import would remove sections of ``document`` that its user may not remove
    (``may_remove_sections``); raised before anything is written. ``sections``: those
    sections, in the document's order."""

    def __init__(self, document, sections):
        self.document = document
        self.sections = sections
        count = len(sections)
        super().__init__(
            f"Nothing was imported: this document is {document.get_status_display().lower()}, "
            f"and importing the text would remove {count} of its sections, which the text "
            f"lacks: {_named(sections)} Only a publisher may remove sections of a published or "
            "withdrawn document. Ask a publisher to import this text, or revise the text so "
            f"that it keeps {'that section' if count == 1 else 'those sections'} (a text that "
            "adds or changes sections without removing any imports as usual)."
        )


def _named(sections, most=12):
    """Sections by their number and heading ("II.B Cyberspace"), "; " between them (a heading
    may hold a comma), ending a sentence: with a full stop unless the last name ends with one
    (or with "…": "…the security…." and "…NOT REAL TEXT.." read as typing errors)."""
    names = "; ".join(str(section) for section in sections[:most])
    more = len(sections) - most
    names += f"; and {more} more" if more > 0 else ""
    return names if names.endswith((".", "…", "?", "!")) else names + "."


def text_checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def import_document_text(document, text, *, user=None, comment="Imported the text."):
    """Split ``text`` into sections and make them the document's sections.

    Sections are matched to the existing ones by pinpoint ("IV.A.2"): matched sections are
    updated in place and keep their anchors, new ones get an anchor derived from their
    pinpoint, and sections no longer in the text are removed. Re-importing the same text
    writes nothing. A text that cannot be parsed raises ``ParseError`` before any write.

    ``user`` is who imports: the revision is recorded as theirs, and a text that lacks
    sections they may not remove (``may_remove_sections``: an editor, a published or withdrawn
    document) raises ``SectionRemovalRefused`` before any write. Without a user (the
    ``import_text`` command, run by an operator on the server) nothing is refused.
    """
    parsed = parse_text(text)
    if not parsed.sections:
        # (a text of headings alone is read as front matter: importing it removed every
        # section and reported success)
        raise ParseError(
            "no sections found: the text reads as front matter only (a title and headings "
            "without text under them); nothing was changed"
        )
    with transaction.atomic(), revision(user, comment):
        may_remove = user is None or may_remove_sections(user, document)
        report = _sync_sections(document, parsed, may_remove=may_remove)
        checksum = text_checksum(text)
        if report.changed or document.checksum != checksum or not document.text_held:
            document.checksum = checksum
            document.text_held = True
            document.save(update_fields=["front_matter", "checksum", "text_held", "updated_at"])
    return report


def _sync_sections(document, parsed: ParsedText, *, may_remove=True):
    report = ImportReport()
    existing = {section.pinpoint: section for section in document.sections.all()}
    parsed_pinpoints = [section.pinpoint for section in parsed.sections]
    removed = [pinpoint for pinpoint in existing if pinpoint not in set(parsed_pinpoints)]
    if removed and not may_remove:  # before anything is written, even to the document object
        raise SectionRemovalRefused(document, [existing[pinpoint] for pinpoint in removed])

    wanted = []
    for index, item in enumerate(parsed.sections):
        parent_pinpoint = None if item.parent is None else parsed.sections[item.parent].pinpoint
        values = {
            "order": index + 1,
            "level": item.level,
            "label": item.label,
            "heading": item.heading,
            "body": item.body,
        }
        wanted.append((item, parent_pinpoint, values))

    def is_unchanged(item, parent_pinpoint, values):
        section = existing.get(item.pinpoint)
        if section is None:
            return False
        current_parent = section.parent.pinpoint if section.parent_id else None
        return current_parent == parent_pinpoint and all(
            getattr(section, name) == value for name, value in values.items()
        )

    if document.front_matter != parsed.front_matter:
        document.front_matter = parsed.front_matter
        report.front_matter_changed = True
    if not removed and all(is_unchanged(*entry) for entry in wanted):
        report.unchanged = len(wanted)
        return report

    if removed:
        delete_sections(document.sections.filter(pinpoint__in=removed))
        report.removed = removed
    document.sections.update(order=F("order") + ORDER_SHIFT)

    used_anchors = {s.anchor for p, s in existing.items() if p not in removed}
    # An old address (of a section renamed or removed) still leads where it did: a new
    # section does not take it.
    used_anchors |= set(document.section_aliases.values_list("anchor", flat=True))
    saved = {}
    for item, parent_pinpoint, values in wanted:
        parent = saved.get(parent_pinpoint)
        section = existing.get(item.pinpoint)
        if section is None:
            section = Section(document=document, pinpoint=item.pinpoint)
            section.anchor = _unique_anchor(item.anchor, used_anchors)
            used_anchors.add(section.anchor)
            report.created += 1
        elif is_unchanged(item, parent_pinpoint, values):
            report.unchanged += 1
        else:
            report.updated += 1
            report.updated_pinpoints.append(item.pinpoint)
            text_changed = (section.heading, section.body) != (values["heading"], values["body"])
            if text_changed and section.area_tags.filter(status=TagStatus.REVIEWED).exists():
                report.retag.append(item.pinpoint)
        for name, value in values.items():
            setattr(section, name, value)
        section.parent = parent
        section.save()
        saved[item.pinpoint] = section
    return report


@contextmanager
def revision(user, comment):
    """Record what is saved inside as one revision (nested in any revision already open)."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        yield


def delete_sections(queryset):
    """Delete sections, leaving each one's URL behind as an alias that leads to its document,
    so a section that was ever published never answers 404 (the alias is left by
    ``keep_a_deleted_sections_address``, whatever deletes a section)."""
    with transaction.atomic():
        queryset.delete()


def keep_a_deleted_sections_address(sender, instance, **kwargs):
    """pre_delete of a section: unless its document is a draft, its anchor stays as an alias
    that leads to the document (connected in documents/apps.py; a History revert deleted
    sections added since its version and left their addresses answering 404)."""
    status = (
        Document.objects.filter(pk=instance.document_id).values_list("status", flat=True).first()
    )
    if status is not None and status != Document.Status.DRAFT:
        SectionAlias.objects.update_or_create(
            document_id=instance.document_id, anchor=instance.anchor, defaults={"section": None}
        )


TAG_FIELDS = ("id", "area_id", "status", "reviewed_by_id", "reviewed_at", "trigger")


def remember_a_deleted_sections_links(sender, instance, **kwargs):
    """pre_delete of a section: keep its area tags (with their review) and the quotes about it
    (``DeletedSectionLinks``), which the deletion removes and empties and the section's
    revisions do not hold, so that ``restore_section_links`` gives them back if the section is
    recovered or its document reverted to a version that had it (connected in
    documents/apps.py, so every way of deleting a section records them)."""
    tags = [
        {**row, "reviewed_at": row["reviewed_at"] and row["reviewed_at"].isoformat()}
        for row in SectionArea.objects.filter(section_id=instance.pk).values(*TAG_FIELDS)
    ]
    quote_ids = list(
        Quote.objects.filter(about_section_id=instance.pk).values_list("pk", flat=True)
    )
    # A record left from an earlier deletion is no longer what the section had. (A delete and
    # an insert: update_or_create's lock and savepoint cost three statements more for every
    # section a document's deletion removes.)
    DeletedSectionLinks.objects.filter(section_id=instance.pk).delete()
    if tags or quote_ids:
        DeletedSectionLinks.objects.create(
            section_id=instance.pk, document_id=instance.document_id, tags=tags, quote_ids=quote_ids
        )


def sections_a_revert_removes(revision):
    """The sections restoring the whole ``revision`` would delete: those of its documents that
    it does not hold (added since), in their documents' order. django-reversion's revert
    deletes them (a document's revisions follow its sections)."""
    types = ContentType.objects.get_for_models(Document, Section)
    held = revision.version_set.filter(content_type__in=types.values())
    documents = [int(v.object_id) for v in held if v.content_type_id == types[Document].pk]
    kept = [int(v.object_id) for v in held if v.content_type_id == types[Section].pk]
    return list(
        Section.objects.filter(document_id__in=documents)
        .exclude(pk__in=kept)
        .select_related("document")
        .order_by("document_id", "order")
    )


def revert_refusal(user, revision):
    """Why ``user`` may not restore the whole ``revision`` (a message), or None: it would
    remove sections of a published or withdrawn document, which only publishers remove
    (``may_remove_sections``, as for a delete or an import)."""
    refused = [
        section
        for section in sections_a_revert_removes(revision)
        if not may_remove_sections(user, section.document)
    ]
    if not refused:
        return None
    document = refused[0].document
    count = len(refused)
    return (
        f"Nothing was restored: “{document}” is {document.get_status_display().lower()}, and "
        f"this version lacks {count} of its sections, which restoring it would remove: "
        f"{_named(refused)} Only a publisher may remove sections of a published or withdrawn "
        "document: ask a publisher to restore this version, or correct the text on the "
        "sections' own pages (each section's History restores its own words)."
    )


def deleted_sections_in(revision):
    """The ids of the sections a revision holds that are deleted now and left links behind
    (``remember_a_deleted_sections_links``): those that restoring it would bring back."""
    ids = [
        int(pk)
        for pk in revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(Section)
        ).values_list("object_id", flat=True)
    ]
    remembered = set(
        DeletedSectionLinks.objects.filter(section_id__in=ids).values_list("section_id", flat=True)
    )
    return remembered - set(Section.objects.filter(pk__in=remembered).values_list("pk", flat=True))


def restore_section_links(section_ids):
    """After a revision brought back the deleted sections ``section_ids`` (``deleted_sections_in``),
    give them back their area tags, with the review they had, and the quotes that were about
    them. A tag whose area is gone, or whose section has a tag for that area again, is not
    restored; nor is the link of a quote that is gone, that an editor has linked to a section
    since, or that is now about another document. A quote is saved (inside the revert's
    revision, so its History records the change); the records are then used up."""
    records = list(
        DeletedSectionLinks.objects.filter(
            section_id__in=Section.objects.filter(pk__in=section_ids).values("pk")
        )
    )
    if not records:
        return
    sections = dict(
        Section.objects.filter(pk__in=[r.section_id for r in records]).values_list(
            "pk", "document_id"
        )
    )
    tags = [(record.section_id, tag) for record in records for tag in record.tags]
    areas = set(
        CooperationArea.objects.filter(pk__in={tag["area_id"] for _, tag in tags}).values_list(
            "pk", flat=True
        )
    )
    reviewers = set(
        get_user_model()
        .objects.filter(pk__in={tag["reviewed_by_id"] for _, tag in tags} - {None})
        .values_list("pk", flat=True)
    )
    taken = set(
        SectionArea.objects.filter(section_id__in=sections).values_list("section_id", "area_id")
    )
    used_ids = set(
        SectionArea.objects.filter(pk__in=[tag["id"] for _, tag in tags]).values_list(
            "pk", flat=True
        )
    )
    restored = []
    for section_id, tag in tags:
        reviewer = tag["reviewed_by_id"]
        if tag["area_id"] not in areas or (section_id, tag["area_id"]) in taken:
            continue
        taken.add((section_id, tag["area_id"]))
        restored.append(
            SectionArea(
                # The id it had, so the revert form shown and the one posted agree.
                id=None if tag["id"] in used_ids else tag["id"],
                section_id=section_id,
                area_id=tag["area_id"],
                status=tag["status"],
                reviewed_by_id=reviewer if reviewer in reviewers else None,
                reviewed_at=tag["reviewed_at"] and datetime.fromisoformat(tag["reviewed_at"]),
                trigger=tag["trigger"],
            )
        )
    SectionArea.objects.bulk_create(restored)
    for record in records:
        # A quote saved since the deletion (which emptied its link without saving it) was
        # an editor's choice: it keeps its link, or its lack of one.
        quotes = Quote.objects.filter(
            pk__in=record.quote_ids,
            about_section__isnull=True,
            updated_at__lte=record.deleted_at,
        ).filter(Q(about_document__isnull=True) | Q(about_document_id=sections[record.section_id]))
        for quote in quotes:
            quote.about_section_id = record.section_id
            quote.save()  # (a Quote saved inside a revision is added to it)
    DeletedSectionLinks.objects.filter(pk__in=[record.pk for record in records]).delete()


def _unique_anchor(anchor, used):
    if anchor not in used:
        return anchor
    suffix = 2
    while f"{anchor}-{suffix}" in used:
        suffix += 1
    return f"{anchor}-{suffix}"


class SourceHeaderError(ParseError):
    """The source header (the ``key: value`` lines before ``---``) cannot be read; ``line``
    is the file's line."""


# The keys a source file's header starts with (fixtures/sources/*.txt).
SOURCE_HEADER_KEYS = ("title", "date", "issuer", "source", "completeness")
_FIRST_HEADER_LINE = re.compile(rf"\ufeff?({'|'.join(SOURCE_HEADER_KEYS)}):.*", re.IGNORECASE)


def looks_like_source_file(text):
    """Does ``text`` start with a source header ("title: …" … "---")? Imported as plain text,
    such a header would become part of the public text."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    return bool(_FIRST_HEADER_LINE.fullmatch(first_line)) and bool(
        re.search(r"^---[ \t]*\r?$", text, re.MULTILINE)
    )


def import_source_file(document, raw, *, user=None):
    """Import a file in the fixtures/sources format: a provenance header, ``---``, the text.

    The header is recorded as the document's provenance (``source`` → Source,
    ``completeness`` → Completeness, the whole header → Provenance notes); a header that
    cannot be read, or whose date is not the document's, raises ``SourceHeaderError`` naming
    its line, and a text that cannot be parsed a ``ParseError`` with the file's line number.
    Nothing is written on any of them.
    """
    try:
        source = read_source(raw)
    except ParseError as exc:
        raise SourceHeaderError(exc.message, exc.line) from exc
    header_lines = raw[: len(raw) - len(source.text)].count("\n")
    other_date = _header_date_mismatch(document, source.header)
    if other_date:
        # A source of another date is another document's (or the record's date is wrong):
        # its header would become this document's public provenance.
        line = next(
            (
                n
                for n, text in enumerate(raw.splitlines(), 1)
                if text.lstrip("\ufeff").lower().startswith("date:")
            ),
            None,
        )
        raise SourceHeaderError(other_date, line)
    try:
        parse_text(source.text)
    except ParseError as exc:
        line = None if exc.line is None else exc.line + header_lines
        raise ParseError(exc.message, line) from exc
    header = "\n".join(f"{key}: {value}" for key, value in source.header.items())
    updates = {
        "source_description": source.header.get("source", document.source_description),
        "completeness": source.header.get("completeness", document.completeness),
        "provenance_notes": header,
    }
    with transaction.atomic():
        report = import_document_text(document, source.text, user=user)
        changed = [name for name, value in updates.items() if getattr(document, name) != value]
        for name in changed:
            setattr(document, name, updates[name])
        if changed:
            with revision(user, "Recorded the source file's provenance."):
                document.save(update_fields=[*changed, "updated_at"])
    report.provenance_fields = [
        str(Document._meta.get_field(name).verbose_name) for name in changed
    ]
    report.header_warnings = _header_mismatches(document, source.header)
    return report


def _header_mismatches(document, header):
    """What the header says that the record does not: worth a look before publishing."""
    warnings = []
    title = header.get("title", "")
    if title and " ".join(title.split()).casefold() != " ".join(document.title.split()).casefold():
        warnings.append(
            f"The header's title “{title}” differs from the document's title “{document.title}”: "
            "check that the text went to the right document."
        )
    date = header.get("date", "")
    if date and re.match(_HEADER_DATE, date) is None:
        warnings.append(f"The header's date “{date}” is not a date the archive can compare.")
    return warnings


_HEADER_DATE = r"\d{4}(-\d{2}){0,2}(?!\d)"


# How many characters of an ISO date each precision gives ("2014", "2014-10", "2014-10-08").
_PRECISION_LENGTH = {DatePrecision.YEAR: 4, DatePrecision.MONTH: 7, DatePrecision.DAY: 10}


def _header_date_mismatch(document, header):
    """Why the header's date is not the document's, or "" (a date the archive cannot read is
    a warning only: see ``_header_mismatches``). The two are compared as far as both go: a
    document known to the month ("October 2014", stored as its first day) and a header
    giving the day in it agree."""
    match = re.match(_HEADER_DATE, header.get("date", ""))
    if match is None:
        return ""
    known = min(len(match.group()), _PRECISION_LENGTH.get(document.date_precision, 10))
    if document.date.isoformat()[:known] == match.group()[:known]:
        return ""
    return (
        f"the date “{match.group()}” is not the document's ({document.display_date}), so this "
        "file is not this document's source. Import it into the document of that date, or "
        "correct the document's date first if the file is right"
    )


def publish_documents(queryset, *, user=None):
    """Publish the drafts (and withdrawn documents) in ``queryset``; returns those changed."""
    documents = list(queryset.exclude(status=Document.Status.PUBLISHED))
    with transaction.atomic(), revision(user, "Published."):
        for document in documents:
            document.status = Document.Status.PUBLISHED
            document.withdrawn_reason = ""
            document.withdrawn_at = None
            document.save(
                update_fields=[
                    "status",
                    "withdrawn_reason",
                    "withdrawn_at",
                    "published_at",
                    "updated_at",
                ]
            )
        rebuild_bulk_data(documents)
    return documents


def withdraw_documents(queryset, *, reason, user=None):
    """Withdraw the published documents in ``queryset``; returns those changed."""
    if not reason.strip():
        raise ValueError("A withdrawal needs a reason.")
    documents = list(queryset.filter(status=Document.Status.PUBLISHED))
    with transaction.atomic(), revision(user, f"Withdrawn: {reason.strip()}"):
        for document in documents:
            document.status = Document.Status.WITHDRAWN
            document.withdrawn_reason = reason.strip()
            document.withdrawn_at = timezone.now()
            document.save(
                update_fields=["status", "withdrawn_reason", "withdrawn_at", "updated_at"]
            )
        rebuild_bulk_data(documents)
    return documents


def rebuild_bulk_data(documents):
    """After a publication or withdrawal commits, the bulk download files are rebuilt (in the
    background by default; see api/bulk.py), so /data/ never lags behind the archive."""
    if documents:
        from api import bulk  # the open-data app builds them; imported late (no cycle)

        bulk.schedule_rebuild()


# What only publish_documents and withdraw_documents may change.
PUBLICATION_FIELDS = ("status", "withdrawn_reason", "published_at", "withdrawn_at")


def publication_states(revision):
    """The publication state, now, of every document a revision would restore (the documents
    in it, and those of the sections and quotes in it), keyed by document id."""
    document_ids = set()
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is Document:
            document_ids.add(int(version.object_id))
        elif model is not None and hasattr(model, "document_id"):
            try:
                document_id = version.field_dict.get("document_id")
            except Exception:  # a version the current schema cannot read: revert refuses it
                continue
            if document_id is not None:
                document_ids.add(int(document_id))
    states = {
        row["pk"]: row
        for row in Document.objects.filter(pk__in=document_ids).values("pk", *PUBLICATION_FIELDS)
    }
    # A document the revision brings back from deletion comes back as a draft.
    draft = {"status": Document.Status.DRAFT, "withdrawn_reason": "", "published_at": None}
    return {pk: states.get(pk, {"pk": pk, **draft, "withdrawn_at": None}) for pk in document_ids}


def section_addresses(states):
    """The current anchor of every section of the published or withdrawn documents in
    ``states`` (``publication_states``), keyed by section id: what ``keep_section_addresses``
    compares with after a revert."""
    public = [pk for pk, state in states.items() if state["status"] != Document.Status.DRAFT]
    rows = Section.objects.filter(document_id__in=public).values_list("pk", "document_id", "anchor")
    return {pk: (document_id, anchor) for pk, document_id, anchor in rows}


def document_addresses(states):
    """The current slug of each document in ``states`` (``publication_states``) whose address
    was public (published or withdrawn, or published once), keyed by id."""
    public = [
        pk
        for pk, state in states.items()
        if state["status"] != Document.Status.DRAFT or state.get("published_at") is not None
    ]
    return dict(Document.objects.filter(pk__in=public).values_list("pk", "slug"))


def keep_document_addresses(before):
    """After a revision was restored: a document given back an older slug keeps the one it
    had (``before``, from ``document_addresses``) as an alias, as a change of its slug in the
    form does; the restored slug is no longer an alias. The revert writes the document as
    stored, past ``Document.save``, and the form's save then saw no change of slug: the
    document's address answered 404 (a withdrawn one's tombstone too)."""
    now = dict(Document.objects.filter(pk__in=before).values_list("pk", "slug"))
    for pk, slug in before.items():
        if pk in now and now[pk] != slug:
            DocumentAlias.objects.update_or_create(slug=slug, defaults={"document_id": pk})
    DocumentAlias.objects.filter(slug__in=now.values()).delete()


def keep_section_addresses(before):
    """After a revision was restored: a section the revision gave back an older anchor keeps
    the one it had (``before``, from ``section_addresses``) as an alias, as an edit of its
    anchor does; an alias that is now a section's own anchor is removed. The revert writes
    the sections as stored (``save_base(raw=True)``), past ``Section.save``, which keeps
    aliases: the section's address since its last change answered 404."""
    document_ids = {document_id for document_id, _ in before.values()}
    live = {
        pk: (document_id, anchor)
        for pk, document_id, anchor in Section.objects.filter(
            document_id__in=document_ids
        ).values_list("pk", "document_id", "anchor")
    }
    taken = set(live.values())
    for pk, address in before.items():
        if pk in live and live[pk] != address and address not in taken:
            document_id, anchor = address
            SectionAlias.objects.update_or_create(
                document_id=document_id, anchor=anchor, defaults={"section_id": pk}
            )
    aliases = SectionAlias.objects.filter(document_id__in=document_ids)
    shadowed = [
        pk
        for pk, *address in aliases.values_list("pk", "document_id", "anchor")
        if tuple(address) in taken
    ]
    if shadowed:
        SectionAlias.objects.filter(pk__in=shadowed).delete()


def keep_publication_states(states):
    """Put back the publication state recorded by ``publication_states`` after a revision was
    restored: reverting text never publishes, unpublishes or withdraws anything."""
    for pk, state in states.items():
        values = {name: state[name] for name in PUBLICATION_FIELDS}
        Document.objects.filter(pk=pk).exclude(**values).update(**values)


# --- Area tag reviews ---------------------------------------------------------------------


def stamp_review(tag, *, user):
    """A tag saved as reviewed records who reviewed it and when (unless it already did)."""
    if tag.status == TagStatus.REVIEWED and (tag.reviewed_at is None or _review_changed(tag)):
        tag.reviewed_by = user if user and user.is_authenticated else None
        tag.reviewed_at = timezone.now()
    elif tag.status == TagStatus.SUGGESTED:
        tag.reviewed_by = None
        tag.reviewed_at = None


def _review_changed(tag):
    """Whether what the reviewer vouches for changed: the status, or the area itself (a tag
    moved to another area is a new judgement, not the earlier reviewer's)."""
    if tag.pk is None:
        return True
    owner = "section_id" if hasattr(tag, "section_id") else "document_id"
    old = type(tag).objects.filter(pk=tag.pk).values_list("status", "area_id", owner).first()
    return old != (tag.status, tag.area_id, getattr(tag, owner))


def accept_area_tag(tag, *, user):
    """A person read the text and agrees with the tag: it becomes public."""
    tag.status = TagStatus.REVIEWED
    tag.reviewed_by = user if user and user.is_authenticated else None
    tag.reviewed_at = timezone.now()
    tag.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return tag


def reject_area_tag(tag, *, user=None):
    """A person read the text and disagrees: the tag goes (a later keyword pass may suggest it
    again; it stays a suggestion until someone accepts it)."""
    tag.delete()
