"""Public pages: what a reader sees, drafts never shown, query counts that do not grow."""

import re
from collections import Counter

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from documents.models import Document, Section, pinpoint_name
from tests import timeline_html
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
    SeriesFactory,
)
from tests.querycount import assert_no_growth, get_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    """A published document with many sections, areas, editions and quotes, plus a draft."""
    areas = CooperationAreaFactory.create_batch(3)
    child = CooperationAreaFactory(parent=areas[0])
    organization = OrganizationFactory()
    series = SeriesFactory()
    document = DocumentFactory(
        slug="guidelines-2015",
        series=series,
        edition_label="2015",
        areas=areas,
        issuers=[organization],
    )
    DocumentFactory(series=series, edition_label="1997", areas=areas, issuers=[organization])
    parent = None
    for number in range(1, 31):
        section = SectionFactory(
            document=document,
            parent=parent if number % 3 else None,
            level=1 if number % 3 and parent else 0,
            areas=[areas[1], child],
            pinpoint=f"P{number}",
            anchor=f"p{number}",
        )
        parent = section if number % 3 == 0 else parent
    official = OfficialFactory()
    QuoteFactory.create_batch(
        5, official=official, document=document, areas=[areas[0]], about_document=document
    )
    draft = DocumentFactory(
        slug="secret-draft",
        title="Unpublished Draft Title",
        status=Document.Status.DRAFT,
        areas=areas,
        issuers=[organization],
        series=series,
        edition_label="draft",
    )
    SectionFactory(document=draft, heading="Draft Section Heading", areas=areas, anchor="d1")
    QuoteFactory(text="A draft quote", document=draft, official=official, areas=areas)
    event = EventFactory(slug="summit")
    event.documents.add(document)
    event.areas.add(areas[0])
    return {
        "event": event,
        "document": document,
        "areas": areas,
        "child": child,
        "official": official,
        "organization": organization,
        "series": series,
        "draft": draft,
    }


def page_urls(archive):
    document = archive["document"]
    section = document.sections.get(anchor="p4")
    quote = document.quotes.first()
    event = archive["event"]
    return {
        "home": reverse("documents:home"),
        "document": document.get_absolute_url(),
        "section": section.get_absolute_url(),
        "area list": reverse("documents:area-list"),
        "area": archive["areas"][0].get_absolute_url(),
        "organization": archive["organization"].get_absolute_url(),
        "series": archive["series"].get_absolute_url(),
        "official": archive["official"].get_absolute_url(),
        "quote": quote.get_absolute_url(),
        "event": event.get_absolute_url(),
        "document list": reverse("documents:document-list") + "?kind=joint-statement&sort=title",
        "document list by area": reverse("documents:document-list")
        + f"?area={archive['areas'][0].slug}&issuer={archive['organization'].slug}",
        "timeline": reverse("documents:timeline"),
        "timeline filtered": reverse("documents:timeline")
        + f"?area={archive['areas'][0].slug}&kind=section&year_from=2000",
        "official list": reverse("documents:official-list"),
        "quote list": reverse("documents:quote-list"),
        "sitemap": reverse("sitemap"),
    }


def grow(archive):
    """As much again of everything a page lists: sections (with areas) and quotes of the
    document, issuers, editions, areas, sub-areas, officials, events and their documents."""
    document, areas = archive["document"], archive["areas"]
    area = CooperationAreaFactory()
    child = CooperationAreaFactory(parent=areas[0])
    organization = OrganizationFactory()
    document.issuers.add(organization)
    document.areas.add(area)
    edition = DocumentFactory(
        series=archive["series"],
        edition_label=f"reprint-{area.pk}",
        areas=[*areas, area],
        issuers=[archive["organization"], organization],
    )
    parent = None
    for number in range(1, 31):
        section = SectionFactory(
            document=document,
            parent=parent if number % 3 else None,
            level=1 if number % 3 and parent else 0,
            areas=[areas[1], child, area],
            pinpoint=f"G{area.pk}.{number}",
            anchor=f"g{area.pk}-{number}",
        )
        parent = section if number % 3 == 0 else parent
    QuoteFactory.create_batch(
        5,
        official=archive["official"],
        document=document,
        areas=[areas[0], area],
        about_document=document,
    )
    QuoteFactory.create_batch(3, official=OfficialFactory(), document=edition, areas=[area])
    archive["event"].documents.add(edition)
    archive["event"].areas.add(area)
    EventFactory().areas.add(area)


