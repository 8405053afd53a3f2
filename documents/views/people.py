"""Officials and their quotes."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from documents import citations, selectors
from documents.citations import absolute_url
from documents.models import (
    Document,
    Official,
    Quote,
)
from documents.views.common import download, gone, paginate, quote_citation


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
        Quote.objects.exclude(document__status=Document.Status.DRAFT)
        .select_related(
            "official__organization", "document", "about_document", "about_section__document"
        )
        .prefetch_related("areas"),
        public_id=public_id,
    )
    if quote.document.status == Document.Status.WITHDRAWN:
        return gone(request, quote.document)
    context = {
        "quote": quote,
        "passage": selectors.passage_for_quote(quote=quote),
        "cite": quote_citation(request, quote),
    }
    return render(request, "documents/quote_detail.html", context)


def quote_cite(request, public_id, fmt):
    quote = get_object_or_404(
        Quote.objects.published().select_related("official", "document__publisher"),
        public_id=public_id,
    )
    record = citations.quote_record(quote, url=absolute_url(request, quote.get_absolute_url()))
    return download(record, fmt, f"quote-{quote.public_id}")
