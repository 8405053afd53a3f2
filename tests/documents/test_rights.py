"""Rights and attribution, the copyrighted article, and how quotes are attributed (issue 9,
items 4 and 5): what a reader and an editor notice."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db import IntegrityError, transaction
from django.utils.html import escape

from documents.archive import load_archive
from documents.models import Document, Official, Quote, Section
from tests.factories import DocumentFactory, QuoteFactory

pytestmark = pytest.mark.django_db

ARTICLE = "defense-news-new-guidelines-2014-10"


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """The shipped archive, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_archive(settings.ARCHIVE_FIXTURE_DIR)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    client.force_login(user)
    return client


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- Rights of every record -----------------------------------------------------------------


def test_every_record_has_the_rights_of_the_copy_held(archive):
    rights = dict(Document.objects.values_list("slug", "rights"))
    assert rights["treaty-of-mutual-cooperation-and-security-1960"] == "treaty-text"
    assert rights[ARTICLE] == "copyrighted"
    white_house = Document.objects.filter(publisher__slug="the-white-house")
    assert white_house.count() == 5
    assert {d.rights for d in white_house} == {"us-government-work"}
    japanese = Document.objects.filter(
        publisher__slug__in=[
            "ministry-of-defense-of-japan",
            "ministry-of-foreign-affairs-of-japan",
            "japan-defense-agency",
        ]
    ).exclude(kind="treaty")
    assert japanese.count() == 15
    for document in japanese:
        assert document.rights == "japan-terms-of-use-2.0", document.slug
        # The terms require a credit naming the ministry and the page or publication.
        assert re.match(
            r"Source: (Ministry of Defense of Japan|Ministry of Foreign Affairs of Japan|"
            r"Japan Defense Agency), (Defense of Japan \d{4}|web page|“The Guidelines)",
            document.attribution,
        ), document.slug
    # Records whose text the archive does not hold carry no terms.
    assert Document.objects.filter(text_held=False, rights="").count() == 2
    assert not Document.objects.filter(rights__in=["public-domain", "quoted-for-research"])


def test_the_document_page_states_its_rights_and_credit(archive, client):
    page = html(client, "/documents/scc-joint-statement-2017-08-17/")
    assert "Government of Japan Standard Terms of Use (Ver. 2.0)" in page
    assert "CC BY 4.0" in page
    assert "Source: Ministry of Defense of Japan, Defense of Japan 2018, Reference 25" in page
    assert '<meta name="DC.rights" content="Government of Japan Standard Terms of Use' in page
    page = html(client, "/documents/leaders-joint-statement-2024-04-10/")
    assert "17 U.S.C. §105" in page
    page = html(client, "/documents/treaty-of-mutual-cooperation-and-security-1960/")
    assert "Copyright Act of Japan, article 13" in page


@pytest.mark.parametrize(
    "url",
    [
        "/documents/guidelines-2015/sections/iv-c-2-b-ii/",
        "/documents/guidelines-2015/versions/1/",
        "/documents/guidelines-2015/sections/iv-c-2-b-ii/versions/1/",
    ],
)
def test_every_page_with_text_states_its_rights_and_credit(archive, client, url):
    """A reader who lands on a section's permalink or an old version reads the same terms of
    reuse, and the credit they call for, as on the document's own page."""
    document = Document.objects.get(slug="guidelines-2015")
    page = html(client, url)
    assert "Government of Japan Standard Terms of Use (Ver. 2.0)" in page
    assert document.attribution in page
    assert f'href="{document.get_absolute_url()}#provenance-heading"' in page


def test_a_credit_line_that_points_at_source_notes_finds_them_on_the_page(archive, client):
    """ "Edited for this archive (changes listed in its source notes)": the notes are on the
    document's page, and no public text sends a reader to a file of the repository (an
    outside check found "see fixtures/sources/README.md" in two summaries)."""
    pointing = Document.objects.filter(attribution__contains="source notes")
    assert pointing.count() >= 15
    for document in pointing:
        assert document.source_notes, document.slug
        page = html(client, document.get_absolute_url())
        assert 'id="source-notes"' in page
        first = document.source_notes.split("\n")[0][:60]
        assert escape(first) in page, document.slug
    for document in Document.objects.published():
        for text in (document.summary, document.source_notes, document.source_description):
            assert "fixtures/" not in text and "README" not in text, document.slug
    assert "Not found verbatim" in html(client, "/documents/guidelines-1978/")


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"rights": "japan-terms-of-use-2.0", "attribution": ""}, "document_rights_attributed"),
        ({"rights": "copyrighted", "attribution": ""}, "document_rights_attributed"),
        ({"rights": "", "text_held": True}, "document_rights_valid"),
        ({"rights": "public-domain"}, "document_rights_valid"),
    ],
)
def test_the_database_refuses_rights_without_what_they_need(values, constraint):
    document = DocumentFactory()
    Document.objects.filter(pk=document.pk).update(rights="us-government-work")
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(**values)


# --- The copyrighted article ----------------------------------------------------------------


