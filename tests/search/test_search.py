"""The search interface on whichever database the suite runs on (CI runs SQLite, then
PostgreSQL): the same query language, ranking, facets and safety on both."""

import random
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeData

from documents import cache as documents_cache
from documents.models import Document, Quote, Section
from documents.services import import_document_text, publish_documents, withdraw_documents
from search import backends
from search.engine import search
from search.models import SearchWord
from search.presenters import present
from search.query import parse
from tests.factories import DocumentFactory, SectionFactory, reviewed_tag

pytestmark = pytest.mark.django_db


def urls(results):
    return [hit.url for hit in results.hits]


def section_url(section):
    return f"/documents/{section.document.slug}/sections/{section.anchor}/"


def test_a_heading_hit_outranks_a_passing_mention(corpus):
    results = search("cyberspace")
    found = urls(results)
    assert found[0] == section_url(corpus["heading"])
    assert found.index(section_url(corpus["heading"])) < found.index(section_url(corpus["passing"]))


def test_a_title_hit_outranks_body_mentions():
    document = DocumentFactory(title="Host nation support agreement", summary="")
    SectionFactory(
        document=document,
        heading="",
        body="Support support support, and host nation support mentioned again and again.",
    )
    results = search("host nation")
    assert results.hits[0].url == document.get_absolute_url()
    assert results.hits[0].kind == "document"


def test_an_article_found_by_its_number_either_way_titled_by_its_label():
    treaty = DocumentFactory(title="Treaty of Mutual Cooperation and Security")
    article = SectionFactory(
        document=treaty, label="Article 5", heading="", body="Each Party recognizes that …"
    )
    SectionFactory(body="The President reaffirmed that Article V applies to the Senkaku Islands.")
    SectionFactory(body="Article 6 concerns facilities and areas.")
    for query in ["Article 5", "article V", '"Article 5"']:
        results = search(query)
        assert urls(results)[0] == section_url(article), query
        assert results.hits[0].title == "Article 5"
        assert results.total == 2, query  # not Article 6
    # A relabelled section is re-titled in the index.
    Section.objects.filter(pk=article.pk).update(label="Article 4")
    article.label = "Article 4"
    article.save()
    assert section_url(article) not in urls(search("Article 5"))
    assert urls(search("Article IV"))[0] == section_url(article)


def test_stemming_finds_other_forms(corpus):
    found = urls(search("cooperate"))
    assert section_url(corpus["heading"]) in found  # "Cooperation on Cyberspace"
    assert section_url(corpus["planning"]) in found  # "cooperated"


def test_phrase_needs_the_words_together(corpus):
    found = urls(search('"bilateral planning"'))
    assert found == [section_url(corpus["planning"])]


def test_a_phrase_stays_within_a_heading_or_its_text():
    """As the 1997 Guidelines' IV.2.2.a: a heading ending "against Japan" over a text that
    begins "U.S. Forces". Its words are together in neither, so the phrase across them does
    not find it, by the pair index or by the whole query's check; each part's own does."""
    document = DocumentFactory(title="Guidelines", summary="")
    section = SectionFactory(
        document=document,
        heading="Actions in Response to an Armed Attack against Japan",
        body="U.S. Forces will support the operations of the Self-Defense Forces.",
    )
    for across in ('"japan u s forces"', '"against japan u s"', '"japan us"'):
        assert section_url(section) not in urls(search(across)), across
    for within in ('"armed attack against japan"', '"u s forces will"', "japan forces"):
        assert section_url(section) in urls(search(within)), within


def test_a_document_hit_shows_its_summary_as_text_not_markup():
    DocumentFactory(
        title="Annex",
        summary='As reproduced in <cite>Defense of Japan 2008</cite>; see <a href="/x/">the '
        "table</a> &amp; notes.",
    )
    [hit] = search('"defense of japan 2008"').hits
    assert "<" not in hit.snippet and "&amp;" not in hit.snippet
    assert "Defense of Japan 2008" in hit.snippet and "the table & notes" in hit.snippet
    start = hit.snippet.index("Defense of Japan 2008")
    marked = [m for m in hit.matches if m.field == "snippet"]
    assert marked and all(start <= m.start < m.end <= start + 21 for m in marked)


