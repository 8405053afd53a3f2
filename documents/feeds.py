"""Atom feeds of newly published documents: the whole archive, and one per cooperation area."""

import io

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from documents import selectors

FEED_SIZE = 30


class JoinedAtom1Feed(Atom1Feed):
    """Django's Atom feed, written to the response in one piece: the generator writes the XML
    in hundreds of small pieces (700 for 30 entries), each encoded and kept apart by the
    response, then joined (else each was sent with a send() of its own, and kept so by the
    page cache). The same bytes."""

    def write(self, outfile, encoding):
        text = io.StringIO()
        super().write(text, encoding)
        outfile.write(text.getvalue())


class LatestDocumentsFeed(Feed):
    feed_type = JoinedAtom1Feed
    title = "Alliance Archive: new documents"
    subtitle = "U.S.–Japan alliance documents as they are published in the archive."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response.content = response.content  # the response's empty start and the feed: one
        return response

    def link(self):
        return reverse("documents:document-list")

    def items(self):
        return selectors.newest_documents(limit=FEED_SIZE)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.get_kind_display()}, {item.display_date}. {item.summary}".strip()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class AreaDocumentsFeed(LatestDocumentsFeed):
    def get_object(self, request, slug):
        return selectors.area_with_subareas(slug=slug)

    def title(self, area):
        return f"Alliance Archive: new documents on {area.name}"

    def link(self, area):
        return area.get_absolute_url()

    def subtitle(self, area):
        return (
            f"Documents on “{area.name}” or one of its sub-areas (tagged so themselves or in a "
            "section), as they are published."
        )

    def items(self, area):
        return selectors.newest_documents(limit=FEED_SIZE, area=area)
