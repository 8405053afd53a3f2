"""Parts of pages that are the same for every reader of one archive generation, rendered once
and kept in the cache: a document's table of contents and text are most of the reader's
cost (hundreds of sections, each with its permalinks and area tags); a timeline's entries and
its overview chart are most of the timeline's and an area page's.

The key holds the archive's generation (documents/cache.py), so any save makes them stale with
the pages, and, for the reader, the site's address (the text carries absolute permalinks). A
miss renders exactly what the page's includes render.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from documents import charts, selectors
from documents.cache import archive_generation, per_generation, read_only_for_generation, release

FRAGMENT_SECONDS = 24 * 3600


@dataclass
class ReaderText:
    toc: SafeString
    sections: SafeString


def site_address(request):
    return settings.ALLIANCE_SITE_URL or f"{request.scheme}://{request.get_host()}"


def reader_text(request, document, *, staff=False):
    """The table of contents and the sections of ``document``, rendered: what the public may
    read, or everything for staff (a copyrighted text is staff-only; see
    selectors.document_sections)."""
    audience = "staff" if staff else "public"
    key = (
        f"fragment:reader:{archive_generation()}:{release()}:{document.pk}:{audience}:"
        f"{site_address(request)}"
    )
    cached = cache.get(key)
    if cached is None:
        sections = selectors.document_sections(document=document, staff=staff)
        toc = selectors.section_tree(sections)
        context = {"document": document, "request": request}
        cached = (
            get_template("includes/toc.html").render({**context, "nodes": toc}) if toc else "",
            get_template("includes/section_list.html").render(
                {**context, "sections": sections, "top": 3}
            ),
        )
        cache.set(key, cached, FRAGMENT_SECONDS)
    toc_html, sections_html = cached
    return ReaderText(toc=mark_safe(toc_html), sections=mark_safe(sections_html))  # noqa: S308


def reader_asides(request, context):
    """The reader's closing asides (source and provenance, related documents, quotes) for
    the page's ``context``: the same for every reader of a published document, so rendered
    once per archive generation under the document and the site's address (its permanent and
    short links are absolute); a staff preview of any other is rendered each time."""
    document = context["document"]
    template = get_template("includes/document_asides.html")
    if document.status != "published":
        return mark_safe(template.render(context, request))  # noqa: S308
    key = f"reader-asides:{document.pk}:{site_address(request)}"
    html = read_only_for_generation(key, lambda: template.render(context, request))
    return mark_safe(html)  # noqa: S308


@dataclass
class TimelineHtml:
    overview: SafeString  # one lane per area (the timeline) or bars per year (an area's)
    entries: SafeString


def timeline(*, areas=None, overview, kinds=None, year_from=None, year_to=None):
    """A timeline's overview chart (``overview``: "lanes" or "bars") and its entries, rendered.
    Public data only, the same for staff (published documents, sections whose text is
    public: see selectors.timeline), so one rendering serves every reader."""
    overview_html, entries_html = _timeline_html(
        areas=areas, overview=overview, kinds=kinds, year_from=year_from, year_to=year_to
    )
    return TimelineHtml(overview=mark_safe(overview_html), entries=mark_safe(entries_html))  # noqa: S308


@per_generation(read_only=True)
def _timeline_html(*, areas, overview, kinds, year_from, year_to):
    # The entries themselves are not kept as well: the rendering is what the page reads.
    entries = selectors.timeline.uncached(
        areas=areas, kinds=kinds, year_from=year_from, year_to=year_to
    )
    if overview == "lanes":
        lanes = charts.area_lanes(entries, selectors.areas_with_counts())
        overview_html = get_template("includes/timeline_lanes.html").render({"lanes": lanes})
    else:
        chart = charts.year_bars(entries)
        overview_html = get_template("includes/timeline_chart.html").render({"chart": chart})
    entries_html = get_template("includes/timeline_entries.html").render(
        {"entries": entries, "years": selectors.group_by_year(entries)}
    )
    return overview_html, entries_html


def area_story(*, area):
    """An area's story through time (selectors.area_story), rendered: public data only, so
    one rendering serves every reader."""
    return mark_safe(_area_story_html(area=area))  # noqa: S308


@per_generation(read_only=True)
def _area_story_html(*, area):
    story = selectors.area_story.uncached(area=area)
    return get_template("includes/area_story.html").render({"area": area, "story": story})


def area_tree(*, describe=False):
    """The areas as a tree, each with its count of sections (and, with ``describe``, its
    description): the home page's and the areas page's, the same for every reader."""
    return mark_safe(_area_tree_html(describe=describe))  # noqa: S308


@per_generation(read_only=True)
def _area_tree_html(*, describe):
    areas = selectors.areas_with_counts.uncached()
    return get_template("includes/area_tree.html").render({"areas": areas, "describe": describe})


def filter_form(name, render, *, bound):
    """A list's filter form, rendered (``render()``). As every reader first sees it
    (``bound`` False: nothing asked, no choice made, no error), it is the same for all of
    them, so it is rendered once per archive generation under ``name``; with a reader's
    choices, each time."""
    if bound:
        return mark_safe(render())  # noqa: S308
    return mark_safe(read_only_for_generation(f"filter-form:{name}", render))  # noqa: S308
