"""Reads and fragments kept until the archive changes: any save shows at once, page cache or
not; and a request reads the archive's generation once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import cache as cache_module
from documents import selectors, services
from documents.models import CooperationArea, Document, Section
from documents.reversing import reverse
from tests.factories import CooperationAreaFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0


def test_a_correction_shows_in_the_reader_at_once(client):
    section = SectionFactory(heading="Teh heading", body="Teh body.")
    url = section.document.get_absolute_url()
    assert "Teh heading" in client.get(url).content.decode()
    section.heading, section.body = "The heading", "The body."
    section.save()
    page = client.get(url).content.decode()
    assert "The heading" in page and "The body." in page and "Teh" not in page


def test_a_new_section_shows_in_the_table_of_contents(client):
    section = SectionFactory(heading="First")
    url = section.document.get_absolute_url()
    client.get(url)
    SectionFactory(document=section.document, heading="Second", order=section.order + 1)
    assert "Second" in client.get(url).content.decode()


def test_the_reader_text_is_rendered_for_the_host_asked(client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    settings.ALLIANCE_SITE_URL = ""
    section = SectionFactory()
    url = section.document.get_absolute_url()
    one = client.get(url, HTTP_HOST="one.example").content.decode()
    two = client.get(url, HTTP_HOST="two.example").content.decode()
    permalink = f"one.example{section.get_absolute_url()}"
    assert permalink in one and permalink not in two


def test_a_section_page_follows_the_outline_at_once(client):
    """A section page finds its sub-sections and neighbours in the document's outline, kept
    until the archive changes: a section added, renamed or moved shows at once."""
    first = SectionFactory(heading="First part", level=0)
    document = first.document
    last = SectionFactory(document=document, heading="Last part", order=first.order + 10)
    url = first.get_absolute_url()
    assert "Next: " in client.get(url).content.decode()
    child = SectionFactory(
        document=document, parent=first, level=1, heading="A new sub-section", order=first.order + 1
    )
    page = client.get(url)
    assert page.context["descendants"] == [child]
    assert page.context["next"] == child
    assert client.get(last.get_absolute_url()).context["previous"] == child
    assert client.get(child.get_absolute_url()).context["breadcrumb"] == [first]
    child.anchor, child.heading = "renamed", "A renamed sub-section"
    child.save()
    assert "A renamed sub-section" in client.get(url).content.decode()
    assert client.get(child.get_absolute_url()).status_code == 200


def test_a_publish_shows_on_the_timeline_at_once(client):
    area = CooperationAreaFactory()
    SectionFactory(heading="Already public", areas=[area])
    draft = SectionFactory(heading="Newly public", areas=[area], document__status="draft")
    pages = [
        "/timeline/",
        area.get_absolute_url(),
        f"/timeline/?area={area.slug}",
        f"/areas/{area.slug}/through-time/",
    ]
    for page in pages:
        assert "Newly public" not in client.get(page).content.decode()
    services.publish_documents(Document.objects.filter(pk=draft.document_id))
    for page in pages:
        assert "Newly public" in client.get(page).content.decode()


def test_the_sitemap_follows_a_publish_at_once(client):
    section = SectionFactory(document__status="draft")
    document = section.document
    assert document.get_absolute_url() not in client.get("/sitemap.xml").content.decode()
    services.publish_documents(Document.objects.filter(pk=document.pk))
    sitemap = client.get("/sitemap.xml").content.decode()
    assert document.get_absolute_url() in sitemap and section.get_absolute_url() in sitemap


def test_the_sitemap_is_rendered_for_the_host_asked(client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    SectionFactory()
    one = client.get("/sitemap.xml", HTTP_HOST="one.example").content.decode()
    two = client.get("/sitemap.xml", HTTP_HOST="two.example").content.decode()
    assert "<loc>http://one.example/</loc>" in one and "one.example" not in two
    assert client.get("/sitemap.xml", {"p": "2"}, HTTP_HOST="one.example").status_code == 404


def test_cached_reads_answer_like_the_uncached_ones():
    area = CooperationAreaFactory()
    SectionFactory.create_batch(3, areas=[area])
    for _ in range(2):  # a miss, then a hit
        assert selectors.timeline(areas=[area]) == selectors.timeline.uncached(areas=[area])
        assert [a.pk for a in selectors.areas_with_counts()] == [
            a.pk for a in selectors.areas_with_counts.uncached()
        ]


def test_a_request_reads_the_generation_once(client):
    SectionFactory.create_batch(3)
    client.get("/timeline/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/timeline/")
    reads = [q for q in queries.captured_queries if "archivegeneration" in q["sql"]]
    assert len(reads) <= 1


def test_section_titles_on_the_timeline_name_the_sections_not_their_text(client):
    """The timeline names an unheaded section by its pinpoint (it never reads the body)."""
    area = CooperationAreaFactory()
    long_words = " ".join(["x" * 60] * 9)
    sections = [
        SectionFactory(heading="", label="1.", body="Short body.", areas=[area]),
        SectionFactory(heading="", label="3.", body=long_words, areas=[area]),
        SectionFactory(heading="A heading", label="", areas=[area]),
    ]
    titles = {child.title for entry in selectors.timeline(areas=[area]) for child in entry.children}
    for section in Section.objects.filter(pk__in=[s.pk for s in sections]):
        expected = section.heading or section.pinpoint
        assert any(expected in title for title in titles), (expected, titles)
    assert not any("Short body" in title or "x" * 60 in title for title in titles)


def test_remembered_urls_are_the_resolvers():
    from django.urls import reverse as django_reverse

    kwargs = {"slug": "guidelines-2015", "anchor": "iv-a"}
    for _ in range(2):
        assert reverse("documents:section-detail", kwargs=kwargs) == django_reverse(
            "documents:section-detail", kwargs=kwargs
        )


def test_urls_of_one_response_follow_the_script_prefix_it_is_made_under():
    from django.urls import get_script_prefix, set_script_prefix

    from documents.reversing import reverser

    kwargs = {"slug": "guidelines-2015", "anchor": "iv-a"}
    before = get_script_prefix()
    try:
        for prefix in ("/archive/", "/", "/archive/"):
            set_script_prefix(prefix)
            assert reverser()("documents:section-detail", kwargs=kwargs) == (
                f"{prefix}documents/guidelines-2015/sections/iv-a/"
            )
    finally:
        set_script_prefix(before)


def test_a_value_kept_in_process_is_built_again_when_the_archive_changes():
    from documents.cache import bump_generation, in_process

    built = []

    @in_process
    def kept():
        built.append(1)
        return {"built": len(built)}

    assert kept() is kept()  # the same object: not pickled, not shared
    assert len(built) == 1
    bump_generation()
    assert kept() == {"built": 2}
    kept.forget()
    assert kept() == {"built": 3}


def test_the_tree_of_areas_follows_a_save_at_once(client):
    """The home page's and the areas page's tree (rendered once per generation) counts a
    newly tagged section and names a new or renamed area at once."""
    area = CooperationAreaFactory(name="Maritime security")
    SectionFactory(areas=[area])
    for page in ("/", "/areas/"):
        assert (
            'Maritime security</a> <span class="meta">1 section<'
            in client.get(page).content.decode()
        )
    SectionFactory(areas=[area])
    area.name = "Maritime domain awareness"
    area.save()
    CooperationAreaFactory(name="Space")
    for page in ("/", "/areas/"):
        content = client.get(page).content.decode()
        assert 'Maritime domain awareness</a> <span class="meta">2 sections<' in content
        assert "Space</a>" in content


def test_a_quotes_page_follows_its_sentence_at_once(client):
    """A quote's page shows the sentence it was said in (its document's passages, kept until
    the archive changes): a corrected sentence shows at once."""
    from tests.factories import QuoteFactory

    section = SectionFactory(body="First sentence. We will stand together. Last one.")
    quote = QuoteFactory(document=section.document, text="We will stand together.")
    url = quote.get_absolute_url()
    texts = [text for text, _quote in client.get(url).context["passage"].parts if text]
    assert texts == ["We will stand together."]
    section.body = "First sentence. Indeed, We will stand together. Last one."
    section.save()
    texts = [text for text, _quote in client.get(url).context["passage"].parts if text]
    assert texts == ["Indeed, ", "We will stand together."]


def test_the_document_lists_area_filter_follows_a_new_tag_at_once(client):
    """The ids of the documents about an area are kept until the archive changes: a section
    tagged since the last read puts its document in the filtered list at once."""
    from tests.factories import DocumentFactory

    area = CooperationAreaFactory()
    DocumentFactory(title="Tagged as a whole", areas=[area])
    section = SectionFactory(document__title="Tagged by a section later")
    url = f"/documents/?area={area.slug}"
    page = client.get(url).content.decode()
    assert "Tagged as a whole" in page and "Tagged by a section later" not in page
    section.areas.add(area, through_defaults={"status": "reviewed"})
    assert "Tagged by a section later" in client.get(url).content.decode()


def test_a_comparisons_citation_names_a_new_version_at_once(client):
    """A comparison's citation names the recorded version of each text (kept until the
    archive changes): a version recorded since the last read is named at once."""
    from documents import revisions
    from tests.factories import DocumentFactory

    earlier = SectionFactory(document=DocumentFactory(slug="earlier-text")).document
    later = SectionFactory(document=DocumentFactory(slug="later-text")).document
    url = "/compare/earlier-text...later-text/cite.json"
    for document in (earlier, later):
        revisions.record_version(document=document)
    assert "as recorded in version 1" in client.get(url).content.decode()
    section = later.sections.get()
    section.body = "A corrected text."
    section.save()
    revisions.record_version(document=later)
    assert "as recorded in version 2" in client.get(url).content.decode()


def test_kept_list_pages_are_djangos_pages_and_follow_a_publish(client, settings):
    """The quote list's and the unfiltered document list's pages are kept until the archive
    changes: the same pages as Django's paginator gives, page numbers out of range included,
    and a newly published document is listed at once."""
    from django.core.paginator import Paginator

    from documents.views.common import KeptPaginator
    from tests.factories import DocumentFactory

    DocumentFactory.create_batch(7)
    queryset = Document.objects.published().order_by("date", "title")
    for number in ("1", "2", "3", "4", "0", "-1", "999", "x", None):
        for _ in range(2):  # read, then kept
            kept = KeptPaginator(queryset, 3, name="test-list").get_page(number)
            djangos = Paginator(queryset, 3).get_page(number)
            assert (kept.number, list(kept), kept.paginator.count) == (
                djangos.number,
                list(djangos),
                djangos.paginator.count,
            )
    assert "A newly published text" not in client.get("/documents/?sort=-date").content.decode()
    draft = DocumentFactory(title="A newly published text", status="draft")
    services.publish_documents(Document.objects.filter(pk=draft.pk))
    assert "A newly published text" in client.get("/documents/?sort=-date").content.decode()


def test_a_narrowed_list_is_not_kept(client):
    """Only the list no filter narrows is kept (its sort and page number are checked first):
    words, pages or sorts made up by a client take no place in the cache."""
    from tests.factories import DocumentFactory

    DocumentFactory.create_batch(3)
    client.get("/documents/")
    client.get("/documents/?q=first")
    kept = len(cache._cache)
    for number in range(10):
        client.get(f"/documents/?q=made-up-{number}")
        client.get(f"/documents/?page={number + 50}&sort=nonsense-{number}")
    client.get("/documents/?page=999999")
    assert len(cache._cache) == kept


def test_a_corrected_title_shows_in_the_citations_at_once(client):
    """A page's citation box is kept until the archive changes, under the cited object's
    address: a corrected title shows at once in the document's, its section's and its
    quote's citations."""
    from tests.factories import QuoteFactory

    section = SectionFactory(document__title="Teh Joint Statement")
    document = section.document
    quote = QuoteFactory(document=document)
    pages = [document.get_absolute_url(), section.get_absolute_url(), quote.get_absolute_url()]
    for page in pages:
        assert "Teh Joint Statement" in str(client.get(page).context["cite"]["record"])
    document.title = "The Joint Statement"
    document.save()
    for page in pages:
        record = str(client.get(page).context["cite"]["record"])
        assert "The Joint Statement" in record and "Teh" not in record


