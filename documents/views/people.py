"""Officials and their quotes."""

from django.shortcuts import render

from documents import citations, selectors
from documents.citations import absolute_url
from documents.exceptions import OfficialWithdrawn
from documents.views.common import download, paginate, quote_citation


def official_list(request):
    officials = selectors.listed_officials()
    return render(request, "documents/official_list.html", {"officials": officials})


def official_detail(request, slug):
    try:
        official, quotes = selectors.official_with_quotes(slug=slug)
    except OfficialWithdrawn as withdrawn:
        context = {"official": withdrawn.record, "documents": withdrawn.documents}
        return render(request, "documents/official_gone.html", context, status=410)
    context = {"official": official, "quotes": quotes}
    return render(request, "documents/official_detail.html", context)


def quote_list(request):
    page = paginate(request, selectors.listed_quotes(), kept="quote-list")
    return render(request, "documents/quote_list.html", {"page": page})


def quote_detail(request, public_id):
    quote = selectors.get_quote(public_id=public_id)
    context = {
        "quote": quote,
        "passage": selectors.passage_for_quote(quote=quote),
        "cite": quote_citation(request, quote),
    }
    return render(request, "documents/quote_detail.html", context)


def quote_cite(request, public_id, fmt):
    """A quote's citation download (410 with the file once withdrawn: see gone_download)."""
    quote = selectors.get_quote(public_id=public_id)
    record = citations.quote_record(quote, url=absolute_url(request, quote.get_absolute_url()))
    return download(record, fmt, f"quote-{quote.public_id}")