@pytest.mark.parametrize("markup_word", ["cite", "href", "x", "amp"])
def test_a_summarys_markup_is_not_a_word_of_its_document(markup_word):
    """The index holds a summary's text (Document.summary_text): "cite" found the 1997
    Guidelines' Annex table, whose summary holds a <cite> (outside probe, 2 December)."""
    document = DocumentFactory(
        title="Annex",
        summary='As reproduced in <cite>Defense of Japan 2008</cite>; see <a href="/x/">the '
        "table</a> &amp; notes.",
    )
    assert search(markup_word).total == 0
    assert search("reproduced table notes").total == 1
    # ... whatever saves it: a change of summary, and a save without the model's save()
    document.summary = "Now about <em>logistics</em>."
    document.save()
    assert search("logistics").total == 1 and search("reproduced").total == 0
    Document.objects.filter(pk=document.pk).update(summary="<cite>Hidden</cite>")
    raw = Document.objects.get(pk=document.pk)
    raw.save_base(raw=True)  # as a fixture and a History revert save it
    assert search("hidden").total == 1 and search("cite").total == 0


def test_all_words_must_match(corpus):
    assert urls(search("bilateral okinawa")) == [section_url(corpus["okinawa"])]


def test_exclusion(corpus):
    found = urls(search("planning -okinawa"))
    assert section_url(corpus["planning"]) in found
    assert section_url(corpus["okinawa"]) not in found


def test_exclusions_apply_to_title_and_heading_hits(corpus):
    """A heading holding the word ranks first unless its body holds an excluded word."""
    found = urls(search("cyberspace -logistic"))
    assert found[0] == section_url(corpus["heading"])
    assert section_url(corpus["passing"]) not in found
    found = urls(search("cyberspace -threats"))  # in the heading section's body
    assert section_url(corpus["heading"]) not in found
    assert section_url(corpus["passing"]) in found


def test_or(corpus):
    found = set(urls(search("okinawa OR logistic")))
    assert found == {section_url(corpus["okinawa"]), section_url(corpus["passing"])}


def test_quotes_are_found_by_text_and_speaker(corpus):
    quote_url = corpus["quote"].get_absolute_url()
    assert quote_url in urls(search("alliance grow"))
    assert quote_url in urls(search("pentagon"))


def test_hits_are_data_with_the_offsets_of_what_matched(corpus):
    """The engine returns plain text and offsets, no HTML: a JSON consumer reads them as
    they are, and the page's presenter makes the <mark> tags."""
    hits = search("cyberspace").hits
    heading = next(hit for hit in hits if hit.url == section_url(corpus["heading"]))
    assert heading.title == "Cooperation on Cyberspace" and heading.pinpoint == "VI.B"
    assert not isinstance(heading.title, SafeData) and not isinstance(heading.snippet, SafeData)
    assert "<" not in heading.title + heading.snippet
    found = {
        (m.field, (heading.title if m.field == "title" else heading.snippet)[m.start : m.end])
        for m in heading.matches
    }
    assert found == {("title", "Cyberspace"), ("snippet", "cyberspace")}


def test_the_presenter_marks_the_match_and_escapes_everything_else():
    SectionFactory(heading="", body="Text with <script>alert(1)</script> & cyberspace <b>here</b>.")
    hit = present(search("cyberspace")).hits[0]
    assert "<mark>cyberspace</mark>" in hit.snippet_html
    # the only tags are the highlights
    assert set(re.findall(r"<[^>]*>", hit.snippet_html)) == {"<mark>", "</mark>"}
    assert "&amp;" in hit.snippet_html and "alert(1)" in hit.snippet_html


def test_drafts_are_never_found(corpus):
    for text in ["cyberspace", "unpublished", "draft", "draft quote", "not yet public"]:
        results = search(text)
        assert all("secret-draft" not in hit.url for hit in results.hits), text
        assert all(hit.document.status == "published" for hit in results.hits)
    assert search("unpublished").total == 0


def test_publishing_and_withdrawing_update_the_index_even_in_bulk(corpus):
    draft = corpus["draft"]
    publish_documents(Document.objects.filter(pk=draft.pk))
    assert draft.get_absolute_url() in urls(search("unpublished"))
    withdraw_documents(Document.objects.filter(pk=draft.pk), reason="Duplicate")
    assert search("unpublished").total == 0
    Document.objects.filter(pk=draft.pk).update(status="published", withdrawn_reason="")
    assert search("draft cyberspace heading").total == 1
    Document.objects.filter(pk=draft.pk).update(status="draft")
    assert search("draft cyberspace heading").total == 0


def test_editing_a_section_reindexes_it(corpus):
    section = corpus["okinawa"]
    section.body = "Planning for facilities on Guam."
    section.save()
    assert search("okinawa").total == 0
    assert urls(search("guam")) == [section_url(section)]
    Section.objects.filter(pk=section.pk).update(heading="Relocation to Tinian")
    assert urls(search("tinian")) == [section_url(section)]
    section.delete()
    assert search("guam").total == 0