def test_the_feeds_follow_a_publish_at_once(client):
    """The feeds' entries are kept until the archive changes: a document published since
    the last read is in the archive's feed and its area's at once."""
    from tests.factories import DocumentFactory

    area = CooperationAreaFactory()
    DocumentFactory(title="Already there", areas=[area])
    draft = DocumentFactory(title="Newly published", areas=[area], status="draft")
    feeds = ["/feeds/documents/", f"/feeds/areas/{area.slug}/"]
    for feed in feeds:
        content = client.get(feed).content.decode()
        assert "Already there" in content and "Newly published" not in content
    services.publish_documents(Document.objects.filter(pk=draft.pk))
    for feed in feeds:
        assert "Newly published" in client.get(feed).content.decode()


def test_the_filter_forms_follow_a_new_area_at_once(client):
    """The filters as every reader first sees them are rendered once per generation: a new
    area shows in the menus at once, on the document list, the timeline and an area page."""
    area = CooperationAreaFactory(name="Maritime security")
    pages = ["/documents/", "/timeline/", area.get_absolute_url()]
    for url in pages:
        assert "Space situational awareness" not in client.get(url).content.decode()
    CooperationAreaFactory(name="Space situational awareness", slug="space-awareness")
    for url in pages[:2]:
        assert '<option value="space-awareness">' in client.get(url).content.decode()


