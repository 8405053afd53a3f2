"""Helpers shared by the page families: the one place where the domain's exceptions become
404 / 301 / 410, preview rights, pagination, the tombstone, citation contexts and downloads."""

from functools import wraps

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Window
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property

from documents import citations, selectors
from documents.cache import read_only_for_generation
from documents.citations import absolute_url
from documents.exceptions import Gone, Moved, NotFound
from documents.models import CooperationArea, Document, Section

PAGE_SIZE = 25


def can_preview(request):
    return request.user.is_staff and request.user.has_perm("documents.view_document")


def _document_url(request, document):
    return absolute_url(request, document.get_absolute_url())


# A page's "Cite this" box, meta tags and JSON-LD are kept until the archive changes, under
# the cited object's own address (its host is one the settings allow), and by each process
# as they are (the pages and downloads only read them): building the record and formatting
# it in every style was a fifth of a reader page. (A comparison's citation is kept for the
# day it carries too: documents/views/compare.py.)


def document_citation(request, document):
    url = _document_url(request, document)
    return read_only_for_generation(
        f"cite:{url}", lambda: citation_markup(_document_citation(document, url))
    )


def citation_markup(cite):
    """``cite`` (``citations.page_context``) with its markup, the same for every reader:
    ``head_html``, the page head's canonical link, meta tags and JSON-LD
    (includes/citation_meta.html), and ``box_html``, the "Cite this" box's styles and
    downloads (includes/citation_box.html). Rendered with the citation, they are kept with
    it."""
    context = {"cite": cite}
    cite["head_html"] = render_to_string("includes/citation_meta.html", context)
    cite["box_html"] = render_to_string("includes/citation_box.html", context)
    return cite


def _document_citation(document, url):
    return citations.page_context(
        citations.document_record(document, url=url),
        kind="document",
        download_url=lambda fmt: reverse(
            "documents:document-cite", kwargs={"slug": document.slug, "fmt": fmt}
        ),
        document=document,
        document_url=url,
    )


def section_citation(request, section):
    url = absolute_url(request, section.get_absolute_url())
    return read_only_for_generation(
        f"cite:{url}", lambda: citation_markup(_section_citation(request, section, url))
    )


def _section_citation(request, section, url):
    record = citations.section_record(section, url=url)
    kwargs = {"slug": section.document.slug, "anchor": section.anchor}
    return citations.page_context(
        record,
        kind="section",
        download_url=lambda fmt: reverse("documents:section-cite", kwargs={**kwargs, "fmt": fmt}),
        document=section.document,
        document_url=_document_url(request, section.document),
    )


def quote_citation(request, quote):
    url = absolute_url(request, quote.get_absolute_url())
    return read_only_for_generation(
        f"cite:{url}", lambda: citation_markup(_quote_citation(request, quote, url))
    )


def _quote_citation(request, quote, url):
    record = citations.quote_record(quote, url=url)
    return citations.page_context(
        record,
        kind="quote",
        quote=quote,
        download_url=lambda fmt: reverse(
            "documents:quote-cite", kwargs={"public_id": quote.public_id, "fmt": fmt}
        ),
        document=quote.document,
        document_url=_document_url(request, quote.document),
    )


def download(record, fmt, filename, *, status=200):
    _label, content_type, render_format = citations.DOWNLOADS[fmt]
    response = HttpResponse(render_format(record), content_type=content_type, status=status)
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


def gone(request, document):
    """410 Gone: a tombstone saying what the document was, when and why it went, and how to
    cite it as it was."""
    context = {"document": document, "cite": document_citation(request, document)}
    return render(request, "documents/document_gone.html", context, status=410)


def gone_download(request, document):
    """410 Gone for a withdrawn document's (or its section's or quote's) citation download,
    with the citation file itself in the body, noting the withdrawal: a reference manager
    still gets the item, as it was."""
    kwargs = request.resolver_match.kwargs
    fmt = kwargs["fmt"]
    if "public_id" in kwargs:
        quote = selectors.get_withdrawn_quote(public_id=kwargs["public_id"])
        url = absolute_url(request, quote.get_absolute_url())
        record, filename = citations.quote_record(quote, url=url), f"quote-{quote.public_id}"
    else:
        anchor = kwargs.get("anchor")
        section = document.sections.filter(anchor=anchor).first() if anchor else None
        if section is not None:
            section.document = document
            url = absolute_url(request, section.get_absolute_url())
            record = citations.section_record(section, url=url)
            filename = f"{document.slug}-{section.anchor}"
        else:
            record = citations.document_record(document, url=_document_url(request, document))
            filename = document.slug
    record["note"] = citations.withdrawn_note(document)
    return download(record, fmt, filename, status=410)


