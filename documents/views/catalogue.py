"""The archive's front pages: home, the filtered document list, organizations and series."""

from django.shortcuts import render
from django.template.loader import get_template

from documents import compare, selectors
from documents.filters import DocumentFilter
from documents.views import fragments
from documents.views.common import paginate


def home(request):
    context = {
        "kinds": selectors.documents_by_kind(),
        "tree": fragments.area_tree(),  # rendered once per archive generation
        "latest": selectors.latest_documents(),
    }
    return render(request, "documents/home.html", context)


def document_list(request):
    filterset = DocumentFilter(request.GET or None, queryset=selectors.document_list())
    order = filterset.unnarrowed_order()
    kept = None if order is None else f"document-list:{order}"  # the same for every reader
    page = paginate(request, filterset.qs, kept=kept)
    filters = fragments.filter_form(
        "documents", lambda: _filters(filterset), bound=filterset.is_bound
    )
    context = {"filter": filterset, "page": page, "filters": filters}
    return render(request, "documents/document_list.html", context)


def _filters(filterset):
    filterset.offer_kinds_held()  # (the menu only: any kind asked for is offered too)
    return get_template("includes/document_filters.html").render({"filter": filterset})


def organization_detail(request, slug):
    organization = selectors.get_organization(slug=slug)
    documents = selectors.organization_documents(organization=organization)
    context = {"organization": organization, "documents": documents}
    return render(request, "documents/organization_detail.html", context)


def series_detail(request, slug):
    series = selectors.get_series(slug=slug)
    documents = list(selectors.series_documents(series=series))
    context = {
        "series": series,
        "documents": documents,
        "offers": compare.natural_pairs(documents),
    }
    return render(request, "documents/series_detail.html", context)