# Queries per page: the same at N and 2N objects, and at most this many. The page cache reads
# the archive's generation once per request (documents/cache.py); that is included.
QUERY_CEILINGS = {
    "home": 6,
    "document": 12,
    "section": 8,
    "area list": 4,
    "area": 12,
    "organization": 4,
    "series": 4,
    "official": 4,
    "quote": 7,  # + the document's quotes and sections, for the quote's sentence
    "event": 5,
    # The count and the page's rows; the filters' three menus and the kinds held (each read
    # once per generation).
    "document list": 7,
    # + the chosen area and issuer, the areas' old slugs (once per generation: an old one
    # answers 301, alliance.middleware.follow_area_renames) and the ids of the documents
    # about the area (once per generation)
    "document list by area": 11,
    "timeline": 12,
    "timeline filtered": 11,  # + the areas' old slugs, as above
    "official list": 3,
    "quote list": 5,
    "sitemap": 10,  # one list per sitemap (pages need none), kept per generation
}


@pytest.mark.parametrize("page", list(QUERY_CEILINGS))
def test_page_queries_do_not_grow_with_the_data(page, archive, client):
    """Guards against N+1 queries over sections, their areas, quotes, issuers, editions,
    officials and events. (Content types are cached per process, as in production; warm the
    cache first.)"""
    ContentType.objects.get_for_models(Document, Section)
    url = page_urls(archive)[page]
    assert_no_growth(
        get_ok(client, url), lambda: grow(archive), ceiling=QUERY_CEILINGS[page], label=page
    )


@pytest.mark.parametrize("page", list(QUERY_CEILINGS))
def test_drafts_never_appear_on_public_pages(page, archive, client):
    content = client.get(page_urls(archive)[page]).content.decode()
    assert "Unpublished Draft Title" not in content
    assert "Draft Section Heading" not in content
    assert "A draft quote" not in content


def test_draft_urls_answer_404(archive, client):
    draft = archive["draft"]
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.sections.get().get_absolute_url()).status_code == 404
    assert client.get(draft.quotes.get().get_absolute_url()).status_code == 404


def test_withdrawn_document_answers_410_with_a_tombstone(archive, client):
    document = archive["document"]
    Document.objects.filter(pk=document.pk).update(
        status=Document.Status.WITHDRAWN, withdrawn_reason="A duplicate of another record"
    )
    response = client.get(document.get_absolute_url())
    assert response.status_code == 410
    assert "A duplicate of another record" in response.content.decode()
    assert client.get(document.sections.first().get_absolute_url()).status_code == 410


def test_reader_shows_sections_with_anchors_and_toc(archive, client):
    document = archive["document"]
    content = client.get(document.get_absolute_url()).content.decode()
    for section in document.sections.all():
        assert f'id="s-{section.anchor}"' in content
        assert f'href="#s-{section.anchor}"' in content
    assert "1997" in content  # the other edition is linked


def test_metadata_only_document_says_its_text_is_not_held(client):
    document = DocumentFactory(text_held=False, source_url="https://example.org/report")
    content = client.get(document.get_absolute_url()).content.decode()
    assert "does not hold the text" in content
    assert 'href="https://example.org/report"' in content


def test_section_page_shows_breadcrumb_and_neighbours(archive, client):
    document = archive["document"]
    section = document.sections.get(anchor="p4")
    response = client.get(section.get_absolute_url())
    assert response.context["breadcrumb"] == [document.sections.get(anchor="p3")]
    assert response.context["previous"].anchor == "p3"
    assert response.context["next"].anchor == "p5"
    missing = reverse("documents:section-detail", kwargs={"slug": document.slug, "anchor": "nope"})
    assert client.get(missing).status_code == 404


