"""Comparisons of two documents: /compare/<earlier>...<later>/ and its citation downloads."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from documents import citations, compare, selectors
from documents.cache import archive_generation, read_only_for_generation
from documents.citations import absolute_url
from documents.exceptions import Gone, Moved, NotFound
from documents.forms import CompareForm
from documents.views.common import can_preview, citation_markup, download, permanent_redirect


def _documents(request, earlier, later):
    """Both documents, or the response that explains why there is no comparison."""
    found = []
    for slug in (earlier, later):
        try:
            found.append(selectors.get_public_document(slug=slug, preview=can_preview(request)))
        except NotFound:
            return None, _refuse(request, 404, "unknown", slug=slug)
        except Moved as moved:
            found.append(moved.target)
        except Gone as gone:
            return None, _refuse(request, 410, "withdrawn", document=gone.record)
    if found[0].pk == found[1].pk:
        return None, _refuse(request, 400, "same", document=found[0])
    if (found[0].slug, found[1].slug) != (earlier, later):
        kwargs = {"earlier": found[0].slug, "later": found[1].slug}
        url = reverse(request.resolver_match.view_name, kwargs=_with_fmt(request, kwargs))
        return None, permanent_redirect(request, url)
    return found, None


def _with_fmt(request, kwargs):
    fmt = request.resolver_match.kwargs.get("fmt")
    return {**kwargs, "fmt": fmt} if fmt else kwargs


def _refuse(request, status, reason, **context):
    context = {"reason": reason, **context}
    return render(request, "documents/compare_error.html", context, status=status)


def _citation(request, earlier, later, area):
    """The comparison's citation and its markup (``citation_markup``): at its URL with the
    area it is filtered to, dated by the day it is read (it has no date of its own), naming
    the recorded versions it compares. Kept until the archive changes or the day does, under
    its own address; a staff preview is made each time."""
    kwargs = {"earlier": earlier.slug, "later": later.slug}
    url = absolute_url(request, _with_area(reverse("documents:compare", kwargs=kwargs), area))
    today = timezone.localdate()

    def make():
        # (the versions' numbers and days: a version's text, hundreds of KB, is not read)
        versions = [selectors.latest_version_named(document=d) for d in (earlier, later)]
        record = citations.comparison_record(
            earlier, later, url=url, area=area, accessed=today, versions=versions
        )
        return citation_markup(
            citations.page_context(
                record,
                kind="document",
                download_url=lambda fmt: _with_area(
                    reverse("documents:compare-cite", kwargs={**kwargs, "fmt": fmt}), area
                ),
                # The later text is what the comparison leads to (its rights, its address).
                document=later,
                document_url=absolute_url(request, later.get_absolute_url()),
            )
        )

    if can_preview(request):
        return make()
    return read_only_for_generation(f"cite:{url}:{today.isoformat()}", make)


def _with_area(path, area):
    return f"{path}?{urlencode({'area': area.slug})}" if area is not None else path


def comparison(request, earlier, later):
    documents, refusal = _documents(request, earlier, later)
    if refusal:
        return refusal
    earlier, later = documents
    form = CompareForm(request.GET or None)
    area = form.chosen_area()
    result = compare.ComparisonPage(earlier=earlier, later=later, area=area)
    cite = _citation(request, earlier, later, area)
    context = {"comparison": result, "form": form, "cite": cite}
    return _dated_today(render(request, "documents/compare.html", context))


def _dated_today(response):
    """The page's citation carries the day it is read: it is new each day, not only when the
    archive changes (a browser revalidating yesterday's copy kept yesterday's "accessed")."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    response.headers["Last-Modified"] = http_date(
        max((archive_generation() or 0) / 1e9, midnight.timestamp())
    )
    return response


# The page cache keeps only the query parameters a page reads (alliance/middleware.py).
comparison.cache_parameters = ("area",)


def comparison_cite(request, earlier, later, fmt):
    documents, refusal = _documents(request, earlier, later)
    if refusal:
        return refusal
    area = CompareForm(request.GET or None).chosen_area()
    record = _citation(request, *documents, area)["record"]
    name = f"compare-{documents[0].slug}-{documents[1].slug}"
    return _dated_today(download(record, fmt, f"{name}-{area.slug}" if area is not None else name))


# The download of a comparison filtered to an area cites it with its ?area= (the page cache
# dropped the parameter before the view read it).
comparison_cite.cache_parameters = ("area",)
