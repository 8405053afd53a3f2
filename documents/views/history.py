"""Versions: a document or section as it was at a revision, and what changed since."""

from django.http import Http404
from django.shortcuts import render

from documents import citations, revisions, selectors
from documents.citations import absolute_url
from documents.views.common import (
    can_preview,
    public_document,
)


def _text_readable(request, document):
    """The history of a copyrighted text is held for staff only, like the text itself."""
    if not document.text_is_public and not can_preview(request):
        raise Http404("The text of this document is not published here.")


@public_document
def document_revision(request, document, revision):
    """The document exactly as it was at a revision: what a versioned citation points to."""
    _text_readable(request, document)
    old = revisions.document_at_revision(document=document, revision_id=revision)
    record = citations.document_record(old.document, url=absolute_url(request, request.path))
    record["version"] = f"revision {revision}"
    context = {
        "document": document,
        "old": old,
        "toc": selectors.section_tree(old.sections),
        "cite": citations.page_context(record, kind="document", download_url=lambda fmt: "")
        | {"downloads": []},
    }
    return render(request, "documents/document_revision.html", context)


@public_document
def section_revision(request, document, anchor, revision):
    _text_readable(request, document)
    old = revisions.document_at_revision(document=document, revision_id=revision)
    section = next((s for s in old.sections if s.anchor == anchor), None)
    if section is None:
        raise Http404("This revision does not hold this section.")
    record = citations.section_record(section, url=absolute_url(request, request.path))
    record["version"] = f"revision {revision}"
    context = {
        "document": document,
        "old": old,
        "section": section,
        "current": document.sections.filter(pk=section.pk).first(),
        "cite": citations.page_context(record, kind="section", download_url=lambda fmt: "")
        | {"downloads": []},
    }
    return render(request, "documents/section_revision.html", context)


@public_document
def document_changes(request, document, revision):
    """What changed in the document since a revision (word by word)."""
    _text_readable(request, document)
    old = revisions.document_at_revision(document=document, revision_id=revision)
    current = selectors.document_sections(document=document, staff=True)
    context = {
        "document": document,
        "old": old,
        "changes": revisions.changes_since(old=old, current_sections=current),
        "title_diff": revisions.word_diff(old.document.title, document.title)
        if old.document.title != document.title
        else None,
    }
    return render(request, "documents/document_changes.html", context)