@pytest.mark.parametrize(
    ("pinpoint", "name"), [("¶5", "¶5"), ("Article 5", "Article 5"), ("4.c", "Section 4.c")]
)
def test_an_untitled_section_is_named_as_its_citation_names_it(client, pinpoint, name):
    """A paragraph's page said "Section ¶5" (in its heading, its line and its permalink)."""
    document = DocumentFactory()
    section = SectionFactory(document=document, pinpoint=pinpoint, label="", heading="")
    content = client.get(section.get_absolute_url()).content.decode()
    assert re.search(r"<h1>\s*" + re.escape(name) + r"\s*</h1>", content)
    assert f"Permalink: {name}<" in content
    assert "Section ¶" not in content and "Section Article" not in content
    reader = client.get(document.get_absolute_url()).content.decode()
    assert f"Permalink: {name}<" in reader and "section ¶" not in reader


def test_a_section_named_by_its_heading_is_named_so_on_its_page_as_in_its_citation(client):
    section = SectionFactory(pinpoint="Partnership", label="", heading="Partnership:")
    content = client.get(section.get_absolute_url()).content.decode()
    assert "Permalink: Section “Partnership”<" in content  # its citation's name
    assert section.cited_name == "Section “Partnership”"
    # "Partnership" is not a "Part": a unit is a whole word
    assert pinpoint_name("Partnership") == "Section Partnership"
    assert pinpoint_name("Part II") == "Part II"


def test_area_timeline_lists_tagged_items_including_sub_areas(archive, client):
    response = client.get(archive["areas"][0].get_absolute_url())
    content = response.content.decode()
    kinds = Counter(kind for kind, _url, _title in timeline_html.entries(content))
    # 30 sections are tagged only with a sub-area of this area: they belong to its timeline,
    # nested under their document.
    assert kinds == {"document": 2, "quote": 5, "event": 1}
    assert len(timeline_html.nested_sections(content)) == 30
    assert timeline_html.years(content) == [2013, 2014, 2015]
    assert "<svg" in content and "Entries per year as a table" in content
    assert 'href="/documents/guidelines-2015/sections/p1/"' in content


