"""Public pages. Each view is a few lines over a selector or a queryset method."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from documents import selectors
from documents.models import CooperationArea, Document, Event, Official, Organization, Quote, Series


def can_preview(request):
    return request.user.is_staff and request.user.has_perm("documents.view_document")


def gone(request, document):
    return render(request, "documents/document_gone.html", {"document": document}, status=410)


def home(request):
    documents = Document.objects.published().for_listing().order_by("date", "title")
    areas = CooperationArea.objects.filter(parent=None).prefetch_related("children")
    return render(request, "documents/home.html", {"documents": documents, "areas": areas})


def document_detail(request, slug):
    try:
        document = selectors.get_public_document(slug=slug, preview=can_preview(request))
    except selectors.DocumentGone as exc:
        return gone(request, exc.document)
    sections = selectors.document_sections(document=document)
    context = {
        "document": document,
        "sections": sections,
        "toc": selectors.section_tree(sections),
        "quotes": selectors.quotes_for_document(document=document),
        "editions": selectors.series_editions(document=document),
    }
    return render(request, "documents/document_detail.html", context)


def section_detail(request, slug, anchor):
    try:
        document = selectors.get_public_document(slug=slug, preview=can_preview(request))
    except selectors.DocumentGone as exc:
        return gone(request, exc.document)
    sections = selectors.document_sections(document=document)
    context = selectors.section_context(sections=sections, anchor=anchor)
    return render(request, "documents/section_detail.html", {"document": document, **context})


def area_list(request):
    areas = CooperationArea.objects.filter(parent=None).prefetch_related("children")
    return render(request, "documents/area_list.html", {"areas": areas})


def area_detail(request, slug):
    area = selectors.area_with_subareas(slug=slug)
    contents = selectors.area_contents(area=area)
    return render(request, "documents/area_detail.html", {"area": area, **contents})


def organization_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    documents = (
        Document.objects.published()
        .filter(Q(issuers=organization) | Q(publisher=organization))
        .distinct()
        .order_by("date", "title")
    )
    context = {"organization": organization, "documents": documents}
    return render(request, "documents/organization_detail.html", context)


def series_detail(request, slug):
    series = get_object_or_404(Series, slug=slug)
    documents = series.documents.published().order_by("date")
    return render(
        request, "documents/series_detail.html", {"series": series, "documents": documents}
    )


def official_detail(request, slug):
    official = get_object_or_404(Official.objects.select_related("organization"), slug=slug)
    quotes = official.quotes.published().select_related("document").order_by("date", "public_id")
    return render(
        request, "documents/official_detail.html", {"official": official, "quotes": quotes}
    )


def quote_detail(request, public_id):
    quote = get_object_or_404(
        Quote.objects.published()
        .select_related(
            "official__organization", "document", "about_document", "about_section__document"
        )
        .prefetch_related("areas"),
        public_id=public_id,
    )
    return render(request, "documents/quote_detail.html", {"quote": quote})


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.prefetch_related("areas"), slug=slug)
    documents = event.documents.published().order_by("date")
    return render(request, "documents/event_detail.html", {"event": event, "documents": documents})
