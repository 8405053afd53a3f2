"""Atom feeds of newly published documents: the whole archive, and one per cooperation area."""

import re
from xml.sax.saxutils import escape, quoteattr

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import UnserializableContentError

from documents import selectors

FEED_SIZE = 30
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")  # as Django refuses them


class AtomWriter:
    """Writes XML as Django's ``SimplerXMLGenerator`` does for a feed (short empty elements,
    attributes in name order, ``xml.sax.saxutils``' escaping, XML 1.0's control characters
    refused), into a list of strings: the generator's general machinery (namespaces, an
    encoding step and a write per piece) was about a fifth of the feed page's time."""

    def __init__(self, encoding):
        self.encoding = encoding
        self.parts = []
        self._pending = False  # a start tag written without its ">" (it may become "/>")

    def startDocument(self):  # noqa: N802 - SimplerXMLGenerator's interface
        self.parts.append(f'<?xml version="1.0" encoding="{self.encoding}"?>\n')

    def startElement(self, name, attrs):  # noqa: N802
        parts = self.parts
        if self._pending:
            parts.append(">")
        parts.append("<" + name)
        if attrs:
            for key in sorted(attrs):
                parts.append(f" {key}={quoteattr(attrs[key])}")
        self._pending = True

    def endElement(self, name):  # noqa: N802
        if self._pending:
            self.parts.append("/>")
            self._pending = False
        else:
            self.parts.append(f"</{name}>")

    def characters(self, content):
        if not content:
            return
        if not isinstance(content, str):
            content = str(content, self.encoding)
        if CONTROL_CHARACTERS.search(content):
            raise UnserializableContentError("Control characters are not supported in XML 1.0")
        if self._pending:
            self.parts.append(">")
            self._pending = False
        self.parts.append(escape(content))

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802
        self.startElement(name, attrs)
        if contents is not None:
            self.characters(contents)
        self.endElement(name)


class JoinedAtom1Feed(Atom1Feed):
    """Django's Atom feed (its elements, in its order: ``Atom1Feed``'s own methods), written
    by :class:`AtomWriter` and to the response in one piece: Django's generator writes the
    XML in hundreds of small pieces (700 for 30 entries), each encoded and kept apart by the
    response, then joined (else each was sent with a send() of its own, and kept so by the
    page cache). The same bytes as Django's (tests/documents/test_feeds.py)."""

    def write(self, outfile, encoding):
        handler = AtomWriter(encoding)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")
        outfile.write("".join(handler.parts))


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