def test_area_timeline_filters_by_kind_and_year(archive, client):
    url = archive["areas"][0].get_absolute_url()
    page = client.get(url, {"kind": ["quote", "document"]}).content.decode()
    assert {kind for kind, _url, _title in timeline_html.entries(page)} == {"quote", "document"}
    assert not timeline_html.nested_sections(page)
    page = client.get(url, {"year_from": 2016}).content.decode()
    assert timeline_html.count(page) == 0 and not timeline_html.entries(page)
    response = client.get(url, {"year_from": "soon", "kind": "nonsense"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Some filters were not understood" in page
    assert timeline_html.count(page) == len(timeline_html.entries(page)) == 8  # ignored, not fatal


def test_timeline_filters_by_area(archive, client):
    other = CooperationAreaFactory()
    SectionFactory(document=archive["document"], areas=[other], anchor="other", order=999)
    page = client.get(reverse("documents:timeline"), {"area": other.slug}).content.decode()
    [(_kind, url, _title)] = timeline_html.entries(page)
    assert url == "/documents/guidelines-2015/"
    assert timeline_html.nested_sections(page) == ["/documents/guidelines-2015/sections/other/"]
    page = client.get(reverse("documents:timeline")).content.decode()
    lanes = set(re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', page))
    assert lanes >= {other.name, archive["areas"][0].name}


def test_document_list_filters(archive, client):
    url = reverse("documents:document-list")
    area = archive["areas"][0]
    assert client.get(url).context["page"].paginator.count == 2
    assert client.get(url, {"area": area.slug}).context["page"].paginator.count == 2
    child_only = DocumentFactory(areas=[archive["child"]], kind="treaty", date="1960-01-19")
    response = client.get(url, {"area": area.slug, "kind": "treaty"})
    assert list(response.context["page"]) == [child_only]  # a parent area finds its sub-areas
    assert list(client.get(url, {"year_to": 1970}).context["page"]) == [child_only]
    titles = [d.title for d in client.get(url, {"sort": "-title"}).context["page"]]
    assert titles == sorted(titles, reverse=True)


def test_document_list_shows_removable_active_filters(archive, client):
    url = reverse("documents:document-list")
    response = client.get(url, {"kind": "joint-statement", "year_from": 2000})
    active = {item["label"]: item for item in response.context["filter"].active}
    assert active["Kind"]["value"] == "Joint statement"
    assert active["From year"]["remove_query"] == "kind=joint-statement"


@pytest.mark.parametrize(
    "params",
    [
        {"year_from": "abc"},
        {"year_to": "99999999999999999999"},
        {"kind": "<script>"},
        {"area": "no-such-area"},
        {"page": "last"},
        {"page": "-1"},
        {"page": "10000"},
        {"sort": "password"},
        {"q": "\x00 ' OR 1=1 --"},
    ],
)
def test_document_list_survives_bad_input(params, archive, client):
    response = client.get(reverse("documents:document-list"), params)
    assert response.status_code == 200


def test_home_says_what_the_archive_holds(archive, client):
    content = client.get(reverse("documents:home")).content.decode()
    assert "2 joint statements" in " ".join(content.split()).replace("</span>", "")
    assert archive["areas"][0].name in content


def test_staff_preview_a_draft(archive, client, admin_user):
    client.force_login(admin_user)
    response = client.get(archive["draft"].get_absolute_url())
    assert response.status_code == 200
    assert "Draft: not public" in response.content.decode()


def test_anonymous_official_shown_as_reported(client):
    quote = QuoteFactory(
        official=OfficialFactory(name="", description="a senior Pentagon official")
    )
    content = client.get(quote.official.get_absolute_url()).content.decode()
    assert "a senior Pentagon official" in content
    assert quote.text in content


def test_reader_links_previous_and_next_editions(client):
    series = SeriesFactory()
    old = DocumentFactory(series=series, edition_label="1997", date="1997-09-23")
    middle = DocumentFactory(series=series, edition_label="2014", date="2014-10-08")
    new = DocumentFactory(series=series, edition_label="2015", date="2015-04-27")
    response = client.get(middle.get_absolute_url())
    assert response.context["previous_edition"] == old
    assert response.context["next_edition"] == new
    content = response.content.decode()
    assert f'rel="prev" href="{old.get_absolute_url()}"' in content
    assert f'rel="next" href="{new.get_absolute_url()}"' in content


def test_the_kind_filter_offers_the_kinds_the_archive_holds(client):
    """ "Speech" and "Press briefing" were offered and led to "0 documents"; a draft's kind
    is not revealed; a kind asked for in a shared link stays checked."""
    DocumentFactory(kind="guidelines", status=Document.Status.PUBLISHED)
    DocumentFactory(kind="speech", status=Document.Status.DRAFT)

    from documents.filters import DocumentFilter

    # As the API schema's generation does in a full run: the filter's field built (and kept)
    # on the class, which the view's restriction did not reach.
    DocumentFilter.base_filters["kind"].field  # noqa: B018

    def offered(query=""):
        content = client.get(f"/documents/{query}").content.decode()
        return re.findall(r'name="kind" value="([^"]+)"', content)

    # (Other tests of this module may have loaded the shipped archive: compare with what is
    # published, whatever it is.)
    held = set(Document.objects.published().values_list("kind", flat=True))
    assert "guidelines" in held and "speech" not in held
    assert set(offered()) == held
    assert set(offered("?kind=speech")) == held | {"speech"}


def test_every_page_names_its_icon(client):
    """Without one, every page load asked for /favicon.ico and logged a 404 in the console."""
    from django.contrib.staticfiles import finders

    content = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', content)
    assert finders.find("favicon.svg")


def test_a_quotes_own_date_is_kept_when_it_only_looks_like_its_documents(client):
    """The date is left out only where the document's name already gives it: a quote of 1 May
    2006 in "Joint Statement (11 May 2006)" lost its date."""
    import datetime

    from tests.factories import QuoteFactory

    document = DocumentFactory(
        short_title="Joint Statement (11 May 2006)", date=datetime.date(2006, 5, 11)
    )
    QuoteFactory(document=document, date=datetime.date(2006, 5, 1), date_precision="day")
    content = client.get("/quotes/").content.decode()
    assert "1 May 2006, in" in re.sub(r"<[^>]+>", "", content)


def test_the_quote_list_names_anonymous_officials_without_a_read_each(client):
    """An anonymous official is named by their description: the list reads it with the
    rest of the row, not once per quote."""
    from tests.factories import OfficialFactory, QuoteFactory

    def grow():
        official = OfficialFactory(name="", description="a senior defense official")
        QuoteFactory.create_batch(3, official=official)

    grow()
    assert_no_growth(get_ok(client, "/quotes/"), grow, ceiling=5, label="quote list")
    assert "a senior defense official" in client.get("/quotes/").content.decode()
