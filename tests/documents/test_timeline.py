"""The timeline as a story, on the shipped archive: every document, sections nested under
their documents by heading, milestones, sub-areas, dates known to the month after the days."""

import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import selectors
from documents.archive import load_archive
from documents.models import CooperationArea, DatePrecision, Document
from tests import timeline_html
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    SectionFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    load_archive(settings.ARCHIVE_FIXTURE_DIR)


def document_urls(html):
    return [url for kind, url, _title in timeline_html.entries(html) if kind == "document"]


def test_every_published_document_is_an_entry(shipped, client):
    documents = document_urls(client.get("/timeline/").content.decode())
    published = [document.get_absolute_url() for document in Document.objects.published()]
    assert sorted(documents) == sorted(published)
    # No areas at all:
    assert "/documents/treaty-of-mutual-cooperation-and-security-1960/" in documents


def test_a_month_sorts_after_the_days_of_that_month(shipped, client):
    order = document_urls(client.get("/timeline/").content.decode())
    assert order.index("/documents/guidelines-interim-report-2014/") < order.index(
        "/documents/defense-news-new-guidelines-2014-10/"
    )
    assert selectors.date_sort_key(datetime.date(2014, 10, 1), DatePrecision.MONTH) > (
        selectors.date_sort_key(datetime.date(2014, 10, 31), DatePrecision.DAY)
    )
    assert selectors.date_sort_key(datetime.date(2014, 1, 1), DatePrecision.YEAR) > (
        selectors.date_sort_key(datetime.date(2014, 12, 31), DatePrecision.DAY)
    )


def test_sections_are_nested_collapsed_and_named_by_heading(shipped, client):
    response = client.get("/timeline/", {"area": "cyber"})  # a sub-area
    assert response.status_code == 200
    entries = selectors.timeline(areas=[CooperationArea.objects.get(slug="cyber")])
    guidelines = next(e for e in entries if e.url == "/documents/guidelines-2015/")
    assert "VI.B Cooperation on Cyberspace" in [child.title for child in guidelines.children]
    text = response.content.decode()
    assert '<details class="entry-sections">' in text  # collapsed: no "open"
    assert "VI.B Cooperation on Cyberspace</a>" in text
    assert all(kind != "section" for kind, _url, _title in timeline_html.entries(text))
    assert timeline_html.nested_sections(text)  # sections only nested


def test_an_unheaded_section_is_named_by_the_part_it_belongs_to():
    document = DocumentFactory()
    area = CooperationAreaFactory()
    part = SectionFactory(document=document, heading="Basic Premises", label="II.", pinpoint="II")
    SectionFactory(
        document=document,
        parent=part,
        heading="",
        pinpoint="II.1",
        body="Long words.",
        areas=[area],
    )
    [entry] = selectors.timeline(areas=[area])
    assert [child.title for child in entry.children] == ["II.1, in “Basic Premises”"]


def test_events_are_milestones_and_the_axis_fits_the_data(shipped, client):
    assert '<g class="lane milestones">' in client.get("/timeline/").content.decode()
    page = client.get("/areas/cyber/").content.decode()
    first, last = map(int, re.search(r"Entries per year, (\d+) to (\d+)</title>", page).groups())
    years = [int(date[:4]) for date in timeline_html.entry_dates(page)]
    # The axis spans the years shown (cyber begins in the 2010s), not 1960 to today.
    assert first >= 2010
    assert first <= min(years) and last >= max(years)
    assert last - first <= max(years) - min(years) + 2


def test_the_timeline_never_loads_section_text(shipped, client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/timeline/")
    section_reads = [q["sql"] for q in queries if 'FROM "documents_section"' in q["sql"]]
    assert section_reads and not any('"documents_section"."body"' in sql for sql in section_reads)


def test_timeline_queries_do_not_grow(client):
    counts = []
    for n in (5, 10):
        area = CooperationAreaFactory()
        for _ in range(n):
            document = DocumentFactory(areas=[area])
            SectionFactory.create_batch(3, document=document, areas=[area])
            EventFactory().areas.set([area])
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get("/timeline/", {"area": area.slug, "year_from": 1900}).status_code == 200
            )
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 14


def story_of(slug):
    """The steps an area's through-time page presents (rendered once per generation)."""
    return selectors.area_story(area=selectors.area_with_subareas(slug=slug))


def test_an_area_through_time_reads_as_one_page(shipped, client):
    response = client.get("/areas/logistics-support/through-time/")
    assert response.status_code == 200
    story = story_of("logistics-support")
    documents = [s.obj.slug for s in story if s.kind == "document"]
    assert documents.index("guidelines-1997") < documents.index("guidelines-2015")
    step = next(s for s in story if s.kind == "document" and s.obj.slug == "guidelines-2015")
    assert step.previous_edition.slug == "guidelines-1997"
    assert "IV.A.6 Logistic Support" in [item.title for item in step.sections]
    text = response.content.decode()
    assert "/compare/guidelines-1997...guidelines-2015/?area=logistics-support" in text


def test_an_areas_years_are_each_named_once_above_its_story(client):
    """The years above an area's story (links to its documents) repeated a year with two
    documents ("1997 → 2015 → 2015 → 2017", outside review): each year once, linking to its
    first document."""
    area = CooperationAreaFactory()
    first_2015 = DocumentFactory(date=datetime.date(2015, 4, 27), areas=[area])
    DocumentFactory(date=datetime.date(2015, 11, 3), areas=[area])
    earlier = DocumentFactory(date=datetime.date(1997, 9, 23), areas=[area])
    text = client.get(f"/areas/{area.slug}/through-time/").content.decode()
    years = re.search(r'<nav class="story-path" aria-label="Years">(.*?)</nav>', text).group(1)
    assert re.findall(r'<a href="#d-([^"]+)">(\d{4})</a>', years) == [
        (earlier.slug, "1997"),
        (first_2015.slug, "2015"),
    ]


