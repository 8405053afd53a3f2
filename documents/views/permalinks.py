"""Short links that never change: /d/<public id>[/<anchor>] and /q/<public id>."""

from documents import selectors
from documents.views.common import permanent_redirect


def document_short_link(request, public_id, anchor=None):
    """/d/<public id>[/<anchor>]: never changes; answers 301 to the current canonical URL."""
    document = selectors.get_document_by_public_id(public_id=public_id)
    if anchor is None:
        return permanent_redirect(request, document.get_absolute_url())
    # The section must be there (or have been: an old anchor leads where it went), so that
    # the permanent redirect never leads to a 404.
    section = selectors.get_section(document=document, anchor=anchor)
    return permanent_redirect(request, section.get_absolute_url())


def quote_short_link(request, public_id):
    quote = selectors.get_quote(public_id=public_id)
    return permanent_redirect(request, quote.get_absolute_url())
