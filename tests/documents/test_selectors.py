"""The domain layer: selectors return data or raise NotFound / Moved / Gone — never an HTTP
response — and the pages map those exceptions the same way everywhere."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import revisions, selectors, services
from documents.exceptions import Gone, Moved, NotFound
from documents.models import CooperationArea, Document
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

pytestmark = pytest.mark.django_db


def withdraw(document):
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="A duplicate")
    document.refresh_from_db()


def test_document_selector_raises_domain_exceptions():
    document = DocumentFactory(slug="old-name")
    draft = DocumentFactory(slug="draft", status=Document.Status.DRAFT)
    assert selectors.get_public_document(slug="old-name") == document
    with pytest.raises(NotFound):
        selectors.get_public_document(slug="draft")
    assert selectors.get_public_document(slug="draft", preview=True) == draft
    with pytest.raises(NotFound):
        selectors.get_public_document(slug="never-existed")
    document.slug = "new-name"
    document.save()
    with pytest.raises(Moved) as moved:
        selectors.get_public_document(slug="old-name")
    assert moved.value.target == document and moved.value.renamed
    withdraw(document)
    with pytest.raises(Gone) as gone:
        selectors.get_public_document(slug="new-name")
    assert gone.value.record == document
    with pytest.raises(Gone):
        selectors.get_document_by_public_id(public_id=document.public_id)


def test_a_public_document_is_read_once_until_the_archive_changes():
    document = DocumentFactory(slug="kept", title="Before")
    selectors.get_public_document(slug="kept")
    with CaptureQueriesContext(connection) as again:
        assert selectors.get_public_document(slug="kept").title == "Before"
    assert not [q for q in again.captured_queries if "documents_document" in q["sql"]]
    document.title = "After"
    document.save()
    assert selectors.get_public_document(slug="kept").title == "After"


def test_a_kept_document_is_shared_and_its_pages_leave_it_as_it_was(client):
    """A process hands every caller the same kept document (read_only_for_generation): the
    pages, their citations and the API must only read it."""
    section = SectionFactory(document__slug="kept", heading="A part", anchor="a-part")
    kept = selectors.get_public_document(slug="kept")
    assert selectors.get_public_document(slug="kept") is kept
    fields = [field.attname for field in Document._meta.concrete_fields]
    before = {name: getattr(kept, name) for name in fields}
    for url in [
        "/documents/kept/",
        section.get_absolute_url(),
        "/documents/kept/cite.bib",
        "/documents/kept/tei.xml",
        "/api/v1/documents/kept/",
        "/api/v1/documents/kept/sections/a-part/",
    ]:
        assert client.get(url).status_code == 200, url
    assert selectors.get_public_document(slug="kept") is kept
    assert {name: getattr(kept, name) for name in fields} == before


def test_made_up_slugs_are_not_kept():
    """Unknown slugs, and case variants of a real one (which only redirect), are read each
    time: a client making up URLs cannot fill the cache with them."""
    DocumentFactory(slug="real")
    selectors.get_public_document(slug="real")
    kept = len(cache._cache)  # the local-memory cache of the tests
    for number in range(20):
        with pytest.raises(NotFound):
            selectors.get_public_document(slug=f"made-up-{number}")
    for variant in ("Real", "REAL", "rEaL"):
        with pytest.raises(Moved):
            selectors.get_public_document(slug=variant)
    assert len(cache._cache) == kept


def test_a_kept_moved_or_gone_answer_follows_the_archive():
    document = DocumentFactory(slug="first")
    document.slug = "second"
    document.save()
    for _ in range(2):  # read, then kept
        with pytest.raises(Moved) as moved:
            selectors.get_public_document(slug="first")
        assert moved.value.target.slug == "second"
    withdraw(document)
    for _ in range(2):
        with pytest.raises(Gone) as gone:
            selectors.get_public_document(slug="second")
        assert gone.value.record.withdrawn_reason == "A duplicate"


def test_a_quote_is_read_once_until_the_archive_changes_and_unknown_ids_are_not_kept():
    quote = QuoteFactory(text="Before")
    selectors.get_quote(public_id=quote.public_id)
    with CaptureQueriesContext(connection) as again:
        assert selectors.get_quote(public_id=quote.public_id).text == "Before"
    assert not [q for q in again.captured_queries if "documents_quote" in q["sql"]]
    quote.text = "After"
    quote.save()
    assert selectors.get_quote(public_id=quote.public_id).text == "After"
    kept = len(cache._cache)
    for public_id in range(10_000, 10_020):
        with pytest.raises(NotFound):
            selectors.get_quote(public_id=public_id)
    assert len(cache._cache) == kept
    withdraw(quote.document)
    for _ in range(2):
        with pytest.raises(Gone):
            selectors.get_quote(public_id=quote.public_id)


@pytest.mark.parametrize(
    ("getter", "make", "table"),
    [
        (selectors.get_official, lambda: QuoteFactory().official, "documents_official"),
        (selectors.get_organization, OrganizationFactory, "documents_organization"),
        (selectors.get_series, SeriesFactory, "documents_series"),
        (selectors.get_event, EventFactory, "documents_event"),
    ],
)
def test_a_pages_object_is_read_once_until_the_archive_changes(getter, make, table):
    found = make()
    getter(slug=found.slug)
    with CaptureQueriesContext(connection) as again:
        assert getter(slug=found.slug) == found
    assert not [q for q in again.captured_queries if table in q["sql"]]
    kept = len(cache._cache)
    for number in range(10):
        with pytest.raises(NotFound):
            getter(slug=f"made-up-{number}")
    assert len(cache._cache) == kept
    found.slug = "renamed"
    found.save()
    assert getter(slug="renamed") == found


def test_a_section_pages_context_follows_the_archive_and_keeps_no_unknown_anchor():
    section = SectionFactory(heading="Before", anchor="one")
    document = section.document
    assert selectors.section_context(document=document, anchor="one")["section"] == section
    section.heading = "After"
    section.save()
    context = selectors.section_context(document=document, anchor="one")
    assert context["section"].heading == "After"
    kept = len(cache._cache)
    for anchor in ("two", "three", "One", "ONE"):
        with pytest.raises((NotFound, Moved)):
            selectors.section_context(document=document, anchor=anchor)
    assert len(cache._cache) == kept


def test_section_selector_tells_renamed_from_removed():
    document = DocumentFactory()
    section = SectionFactory(document=document, anchor="i")
    removed = SectionFactory(document=document, anchor="ii")
    section.anchor = "one"
    section.save()
    services.delete_sections(document.sections.filter(pk=removed.pk))
    with pytest.raises(Moved) as moved:
        selectors.get_section(document=document, anchor="i")
    assert (moved.value.target, moved.value.renamed) == (section, True)
    with pytest.raises(Moved) as moved:
        selectors.get_section(document=document, anchor="ii")
    assert (moved.value.target, moved.value.renamed) == (document, False)
    with pytest.raises(NotFound):
        selectors.get_section(document=document, anchor="iii")


def test_quote_selector_hides_drafts_and_tombstones_withdrawn():
    quote = QuoteFactory()
    draft_quote = QuoteFactory(document=DocumentFactory(status=Document.Status.DRAFT))
    assert selectors.get_quote(public_id=quote.public_id) == quote
    with pytest.raises(NotFound):
        selectors.get_quote(public_id=draft_quote.public_id)
    withdraw(quote.document)
    with pytest.raises(Gone) as gone:
        selectors.get_quote(public_id=quote.public_id)
    assert gone.value.record == quote.document
    assert quote not in selectors.public_quotes()


@pytest.mark.parametrize(
    "getter",
    [
        selectors.get_official,
        selectors.get_organization,
        selectors.get_series,
        selectors.get_event,
        selectors.area_with_subareas,
    ],
)
def test_catalogue_selectors_raise_not_found(getter):
    with pytest.raises(NotFound):
        getter(slug="no-such-thing")


def test_version_selector_raises_not_found():
    document = DocumentFactory()
    with pytest.raises(NotFound):
        revisions.document_at_version(document=document, number=999999)


def test_quote_page_citation_and_short_link_agree_once_withdrawn(client):
    """A quote's page, each of its citation downloads and its short link answer alike: 200 or
    301 while its document is published, 410 with the tombstone once it is withdrawn."""
    quote = QuoteFactory(official=OfficialFactory())
    urls = [
        quote.get_absolute_url(),
        *(
            reverse("documents:quote-cite", kwargs={"public_id": quote.public_id, "fmt": fmt})
            for fmt in ("bib", "ris", "json")
        ),
        reverse("documents:quote-short", kwargs={"public_id": quote.public_id}),
    ]
    assert [client.get(url).status_code for url in urls] == [200, 200, 200, 200, 301]
    withdraw(quote.document)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 410, url
        assert "A duplicate" in response.content.decode()


def test_old_anchor_of_a_citation_download_leads_to_the_new_download(client):
    document = DocumentFactory(slug="guidelines")
    section = SectionFactory(document=document, anchor="i")
    section.anchor = "one"
    section.save()
    url = reverse(
        "documents:section-cite", kwargs={"slug": "guidelines", "anchor": "i", "fmt": "bib"}
    )
    response = client.get(url)
    assert response.status_code == 301
    assert response["Location"] == url.replace("/i/", "/one/")
    assert client.get(response["Location"]).status_code == 200


def test_unknown_official_event_and_series_answer_the_sites_404(client):
    for url in ("/officials/nobody/", "/events/never/", "/series/none/", "/organizations/no/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "text/html" in response["Content-Type"]


def test_each_area_counts_the_sections_its_page_lists():
    """The count beside an area (home page, /areas/) is the number of sections its page
    lists: each section once, even tagged with a parent and its sub-area; no section of a
    draft, none whose text the public cannot read, no suggested tag. An outside check found
    "Cyberspace 9 sections" above a page listing 8, and parents counting a section once per
    tag ("214 sections" for about 140)."""
    from documents.models import SectionArea, TagStatus

    parent = CooperationAreaFactory(slug="bilateral", name="Bilateral")
    first = CooperationAreaFactory(slug="first", name="First", parent=parent)
    second = CooperationAreaFactory(slug="second", name="Second", parent=parent)
    published = DocumentFactory()
    SectionFactory(document=published, areas=[parent, first])
    SectionFactory(document=published, areas=[first, second])
    SectionFactory(document=published, areas=[second])
    article = DocumentFactory(rights="copyrighted", attribution="The publisher.")
    SectionFactory(document=article, areas=[first, parent])
    SectionFactory(document=DocumentFactory(status=Document.Status.DRAFT), areas=[second])
    suggested = SectionFactory(document=published)
    SectionArea.objects.create(section=suggested, area=first, status=TagStatus.SUGGESTED)

    listed = {}
    for area in CooperationArea.objects.all():
        listed[area.slug] = len(selectors.area_contents(area=area)["sections"])
    counted = {}
    for area in selectors.areas_with_counts.uncached():
        counted[area.slug] = area.total_count
        for child in area.children.all():
            counted[child.slug] = child.section_count
    assert counted == listed == {"bilateral": 3, "first": 2, "second": 2}


def test_documents_of_one_day_come_by_title_in_events_and_series():
    """By date alone, PostgreSQL returned an event's or a series' documents of one day in any
    order (the 2006 Roadmap and the SCC statement of the same day swapped between runs)."""
    series = SeriesFactory()
    later_title = DocumentFactory(title="Roadmap for Realignment", series=series, edition_label="b")
    earlier_title = DocumentFactory(title="Joint Statement", series=series, edition_label="a")
    event = EventFactory()
    event.documents.add(later_title, earlier_title)
    in_order = [earlier_title.pk, later_title.pk]
    assert [d.pk for d in selectors.event_documents(event=event)] == in_order
    assert [d.pk for d in selectors.public_events().get(pk=event.pk).documents.all()] == in_order
    assert [d.pk for d in selectors.series_documents(series=series)] == in_order
    assert [d.pk for d in selectors.series_editions(document=later_title)] == in_order
