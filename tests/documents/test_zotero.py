"""What a student's Zotero saves from each page kind, through the rules of Zotero's Embedded
Metadata translator (re-implemented in tests/zotero_embedded_metadata.py)."""

import json
import re

import pytest

from tests.documents.citing_records import (
    CITED_GUIDELINES,
    HEADLINE,
    SITE,
    TREATY,
    make_article,
    make_guidelines,
    make_treaty,
)
from tests.factories import (
    DocumentFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
)
from tests.zotero_embedded_metadata import clean_author, save

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.ALLIANCE_SITE_URL = SITE


@pytest.fixture
def guidelines():
    return make_guidelines(
        "I. Aim\n\nText.\n\nII. Premises\n\nText.\n\nIII. Alliance\n\nText.\n\n"
        "IV. Seamless\n\nA. Peacetime\n\nText.\n\nB. Threats\n\n1. Early\n\nText.\n\n"
        "2. Maritime Security\n\nThe Ministers.\n",
        summary="The <em>2015</em> Guidelines.",
    )


@pytest.fixture
def article():
    return make_article()


def saved(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return save(response.content.decode(), f"{SITE}{path}")


def test_clean_author_is_zoteros_rule():
    """The translator's name parsing, as Zotero does it: the reason for the trailing comma."""
    assert clean_author("Government of Japan", False) == {
        "lastName": "Japan",
        "firstName": "Government of",
    }
    assert clean_author("Government of Japan,", True) == {
        "lastName": "Government of Japan",
        "firstName": "",
    }
    assert clean_author("Japan-U.S. Security Consultative Committee,", True)["lastName"] == (
        "Japan-U. S. Security Consultative Committee"
    )


def test_document_saves_as_a_report_with_institutional_authors(client, guidelines):
    item = saved(client, "/documents/guidelines-2015/")
    assert item["itemType"] == "report"
    assert item["title"] == CITED_GUIDELINES
    assert item["creators"] == [
        {"name": "Government of Japan", "creatorType": "author"},
        {"name": "Government of the United States of America", "creatorType": "author"},
    ]
    assert item["institution"] == "Ministry of Foreign Affairs of Japan"
    assert item["date"] == "2015/04/27"
    assert item["url"] == f"{SITE}/documents/guidelines-2015/"
    assert item["abstractNote"] == "The 2015 Guidelines."
    assert item["rights"] == "U.S. government work: public domain."
    assert "reportType" not in item  # "Guidelines" would repeat the title
    assert "archiveLocation" not in item


def test_section_saves_as_a_report_titled_with_its_pinpoint(client, guidelines):
    item = saved(client, "/documents/guidelines-2015/sections/iv-b-2/")
    assert item["itemType"] == "report"
    assert item["title"] == f"{CITED_GUIDELINES}, Section IV.B.2: Maritime Security"
    assert item["url"] == f"{SITE}/documents/guidelines-2015/sections/iv-b-2/"
    assert [c["name"] for c in item["creators"]] == [
        "Government of Japan",
        "Government of the United States of America",
    ]
    assert item["institution"] == "Ministry of Foreign Affairs of Japan"
    assert "abstractNote" not in item  # the document's summary is not the section's


def test_report_type_is_given_when_the_title_does_not_say_it(client):
    scc = OrganizationFactory(name="Japan-U.S. Security Consultative Committee")
    DocumentFactory(
        slug="scc-2005",
        kind="joint-statement",
        title="U.S.-Japan Alliance: Transformation and Realignment for the Future",
        issuers=[scc],
        publisher=None,
    )
    item = saved(client, "/documents/scc-2005/")
    assert item["reportType"] == "Joint statement"
    # One institution, single-field; Zotero's cleanAuthor spaces the first "U.S." it meets.
    assert item["creators"] == [
        {"name": "Japan-U. S. Security Consultative Committee", "creatorType": "author"}
    ]


def test_treaty_saves_as_a_statute_by_its_two_parties(client):
    """Zotero has no treaty type; as a report it was filed with the first party as its
    institution ("a report by Government of Japan")."""
    make_treaty()
    item = saved(client, "/documents/treaty-1960/")
    assert item["itemType"] == "statute"
    assert item["nameOfAct"] == TREATY
    assert item["dateEnacted"] == "1960/01/19"
    assert [c["name"] for c in item["creators"]] == [
        "Government of Japan",
        "Government of the United States of America",
    ]
    assert "institution" not in item and "publisher" not in item
    article = saved(client, "/documents/treaty-1960/sections/article-5/")
    assert article["itemType"] == "statute"
    assert article["nameOfAct"] == f"{TREATY}, Article 5"


def test_news_article_saves_in_defense_news_with_no_false_publisher(client, article):
    item = saved(client, "/documents/defense-news-2014-10/")
    assert item["itemType"] == "newspaperArticle"
    assert item["publicationTitle"] == "Defense News"
    assert item["title"] == HEADLINE
    assert item["date"] == "2014-10"
    assert "publisher" not in item and "Alliance Archive" not in json.dumps(item)
    assert item["creators"] == []


def test_quote_page_saves_the_article_with_the_quoted_words(client, article):
    official = OfficialFactory(name="", description="a senior Pentagon official")
    quote = QuoteFactory(
        text="Space and cyber are new domains", official=official, document=article
    )
    item = saved(client, quote.get_absolute_url())
    assert item["itemType"] == "newspaperArticle"
    assert item["publicationTitle"] == "Defense News"
    assert item["title"] == HEADLINE
    assert item["abstractNote"] == "a senior Pentagon official: “Space and cyber are new domains”"
    assert item["url"] == f"{SITE}{quote.get_absolute_url()}"
    assert "Alliance Archive" not in json.dumps(item)


def test_version_page_saves_the_document_at_that_version(client, guidelines):
    url = client.get("/documents/guidelines-2015/").context["version_url"]
    assert url == "/documents/guidelines-2015/versions/1/"
    item = saved(client, url)
    assert item["itemType"] == "report"
    assert item["title"] == CITED_GUIDELINES
    assert item["date"] == "2015/04/27"
    assert item["url"] == f"{SITE}{url}"
    assert len(item["creators"]) == 2


def ld(client, path):
    content = client.get(path).content.decode()
    (data,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(data)


def test_json_ld_is_part_of_the_document(client, guidelines, article):
    section = ld(client, "/documents/guidelines-2015/sections/iv-b-2/")
    assert section["url"] == f"{SITE}/documents/guidelines-2015/sections/iv-b-2/"
    assert section["isPartOf"]["url"] == f"{SITE}/documents/guidelines-2015/"
    assert section["isPartOf"]["name"] == CITED_GUIDELINES
    quote = QuoteFactory(text="Words", document=article)
    data = ld(client, quote.get_absolute_url())
    assert data["@type"] == "Quotation"
    assert data["isPartOf"]["url"] == f"{SITE}/documents/defense-news-2014-10/"