def test_the_importer_reindexes_sections():
    document = DocumentFactory(slug="imported")
    import_document_text(document, "1. Alpha paragraph on minesweeping.\n\n2. Beta on airlift.")
    assert search("minesweeping").total == 1
    import_document_text(document, "1. Alpha paragraph on submarines.\n\n2. Beta on airlift.")
    assert search("minesweeping").total == 0
    assert search("submarines").total == 1


def test_search_within_one_document(corpus):
    results = search("planning OR cyberspace", filters={"document": "scc-1997"})
    assert results.within == corpus["statement"]
    assert results.hits and all(hit.document == corpus["statement"] for hit in results.hits)
    # a draft cannot be searched within
    results = search("cyberspace", filters={"document": "secret-draft"})
    assert "document" in results.filterset.form.errors


def test_facet_counts_equal_the_filtered_totals(corpus):
    results = search("cyberspace OR planning OR cooperation")
    assert {facet.name for facet in results.facets} >= {"type", "kind", "area", "issuer", "decade"}
    checked = 0
    for facet in results.facets:
        for option in facet.options:
            filtered = search("cyberspace OR planning OR cooperation", filters=option.params)
            assert filtered.total == option.count, (facet.name, option.label)
            checked += 1
    assert checked >= 8


@pytest.mark.parametrize(
    "filters",
    [
        {"area": "space-and-cyberspace"},
        {"area": "logistics"},
        {"issuer": "mofa"},
        {"year_from": "1990", "year_to": "2014"},
        {"year_from": "2010"},
        {"area": "cyberspace", "type": ["section", "quote"]},
    ],
)
def test_facet_counts_are_what_each_choice_gives_with_a_filter_set(corpus, filters):
    """An option sets its filter in place of the value there: its count is the total its
    link gives. Options that would not narrow the results (another area, another issuer, a
    decade across the year range) have no count to show."""
    from documents.models import CooperationArea

    SectionFactory(
        document=corpus["guidelines"],
        anchor="both",
        heading="",
        body="Cooperation in cyberspace on logistics planning.",
        areas=list(CooperationArea.objects.filter(slug__in=["cyberspace", "logistics"])),
    )
    text = "cyberspace OR planning OR cooperation"
    results = search(text, filters=filters)
    assert results.total
    checked = 0
    for facet in results.facets:
        for option in facet.options:
            chosen = search(text, filters={**filters, **option.params})
            assert chosen.total == option.count, (facet.name, option.label)
            checked += 1
    assert checked >= 3


def test_a_year_range_that_ends_before_it_starts_is_reported_and_its_end_left_out(corpus):
    """ "0 results … with these filters" did not say the range was backwards (outside probe)."""
    backwards = search("planning OR cyberspace", filters={"year_from": "2010", "year_to": "2000"})
    assert "before it starts" in str(backwards.filterset.form.errors["year_to"])
    started = search("planning OR cyberspace", filters={"year_from": "2010"})
    assert backwards.total == started.total > 0


def test_area_filter_includes_sub_areas(corpus):
    found = set(urls(search("cyberspace", filters={"area": "space-and-cyberspace"})))
    assert found == {section_url(corpus["heading"]), corpus["quote"].get_absolute_url()}


def test_filters_combine_and_bad_values_are_reported_not_fatal(corpus):
    results = search(
        "planning OR cyberspace",
        filters={"kind": "guidelines", "year_from": "2010", "issuer": "dod"},
    )
    assert results.hits and all(hit.document == corpus["guidelines"] for hit in results.hits)
    results = search("planning", filters={"year_from": "soon", "area": "nowhere", "kind": "x"})
    assert set(results.filterset.form.errors) == {"year_from", "area", "kind"}
    assert results.total == 2


def test_sort_by_date(corpus):
    newest = search("planning OR cyberspace", sort="newest")
    dates = [hit.document.date for hit in newest.hits if hit.kind != "quote"]
    assert dates == sorted(dates, reverse=True)
    oldest = search("planning OR cyberspace", sort="oldest")
    assert oldest.hits[0].document == corpus["statement"]


def test_totals_past_the_cap_are_a_lower_bound(corpus, monkeypatch):
    monkeypatch.setattr(backends, "CAP", 2)
    results = search("planning OR cyberspace")
    assert results.capped and results.total == 2


