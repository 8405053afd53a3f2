"""The reader: a document, one of its sections, and their citation downloads."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject

from documents import citations, compare, selectors, tei
from documents.citations import absolute_url
from documents.views import fragments
from documents.views.common import (
    can_preview,
    document_citation,
    download,
    public_document,
    section_citation,
    version_url,
)


@public_document
def document_detail(request, document):
    staff = can_preview(request)
    withheld = not document.text_is_public and not staff  # copyrighted: passages only
    editions = selectors.series_editions(document=document)
    previous, following = selectors.edition_neighbours(editions=editions, document=document)
    context = {
        "document": document,
        # The table of contents and the text, rendered once per archive generation.
        "text": SimpleLazyObject(lambda: fragments.reader_text(request, document, staff=staff)),
        "quotes": selectors.quotes_for_document(document=document),
        "editions": editions,
        "compare_offers": compare.offers_for(document=document, editions=editions),
        "previous_edition": previous,
        "next_edition": following,
        "related": selectors.related_documents(document=document),
        "cite": document_citation(request, document),
        "version_url": None if withheld else version_url(document),
        "withheld": withheld,
        "passages": None
        if document.text_is_public
        else selectors.quoted_passages(document=document),
    }
    # The asides after the text, rendered once per archive generation.
    context["asides"] = fragments.reader_asides(request, context)
    return render(request, "documents/document_detail.html", context)


@public_document
def document_cite(request, document, fmt):
    record = citations.document_record(
        document, url=absolute_url(request, document.get_absolute_url())
    )
    return download(record, fmt, document.slug)


@public_document
def section_detail(request, document, anchor):
    if not document.text_is_public and not can_preview(request):
        return redirect(document.get_absolute_url())  # its quoted passages are shown there
    found = selectors.section_context(document=document, anchor=anchor)  # read only
    context = {
        "document": document,
        **found,
        "cite": section_citation(request, found["section"]),
        "version_url": version_url(document, found["section"]),
    }
    return render(request, "documents/section_detail.html", context)


@public_document
def section_cite(request, document, anchor, fmt):
    section = selectors.get_section(document=document, anchor=anchor)
    record = citations.section_record(
        section, url=absolute_url(request, section.get_absolute_url())
    )
    return download(record, fmt, f"{document.slug}-{section.anchor}")


@public_document
def document_tei(request, document):
    """The document as TEI P5 XML (docs/api.md)."""
    url = absolute_url(request, document.get_absolute_url())
    sections = selectors.document_sections(document=document)
    response = HttpResponse(
        tei.document_tei(document, sections, url=url),
        content_type="application/tei+xml; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{document.slug}.tei.xml"'
    return response