def test_a_filter_form_with_a_readers_choices_is_the_readers_own(client):
    area = CooperationAreaFactory(name="Maritime security")
    client.get("/documents/")  # the unasked form, kept
    asked = client.get("/documents/?q=radar&year_from=1997").content.decode()
    assert 'value="radar"' in asked and 'value="1997"' in asked
    refused = client.get("/documents/?year_from=tomorrow").content.decode()
    assert "Some filters were not understood" in refused
    assert "Some filters were not understood" not in client.get("/documents/").content.decode()
    chosen = client.get(f"/timeline/?area={area.slug}").content.decode()
    assert f'<option value="{area.slug}" selected>' in chosen


def test_a_read_only_answer_is_the_same_object_until_the_archive_changes():
    calls = []

    def compute():
        calls.append(1)
        return [area.name for area in CooperationArea.objects.order_by("name")]

    CooperationAreaFactory(name="Alliance coordination")
    first = cache_module.read_only_for_generation("test-areas", compute)
    cache.clear()  # the shared copy gone: this process still has its own
    assert cache_module.read_only_for_generation("test-areas", compute) is first
    assert len(calls) == 1
    CooperationAreaFactory(name="Bilateral planning")  # a save: a new generation
    assert cache_module.read_only_for_generation("test-areas", compute) == [
        "Alliance coordination",
        "Bilateral planning",
    ]
    assert len(calls) == 2


