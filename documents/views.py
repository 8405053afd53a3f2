"""Public pages. Each view is a few lines over a selector, a filter or a queryset method."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from documents import charts, selectors
from documents.filters import DocumentFilter
from documents.forms import TimelineForm
from documents.models import (
    Document,
    Event,
    Official,
    Organization,
    Quote,
    Series,
)

PAGE_SIZE = 25


def can_preview(request):
    return request.user.is_staff and request.user.has_perm("documents.view_document")


def gone(request, document):
    return render(request, "documents/document_gone.html", {"document": document}, status=410)


def paginate(request, queryset, size=PAGE_SIZE):
    """The requested page; a page number that is not a number or out of range gets the
    nearest page rather than an error."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def home(request):
    context = {
        "kinds": selectors.documents_by_kind(),
        "areas": selectors.areas_with_counts(),
        "latest": selectors.latest_documents(),
    }
    return render(request, "documents/home.html", context)


def document_list(request):
    queryset = Document.objects.published().for_listing()
    filterset = DocumentFilter(request.GET or None, queryset=queryset)
    page = paginate(request, filterset.qs)
    return render(request, "documents/document_list.html", {"filter": filterset, "page": page})


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
        "related": selectors.related_documents(document=document),
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
    return render(request, "documents/area_list.html", {"areas": selectors.areas_with_counts()})


def area_detail(request, slug):
    area = selectors.area_with_subareas(slug=slug)
    form = TimelineForm(request.GET or None)
    entries = selectors.timeline(areas=[area, *area.children.all()], **form.filters())
    context = {
        "area": area,
        "form": form,
        "entries": entries,
        "years": selectors.group_by_year(entries),
        "chart": charts.year_bars(entries, span=selectors.archive_span()),
    }
    return render(request, "documents/area_detail.html", context)


def timeline(request):
    form = TimelineForm(request.GET or None, with_area=True)
    filters = form.filters()
    area = form.cleaned_data.get("area") if form.is_valid() else None
    areas = selectors.areas_with_counts()
    selected = None
    if area is not None:
        selected = next(a for a in areas if a.pk == area.pk)
        selected = [selected, *selected.children.all()]
    entries = selectors.timeline(areas=selected, **filters)
    context = {
        "form": form,
        "entries": entries,
        "years": selectors.group_by_year(entries),
        "lanes": charts.area_lanes(entries, areas),
    }
    return render(request, "documents/timeline.html", context)


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
    context = {"series": series, "documents": documents}
    return render(request, "documents/series_detail.html", context)


def official_list(request):
    published = Q(quotes__document__status=Document.Status.PUBLISHED)
    officials = Official.objects.select_related("organization").annotate(
        quote_count=Count("quotes", filter=published)
    )
    return render(request, "documents/official_list.html", {"officials": officials})


def official_detail(request, slug):
    official = get_object_or_404(Official.objects.select_related("organization"), slug=slug)
    quotes = official.quotes.published().select_related("document").order_by("date", "public_id")
    context = {"official": official, "quotes": quotes}
    return render(request, "documents/official_detail.html", context)


def quote_list(request):
    quotes = (
        Quote.objects.published()
        .select_related("official", "document")
        .prefetch_related("areas")
        .order_by("date", "public_id")
    )
    return render(request, "documents/quote_list.html", {"page": paginate(request, quotes)})


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
