"""Reads that span several models. Keyword-only functions; views stay a few lines."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.http import Http404

from documents.models import CooperationArea, Document, Quote, Section


class DocumentGone(Exception):
    """A withdrawn document: its URLs answer 410 with a tombstone."""

    def __init__(self, document):
        super().__init__(document.slug)
        self.document = document


def get_public_document(*, slug, preview=False):
    """The published document at ``slug``; 404 for drafts and unknown slugs, gone if withdrawn.

    With ``preview`` (staff who may view documents), drafts are shown too.
    """
    documents = Document.objects.all() if preview else Document.objects.public()
    document = (
        documents.select_related("series", "publisher")
        .prefetch_related("issuers", "areas")
        .filter(slug=slug)
        .first()
    )
    if document is None:
        raise Http404("No such document.")
    if document.status == Document.Status.WITHDRAWN:
        raise DocumentGone(document)
    return document


@dataclass
class SectionNode:
    section: Section
    children: list["SectionNode"] = field(default_factory=list)


def section_tree(sections):
    """Nest sections (given in document order) under their parents, for a table of contents."""
    nodes = {section.pk: SectionNode(section) for section in sections}
    roots = []
    for section in sections:
        node = nodes[section.pk]
        parent = nodes.get(section.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def document_sections(*, document):
    return list(document.sections.prefetch_related("areas").order_by("order"))


def quotes_for_document(*, document):
    """Quotes that appear in the document or are about it."""
    return list(
        Quote.objects.published()
        .filter(Q(document=document) | Q(about_document=document))
        .select_related("official", "document", "about_section")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )


def series_editions(*, document):
    if document.series_id is None:
        return []
    return list(document.series.documents.published().order_by("date"))


def area_with_subareas(*, slug):
    area = (
        CooperationArea.objects.select_related("parent")
        .prefetch_related("children")
        .filter(slug=slug)
        .first()
    )
    if area is None:
        raise Http404("No such cooperation area.")
    return area


def area_contents(*, area):
    """Everything tagged with the area or its sub-areas, each list in date order."""
    area_ids = [area.pk, *(child.pk for child in area.children.all())]
    documents = (
        Document.objects.published()
        .filter(areas__in=area_ids)
        .distinct()
        .select_related("series")
        .order_by("date", "title")
    )
    sections = (
        Section.objects.published()
        .filter(areas__in=area_ids)
        .distinct()
        .select_related("document")
        .order_by("document__date", "document__title", "order")
    )
    quotes = (
        Quote.objects.published()
        .filter(areas__in=area_ids)
        .distinct()
        .select_related("official", "document")
        .order_by("date", "public_id")
    )
    return {"documents": list(documents), "sections": list(sections), "quotes": list(quotes)}


def section_context(*, sections, anchor):
    """The section at ``anchor`` with its breadcrumb, children and neighbours."""
    by_pk = {section.pk: section for section in sections}
    index = next((i for i, s in enumerate(sections) if s.anchor == anchor), None)
    if index is None:
        raise Http404("No such section.")
    section = sections[index]
    breadcrumb = []
    parent = by_pk.get(section.parent_id)
    while parent is not None:
        breadcrumb.insert(0, parent)
        parent = by_pk.get(parent.parent_id)
    descendants = []
    for candidate in sections[index + 1 :]:
        if candidate.level <= section.level:
            break
        descendants.append(candidate)
    return {
        "section": section,
        "breadcrumb": breadcrumb,
        "descendants": descendants,
        "previous": sections[index - 1] if index > 0 else None,
        "next": sections[index + 1] if index + 1 < len(sections) else None,
    }