def test_a_process_keeps_a_bounded_number_of_read_only_answers(monkeypatch):
    monkeypatch.setattr(cache_module, "PROCESS_KEPT", 3)
    for number in range(10):
        assert cache_module.read_only_for_generation(f"test-{number}", lambda n=number: n) == number
        assert len(cache_module._process_kept["answers"]) <= 3


def test_a_comparisons_kept_citation_follows_the_day(client, monkeypatch):
    """A comparison's citation carries the day it is read: kept, it is kept for that day."""
    import datetime

    from documents.views import compare as compare_views
    from tests.factories import DocumentFactory

    SectionFactory(document=DocumentFactory(slug="earlier-text"))
    SectionFactory(document=DocumentFactory(slug="later-text"))
    url = "/compare/earlier-text...later-text/"
    for day, shown in [(5, "December 5, 2026"), (6, "December 6, 2026")]:
        monkeypatch.setattr(
            compare_views.timezone, "localdate", lambda day=day: datetime.date(2026, 12, day)
        )
        for _ in range(2):
            page = client.get(url).content.decode()
            assert f"accessed {shown}" in page
            assert client.get(f"{url}cite.json").json()[0]["accessed"] == {
                "date-parts": [[2026, 12, day]]
            }


def test_urls_built_during_a_request_use_the_prefix_read_when_it_began():
    """The prefix and URLconf are read once per request (alliance.middleware.url_scope) for
    every URL the page's models build; the next request reads them again."""
    from django.http import HttpResponse
    from django.test import RequestFactory
    from django.urls import set_script_prefix

    from alliance.middleware import url_scope
    from documents import reversing

    seen = []

    def view(request):
        seen.append(reversing.reverse("documents:document-detail", kwargs={"slug": "x"}))
        return HttpResponse()

    try:
        for prefix in ("/archive/", "/", "/elsewhere/"):
            set_script_prefix(prefix)
            url_scope(view)(RequestFactory().get("/"))
    finally:
        set_script_prefix("/")
    assert seen == ["/archive/documents/x/", "/documents/x/", "/elsewhere/documents/x/"]
    assert reversing._scoped.get() is None  # nothing left behind by a request


def test_a_long_text_is_not_kept_by_each_process(monkeypatch):
    monkeypatch.setattr(cache_module, "PROCESS_KEPT_TEXT", 10)
    assert cache_module.read_only_for_generation("test-short", lambda: "short") == "short"
    long = cache_module.read_only_for_generation("test-long", lambda: "a longer text")
    assert long == "a longer text"
    parts = cache_module.read_only_for_generation("test-parts", lambda: ("a chart", "entries"))
    assert parts == ("a chart", "entries")
    assert set(cache_module._process_kept["answers"]) == {"test-short"}


def test_the_readers_asides_follow_a_change_at_once(client):
    """The source, related documents and quotes after the text are rendered once per
    generation: a corrected source note shows at once."""
    section = SectionFactory(document__source_notes="Typed from the printed copy.")
    document = section.document
    url = document.get_absolute_url()
    assert "Typed from the printed copy." in client.get(url).content.decode()
    document.source_notes = "Scanned from the signed original."
    document.save()
    page = client.get(url).content.decode()
    assert "Scanned from the signed original." in page and "printed copy" not in page


def test_the_readers_asides_are_rendered_for_the_host_asked(client, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    settings.ALLIANCE_SITE_URL = ""
    document = SectionFactory().document
    url = document.get_absolute_url()
    one = client.get(url, HTTP_HOST="one.example").content.decode()
    two = client.get(url, HTTP_HOST="two.example").content.decode()
    short = f"/d/{document.public_id}"
    assert f"http://one.example{short}" in one and f"http://two.example{short}" in two
    assert f"http://one.example{short}" not in two