def test_pagination():
    document = DocumentFactory()
    for number in range(45):
        SectionFactory(document=document, heading="", body=f"Minesweeping item {number}.")
    first = search("minesweeping")
    assert first.total == 45 and first.num_pages == 3 and len(first.hits) == 20
    last = search("minesweeping", page=3)
    assert len(last.hits) == 5
    assert not set(urls(first)) & set(urls(last))
    assert search("minesweeping", page="999").page == 3
    assert search("minesweeping", page="-4").page == 1


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_the_pager_offers_only_pages_that_exist_on_every_sort(monkeypatch, sort):
    """Relevance orders a bounded set of matches (title hits + the first RANK_CAP); the pager
    used to offer every page of the total and the pages past the ranked set came back empty
    while still offering a next page."""
    monkeypatch.setattr(backends, "RANK_CAP", 30)
    monkeypatch.setattr(backends, "TITLE_CAP", 5)
    document = DocumentFactory()
    for number in range(65):
        SectionFactory(document=document, heading="", body=f"Minesweeping item {number}.")
    first = search("minesweeping", sort=sort)
    assert first.total == 65
    seen = []
    for page in range(1, first.num_pages + 1):
        results = search("minesweeping", sort=sort, page=page)
        assert results.hits, (sort, page)
        assert results.num_pages == first.num_pages
        assert results.has_next == (page < first.num_pages)
        seen += urls(results)
    assert len(seen) == len(set(seen))
    if sort == "relevance":
        assert first.num_pages == 2 and first.ranked == 30
    else:
        assert first.num_pages == 4 and len(seen) == 65
    # a page past the end answers with the last page, which says it is the last
    past = search("minesweeping", sort=sort, page=99)
    assert past.hits and past.page == past.num_pages and not past.has_next


@pytest.mark.parametrize("types", [["section"], ["section", "quote"]])
def test_a_filtered_search_past_the_scored_matches_ranks_what_the_plain_one_does(
    monkeypatch, types
):
    """Past RANK_CAP matches, with rows no longer in the order of their ids (an entry saved
    again moves to the end of PostgreSQL's table), a result-type filter gives the ranking
    the same search gives without it: it made the matches DISTINCT, which reordered them
    after the statistics had numbered them for scoring, and the search failed."""
    monkeypatch.setattr(backends, "RANK_CAP", 30)
    document = DocumentFactory()
    for number in range(65):
        SectionFactory(document=document, heading="", body=f"Minesweeping item {number}.")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_entry SET title = title WHERE id IN "
            "(SELECT id FROM search_entry ORDER BY id LIMIT 10)"
        )
        cursor.execute("ANALYZE search_entry")
    plain = search("minesweeping")
    filtered = search("minesweeping", filters={"type": types})
    assert (filtered.total, filtered.ranked, filtered.num_pages) == (65, 30, 2)
    assert urls(filtered) == urls(plain)


@pytest.mark.parametrize("body_hits", [10, 65])
def test_a_title_hit_ranks_first_within_and_beyond_the_scored_matches(monkeypatch, body_hits):
    """The statistics score the first RANK_CAP matches; a heading holding the word is marked
    among them (10 body hits: every match scored) and, when it comes later in storage order,
    added to them (65: past the first 30), and ranks first either way. Candidates lose their
    title when it does not hold the query."""
    monkeypatch.setattr(backends, "RANK_CAP", 30)
    document = DocumentFactory()
    for number in range(body_hits):
        SectionFactory(document=document, heading="Item", body=f"Minesweeping item {number}.")
    headed = SectionFactory(document=document, heading="Minesweeping", body="Mines are swept.")
    results = search("minesweeping")
    assert results.total == body_hits + 1
    assert urls(results)[0] == section_url(headed)
    assert [hit.in_title for hit in results.hits[:2]] == [True, False]


def test_misspelt_words_get_suggestions_from_the_archive(corpus):
    call_command("rebuild_search_index", verbosity=0)
    results = search("cyberspase", filters={"kind": "guidelines"})
    assert results.total == 0
    assert results.suggestions[0]["text"] == "cyberspace"
    assert results.suggestions[0]["corrections"] == {"cyberspase": "cyberspace"}
    assert "kind=guidelines" in present(results).suggestions[0]["query"]  # filters are kept
    assert search("cyberspace").suggestions == []


def test_a_miss_costs_the_statistics_and_one_vocabulary_statement(
    corpus, django_assert_max_num_queries, settings
):
    """Nothing matched: the statistics, then which words the vocabulary knows; a misspelt
    word's candidates are read the first time their initial and lengths are asked for after
    a change of the archive, and kept (issue 15: a search that finds nothing was slower than
    the naive recipe's count and page; asking the vocabulary inside the statistics made
    every search plan it)."""
    call_command("rebuild_search_index", verbosity=0)
    # As served: the generation is read once per request or per ARCHIVE_GENERATION_TTL, and
    # the lookups once per change of the archive (tested below).
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    with django_assert_max_num_queries(3):
        results = search("cyberspase")
    assert results.total == 0
    assert results.suggestions[0]["corrections"] == {"cyberspase": "cyberspace"}
    for text in ["cyberspase", "cyberspaec"]:  # the same initial and lengths: kept
        with django_assert_max_num_queries(2):
            assert search(text).suggestions[0]["corrections"] == {text: "cyberspace"}
    with django_assert_max_num_queries(2):
        assert search("cyberspace cyberqqqqq").suggestions == []  # no word near enough


