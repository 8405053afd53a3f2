"""The records both citation test modules cite (test_citeproc_js, test_zotero): the 2015
Guidelines as their Japanese edition names them, and the Defense News article."""

import datetime

from documents import revisions, services
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    OrganizationFactory,
    SectionFactory,
    SeriesFactory,
)

SITE = "https://archive.example.org"
GUIDELINES = "The Guidelines for Japan-U.S. Defense Cooperation (2015)"
# As cited: the archive's "(2015)", which tells the editions apart on its pages, is not the
# printed title, and the citation gives the date.
CITED_GUIDELINES = "The Guidelines for Japan-U.S. Defense Cooperation"
HEADLINE = "Tokyo and Washington Writing New Guidelines for Military Partnerships"


def make_guidelines(text, **fields):
    """The 2015 Guidelines with two institutional issuers and their publisher, and ``text``
    imported as its sections."""
    document = DocumentFactory(
        slug="guidelines-2015",
        kind="guidelines",
        title=GUIDELINES,
        date=datetime.date(2015, 4, 27),
        issuers=[
            OrganizationFactory(name="Government of Japan"),
            OrganizationFactory(name="Government of the United States of America"),
        ],
        publisher=OrganizationFactory(name="Ministry of Foreign Affairs of Japan"),
        **fields,
    )
    services.import_document_text(document, text)
    return document


def make_article():
    """The news article: month precision, a publisher, copyrighted."""
    return DocumentFactory(
        slug="defense-news-2014-10",
        kind="news-article",
        title=HEADLINE,
        short_title="Defense News",
        date=datetime.date(2014, 10, 1),
        date_precision="month",
        publisher=OrganizationFactory(name="Defense News", kind="publisher"),
        rights="copyrighted",
        attribution="Defense News",
    )


TREATY = "Treaty of Mutual Cooperation and Security between Japan and the United States of America"


def make_treaty():
    """The 1960 treaty as the archive holds it: its two parties as issuers, reprinted in a
    white paper (no publisher of its own), with its Article 5."""
    document = DocumentFactory(
        slug="treaty-1960",
        kind="treaty",
        title=TREATY,
        short_title="1960 Security Treaty",
        date=datetime.date(1960, 1, 19),
        issuers=[
            OrganizationFactory(name="Government of Japan"),
            OrganizationFactory(name="Government of the United States of America"),
        ],
        publisher=OrganizationFactory(name="Japan Defense Agency"),
        reprinted_in="Defense of Japan 2006",
    )
    services.import_document_text(document, "Article 5\n\nEach Party recognizes.\n")
    return document


COMPARISON = "Comparison of the 1997 and 2015 editions of the Guidelines for U.S.-Japan Defense"


def make_editions():
    """Two editions of a series, a section of each tagged "cyber", each text recorded as its
    version 1: what /compare/guidelines-1997...guidelines-2015/ compares."""
    series = SeriesFactory(title="Guidelines for U.S.-Japan Defense Cooperation")
    cyber = CooperationAreaFactory(slug="cyber", name="Cyberspace")
    earlier = DocumentFactory(
        slug="guidelines-1997", series=series, edition_label="1997", date=datetime.date(1997, 9, 23)
    )
    later = DocumentFactory(
        slug="guidelines-2015", series=series, edition_label="2015", date=datetime.date(2015, 4, 27)
    )
    for document, words in ((earlier, "Both sides share."), (later, "Both sides share more.")):
        SectionFactory(document=document, pinpoint="I", anchor="i", heading="Aim", body=words)
        SectionFactory(document=document, pinpoint="II", anchor="ii", heading="Cyber",
                       body=words, areas=[cyber])  # fmt: skip
    for document in (earlier, later):
        document.refresh_from_db()
        revisions.record_version(document=document)
    return earlier, later
