"""The search page: a few lines over ``search.engine.search``."""

from django.shortcuts import render

from search import backends
from search.engine import search
from search.presenters import present


def search_page(request):
    text = request.GET.get("q", "")
    results = None
    if text.strip():
        results = search(
            text,
            filters=request.GET,
            page=request.GET.get("page"),
            sort=request.GET.get("sort") or None,
        )
    else:
        results = search("", filters=request.GET)
        results.error = ""  # no query yet: just the form
    return render(request, "search/search.html", {"results": present(results), "q": text})


def search_help(request):
    return render(request, "search/help.html", {"cap": backends.CAP})