def test_a_rare_word_costs_the_statistics_and_its_page(
    corpus, django_assert_max_num_queries, settings
):
    """Statistics (with the candidates scored and their title hits marked), then the page's
    rows (their documents are the process's own, read once per change of the archive: see
    the test below). Filters cost nothing more, but for one word in a year range PostgreSQL
    first reads the word's frequency (scan_by_date); with two words SQLite finds the title
    hits in a walk of their own."""
    settings.ARCHIVE_GENERATION_TTL = 60
    backends.lookups()
    with django_assert_max_num_queries(2):
        results = search("cyberspace")
    assert results.hits and results.facets
    assert all(hit.document.slug for hit in results.hits)  # the documents came with the rows
    with django_assert_max_num_queries(2 + (connection.vendor == "postgresql")):
        assert search("cyberspace", filters={"kind": "guidelines", "year_from": "2010"}).hits
    with django_assert_max_num_queries(2 + (connection.vendor == "sqlite")):
        assert search("cyberspace cooperation").hits


@pytest.mark.parametrize("text", ["cooperation", "planning", "cyber"])
def test_a_year_range_finds_the_same_whether_read_by_date_or_by_word(corpus, monkeypatch, text):
    """A common word in a year range is read through the date index (PostgreSQL), a rare one
    through the word index: the answer is the same either way."""
    years = {"year_from": "1990", "year_to": "2015"}
    monkeypatch.setattr(backends.Backend, "scan_by_date", lambda self, query: False)
    monkeypatch.setattr(backends.PostgresBackend, "scan_by_date", lambda self, query: False)
    by_word = search(text, filters=years)
    monkeypatch.setattr(backends.PostgresBackend, "scan_by_date", lambda self, query: True)
    by_date = search(text, filters=years)
    assert by_word.total == by_date.total
    assert urls(by_word) == urls(by_date)
    assert [(f.name, [(o.label, o.count) for o in f.options]) for f in by_word.facets] == [
        (f.name, [(o.label, o.count) for o in f.options]) for f in by_date.facets
    ]


