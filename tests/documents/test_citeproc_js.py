"""The downloads as a student's reference manager renders them: real citeproc-js (Node) with
the CSL project's official Chicago notes-bibliography style (tests/citeproc_js.py)."""

import json
import re

import pytest
from django.utils import timezone

from tests.citeproc_js import CHICAGO_NOTES, import_file, render
from tests.documents.citing_records import (
    CITED_GUIDELINES,
    COMPARISON,
    HEADLINE,
    SITE,
    TREATY,
    make_article,
    make_editions,
    make_guidelines,
    make_treaty,
)
from tests.factories import OfficialFactory, QuoteFactory

pytestmark = pytest.mark.django_db

AUTHORS = "Government of Japan and Government of the United States of America"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.ALLIANCE_SITE_URL = SITE


@pytest.fixture
def guidelines():
    return make_guidelines(
        "I. Aim\n\nText.\n\nII. Maritime Security\n\nText.\n",
    )


@pytest.fixture
def article():
    return make_article()


def csl(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return json.loads(response.content)[0]


def test_document_note_and_bibliography(client, guidelines):
    item = csl(client, "/documents/guidelines-2015/cite.json")
    url = f"{SITE}/documents/guidelines-2015/"
    out = render([item], [{"id": item["id"]}, {"id": item["id"], "locator": "IV.B.2"}])
    assert out["notes"] == [
        f"{AUTHORS}, {CITED_GUIDELINES} (Ministry of Foreign Affairs of Japan, 2015), "
        f"Alliance Archive, {url}.",
        f"{AUTHORS}, {CITED_GUIDELINES}, sec. IV.B.2.",  # a student's own pinpoint is kept
    ]
    assert out["bibliography"] == [
        f"{AUTHORS}. {CITED_GUIDELINES}. Ministry of Foreign Affairs of Japan, 2015. "
        f"Alliance Archive. {url}."
    ]
    everything = json.dumps(out)
    assert "d/" not in everything.replace(SITE, "").replace("/documents/", "")
    assert "Guidelines." not in everything.replace(f"{CITED_GUIDELINES}.", "")
    assert "Government of, " not in everything and "Japan, Government" not in everything


def test_section_keeps_its_pinpoint_in_every_note(client, guidelines):
    item = csl(client, "/documents/guidelines-2015/sections/ii/cite.json")
    url = f"{SITE}/documents/guidelines-2015/sections/ii/"
    out = render([item], [{"id": item["id"]}, {"id": item["id"]}])
    title = f"{CITED_GUIDELINES}, Section II: Maritime Security"
    assert out["notes"] == [
        f"{AUTHORS}, {title} (Ministry of Foreign Affairs of Japan, 2015), "
        f"Alliance Archive, {url}.",
        f"{AUTHORS}, {title}.",
    ]
    assert out["bibliography"] == [
        f"{AUTHORS}. {title}. Ministry of Foreign Affairs of Japan, 2015. Alliance Archive. {url}."
    ]


@pytest.mark.parametrize("style", [CHICAGO_NOTES, "modern-language-association"])
def test_a_pinpoint_with_small_letters_keeps_them_in_title_case_styles(client, style):
    make_guidelines(
        "I. Actions\n\nA. Operations\n\n1. Support\n\na. Logistics\n\n"
        "i. Supply\n\nText.\n\nii. Transportation\n\nText.\n"
    )
    item = csl(client, "/documents/guidelines-2015/sections/i-a-1-a-ii/cite.json")
    (entry,) = render([item], [{"id": item["id"]}], style=style)["bibliography"]
    # Title-casing made it "I.A.1.a.Ii".
    assert "Section I.A.1.a.ii: Transportation." in entry
    assert "nocase" not in entry


def test_news_article_short_note_is_not_doubled(client, article):
    item = csl(client, "/documents/defense-news-2014-10/cite.json")
    url = f"{SITE}/documents/defense-news-2014-10/"
    out = render([item], [{"id": item["id"]}, {"id": item["id"]}])
    assert out["notes"] == [
        f"“{HEADLINE},” Defense News, October 2014, Alliance Archive, {url}.",
        f"Defense News, “{HEADLINE}.”",  # Chicago's short form of an unsigned article
    ]
    assert out["bibliography"] == [
        f"Defense News. “{HEADLINE}.” October 2014. Alliance Archive. {url}."
    ]


def test_quote_is_cited_as_the_article(client, article):
    official = OfficialFactory(name="", description="a State Department official")
    quote = QuoteFactory(text="Space and cyber", official=official, document=article)
    item = csl(client, f"/quotes/{quote.public_id}/cite.json")
    assert item["abstract"] == "a State Department official: “Space and cyber”"
    out = render([item], [{"id": item["id"]}])
    assert out["notes"] == [
        f"“{HEADLINE},” Defense News, October 2014, Alliance Archive, "
        f"{SITE}/quotes/{quote.public_id}/."
    ]


def download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_ris_imports_as_a_report_and_a_newspaper_article(client, guidelines, article):
    (section,) = import_file(
        download(client, "/documents/guidelines-2015/sections/ii/cite.ris"), "ris"
    )
    assert section["type"] == "report"
    assert section["title"] == f"{CITED_GUIDELINES}, Section II: Maritime Security"
    # (The RIS specification has no section field for a report: the title carries it.)
    assert section["publisher"] == "Ministry of Foreign Affairs of Japan"
    (news,) = import_file(download(client, "/documents/defense-news-2014-10/cite.ris"), "ris")
    assert news["type"] == "article-newspaper"
    assert news["container-title"] == "Defense News"
    assert "publisher" not in news
    assert news["URL"] == f"{SITE}/documents/defense-news-2014-10/"


def test_bibtex_imports_as_a_report_with_its_section_and_marks_the_newspaper(
    client, guidelines, article
):
    bib = download(client, "/documents/guidelines-2015/sections/ii/cite.bib")
    (section,) = import_file(bib, "bibtex")
    assert section["type"] == "report"
    assert section["title"] == f"{CITED_GUIDELINES}, Section II: Maritime Security"
    assert "chapter-number" not in section and "genre" not in section
    assert section["issued"] == {"date-parts": [[2015, 4, 27]]}
    assert section["publisher"] == "Ministry of Foreign Affairs of Japan"
    assert [a.get("literal") or a.get("family") for a in section["author"]] == [
        "Government of Japan",
        "Government of the United States of America",
    ]
    assert all("given" not in a for a in section["author"])  # institutions, not persons
    (news,) = import_file(download(client, "/documents/defense-news-2014-10/cite.bib"), "bibtex")
    # BibTeX has no newspaper type: biblatex's entrysubtype says it (Citation.js keeps it as
    # the genre; Zotero's own BibTeX importer reads any @article as a journal article, so
    # docs/citing.md points Zotero users to RIS or CSL-JSON).
    assert news["genre"] == "newspaper"
    assert news["container-title"] == "Defense News"


def test_treaty_downloads_name_its_two_parties_and_its_day_and_no_institution(client):
    """Imported and rendered, the treaty's downloads keep its parties and its day, as the
    page's citation does, and make neither party its publisher: as legislation (RIS STAT,
    @legislation) Citation.js dropped the parties and the styles print legislation without
    them; as a report with an institution, Zotero filed it as a report by Government of
    Japan."""
    make_treaty()
    parties = ["Government of Japan", "Government of the United States of America"]
    for path in ("/documents/treaty-1960/", "/documents/treaty-1960/sections/article-5/"):
        for fmt, kind in (("ris", "ris"), ("bib", "bibtex")):
            download_text = download(client, f"{path}cite.{fmt}")
            assert "institution" not in download_text and "\nPB  - " not in download_text
            (item,) = import_file(download_text, kind)
            assert [a.get("literal") or a.get("family") for a in item["author"]] == parties
            assert "publisher" not in item
            assert item["issued"] == {"date-parts": [[1960, 1, 19]]}
            (entry,) = render([item], [{"id": item["id"]}], style="apa")["bibliography"]
            assert re.match(
                r"Government of Japan,? & Government of the United States of America\. \(1960\)",
                entry,
            ), entry
    assert item["title"] == f"{TREATY}, Article 5"


def test_bibtex_renders_in_apa_with_the_pinpoint_once_and_no_stray_label(client, guidelines):
    """Imported and rendered in APA, a section's BibTeX read "…, Section II: Maritime
    Security (II) [Techreport]. Ministry of Foreign Affairs of Japan.": the pinpoint twice (a
    `chapter` field) and the entry type as a label (@techreport)."""
    bib = download(client, "/documents/guidelines-2015/sections/ii/cite.bib")
    (item,) = import_file(bib, "bibtex")
    (entry,) = render([item], [{"id": item["id"]}], style="apa")["bibliography"]
    assert "Section II: Maritime Security. Ministry of Foreign Affairs of Japan." in entry
    assert "(II)" not in entry and "techreport" not in entry.lower()


@pytest.mark.parametrize(
    ("style", "named"),
    [
        # Chicago: the database or archive a document was consulted in, before the URL
        (CHICAGO_NOTES, "Ministry of Foreign Affairs of Japan, 2015. Alliance Archive. {url}."),
        ("apa", "Ministry of Foreign Affairs of Japan. Alliance Archive. {url}"),
        ("modern-language-association", "27 Apr. 2015, Alliance Archive, {url}."),
    ],
)
def test_every_format_names_the_archive_the_copy_was_read_in(client, guidelines, style, named):
    """Chicago, BibTeX and RIS named no archive, only its URL: a reader of the citation could
    not tell that the copy cited is the Alliance Archive's (an outside review). The CSL-JSON's
    ``archive`` is printed by the real styles, and the page's own Chicago and APA say it in
    the same place."""
    path = "/documents/guidelines-2015/sections/ii/"
    url = f"{SITE}{path}"
    item = csl(client, f"{path}cite.json")
    assert item["archive"] == "Alliance Archive" and "archive_location" not in item
    (entry,) = render([item], [{"id": item["id"]}], style=style)["bibliography"]
    assert named.format(url=url) in entry
    assert entry.count("Alliance Archive") == 1
    page = client.get(path).content.decode()
    assert f"2015), Alliance Archive, {url}." in page  # the page's Chicago note
    assert f"Alliance Archive. {url}</" in page  # its Chicago bibliography and APA
    # RIS: "DB" (name of database), which Zotero's RIS import keeps as the item's Archive
    # (its RIS.js maps DB to archive, DP to libraryCatalog, AN to archiveLocation) and
    # Citation.js as CSL's source.
    ris = download(client, f"{path}cite.ris")
    assert "\nDB  - Alliance Archive\n" in ris
    assert "\nDP  - " not in ris and "\nAN  - " not in ris
    (imported,) = import_file(ris, "ris")
    assert imported["source"] == "Alliance Archive"
    assert imported["publisher"] == "Ministry of Foreign Affairs of Japan"  # still the publisher
    # BibTeX: biblatex's addendum, printed at the end of the entry (Citation.js keeps it as
    # the note); the institution is still the publisher.
    bib = download(client, f"{path}cite.bib")
    assert "  addendum = {Alliance Archive},\n" in bib
    (imported,) = import_file(bib, "bibtex")
    assert imported["publisher"] == "Ministry of Foreign Affairs of Japan"
    assert imported["note"] == "Alliance Archive"


def test_a_comparison_is_cited_with_its_area_undated_and_the_day_it_was_read(client):
    """As the styles and importers read it: the comparison filtered to an area at its
    ?area= address, with no date of its own ("n.d.") and the day it was accessed (it was
    dated when its texts were last recorded, as if published then)."""
    make_editions()
    path = "/compare/guidelines-1997...guidelines-2015/"
    url = f"{SITE}{path}?area=cyber"
    # (Chicago's title case)
    title = f"{COMPARISON.replace('editions', 'Editions')} Cooperation: Sections about Cyberspace"
    today = timezone.localdate()
    day = f"{today:%B} {today.day}, {today.year}"
    item = csl(client, f"{path}cite.json?area=cyber")
    out = render([item], [{"id": item["id"]}])
    assert out["notes"] == [
        f"Alliance Archive, {title}, Comparison of documents (Alliance Archive, n.d.), "
        f"accessed {day}, {url}."
    ]
    (apa,) = render([item], [{"id": item["id"]}], style="apa")["bibliography"]
    assert apa.startswith("Alliance Archive. (n.d.). ") and apa.endswith(
        f"Retrieved {day}, from {url}"
    )
    accessed = {"date-parts": [[today.year, today.month, today.day]]}
    for fmt, kind in (("ris", "ris"), ("bib", "bibtex")):
        (imported,) = import_file(download(client, f"{path}cite.{fmt}?area=cyber"), kind)
        assert imported["URL"] == url and "issued" not in imported
        assert imported["accessed"] == accessed
