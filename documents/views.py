"""Public pages. Each view is a few lines over a selector, a filter or a queryset method."""

from functools import wraps

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from documents import charts, citations, revisions, selectors
from documents.citations import absolute_url
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


def document_citation(request, document):
    record = citations.document_record(
        document, url=absolute_url(request, document.get_absolute_url())
    )
    return citations.page_context(
        record,
        kind="document",
        download_url=lambda fmt: reverse(
            "documents:document-cite", kwargs={"slug": document.slug, "fmt": fmt}
        ),
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
    )


def download(record, fmt, filename):
    _label, content_type, render_format = citations.DOWNLOADS[fmt]
    response = HttpResponse(render_format(record), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}.{fmt}"'
    return response


def gone(request, document):
    """410 Gone: a tombstone saying what the document was, when and why it went, and how to
    cite it as it was."""
    context = {"document": document, "cite": document_citation(request, document)}
    return render(request, "documents/document_gone.html", context, status=410)


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
            return gone(request, exc.document)
        return view(request, document, **kwargs)

    return wrapper


def permanent_redirect(request, url):
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@public_document
def document_detail(request, document):
    sections = selectors.document_sections(document=document)
    editions = selectors.series_editions(document=document)
    previous, following = selectors.edition_neighbours(editions=editions, document=document)
    context = {
        "document": document,
        "sections": sections,
        "toc": selectors.section_tree(sections),
        "quotes": selectors.quotes_for_document(document=document),
        "editions": editions,
        "previous_edition": previous,
        "next_edition": following,
        "related": selectors.related_documents(document=document),
        "cite": document_citation(request, document),
        "version_url": version_url(document),
    }
    return render(request, "documents/document_detail.html", context)


def version_url(document, section=None):
    revision_id = revisions.latest_revision_id(document=document)
    if revision_id is None:
        return None
    if section is None:
        kwargs = {"slug": document.slug, "revision": revision_id}
        return reverse("documents:document-revision", kwargs=kwargs)
    kwargs = {"slug": document.slug, "anchor": section.anchor, "revision": revision_id}
    return reverse("documents:section-revision", kwargs=kwargs)


@public_document
def document_revision(request, document, revision):
    """The document exactly as it was at a revision: what a versioned citation points to."""
    old = revisions.document_at_revision(document=document, revision_id=revision)
    record = citations.document_record(old.document, url=absolute_url(request, request.path))
    record["version"] = f"revision {revision}"
    context = {
        "document": document,
        "old": old,
        "toc": selectors.section_tree(old.sections),
        "cite": citations.page_context(record, kind="document", download_url=lambda fmt: "")
        | {"downloads": []},
    }
    return render(request, "documents/document_revision.html", context)


@public_document
def section_revision(request, document, anchor, revision):
    old = revisions.document_at_revision(document=document, revision_id=revision)
    section = next((s for s in old.sections if s.anchor == anchor), None)
    if section is None:
        raise Http404("This revision does not hold this section.")
    record = citations.section_record(section, url=absolute_url(request, request.path))
    record["version"] = f"revision {revision}"
    context = {
        "document": document,
        "old": old,
        "section": section,
        "current": document.sections.filter(pk=section.pk).first(),
        "cite": citations.page_context(record, kind="section", download_url=lambda fmt: "")
        | {"downloads": []},
    }
    return render(request, "documents/section_revision.html", context)


@public_document
def document_changes(request, document, revision):
    """What changed in the document since a revision (word by word)."""
    old = revisions.document_at_revision(document=document, revision_id=revision)
    current = selectors.document_sections(document=document)
    context = {
        "document": document,
        "old": old,
        "changes": revisions.changes_since(old=old, current_sections=current),
        "title_diff": revisions.word_diff(old.document.title, document.title)
        if old.document.title != document.title
        else None,
    }
    return render(request, "documents/document_changes.html", context)


@public_document
def document_cite(request, document, fmt):
    record = citations.document_record(
        document, url=absolute_url(request, document.get_absolute_url())
    )
    return download(record, fmt, document.slug)


@public_document
def section_detail(request, document, anchor):
    sections = selectors.document_sections(document=document)
    try:
        context = selectors.section_context(document=document, sections=sections, anchor=anchor)
    except selectors.SectionMoved as moved:
        return permanent_redirect(request, moved.url)
    context["cite"] = section_citation(request, context["section"])
    context["version_url"] = version_url(document, context["section"])
    return render(request, "documents/section_detail.html", {"document": document, **context})


@public_document
def section_cite(request, document, anchor, fmt):
    section = document.sections.filter(anchor=anchor).first()
    if section is None:
        return permanent_redirect(request, selectors.moved_section_url(document, anchor))
    section.document = document
    record = citations.section_record(
        section, url=absolute_url(request, section.get_absolute_url())
    )
    return download(record, fmt, f"{document.slug}-{section.anchor}")


def document_short_link(request, public_id, anchor=None):
    """/d/<public id>[/<anchor>]: never changes; answers 301 to the current canonical URL."""
    document = get_object_or_404(Document.objects.public(), public_id=public_id)
    if document.status == Document.Status.WITHDRAWN:
        return gone(request, document)
    if anchor is None:
        return permanent_redirect(request, document.get_absolute_url())
    url = reverse("documents:section-detail", kwargs={"slug": document.slug, "anchor": anchor})
    return permanent_redirect(request, url)


def quote_short_link(request, public_id):
    quote = get_object_or_404(Quote.objects.exclude(document__status="draft"), public_id=public_id)
    return permanent_redirect(request, quote.get_absolute_url())


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
        Quote.objects.exclude(document__status=Document.Status.DRAFT)
        .select_related(
            "official__organization", "document", "about_document", "about_section__document"
        )
        .prefetch_related("areas"),
        public_id=public_id,
    )
    if quote.document.status == Document.Status.WITHDRAWN:
        return gone(request, quote.document)
    context = {"quote": quote, "cite": quote_citation(request, quote)}
    return render(request, "documents/quote_detail.html", context)


def quote_cite(request, public_id, fmt):
    quote = get_object_or_404(
        Quote.objects.published().select_related("official", "document__publisher"),
        public_id=public_id,
    )
    record = citations.quote_record(quote, url=absolute_url(request, quote.get_absolute_url()))
    return download(record, fmt, f"quote-{quote.public_id}")


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.prefetch_related("areas"), slug=slug)
    documents = event.documents.published().order_by("date")
    return render(request, "documents/event_detail.html", {"event": event, "documents": documents})