def test_only_a_word_in_most_entries_is_read_by_date(corpus, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's FTS5 has no such choice")
    from search.query import parse

    call_command("rebuild_search_index", verbosity=0)  # the vocabulary and its frequencies
    backend = backends.get_backend()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    monkeypatch.setattr(backends, "CAP", 1)
    monkeypatch.setattr(backends.PostgresBackend, "BY_DATE_FACTOR", 0.01)  # a tiny index
    assert backend.scan_by_date(parse("planning"))  # in most of this small index's entries
    assert not backend.scan_by_date(parse("zzqxvbn"))  # not in the vocabulary
    assert not backend.scan_by_date(parse("planning -cyberspace"))  # an exclusion
    assert not backend.scan_by_date(parse('"bilateral planning"'))  # a phrase
    monkeypatch.setattr(backends, "CAP", 100_000)
    assert not backend.scan_by_date(parse("planning"))  # a cap this large: the index wins


def test_rebuild_gives_the_same_index(corpus):
    before = urls(search("cyberspace OR planning"))
    call_command("rebuild_search_index", verbosity=0)
    after = urls(search("cyberspace OR planning"))
    # the same hits; equal scores may swap places, since rebuilt rows get new ids
    assert sorted(after) == sorted(before)
    assert after[0] == before[0] == section_url(corpus["heading"])


def test_renaming_an_official_reindexes_their_quotes(corpus):
    official = corpus["official"]
    official.description = "a retired admiral"
    official.save()
    assert corpus["quote"].get_absolute_url() in urls(search("admiral"))
    assert search("pentagon").total == 0


def test_rebuild_reports_progress(corpus):
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    text = out.getvalue()
    assert "sections" in text and "100.0%" in text
    assert "Indexed" in text and "Vocabulary:" in text


def test_phrases_with_stop_words_and_hyphens():
    SectionFactory(heading="", body="The Self-Defense Forces provide for the defense of Japan.")
    assert search('"self defense forces"').total == 1
    assert search('"self-defense forces"').total == 1
    assert search('"defense of japan"').total == 1
    assert search('"forces self defense"').total == 0
    assert search('"japan of defense"').total == 0


def area_hits(text, area):
    return set(urls(search(text, filters={"area": area})))


def test_tagging_and_untagging_update_the_area_filter(corpus):
    """On PostgreSQL an entry carries its areas (and their parents) in the index itself,
    kept current by triggers on the tag tables: adding, removing, replacing and clearing."""
    passing, space, cyber = corpus["passing"], corpus["space"], corpus["cyber"]
    url = section_url(passing)
    assert url not in area_hits("cyberspace", "cyberspace")
    passing.areas.add(cyber)  # a suggestion: not public, so not in the area filter
    assert url not in area_hits("cyberspace", "cyberspace")
    passing.area_tags.filter(area=cyber).update(status="reviewed", reviewed_at=timezone.now())
    assert url in area_hits("cyberspace", "cyberspace")
    assert url in area_hits("cyberspace", "space-and-cyberspace")  # the parent area
    assert url in area_hits("cyberspace", "logistics")  # its other area stays
    passing.areas.remove(cyber)
    assert url not in area_hits("cyberspace", "space-and-cyberspace")
    passing.areas.set([space], through_defaults=reviewed_tag())
    assert url in area_hits("cyberspace", "space-and-cyberspace")
    assert url not in area_hits("cyberspace", "logistics")
    passing.areas.clear()
    assert url not in area_hits("cyberspace", "space-and-cyberspace")
    corpus["guidelines"].areas.remove(space)  # a document's own tags
    assert "/documents/guidelines-2015/" not in area_hits("cooperation", "space-and-cyberspace")
    corpus["cyber"].quotes.clear()  # from the area's side
    assert corpus["quote"].get_absolute_url() not in area_hits("cyberspace", "cyberspace")


def test_moving_an_area_under_a_parent_updates_the_area_filter(corpus):
    logistics = corpus["okinawa"].areas.get()
    assert area_hits("planning", "space-and-cyberspace") == set()
    logistics.parent = corpus["space"]
    logistics.save()
    found = area_hits("planning", "space-and-cyberspace")
    assert found == {section_url(corpus["okinawa"])}
    results = search("planning")
    area_facet = next(facet for facet in results.facets if facet.name == "area")
    counts = {option.label: option.count for option in area_facet.options}
    assert counts["Space and cyberspace"] == 1


def public_areas(obj):
    """The slugs an object is found under, read from its tags in Python: reviewed tags of
    documents and sections, every tag of a quote, each with its parent area."""
    if isinstance(obj, Quote):
        areas = list(obj.areas.select_related("parent"))
    else:
        tags = obj.area_tags.filter(status="reviewed").select_related("area__parent")
        areas = [tag.area for tag in tags]
    return {area.slug for area in areas} | {area.parent.slug for area in areas if area.parent}


def test_the_area_filter_follows_any_sequence_of_tag_changes(corpus):
    """Every area's filter finds exactly the entries that the tag tables say, after each of
    80 random changes: tagging (suggested or reviewed), reviewing, unreviewing, removing,
    replacing, clearing, and moving a sub-area between parents."""
    rng = random.Random(15)
    text = "cyberspace OR planning OR support OR roles OR review"
    objects = [corpus[name] for name in ("heading", "passing", "planning", "okinawa")]
    objects += [corpus["guidelines"], corpus["statement"], corpus["quote"]]
    url_of = {
        obj: section_url(obj) if isinstance(obj, Section) else obj.get_absolute_url()
        for obj in objects
    }
    found = set(urls(search(text)))
    assert len(found) == len(objects)  # all of them, so every change can show
    logistics = corpus["okinawa"].areas.get()
    areas = [corpus["space"], corpus["cyber"], logistics]
    movable = [corpus["cyber"], logistics]  # areas have two levels
    for step in range(80):
        obj, area = rng.choice(objects), rng.choice(areas)
        defaults = {} if isinstance(obj, Quote) else reviewed_tag()
        change = rng.choice(["suggest", "review", "approve", "unapprove", "remove", "set"])
        if change in ("suggest", "review") and not obj.areas.filter(pk=area.pk).exists():
            status = "suggested" if change == "suggest" else "reviewed"
            obj.areas.add(area, through_defaults=defaults and reviewed_tag(status=status))
        elif change in ("approve", "unapprove") and not isinstance(obj, Quote):
            status = "reviewed" if change == "approve" else "suggested"
            obj.area_tags.filter(area=area).update(status=status)
        elif change == "remove":
            obj.areas.remove(area)
        elif change == "set":
            chosen = rng.sample(areas, rng.randrange(len(areas) + 1))
            obj.areas.set(chosen, through_defaults=defaults)
        if step % 7 == 0:
            moved = rng.choice(movable)
            moved.parent = rng.choice([None, corpus["space"]])
            moved.save()
        for slug in ("space-and-cyberspace", "cyberspace", "logistics"):
            expected = {url_of[obj] for obj in objects if slug in public_areas(obj)}
            assert area_hits(text, slug) == expected, (step, change, slug)


def test_moving_an_area_that_has_sub_areas_keeps_their_entries(corpus):
    """The admin refuses it (areas have two levels), but the index must not lose entries
    when an area with sub-areas is given a parent anyway (a fixture, the shell): the
    entries tagged with the sub-area keep it and its parent."""
    found = area_hits("cyberspace", "cyberspace")
    assert found and area_hits("cyberspace", "space-and-cyberspace") >= found
    space = corpus["space"]
    space.parent = corpus["okinawa"].areas.get()
    space.save()
    assert area_hits("cyberspace", "cyberspace") == found
    assert area_hits("cyberspace", "space-and-cyberspace") >= found
    space.parent = None
    space.save()
    assert area_hits("cyberspace", "cyberspace") == found


def test_rebuild_keeps_the_areas(corpus):
    before = area_hits("cyberspace", "space-and-cyberspace")
    call_command("rebuild_search_index", verbosity=0)
    assert area_hits("cyberspace", "space-and-cyberspace") == before
    assert section_url(corpus["heading"]) in before


def test_an_exact_heading_outranks_longer_headings_and_body_mentions():
    """Issue 15: "bilateral planning" put the section headed exactly "Bilateral Planning"
    third, behind longer headings holding both words."""
    document = DocumentFactory(title="Guidelines", summary="")
    longer = SectionFactory(
        document=document,
        heading="Bilateral Defense Planning and Mutual Cooperation Planning",
        body="Bilateral planning, bilateral planning and more bilateral planning.",
    )
    exact = SectionFactory(
        document=document, heading="Bilateral Planning", body="The governments will plan."
    )
    together = SectionFactory(
        document=document, heading="Bilateral Planning Mechanism", body="It coordinates."
    )
    body = SectionFactory(document=document, heading="", body="Bilateral planning " * 5)
    empty = SectionFactory(document=document, heading="Bilateral Planning", body="")
    found = urls(search("bilateral planning"))
    assert found == [
        section_url(exact),  # the heading is the query
        section_url(empty),  # … but with no text of its own
        section_url(together),  # the words together
        section_url(longer),  # every word
        section_url(body),  # the text only
    ]


@pytest.mark.parametrize(
    "text",
    [
        "U.S.-Japan alliance",
        'alliance "bilateral planning"',
        '"host nation" OR "roles and missions"',
        "U.S. forces",
        "U.S.",
        '"host nation" OR alliance',
        '"host nation" alliance',
        "U.S.-Japan cooperation -okinawa",
        "U.N. alliance",
        '"new mig29s"',
        "F-35s-MiG29s alliance",
    ],
)
def test_phrase_pairs_narrow_without_changing_the_answer(text, monkeypatch):
    """On PostgreSQL the phrase-pair index narrows every clause with a phrase among its
    alternatives ("U.S.-Japan": u s japan, us japan, …; "U.S.": the phrase u s, or the word
    us): the same hits as without it."""
    document = DocumentFactory(title="Joint Statement", slug="joint")
    for body in [
        "The U.S.-Japan Alliance is the cornerstone. Bilateral planning goes on.",
        "Japan-U.S. alliance cooperation, roles and missions.",
        "The alliance of the U.S. and Japan; host nation support.",
        "Bilateral and planning, host and nation, U.S. and Japan alliance.",
        "US forces in Japan; forces of the U.S.",
        "Forces of the u and s kind; s u forces.",
        "U.S.-Japan cooperation in Okinawa; host nation alliance.",
        "U.S.-Japan cooperation on host nation support for the alliance.",
        "The alliance fields F-35s-MiG29s drills against new MiG29s.",
        "The U.N. and the alliance; the UN alliance; un alliance.",
    ]:
        SectionFactory(document=document, body=body)

    def answer():
        # Relevance reads the matches unordered; a date order reads them through the date
        # index, with every plain clause in the word index.
        return [
            (results.total, sorted(urls(results)))
            for results in (search(text), search(text, sort="newest"))
        ]

    narrowed = answer()
    # Every clause judged common (as "U.S.-Japan" and "alliance" are at a million sections):
    # left out of the word index, checked on the rows the pairs give.
    monkeypatch.setattr(
        backends.PostgresBackend,
        "common_clauses",
        lambda self, clauses: {id(clause) for clause in clauses},
    )
    common = answer()
    # Only the first: the others are asked of the word index.
    monkeypatch.setattr(
        backends.PostgresBackend, "common_clauses", lambda self, clauses: {id(clauses[0])}
    )
    first_common = answer()
    monkeypatch.setattr(backends.PostgresBackend, "phrase_pairs", lambda self, query: [])
    plain = answer()
    assert plain[0][0] > 0
    assert narrowed == common == first_common == plain


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's word index")
def test_common_clauses_are_judged_by_the_vocabulary():
    """A clause of common words ("U.S.", of u, s and us; "japan") is common; a clause of rare
    words ("host nation") or of words the vocabulary does not know is not."""
    document = DocumentFactory(title="Joint Statement", slug="joint")
    for n in range(30):
        SectionFactory(document=document, body=f"Japan and the alliance, paragraph {n}.")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_entry")
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, frequency=n, initial=word[0], length=len(word))
            for word, n in [("japan", 30), ("host", 1), ("nation", 1)]
        ]
    )
    backend = backends.PostgresBackend()
    clauses = parse('U.S. "host nation" japan alliance').clauses
    abbreviation, _, japan, _ = clauses
    assert backend.common_clauses(clauses) == {id(abbreviation), id(japan)}


