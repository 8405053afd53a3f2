"""Helpers shared by the page families: preview rights, pagination, redirects, the 410
tombstone, citation contexts and downloads."""

from functools import wraps

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from documents import citations, revisions, selectors
from documents.citations import absolute_url

PAGE_SIZE = 25


def can_preview(request):
    return request.user.is_staff and request.user.has_perm("documents.view_document")


def _document_url(request, document):
    return absolute_url(request, document.get_absolute_url())


def document_citation(request, document):
    url = _document_url(request, document)
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
    record = citations.section_record(
        section, url=absolute_url(request, section.get_absolute_url())
    )
    kwargs = {"slug": section.document.slug, "anchor": section.anchor}
    return citations.page_context(
        record,
        kind="section",
        download_url=lambda fmt: reverse("documents:section-cite", kwargs={**kwargs, "fmt": fmt}),
        document=section.document,
        document_url=_document_url(request, section.document),
    )


def quote_citation(request, quote):
    record = citations.quote_record(quote, url=absolute_url(request, quote.get_absolute_url()))
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


def gone_download(request, document, fmt, anchor=None):
    """410 Gone for a withdrawn document's citation download, with the citation file itself
    in the body (a reference manager still gets the item, as it was)."""
    section = document.sections.filter(anchor=anchor).first() if anchor else None
    if section is not None:
        section.document = document
        url = absolute_url(request, section.get_absolute_url())
        return download(
            citations.section_record(section, url=url),
            fmt,
            f"{document.slug}-{section.anchor}",
            status=410,
        )
    record = citations.document_record(document, url=_document_url(request, document))
    return download(record, fmt, document.slug, status=410)


def paginate(request, queryset, size=PAGE_SIZE):
    """The requested page; a page number that is not a number or out of range gets the
    nearest page rather than an error."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def public_document(view):
    """Resolve ``slug`` to a public document: 404 for drafts and unknown slugs, 301 from an
    old slug to the current one (query string kept), 410 with a tombstone once withdrawn."""

    @wraps(view)
    def wrapper(request, slug, **kwargs):
        try:
            document = selectors.get_public_document(slug=slug, preview=can_preview(request))
        except selectors.DocumentMoved as moved:
            url = reverse(
                request.resolver_match.view_name, kwargs={**kwargs, "slug": moved.document.slug}
            )
            return permanent_redirect(request, url)
        except selectors.DocumentGone as exc:
            if "fmt" in kwargs:
                return gone_download(request, exc.document, kwargs["fmt"], kwargs.get("anchor"))
            return gone(request, exc.document)
        return view(request, document, **kwargs)

    return wrapper


def permanent_redirect(request, url):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def version_url(document, section=None, sections=None):
    """The permanent address of the text as it is now ("cite this version"), or None for a
    record whose text the archive does not hold (or a text not yet recorded as a version)."""
    version = revisions.current_version(document=document, sections=sections)
    if version is None:
        return None
    if section is None:
        kwargs = {"slug": document.slug, "number": version.number}
        return reverse("documents:document-version", kwargs=kwargs)
    kwargs = {"slug": document.slug, "anchor": section.anchor, "number": version.number}
    return reverse("documents:section-version", kwargs=kwargs)
