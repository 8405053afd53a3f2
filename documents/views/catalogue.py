"""The archive's front pages: home, the filtered document list, organizations and series."""

from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from documents import compare, selectors
from documents.filters import DocumentFilter
from documents.models import (
    Document,
    Organization,
    Series,
)
from documents.views.common import paginate


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
    documents = list(series.documents.published().order_by("date"))
    context = {
        "series": series,
        "documents": documents,
        "offers": compare.natural_pairs(documents),
    }
    return render(request, "documents/series_detail.html", context)
