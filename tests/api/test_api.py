"""The read-only JSON API: what a researcher's script relies on — records with stable ids and
canonical URLs, filters as on the pages, cursors, JSON errors, 301/410 like the pages, ETags,
CORS, throttling — and query counts that do not grow with the page size."""

import datetime
import json

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from documents import services
from documents.models import Document, Section
from search import backends as search_backends
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
from tests.querycount import assert_same_count, get_ok

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    parent = CooperationAreaFactory(slug="space-and-cyberspace", name="Space and cyberspace")
    cyber = CooperationAreaFactory(slug="cyberspace", name="Cyberspace", parent=parent)
    other = CooperationAreaFactory(slug="logistics", name="Logistics")
    ministry = OrganizationFactory(slug="mod", name="Ministry of Defense")
    series = SeriesFactory(slug="guidelines", title="Guidelines")
    documents = []
    for number in range(12):
        document = DocumentFactory(
            slug=f"statement-{number}",
            date=datetime.date(2000 + number, 1, 1),
            areas=[cyber if number % 2 else other],
            issuers=[ministry],
            series=series if number < 3 else None,
            edition_label=str(2000 + number) if number < 3 else "",
        )
        SectionFactory.create_batch(3, document=document, areas=[cyber])
        QuoteFactory(document=document, areas=[cyber], official=OfficialFactory())
        EventFactory(date=datetime.date(2000 + number, 6, 1)).documents.add(document)
        documents.append(document)
    draft = DocumentFactory(slug="draft", title="Unpublished", status=Document.Status.DRAFT)
    SectionFactory(document=draft, heading="Secret heading")
    return {"documents": documents, "cyber": cyber, "parent": parent, "draft": draft}


def get(client, path, **params):
    response = client.get(path, params)
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response


def all_pages(client, path, **params):
    """Follow the cursors to the end; every record once."""
    records, url = [], path
    response = get(client, url, **params)
    while True:
        assert response.status_code == 200
        records += response.json()["results"]
        following = response.json()["next"]
        if following is None:
            return records
        response = get(client, following)


def test_document_records_carry_stable_ids_and_canonical_urls(archive, client):
    document = archive["documents"][1]
    record = get(client, f"/api/v1/documents/{document.slug}/").json()
    assert record["id"] == document.public_id
    assert record["url"] == f"http://testserver{document.get_absolute_url()}"
    assert record["short_url"] == f"http://testserver/d/{document.public_id}"
    assert record["api_url"] == f"http://testserver/api/v1/documents/{document.slug}/"
    assert [a["slug"] for a in record["areas"]] == ["cyberspace"]
    assert [s["anchor"] for s in record["sections"]] == [
        s.anchor for s in document.sections.order_by("order")
    ]
    section = record["sections"][0]
    assert section["url"].endswith(f"/documents/{document.slug}/sections/{section['anchor']}/")
    assert get(client, section["api_url"]).json()["body"] == section["body"]


def test_every_endpoint_lists_records_with_urls(archive, client):
    for name in ("document", "section", "area", "official", "quote", "event", "series"):
        records = get(client, reverse(f"api:{name}-list")).json()["results"]
        assert records, name
        for record in records:
            assert record["url"].startswith("http://testserver/"), name
            assert get(client, record["api_url"]).status_code == 200, record["api_url"]


def test_cursor_pagination_visits_every_document_once(archive, client):
    records = all_pages(client, "/api/v1/documents/", page_size=5)
    assert [r["slug"] for r in records] == [d.slug for d in archive["documents"]]
    response = get(client, "/api/v1/documents/", page_size=5)
    second = get(client, response.json()["next"]).json()
    assert get(client, second["previous"]).json()["results"] == response.json()["results"]


def test_filters_mirror_the_pages(archive, client):
    # A parent area finds its sub-areas' documents, as on /documents/?area=…: tagged so
    # themselves or in a section.
    slugs = [
        r["slug"] for r in all_pages(client, "/api/v1/documents/", area="space-and-cyberspace")
    ]
    assert slugs == [
        d.slug
        for d in archive["documents"]
        if d.areas.filter(slug="cyberspace") or d.sections.filter(areas__slug="cyberspace")
    ]
    assert len(all_pages(client, "/api/v1/documents/", year_from=2005, year_to=2006)) == 2
    sections = all_pages(client, "/api/v1/sections/", document="statement-3")
    assert {s["document"]["slug"] for s in sections} == {"statement-3"}
    assert len(sections) == 3
    quotes = all_pages(client, "/api/v1/quotes/", year_from=2100)
    assert quotes == []