def test_the_lookups_are_read_once_until_the_archive_changes(corpus):
    """A search's documents and facet names come from this process's lookups, read once per
    change of the archive: not again for the next search, again when something is saved, and
    again when a search meets a document they do not know (one saved by another process,
    which this one sees only within ARCHIVE_GENERATION_TTL)."""
    first = backends.lookups()
    results = search("cyberspace")
    assert backends.lookups() is first
    kinds = {
        option.label for facet in results.facets if facet.name == "kind" for option in facet.options
    }
    assert "Guidelines" in kinds
    issuers = next(facet for facet in results.facets if facet.name == "issuer")
    assert {option.label for option in issuers.options} >= {
        "Ministry of Foreign Affairs",
        "Department of Defense",  # the Guidelines' second issuer
    }

    guidelines = Document.objects.get(slug="guidelines-2015")
    guidelines.title = "The Guidelines (renamed)"
    guidelines.save()
    renamed = backends.lookups()
    assert renamed is not first
    assert renamed.objects[guidelines.pk].title == "The Guidelines (renamed)"

    # A document this process has not seen (its generation not read again yet): its search
    # rows make the lookups read again rather than fail.
    backends._lookups[:] = [documents_cache.archive_generation(), first, set()]  # not seen here
    first.objects.pop(guidelines.pk)
    first.documents.pop(guidelines.pk)
    hits = search("cyberspace").hits
    assert {hit.document.title for hit in hits} >= {"The Guidelines (renamed)"}
    assert backends.lookups() is not first


