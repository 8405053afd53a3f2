"""Versions: a document or section exactly as it was at version n, what changed since, and
the old links by global revision id (301 to the version)."""

from django.shortcuts import render
from django.urls import reverse

from documents import citations, revisions, selectors
from documents.citations import absolute_url
from documents.exceptions import NotFound
from documents.views.common import (
    can_preview,
    citation_markup,
    permanent_redirect,
    public_document,
)


def _version(request, document, number):
    """The document at a version; the history of a copyrighted text, like the text itself,
    is for staff only (see SectionQuerySet.text_public)."""
    if not document.text_is_public and not can_preview(request):
        raise NotFound("The text of this document is not published here.")
    return revisions.document_at_version(document=document, number=number)


def _version_cite(request, record, at, kind):
    """The version's citation: its number and the day it was recorded are said in every
    style (the version page's citation differed from the current text's by its URL only)."""
    recorded = at.version.recorded_on
    record["version"] = str(at.version.number)
    record.setdefault("custom", {})["version-recorded"] = [
        recorded.year,
        recorded.month,
        recorded.day,
    ]
    document_url = absolute_url(request, at.document.get_absolute_url())
    return citation_markup(
        citations.page_context(
            record,
            kind=kind,
            download_url=lambda fmt: "",
            document=at.document,
            document_url=document_url,
        )
        | {"downloads": []}
    )


@public_document
def document_version(request, document, number):
    """The document exactly as it was at a version: what a versioned citation points to."""
    at = _version(request, document, number)
    record = citations.document_record(at.document, url=absolute_url(request, request.path))
    context = {
        "document": document,
        "old": at,
        "toc": selectors.section_tree(at.sections),
        "cite": _version_cite(request, record, at, "document"),
    }
    return render(request, "documents/document_revision.html", context)


@public_document
def section_version(request, document, anchor, number):
    at = _version(request, document, number)
    section = revisions.section_at_version(at, anchor)
    record = citations.section_record(section, url=absolute_url(request, request.path))
    context = {
        "document": document,
        "old": at,
        "section": section,
        "current": document.sections.filter(anchor=anchor).first(),
        "cite": _version_cite(request, record, at, "section"),
    }
    return render(request, "documents/section_revision.html", context)


@public_document
def document_changes(request, document, number):
    """What changed in the document since a version (word by word)."""
    at = _version(request, document, number)
    current = selectors.document_sections(document=document, staff=True)
    context = {
        "document": document,
        "old": at,
        "changes": revisions.changes_since(old=at, current_sections=current),
        "title_diff": revisions.word_diff(at.document.title, document.title)
        if at.document.title != document.title
        else None,
    }
    return render(request, "documents/document_changes.html", context)


@public_document
def legacy_revision(request, document, revision, anchor=None):
    """/revisions/<global id>/ (the links made before versions were numbered per document):
    301 to the version holding that text."""
    return _legacy(request, document, revision, anchor=anchor)


@public_document
def legacy_revision_changes(request, document, revision):
    return _legacy(request, document, revision, changes=True)


def _legacy(request, document, revision, anchor=None, changes=False):
    number = revisions.version_for_revision(document=document, revision_id=revision)
    kwargs = {"slug": document.slug, "number": number}
    if anchor is not None:
        name = "documents:section-version"
        kwargs["anchor"] = anchor
    else:
        name = "documents:document-changes" if changes else "documents:document-version"
    return permanent_redirect(request, reverse(name, kwargs=kwargs))