def test_drafts_never_appear(archive, client):
    for name in ("document", "section", "quote", "event", "series"):
        content = get(client, reverse(f"api:{name}-list"), page_size=200).content.decode()
        assert "Unpublished" not in content and "Secret heading" not in content
    assert get(client, "/api/v1/documents/draft/").status_code == 404


def test_areas_come_as_a_tree(archive, client):
    tree = get(client, "/api/v1/areas/").json()["results"]
    assert [a["slug"] for a in tree] == ["logistics", "space-and-cyberspace"]
    assert [c["slug"] for c in tree[1]["children"]] == ["cyberspace"]
    assert get(client, "/api/v1/areas/cyberspace/").json()["parent"] == "space-and-cyberspace"


def test_timeline_entries_filter_like_the_page(archive, client):
    entries = all_pages(client, "/api/v1/timeline/", area="space-and-cyberspace", kind="document")
    assert {e["kind"] for e in entries} == {"document"}
    # the documents tagged as a whole and those holding tagged sections, as with every kind
    every_kind = all_pages(client, "/api/v1/timeline/", area="space-and-cyberspace")
    assert len(entries) == len([e for e in every_kind if e["kind"] == "document"]) >= 6
    assert entries == sorted(entries, key=lambda e: e["date"])
    everything = all_pages(client, "/api/v1/timeline/", page_size=7)
    assert len(everything) == len(all_pages(client, "/api/v1/timeline/", page_size=200))


def test_search_returns_highlights_as_offsets(archive, client):
    body = get(client, "/api/v1/search/", q="bilateral").json()
    assert body["total"] > 0 and body["error"] == ""
    hit = body["hits"][0]
    text = hit["snippet"]["text"]
    assert "<mark>" not in text
    assert [text[a:b].lower() for a, b in hit["snippet"]["highlights"]] == ["bilateral"]
    assert hit["api_url"].startswith("http://testserver/api/v1/")
    facet = next(f for f in body["facets"] if f["name"] == "type")
    option = facet["options"][0]
    filtered = get(client, option["api_url"]).json()
    assert filtered["total"] == option["count"]


def test_search_facet_links_set_their_filter_and_give_their_count(archive, client):
    """An option's link replaces the value of the filter it sets (an outside check found
    area=space-and-cyberspace&area=cyberspace, and selected options repeating their value):
    following it gives the count the option shows."""
    from urllib.parse import parse_qs, urlsplit

    body = get(client, "/api/v1/search/", q="bilateral", area="space-and-cyberspace").json()
    assert body["total"] > 0
    for facet in body["facets"]:
        for option in facet["options"]:
            query = parse_qs(urlsplit(option["api_url"]).query)
            assert all(len(values) == 1 for values in query.values()), option["api_url"]
            for name, value in option["filters"].items():
                assert query[name] == [value]
            assert get(client, option["api_url"]).json()["total"] == option["count"], option


@pytest.mark.parametrize(
    "params",
    [{"year_from": "soon"}, {"area": "nope"}, {"type": "chapter"}, {"sort": "random"}],
)
def test_search_refuses_a_filter_it_does_not_understand(archive, client, params):
    """As every other endpoint does: a script must not take unfiltered results for filtered
    ones."""
    response = get(client, "/api/v1/search/", q="bilateral", **params)
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == list(params)
    assert body["detail"] == f"Some parameters were not understood: {next(iter(params))}."


def test_a_search_with_no_results_has_no_page_2(archive, client):
    response = get(client, "/api/v1/search/", q="zzyzxq", page=2)
    assert response.status_code == 404
    assert response.json()["detail"] == "No page 2: this search has no results."