def paginate(request, queryset, size=PAGE_SIZE, *, kept=None):
    """The requested page; a page number that is not a number or out of range gets the
    nearest page rather than an error. With ``kept`` (a name for the list: one that is the
    same for every reader), the count and each page's rows are kept until the archive
    changes (KeptPaginator)."""
    number = request.GET.get("page")
    if kept is not None:
        return KeptPaginator(queryset, size, name=kept).get_page(number)
    if queryset.query.distinct or not connection.features.supports_over_clause:
        return Paginator(queryset, size).get_page(number)
    return CountingPaginator(queryset, size).get_page(number)


class CountingPaginator(Paginator):
    """A Paginator reading a page's rows and the count of the whole list in one statement
    (``COUNT(*) OVER ()``, counted before the LIMIT): a narrowed list read its count and its
    rows in two, each of which took PostgreSQL longer to plan than to run. Django's pages,
    the same rows. A page with no rows to carry the count (an empty list, a number past the
    end) is counted as Django counts it. Not for a DISTINCT list: its rows would be counted
    before DISTINCT."""

    COUNT = "paginator_count"
    PEEK_PAGES = 10_000

    def __init__(self, queryset, per_page):
        super().__init__(queryset, per_page)
        self._rows = {}

    def get_page(self, number):
        try:
            asked = int(number) if number is not None else 1
        except (TypeError, ValueError):
            asked = 1  # Django's get_page gives page 1 for what is not a number
        if 1 <= asked <= self.PEEK_PAGES:  # (a made-up page 10**20 is Django's to refuse)
            bottom = (asked - 1) * self.per_page
            counted = self.object_list.annotate(**{self.COUNT: Window(Count("pk"))})
            rows = list(counted[bottom : bottom + self.per_page])
            if rows:
                self.count = getattr(rows[0], self.COUNT)  # Django's count, already known
                self._rows[asked] = rows
        return super().get_page(number)

    def _get_page(self, object_list, number, paginator):
        rows = self._rows.get(number)
        return super()._get_page(object_list if rows is None else rows, number, paginator)


class KeptPaginator(Paginator):
    """A Paginator whose count and pages are kept until the archive changes, under ``name``
    and the page's number (checked against the count first, so only real pages are kept).
    Django's pages, the same rows: a list page read its count and its rows, with their
    joins and prefetches, on every request."""

    def __init__(self, queryset, per_page, *, name):
        super().__init__(queryset, per_page)
        self.name = name

    @cached_property
    def count(self):
        return read_only_for_generation(f"{self.name}:count", self.object_list.count)

    def _get_page(self, object_list, number, paginator):
        # Django's page() has checked the number and sliced the (unread) queryset.
        # Read only: the page's templates list its rows.
        rows = read_only_for_generation(
            f"{self.name}:page:{self.per_page}:{number}", lambda: list(object_list)
        )
        return super()._get_page(rows, number, paginator)


def public_document(view):
    """Resolve ``slug`` to a public document and call ``view(request, document, …)``; the
    selector's NotFound / Moved / Gone become 404 / 301 / 410 in DomainErrorsMiddleware."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        document = selectors.get_public_document(slug=slug, preview=can_preview(request))
        return view(request, document, **kwargs)

    return wrapper


class DomainErrorsMiddleware:
    """The pages' one mapping of the domain's exceptions: NotFound → 404 (the site's 404
    page), Moved → 301 (the query string kept), Gone → 410 with the tombstone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            raise Http404(exception.message) from exception
        if isinstance(exception, Moved):
            return permanent_redirect(request, moved_url(request, exception))
        if isinstance(exception, Gone):
            if request.resolver_match and "fmt" in request.resolver_match.kwargs:
                return gone_download(request, exception.record)
            return gone(request, exception.record)
        return None


def moved_url(request, moved):
    """Where a Moved leads: the same page under the target's new identifiers when the object
    was renamed (an old slug or anchor), else the target's own page."""
    target = moved.target
    match = request.resolver_match
    if moved.renamed and match is not None:
        kwargs = dict(match.kwargs)
        if isinstance(target, Document):
            kwargs["slug"] = target.slug
        elif isinstance(target, Section):
            kwargs.update(slug=target.document.slug, anchor=target.anchor)
        elif isinstance(target, CooperationArea):  # an area's page or feed, by an old slug
            kwargs["slug"] = target.slug
        try:
            return reverse(match.view_name, kwargs=kwargs)
        except NoReverseMatch:
            pass
    return target.get_absolute_url()


def permanent_redirect(request, url):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def version_url(document, section=None):
    """The permanent address of the text as it is now ("cite this version"), or None for a
    record whose text the archive does not hold (or a text not yet recorded as a version)."""
    number = selectors.current_version_number(document=document)
    if number is None:
        return None
    if section is None:
        kwargs = {"slug": document.slug, "number": number}
        return reverse("documents:document-version", kwargs=kwargs)
    kwargs = {"slug": document.slug, "anchor": section.anchor, "number": number}
    return reverse("documents:section-version", kwargs=kwargs)
