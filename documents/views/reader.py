"""The reader: a document, one of its sections, and their citation downloads."""

from django.shortcuts import render

from documents import citations, selectors
from documents.citations import absolute_url
from documents.views.common import (
    document_citation,
    download,
    public_document,
    section_citation,
    version_url,
)


@public_document
def document_detail(request, document):
    sections = selectors.document_sections(document=document)
    editions = selectors.series_editions(document=document)
    previous, following = selectors.edition_neighbours(editions=editions, document=document)
    context = {
        "document": document,
        "sections": sections,
        "toc": selectors.section_tree(sections),
        "quotes": selectors.quotes_for_document(document=document),
        "editions": editions,
        "previous_edition": previous,
        "next_edition": following,
        "related": selectors.related_documents(document=document),
        "cite": document_citation(request, document),
        "version_url": version_url(document, sections=sections),
    }
    return render(request, "documents/document_detail.html", context)


@public_document
def document_cite(request, document, fmt):
    record = citations.document_record(
        document, url=absolute_url(request, document.get_absolute_url())
    )
    return download(record, fmt, document.slug)


@public_document
def section_detail(request, document, anchor):
    sections = selectors.document_sections(document=document)
    context = selectors.section_context(document=document, sections=sections, anchor=anchor)
    context["cite"] = section_citation(request, context["section"])
    context["version_url"] = version_url(document, context["section"], sections=sections)
    return render(request, "documents/section_detail.html", {"document": document, **context})


@public_document
def section_cite(request, document, anchor, fmt):
    section = selectors.get_section(document=document, anchor=anchor)
    record = citations.section_record(
        section, url=absolute_url(request, section.get_absolute_url())
    )
    return download(record, fmt, f"{document.slug}-{section.anchor}")