def test_the_public_sees_the_record_the_quoted_sentences_and_the_publisher(archive, client):
    page = html(client, f"/documents/{ARTICLE}/")
    assert "Tokyo and Washington Writing New Guidelines for Military Partnerships" in page
    assert 'href="https://www.defensenews.com/"' in page
    # the publisher's home page, not said to be the article (the archive lacks its address),
    # in the passages' notice and in the rights alike
    assert "at an address the archive does not have" in page
    assert "Read it at" not in page and "the article's address there" in page
    # Each quote in its sentence ...
    assert "<mark>Space and cyber</mark>” in particular are a focus said a State Department" in page
    assert "the two sides agreed that they needed to “<mark>improve our system" in page
    # ... and nothing else of the text: not a sentence without a quote, nor the residue.
    assert "The now-17-year-old guidelines" not in page
    assert "An interim planning document released today" not in page
    assert "<p>Leave a Reply</p>" not in page
    assert 'id="s-p1"' not in page  # no section of the text is rendered
    # nor its printed first lines: they showed as an empty "Text" block under the passages,
    # the title twice (an outside check)
    assert 'class="front-matter"' not in page and 'id="text-heading"' not in page


def test_staff_read_the_whole_text_of_the_copyrighted_article(archive, staff_client):
    page = html(staff_client, f"/documents/{ARTICLE}/")
    assert "The now-17-year-old guidelines" in page
    assert "shown to signed-in staff only" in page
    section = Section.objects.get(document__slug=ARTICLE, anchor="p5")
    assert "The now-17-year-old" in html(staff_client, section.get_absolute_url())


def test_public_section_and_history_pages_of_the_article_give_no_text(archive, client):
    section = Section.objects.get(document__slug=ARTICLE, anchor="p5")
    response = client.get(section.get_absolute_url())
    assert response.status_code == 302 and response["Location"] == f"/documents/{ARTICLE}/"
    for url in (
        f"/documents/{ARTICLE}/versions/1/",
        f"/documents/{ARTICLE}/versions/2/",
        f"/documents/{ARTICLE}/versions/1/changes/",
        f"/documents/{ARTICLE}/sections/p5/versions/2/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"17-year-old" not in response.content


def test_one_rule_keeps_the_articles_text_out_of_every_public_list(archive, client):
    public = Section.objects.published_text()
    assert not public.filter(document__slug=ARTICLE).exists()
    assert public.filter(document__slug="guidelines-2015").exists()
    assert Section.objects.published().filter(document__slug=ARTICLE).count() == 8
    sitemap = client.get("/sitemap.xml")
    if sitemap.status_code == 200:
        assert f"/documents/{ARTICLE}/sections/" not in sitemap.content.decode()
    assert "17-year-old" not in html(client, "/timeline/")


def test_the_residue_is_not_part_of_the_text_and_the_record_says_so(archive):
    article = Document.objects.get(slug=ARTICLE)
    text = " ".join(article.sections.values_list("body", flat=True))
    assert "Leave a Reply" not in text and "Read More" not in text
    assert "was removed from this copy" in article.source_description


# --- Quotes ---------------------------------------------------------------------------------


def test_quotes_say_how_their_speaker_is_known(archive, client):
    bases = dict(Quote.objects.values_list("text", "attribution_basis"))
    inferred = {text for text, basis in bases.items() if basis == "inferred"}
    assert inferred == {
        "These are new domains that we didn’t even think about in 1997.",
        "expanding the scope of our alliance, and the reason for that is that Japan has "
        "already been working since 1997 in places far from Japan",
    }
    quote = Quote.objects.get(text__startswith="These are new domains")
    page = html(client, quote.get_absolute_url())
    assert "Speaker inferred from context." in page
    assert "Space and cyber" in quote.attribution_note
    stated = Quote.objects.get(text="Space and cyber")
    assert "Speaker stated in the sentence." in html(client, stated.get_absolute_url())


def test_each_quote_points_at_the_document_its_sentence_is_about(archive):
    about = dict(Quote.objects.values_list("text", "about_document__slug"))
    assert about["Space and cyber"] == "guidelines-interim-report-2014"
    assert about["These are new domains that we didn’t even think about in 1997."] == (
        "guidelines-interim-report-2014"
    )
    assert about["how the US and Japan share roles and missions"] == "guidelines-2015"
    assert about["vision statement"] == "guidelines-2015"
    assert about[next(t for t in about if t.startswith("expanding the scope"))] == (
        "guidelines-2015"
    )


def test_a_quote_page_shows_the_quote_in_its_sentence(archive, client):
    quote = Quote.objects.get(text="vision statement")
    page = html(client, quote.get_absolute_url())
    assert "are in talks to complete a “<mark>vision statement</mark>” for how" in page
    assert "according to a senior Pentagon official." in page


def test_bob_work_has_his_full_name_and_is_mentioned_not_quoted(archive, client):
    work = Official.objects.get(slug="bob-work")
    assert work.name == "Robert O. Work"
    assert "mentioned, not quoted" in work.description
    assert not work.quotes.exists()
    page = html(client, work.get_absolute_url())
    assert "Robert O. Work" in page


def test_an_inferred_speaker_needs_a_note():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError, match="quote_inference_explained"), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(attribution_basis="inferred")
