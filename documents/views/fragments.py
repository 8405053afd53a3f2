"""Parts of pages that are the same for every reader of one archive generation, rendered once
and kept in the cache: a document's table of contents and text are most of the reader's
cost (hundreds of sections, each with its permalinks and area tags).

The key holds the archive's generation (documents/cache.py), so any save makes them stale with
the pages, and the site's address (the text carries absolute permalinks). A miss renders
exactly what the page's includes render.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from documents import selectors
from documents.cache import archive_generation

FRAGMENT_SECONDS = 24 * 3600


@dataclass
class ReaderText:
    toc: SafeString
    sections: SafeString


def site_address(request):
    return settings.ALLIANCE_SITE_URL or f"{request.scheme}://{request.get_host()}"


def reader_text(request, document):
    """The table of contents and the sections of ``document``, rendered."""
    key = f"fragment:reader:{archive_generation()}:{document.pk}:{site_address(request)}"
    cached = cache.get(key)
    if cached is None:
        sections = selectors.document_sections(document=document)
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