def test_through_time_compares_with_the_last_edition_whose_text_is_held(shipped, client):
    """Space and cyberspace through time offered 2015 only "What changed ... since the 2014
    edition (text not held)": a comparison page with nothing on it, because 1997 has no
    section on the area and the 2014 interim report's text is not held. The edition before
    it whose text is held is compared (its rows filtered to the area), and an edition without
    text, compared with nothing, offers no comparison."""
    response = client.get("/areas/space-and-cyberspace/through-time/")
    steps = {s.obj.slug: s for s in story_of("space-and-cyberspace") if s.kind == "document"}
    assert steps["guidelines-2015"].previous_edition.slug == "guidelines-1997"
    assert steps["guidelines-interim-report-2014"].previous_edition is None
    text = response.content.decode()
    assert "/compare/guidelines-1997...guidelines-2015/?area=space-and-cyberspace" in text
    assert "guidelines-interim-report-2014...guidelines-2015" not in text
    assert "text not held)" not in text
    # the metadata-only 1978 edition is not offered to the 1997 one either
    story = story_of("alliance-coordination")
    step = next(s for s in story if s.kind == "document" and s.obj.slug == "guidelines-1997")
    assert step.previous_edition is None


def test_an_areas_documents_are_the_same_with_or_without_the_sections(shipped, client):
    """On an area's page, "Document" alone listed only the documents tagged as a whole (2 of
    Okinawa's 15); the documents holding its tagged sections were left out."""

    def documents(query):
        context = client.get(f"/areas/okinawa/{query}").context
        return {e.obj.slug for e in context["entries"] if e.kind == "document"}

    everything = documents("")
    assert len(everything) > 5
    assert documents("?kind=document") == everything
    assert documents("?kind=document&year_from=2000") == {
        slug for slug in everything if Document.objects.get(slug=slug).date.year >= 2000
    }


def test_an_area_is_named_as_it_is_spelled(shipped, client):
    """ "What each document said about okinawa": area names were lower-cased in the sentence,
    proper names with them (also "alliance coordination mechanism")."""
    text = client.get("/areas/okinawa/through-time/").content.decode()
    assert "What each document said about Okinawa" in text
    text = client.get("/areas/alliance-coordination-mechanism/through-time/").content.decode()
    assert "about Alliance Coordination Mechanism and coordination centers" in text


def test_an_unheaded_section_gets_a_sentence_of_context(client):
    area = CooperationAreaFactory()
    document = DocumentFactory()
    SectionFactory(
        document=document,
        heading="",
        pinpoint="3",
        body="Both governments will cooperate closely. A second sentence.",
        areas=[area],
    )
    [item] = story_of(area.slug)[0].sections
    assert item.context == "Both governments will cooperate closely."
    text = client.get(f"/areas/{area.slug}/through-time/").content.decode()
    assert "<q>Both governments will cooperate closely.</q>" in text


@pytest.mark.parametrize(
    ("body", "context"),
    [
        # an abbreviation's point does not end the sentence (it cut "welcomed the U.S.")
        (
            "The Prime Minister welcomed the U.S. determination to remain a stable presence. Next.",
            "The Prime Minister welcomed the U.S. determination to remain a stable presence.",
        ),
        ("Activities under the U.N. Charter, Art. 5 and No. 2 continue. Next.", None),
        ("Mr. Abe and the U.S. President agreed. Next.", None),
        ("Ambassador John F. Kennedy spoke. Next.", None),
        # a unit's Roman number is not an initial: the sentence ends there
        ("The Treaty applies, under Article V. Next.", None),
        ("It is set out in Chapter I. Next.", None),
        # a sentence that ends with one runs on into the next (an abbreviation's point cannot
        # be told from an end there; the context stops at 30 words in any case)
        (
            "Japan thanked the U.S. The Ministers agreed.",
            "Japan thanked the U.S. The Ministers agreed.",
        ),
    ],
)
def test_a_sentence_of_context_runs_past_abbreviations(body, context):
    assert selectors.context_sentence(body) == (context or body.rsplit(" Next.", 1)[0])


def test_area_story_queries_do_not_grow(client):
    counts = []
    for n in (4, 8):
        area = CooperationAreaFactory()
        series = SeriesFactory()  # editions: each is offered the comparison with the one before
        for k in range(n):
            document = DocumentFactory(
                areas=[area],
                series=series,
                edition_label=str(1990 + k),
                date=datetime.date(1990 + k, 1, 1),
                text_held=True,
            )
            SectionFactory.create_batch(3, document=document, areas=[area])
            EventFactory().areas.set([area])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/areas/{area.slug}/through-time/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 10


def test_an_area_s_story_is_read_once_per_archive_generation():
    """Kept until the archive changes (44 of an uncached page's ms were the reading): a
    second reader's story reads no section (only the archive's generation, outside a
    request), and a new section is in the next one."""
    area = CooperationAreaFactory()
    document = DocumentFactory(areas=[area])
    SectionFactory(document=document, areas=[area], heading="First heading")
    with CaptureQueriesContext(connection) as first:
        selectors.area_story(area=area)
    with CaptureQueriesContext(connection) as second:
        story = selectors.area_story(area=area)

    def sections_read(queries):
        return [q for q in queries if 'FROM "documents_section"' in q["sql"]]

    assert sections_read(first) and not sections_read(second)
    SectionFactory(document=document, areas=[area], heading="A later heading")
    story = selectors.area_story(area=area)
    headings = [s.title for step in story if step.kind == "document" for s in step.sections]
    assert any(title.endswith("A later heading") for title in headings)
