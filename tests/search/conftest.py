import datetime

import pytest

from documents.models import Document
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
)


@pytest.fixture
def corpus():
    """A small archive with known words: headings, passing mentions, phrases, a draft."""
    space = CooperationAreaFactory(slug="space-and-cyberspace", name="Space and cyberspace")
    cyber = CooperationAreaFactory(slug="cyberspace", name="Cyberspace", parent=space)
    logistics = CooperationAreaFactory(slug="logistics", name="Logistics")
    mofa = OrganizationFactory(slug="mofa", name="Ministry of Foreign Affairs")
    dod = OrganizationFactory(slug="dod", name="Department of Defense", country="US")
    guidelines = DocumentFactory(
        slug="guidelines-2015",
        title="The Guidelines for Japan-U.S. Defense Cooperation",
        kind=Document.Kind.GUIDELINES,
        date=datetime.date(2015, 4, 27),
        summary="Roles and missions of the two governments.",
        issuers=[mofa, dod],
        areas=[space],
    )
    statement = DocumentFactory(
        slug="scc-1997",
        title="Joint Statement of the Security Consultative Committee",
        date=datetime.date(1997, 9, 23),
        summary="Completion of the review.",
        issuers=[mofa],
    )
    heading = SectionFactory(
        document=guidelines,
        anchor="cyberspace",
        pinpoint="VI.B",
        heading="Cooperation on Cyberspace",
        body="The governments will share information on threats in cyberspace.",
        areas=[cyber],
    )
    passing = SectionFactory(
        document=guidelines,
        anchor="logistics",
        pinpoint="IV.A.6",
        heading="Logistic Support",
        body=(
            "Each government will provide logistic support, and among many other matters the "
            "two will also consider cyberspace once in a while."
        ),
        areas=[logistics],
    )
    planning = SectionFactory(
        document=statement,
        anchor="planning",
        pinpoint="2",
        heading="",
        body="Bilateral planning will be strengthened. The Ministers cooperated on planning.",
    )
    okinawa = SectionFactory(
        document=statement,
        anchor="okinawa",
        pinpoint="3",
        heading="",
        body="Planning for facilities on Okinawa, and bilateral consultations on planning.",
        areas=[logistics],
    )
    official = OfficialFactory(slug="senior-official", description="a senior Pentagon official")
    quote = QuoteFactory(
        text="Space and cyberspace are where the alliance must grow.",
        official=official,
        document=statement,
        date=datetime.date(2014, 10, 1),
        areas=[cyber],
    )
    draft = DocumentFactory(
        slug="secret-draft",
        title="Unpublished cyberspace draft",
        status=Document.Status.DRAFT,
        summary="Cyberspace planning, not yet public.",
        areas=[space],
        issuers=[mofa],
    )
    SectionFactory(document=draft, anchor="d1", heading="Draft cyberspace heading", body="")
    QuoteFactory(text="A draft quote on cyberspace", document=draft, official=official)
    return {
        "guidelines": guidelines,
        "statement": statement,
        "heading": heading,
        "passing": passing,
        "planning": planning,
        "okinawa": okinawa,
        "quote": quote,
        "draft": draft,
        "space": space,
        "cyber": cyber,
        "mofa": mofa,
        "dod": dod,
        "official": official,
    }