def test_a_hit_has_a_document_of_its_own(corpus):
    """The lookups' documents are shared by the process's searches: each hit gets a copy, so
    what one page does to it is not seen by the next."""
    backends.lookups()
    hit = search("cyberspace").hits[0]
    hit.document.title = "changed by one page"
    assert search("cyberspace").hits[0].document.title != "changed by one page"


def test_an_area_the_index_names_but_the_archive_lacks_is_left_out(
    corpus, django_assert_max_num_queries, settings
):
    """The facets leave out an id the lookups do not know even when read again (as the join
    to the areas did), and do not read them again for it on every search."""
    settings.ARCHIVE_GENERATION_TTL = 60
    current = backends.lookups()
    gone = max(current.areas)
    current.areas.pop(gone)  # as if deleted since the index was written
    backends._lookups[:] = [documents_cache.archive_generation(), current, {("area", gone)}]
    with django_assert_max_num_queries(2):
        results = search("cyberspace")
    assert results.hits
    assert backends.lookups() is current


@pytest.mark.parametrize(
    "text",
    [
        "cyberspace",
        "zzqxvbn",
        '"bilateral planning"',
        "Japan-U.S. defense",
        "cooperation -cyberspace",
        "planning OR cyber*",
    ],
)
@pytest.mark.parametrize("scored", [True, False])
def test_the_unfiltered_statement_written_by_hand_reads_what_the_orm_would(corpus, text, scored):
    """PostgreSQL: without filters the statistics' matches are written as SQL, not built by
    the ORM (a fifth of a miss's time); the rows are the same as the ORM's statement's."""
    backend = backends.get_backend()
    if not hasattr(backend, "conditions"):
        pytest.skip("the ORM builds every statement on this database")
    call_command("rebuild_search_index", verbosity=0)
    query = parse(text)
    entries = backends.public_entries()
    written = backend.matches_sql(entries, query, scored=scored, limit=50)
    built = backends.sql_of(backend.matches(entries, query, scored=scored)[:50])
    assert written != built  # a statement of its own …
    with connection.cursor() as cursor:
        cursor.execute(*written)
        rows = cursor.fetchall()
        cursor.execute(*built)
        assert rows == cursor.fetchall()  # … reading the same rows
    filtered = entries.filter(kind="section")  # with a filter: the ORM's statement
    assert backend.matches_sql(filtered, query, scored=scored, limit=50) == backends.sql_of(
        backend.matches(filtered, query, scored=scored)[:50]
    )
    assert rows or text == "zzqxvbn"