def test_a_search_page_beyond_the_last_is_a_404_not_the_last_page(archive, client):
    """The engine shows the last page for one beyond it, as the search page should; a script
    asking for page 99 took page 1 or 2 for it."""
    body = get(client, "/api/v1/search/", q="bilateral").json()
    last = body["num_pages"]
    assert get(client, "/api/v1/search/", q="bilateral", page=last).status_code == 200
    response = get(client, "/api/v1/search/", q="bilateral", page=last + 1)
    assert response.status_code == 404
    assert response.json()["detail"] == f"No page {last + 1}: this search has {last} page(s)."
    assert get(client, "/api/v1/search/", q="bilateral", page=10**20).status_code == 404
    # leading zeros are the same page, as on the search page
    assert get(client, "/api/v1/search/", q="bilateral", page="0000001").json()["page"] == 1
    if last < 2:
        return
    assert get(client, "/api/v1/search/", q="bilateral", page="0000002").json()["page"] == 2


def test_a_renamed_document_answers_301_to_its_new_record(archive, client):
    document = archive["documents"][0]
    document.slug = "renamed"
    document.save()
    response = client.get("/api/v1/documents/statement-0/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/v1/documents/renamed/?x=1"


def test_withdrawn_records_answer_410_with_their_tombstone(archive, client):
    document = archive["documents"][0]
    quote = document.quotes.get()
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Duplicate")
    for path in (
        f"/api/v1/documents/{document.slug}/",
        f"/api/v1/documents/{document.slug}/sections/{document.sections.first().anchor}/",
        f"/api/v1/quotes/{quote.public_id}/",
    ):
        response = get(client, path)
        assert response.status_code == 410, path
        tombstone = response.json()["tombstone"]
        assert (tombstone["slug"], tombstone["withdrawn_reason"]) == (document.slug, "Duplicate")
    listed = [r["slug"] for r in all_pages(client, "/api/v1/documents/")]
    assert document.slug not in listed


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/documents/?year_from=abc",
        "/api/v1/documents/?kind=nonsense",
        "/api/v1/documents/?area=no-such-area",
        "/api/v1/documents/?page_size=0",
        "/api/v1/documents/?page_size=many",
        "/api/v1/documents/?cursor=garbage",
        "/api/v1/timeline/?cursor=%%%",
        "/api/v1/timeline/?year_to=99999999999999",
        "/api/v1/timeline/?kind=nope",
        "/api/v1/quotes/?attribution=loud",
        "/api/v1/changes/?since=yesterday",
        "/api/v1/officials/?anonymous=perhaps",
        # a record that does not exist was an empty list, as if it had nothing
        "/api/v1/sections/?document=no-such-document",
        "/api/v1/quotes/?document=no-such-document",
        "/api/v1/quotes/?official=nobody",
        "/api/v1/officials/?organization=none",
        # more than the largest page was quietly cut to it, where 0 was refused
        "/api/v1/documents/?page_size=201",
        "/api/v1/documents/?page_size=99999999999999999999",
        "/api/v1/search/?q=cyber&page=abc",
        "/api/v1/search/?q=cyber&page=0",
    ],
)
def test_bad_input_is_a_json_400_naming_the_parameter(path, archive, client):
    response = get(client, path)
    assert response.status_code == 400, response.content
    parameter = path.split("?")[1].split("&")[-1].split("=")[0]
    body = response.json()
    assert parameter in body["detail"]
    assert body["errors"][parameter]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/documents/no-such-document/",
        "/api/v1/quotes/999999/",
        "/api/v1/areas/no-such-area/",
        "/api/v1/officials/nobody/",
        "/api/v1/events/never/",
        "/api/v1/series/none/",
        "/api/v1/organizations/none/",
        "/api/v1/documents/statement-1/sections/nope/",
        "/api/v1/no-such-endpoint/",
        "/api/v2/",
    ],
)
def test_unknown_records_are_a_json_404(path, archive, client):
    response = get(client, path)
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("number", ["abc", "-1", "1.5", "9999999999999999999999"])
def test_a_quote_number_that_is_not_one_is_no_such_quote(archive, client, number):
    """It was "No such API endpoint", as if quotes had no detail endpoint."""
    response = get(client, f"/api/v1/quotes/{number}/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such quote."


def test_the_api_is_read_only(client):
    response = client.post("/api/v1/documents/", {"title": "x"})
    assert response.status_code == 405
    assert response.json()["detail"]


def test_etag_and_304(archive, client):
    first = client.get("/api/v1/documents/")
    assert first["ETag"]
    again = client.get("/api/v1/documents/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_cors_is_open_for_get_on_the_api_only(archive, client):
    response = client.get("/api/v1/documents/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/documents/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/documents/")


def test_anonymous_clients_are_throttled_with_retry_after(archive, client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    settings.PAGE_CACHE_SECONDS = 0
    statuses = [client.get("/api/v1/areas/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/areas/")
    assert response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60


def test_changes_feed_lists_published_corrected_and_withdrawn(client):
    document = DocumentFactory(status=Document.Status.DRAFT, slug="article")
    services.publish_documents(Document.objects.filter(pk=document.pk))
    document.refresh_from_db()
    start = timezone.now()
    section = SectionFactory(document=document)
    with reversion.create_revision():
        section.body = "Corrected text."
        section.save()
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Rights")
    draft = DocumentFactory(status=Document.Status.DRAFT, slug="hidden")
    with reversion.create_revision():
        draft.save()

    everything = all_pages(client, "/api/v1/changes/")
    assert [(c["action"], c["document"]["slug"]) for c in everything] == [
        ("published", "article"),
        ("corrected", "article"),
        ("withdrawn", "article"),
    ]
    since = all_pages(client, "/api/v1/changes/", since=start.isoformat())
    assert [c["action"] for c in since] == ["corrected", "withdrawn"]
    assert since[1]["reason"] == "Rights"
    assert all_pages(client, "/api/v1/changes/", since="2999-01-01") == []


def test_reference_page_is_served_locally_without_inline_code(client):
    html = client.get("/api/v1/reference/").content.decode()
    assert "cdn" not in html.lower()
    assert "<style" not in html
    for tag in html.split("<script")[1:]:
        assert tag.lstrip().startswith("src="), tag[:80]
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/documents/" in schema.content.decode()


LIST_CEILINGS = {
    "/api/v1/documents/": 8,
    "/api/v1/sections/": 6,
    "/api/v1/areas/": 5,
    "/api/v1/officials/": 4,
    "/api/v1/quotes/": 5,
    "/api/v1/events/": 6,
    "/api/v1/series/": 5,
    "/api/v1/organizations/": 4,
    "/api/v1/timeline/": 12,
    "/api/v1/search/?q=cooperation": 16,
    "/api/v1/changes/": 6,
}


@pytest.mark.parametrize("path", list(LIST_CEILINGS))
def test_query_counts_do_not_grow_with_the_page_size(path, archive, client):
    """One page of 2 records costs as many queries as one of 4 (no N+1 over issuers, areas,
    sections, editions, documents …). Content types are cached per process, and so are
    search's documents and facet names until the archive changes; warm them."""
    ContentType.objects.get_for_models(Document, Section)
    services.publish_documents(Document.objects.filter(pk=archive["draft"].pk))
    search_backends.lookups()
    joiner = "&" if "?" in path else "?"
    assert_same_count(
        [get_ok(client, f"{path}{joiner}page_size={size}") for size in (2, 4)],
        ceiling=LIST_CEILINGS[path],
        label=path,
    )


def test_document_detail_queries_do_not_grow_with_its_sections(archive, client):
    document = archive["documents"][0]
    ContentType.objects.get_for_models(Document, Section)
    path = f"/api/v1/documents/{document.slug}/"
    small = get_ok(client, path)
    from tests.querycount import assert_no_growth

    assert_no_growth(
        small,
        lambda: SectionFactory.create_batch(6, document=document, areas=[archive["cyber"]]),
        ceiling=8,
        label=path,
    )


def test_a_renamed_documents_section_answers_301_to_the_same_section(archive, client):
    document = archive["documents"][2]
    anchor = document.sections.first().anchor
    document.slug = "renamed"
    document.save()
    response = client.get(f"/api/v1/documents/statement-2/sections/{anchor}/")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/documents/renamed/sections/{anchor}/"
    section = SectionFactory(document=document, anchor="old-anchor")
    section.anchor = "new-anchor"
    section.save()
    response = client.get("/api/v1/documents/renamed/sections/old-anchor/")
    assert response["Location"] == "http://testserver/api/v1/documents/renamed/sections/new-anchor/"


def test_restricted_text_is_left_out_everywhere(archive, client, monkeypatch, tmp_path, settings):
    """Where a document's rights keep its text from the public (the corpus's `copyrighted`),
    the API, the bulk files and the TEI give the record but no section text."""
    from api import bulk

    document = archive["documents"][4]
    document.rights = "copyrighted"
    document.attribution = "The publisher, quoted for research."
    document.save()
    anchors = list(document.sections.order_by("order").values_list("anchor", flat=True))
    assert anchors
    record = get(client, f"/api/v1/documents/{document.slug}/").json()
    assert record["title"] == document.title
    # The sections are there as records, as in the bulk file and at their own URLs (the
    # document's list was empty and /sections/ left them out).
    assert [section["anchor"] for section in record["sections"]] == anchors
    assert all(section["body"] is None for section in record["sections"])
    listed = all_pages(client, "/api/v1/sections/", document=document.slug)
    assert [section["anchor"] for section in listed] == anchors
    assert all(section["body"] is None for section in listed)
    one = get(client, f"/api/v1/documents/{document.slug}/sections/{anchors[0]}/").json()
    assert one["body"] is None
    settings.BULK_DATA_DIR = tmp_path
    bulk.build()
    rows = [json.loads(line) for line in (tmp_path / "sections.jsonl").read_text().splitlines()]
    rows = [row for row in rows if row["document_slug"] == document.slug]
    assert len(rows) == len(anchors) and all(row["body"] is None for row in rows)
    tei = client.get(f"/documents/{document.slug}/tei.xml").content.decode()
    assert "does not publish the text" in tei and "Bilateral cooperation" not in tei


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("6273-12-04T13:34:41.542648-21:55", 200),  # an offset PostgreSQL alone would refuse
        ("2015-04-27", 200),
        ("2015-04-27T10:00:00 09:00", 200),  # "+09:00" with its "+" decoded to a space
        ("0001-01-01T00:00:00+05:00", 400),  # before the first representable instant
        ("2015-13-45", 400),
    ],
)
def test_changes_since_accepts_any_iso_time_and_refuses_the_rest(since, status, client):
    response = get(client, "/api/v1/changes/", since=since)
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    ("endpoint", "params"),
    [
        ("documents", {}),
        ("sections", {}),
        ("quotes", {}),
        ("events", {}),
        ("timeline", {}),
        ("search", {"q": "bilateral"}),
    ],
)
def test_a_year_range_that_ends_before_it_starts_is_a_400_everywhere(
    archive, client, endpoint, params
):
    response = get(client, f"/api/v1/{endpoint}/", year_from="2010", year_to="2005", **params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year_to"]
    assert "before it starts" in response.json()["errors"]["year_to"][0]


def test_a_quote_about_a_draft_does_not_show_the_draft(client):
    """A published quote "about" a document still in draft showed the draft's title on its
    page and its title, slug, date and kind in the API."""
    draft = DocumentFactory(title="Unannounced statement", slug="unannounced", status="draft")
    section = SectionFactory(document=draft)
    quote = QuoteFactory(about_document=draft, about_section=section)
    page = client.get(quote.get_absolute_url()).content.decode()
    assert "Unannounced" not in page and "/documents/unannounced/" not in page
    record = get(client, f"/api/v1/quotes/{quote.public_id}/").json()
    assert record["about_document"] is None and record["about_section"] is None
    listed = get(client, "/api/v1/quotes/").json()["results"]
    assert "unannounced" not in json.dumps(listed)
    draft.status = "published"
    draft.save()
    record = get(client, f"/api/v1/quotes/{quote.public_id}/").json()
    assert record["about_document"]["slug"] == "unannounced"


def test_an_event_does_not_show_a_drafts_title_or_words(client):
    """An event dated from a document still in draft cited the draft, and quoted its words."""
    draft = DocumentFactory(title="Unannounced statement", slug="unannounced", status="draft")
    event = EventFactory(
        source_document=draft, source_record="", source_excerpt="Words not yet published."
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Unannounced" not in page and "Words not yet published" not in page
