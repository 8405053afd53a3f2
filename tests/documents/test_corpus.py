"""The third-pass documents, as a reader meets them on the site (issue 9, item 3)."""

import re

import pytest
from django.conf import settings
from django.db import transaction

from documents.archive import load_archive
from documents.importer.parser import _MARKDOWN_ITALIC
from documents.models import Document

pytestmark = pytest.mark.django_db

NEW_DOCUMENTS = [
    "guidelines-1997-annex-table",
    "alliance-of-the-new-century-2006",
    "leaders-joint-statement-2017-02-10",
    "scc-joint-statement-2017-08-17",
    "scc-joint-statement-2019-04-19",
    "leaders-joint-statement-2021-04-16",
    "leaders-joint-statement-2022-05-23",
    "leaders-joint-statement-2023-01-13",
    "leaders-joint-statement-2024-04-10",
    "leaders-joint-statement-2025-02-07",
]


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """The shipped archive, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_archive(settings.ARCHIVE_FIXTURE_DIR)
        yield
        transaction.set_rollback(True)


def page(client, slug):
    response = client.get(f"/documents/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("slug", NEW_DOCUMENTS)
def test_every_new_document_is_published_with_its_text_and_no_markup(archive, client, slug):
    document = Document.objects.get(slug=slug)
    assert document.status == Document.Status.PUBLISHED and document.text_held
    assert document.sections.exists()
    html = page(client, slug)
    assert document.title.split(":")[0].split("(")[0].strip() in html
    # The source notes say which markers were taken out ("bold markers '**'"): they may name
    # them; the text and the rest of the page may not hold them.
    shown = re.sub(r'<dd class="source-notes">.*?</dd>', "", html.split("<main", 1)[-1], flags=re.S)
    text = "".join(s.heading + s.body for s in document.sections.all())
    for marker in ("**", "<u>", "text-decoration", "<sup>", "|---", "](http"):
        assert marker not in text
        assert marker not in shown
    assert not _MARKDOWN_ITALIC.search(text)  # "security*.*"; a footnote's star may stay


def test_a_wrapped_pdf_reprint_reads_as_paragraphs_under_its_headings(archive, client):
    scc = Document.objects.get(slug="scc-joint-statement-2017-08-17")
    heading = scc.sections.get(pinpoint="III.2")
    assert (
        heading.heading
        == "Implementation of the 2015 Guidelines for U.S.-Japan Defense Cooperation"
    )
    first = heading.body.split("\n\n")[0]
    assert first.startswith(
        "The Ministers reaffirmed the two Governments' unwavering commitment to continue"
    )
    assert "\n" not in first
    html = page(client, scc.slug)
    assert "Implementation of the 2015 Guidelines for U.S.-Japan Defense Cooperation</h" in html


def test_the_illegible_line_is_kept_and_shown_as_an_editors_note(archive, client):
    scc = Document.objects.get(slug="scc-joint-statement-2017-08-17")
    section = scc.sections.get(pinpoint="V.1")
    marker = (
        "[one line illegible in source extraction (text layer garbled): "
        '"Th Mi i t l d th t f j ti f th N th"]'
    )
    assert marker in section.body
    html = page(client, scc.slug)
    label = '<span class="note-label">Editor’s note on the source:</span>'
    assert f'<p class="editorial-note">{label} [one line illegible' in html
    section_page = client.get(section.get_absolute_url()).content.decode()
    assert 'class="editorial-note"' in section_page
    assert "partial" in scc.completeness


def test_the_annex_table_is_an_outline_marked_partial(archive, client):
    annex = Document.objects.get(slug="guidelines-1997-annex-table")
    assert annex.completeness.startswith("partial")
    supplies = annex.sections.get(heading="Supplies")
    assert supplies.parent.heading == "Rear area support"
    assert supplies.parent.parent.heading == "Japan’s support for activities by U.S. Forces"
    assert supplies.body.startswith("• Provision of materials (except weapons and ammunition)")
    html = page(client, annex.slug)
    assert "Completeness" in html and "partial" in html
    assert "Col2" not in html


@pytest.mark.parametrize(
    ("slug", "previous", "following"),
    [
        (
            "scc-joint-statement-2017-08-17",
            "SCC Joint Statement, April 2015",
            "SCC Joint Statement, April 2019",
        ),
        ("scc-joint-statement-2005-02-19", None, "SCC Joint Statement, May 2006"),
        (
            "leaders-joint-statement-2021-04-16",
            "Trump–Abe Joint Statement, February 2017",
            "Kishida–Biden Joint Leaders' Statement, May 2022",
        ),
        (
            "leaders-joint-statement-2025-02-07",
            "Biden–Kishida Joint Leaders' Statement, April 2024",
            None,
        ),
    ],
)
def test_series_give_previous_and_next_editions(archive, client, slug, previous, following):
    html = page(client, slug)
    if previous:
        assert (
            'rel="prev"' in html and f"Previous edition: {previous}".replace("'", "&#x27;") in html
        )
    else:
        assert 'rel="prev"' not in html
    if following:
        assert f"Next edition: {following}".replace("'", "&#x27;") in html
    else:
        assert 'rel="next"' not in html


def test_white_house_texts_link_their_original_page(archive):
    for slug in NEW_DOCUMENTS[5:]:
        document = Document.objects.get(slug=slug)
        assert document.source_url.startswith("https://")
        assert document.source_url in document.source_description
        assert document.publisher.slug == "the-white-house"


# Words of the archive's own making: how its tools and reviewers found things, which tell a
# reader nothing about the document (the 1978 record spoke of an "exact-string index").
WORKSHOP_WORDS = re.compile(
    r"exact-string index|outside probe|subagent|\bhelper\b|code and web-page|web-page collection",
    re.I,
)


def test_what_readers_are_told_of_a_source_is_in_a_reader_s_words(archive):
    for document in Document.objects.all():
        for field in ("source_notes", "source_description", "completeness_note", "summary"):
            text = getattr(document, field, "") or ""
            assert not WORKSHOP_WORDS.search(text), (document.slug, field, text)
