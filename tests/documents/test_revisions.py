"""Revision history and "cite this version": an editor's correction never silently changes the
text behind a versioned citation."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from documents import services
from documents.models import Document
from tests.factories import DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    document = DocumentFactory(slug="guidelines-2015", title="The Guidelines")
    services.import_document_text(
        document,
        "I. Overview\n\nThe Ministers met in cyberspace.\n\nII. Space\n\nSpace cooperation.\n",
    )
    return document


def edit_section(section, body, user=None):
    with reversion.create_revision():
        if user:
            reversion.set_user(user)
        reversion.set_comment("Corrected a typo")
        section.body = body
        section.save()


def test_import_records_a_revision_holding_the_whole_document(document):
    versions = Version.objects.get_for_object(document)
    assert versions.count() == 1
    revision = versions.first().revision
    assert revision.comment == "Imported the text."
    assert revision.version_set.count() == 3  # the document and its two sections


def test_cite_this_version_keeps_showing_the_cited_text(client, document):
    page = client.get("/documents/guidelines-2015/sections/i/")
    version_url = page.context["version_url"]
    assert version_url == "/documents/guidelines-2015/sections/i/versions/1/"
    edit_section(document.sections.get(anchor="i"), "The Ministers met in Tokyo.")
    cited = client.get(version_url).content.decode()
    assert "The Ministers met in cyberspace." in cited
    assert "Tokyo" not in cited
    assert "Read the current version" in cited
    current = client.get("/documents/guidelines-2015/sections/i/")
    assert "The Ministers met in Tokyo." in current.content.decode()
    assert current.context["version_url"] != version_url


@pytest.mark.parametrize(
    "recorded, us, mla",
    [
        # MLA abbreviates a month of five letters or more ("Dec."), not May, June or July,
        # and September is "Sept.". The test once built MLA's date with strftime's "%b.",
        # and so failed every day of June, July and September.
        (datetime.date(2026, 12, 7), "December 7, 2026", "7 Dec. 2026"),
        (datetime.date(2026, 6, 15), "June 15, 2026", "15 June 2026"),
        (datetime.date(2026, 9, 10), "September 10, 2026", "10 Sept. 2026"),
        (datetime.date(2026, 5, 31), "May 31, 2026", "31 May 2026"),
    ],
)
def test_a_versions_citation_says_which_version_in_every_style(client, document, recorded, us, mla):
    """A version page's citation differed from the current text's by its URL only."""
    document.versions.filter(number=1).update(recorded_on=recorded)
    for path in ("/documents/guidelines-2015/", "/documents/guidelines-2015/sections/i/"):
        cites = client.get(f"{path}versions/1/").context["cite"]["styles"]
        for style in cites:
            date = mla if style["key"] == "mla" else us
            said = "version 1 of the archive's text, recorded " + date
            if style["key"] != "chicago-note":  # a sentence of its own
                said = said[0].upper() + said[1:]
            assert said in style["text"], style
        current = client.get(path).context["cite"]["styles"]
        assert not any("archive's text" in style["text"] for style in current)


def test_document_version_and_the_diff_to_the_current_text(client, document):
    first = client.get("/documents/guidelines-2015/").context["version_url"]
    number = int(first.rstrip("/").split("/")[-1])
    edit_section(document.sections.get(anchor="ii"), "Space cooperation will grow.")
    old = client.get(first).content.decode()
    assert "Space cooperation.</p>" in old and "will grow" not in old
    changes = client.get(
        reverse("documents:document-changes", kwargs={"slug": document.slug, "number": number})
    ).content.decode()
    assert "Space <del>cooperation.</del><ins>cooperation will grow.</ins>" in changes
    assert "Section I " not in changes  # unchanged sections are not listed


def test_versioned_links_survive_a_rename(client, document):
    url = client.get("/documents/guidelines-2015/").context["version_url"]
    document.slug = "guidelines-2015-edition"
    document.save()
    response = client.get(url)
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200


def test_revision_of_another_document_is_404(client, document):
    other = DocumentFactory(slug="other")
    SectionFactory(document=other)
    revision = Version.objects.get_for_object(document).first().revision_id
    assert client.get(f"/documents/other/revisions/{revision}/").status_code == 404
    assert client.get("/documents/guidelines-2015/revisions/999999/").status_code == 404
    assert client.get("/documents/guidelines-2015/versions/2/").status_code == 404
    assert client.get("/documents/guidelines-2015/sections/nope/versions/1/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "revisions/{n}/",
        "revisions/{n}/changes/",
        "sections/i/revisions/{n}/",
        "versions/{n}/",
        "versions/{n}/changes/",
        "sections/i/versions/{n}/",
    ],
)
@pytest.mark.parametrize("number", [2**63, 10**20])
def test_a_number_too_large_for_the_database_is_404_not_500(client, document, path, number):
    url = "/documents/guidelines-2015/" + path.format(n=number)
    assert client.get(url).status_code == 404
    assert client.get(f"/d/{number}").status_code == 404


def test_versions_are_numbered_per_document(client, document):
    other = DocumentFactory(slug="other")
    services.import_document_text(other, "I. One\n\nText.\n")
    assert client.get("/documents/other/").context["version_url"] == "/documents/other/versions/1/"
    edit_section(document.sections.get(anchor="i"), "The Ministers met in Tokyo.")
    edit_section(document.sections.get(anchor="i"), "The Ministers met in Tokyo.")  # no change
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    assert client.get("/documents/guidelines-2015/").context["version_url"].endswith("/2/")


def test_old_revision_links_answer_301_to_the_version(client, document):
    revision = Version.objects.get_for_object(document).first().revision_id
    edit_section(document.sections.get(anchor="i"), "The Ministers met in Tokyo.")
    response = client.get(f"/documents/guidelines-2015/revisions/{revision}/")
    assert response.status_code == 301
    assert response["Location"] == "/documents/guidelines-2015/versions/1/"
    section = client.get(f"/documents/guidelines-2015/sections/ii/revisions/{revision}/")
    assert section["Location"] == "/documents/guidelines-2015/sections/ii/versions/1/"
    changes = client.get(f"/documents/guidelines-2015/revisions/{revision}/changes/")
    assert changes["Location"] == "/documents/guidelines-2015/versions/1/changes/"


def test_record_only_documents_offer_no_version(client):
    DocumentFactory(slug="guidelines-1978", text_held=False)
    page = client.get("/documents/guidelines-1978/")
    assert page.context["version_url"] is None
    assert "Cite this version" not in page.content.decode()


def test_a_fresh_install_serves_every_version_in_the_fixtures(client, settings):
    """Versions travel in fixtures/versions/: loading the archive serves each at its number."""
    from pathlib import Path

    from documents.archive import load_archive

    fixtures = Path(settings.BASE_DIR) / "fixtures"
    load_archive(fixtures)
    for path in sorted((fixtures / "versions").glob("*.json")):
        import json

        for record in json.loads(path.read_text(encoding="utf-8")):
            slug, number = record["fields"]["document"][0], record["fields"]["number"]
            page = client.get(f"/documents/{slug}/versions/{number}/")
            if slug == "defense-news-new-guidelines-2014-10":  # copyrighted: staff only
                assert page.status_code == 404
                continue
            assert page.status_code == 200, (slug, number)
            first = record["fields"]["sections"][0]
            assert first["body"].split("\n")[0][:40] in page.content.decode().replace(
                "&#x27;", "'"
            ).replace("&quot;", '"')


def test_withdrawn_document_versions_answer_410(client, document):
    url = client.get("/documents/guidelines-2015/").context["version_url"]
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Superseded")
    assert client.get(url).status_code == 410


def test_admin_shows_history_and_a_readable_diff(client, document):
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    section = document.sections.get(anchor="i")
    edit_section(section, "The Ministers met in Tokyo.", user=editor)
    history = client.get(reverse("admin:documents_section_history", args=[section.pk]))
    assert history.status_code == 200
    content = history.content.decode()
    assert "Corrected a typo" in content and "editor" in content
    versions = list(Version.objects.get_for_object(section))
    compare = client.get(
        reverse("admin:documents_section_compare", args=[section.pk]),
        {"version_id1": versions[1].pk, "version_id2": versions[0].pk},
    )
    assert compare.status_code == 200
    assert "Tokyo" in compare.content.decode()


def test_admin_edits_are_recorded_with_their_author(client, admin_user):
    quote = QuoteFactory(text="Space and cyber")
    client.force_login(admin_user)
    url = reverse("admin:documents_quote_change", args=[quote.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(
        text="Space and cyber.",
        official=quote.official.pk,
        document=quote.document.pk,
        date="2014-10-01",
        areas=[],
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = Version.objects.get_for_object(quote).first()
    assert version.revision.user == admin_user
    assert version.field_dict["text"] == "Space and cyber."


def test_a_sections_history_lists_the_revisions_that_changed_it(client, admin_user, document):
    """Revisions carry the whole document: a section's History listed every edit of any
    section. It lists the section's first revision and those that changed it."""
    first, second = document.sections.order_by("order")
    with reversion.create_revision():
        reversion.set_comment("Edited the other section")
        second.body = "Space cooperation, corrected."
        second.save()
        reversion.add_to_revision(document)  # as the admin does: the whole document
    edit_section(first, "The Ministers met in Tokyo.")
    client.force_login(admin_user)
    history = client.get(reverse("admin:documents_section_history", args=[first.pk]))
    comments = [action["revision"].get_comment() for action in history.context["action_list"]]
    assert "Edited the other section" not in comments
    assert comments[0] == "Corrected a typo" and len(comments) == 2
    other = client.get(reverse("admin:documents_section_history", args=[second.pk]))
    assert "Edited the other section" in [
        action["revision"].get_comment() for action in other.context["action_list"]
    ]


def test_the_latest_version_can_be_named_without_reading_its_text():
    """A comparison's citation names the versions it compared: it read each version's whole
    text (a JSON of every section, hundreds of KB for the Guidelines) to print a number."""
    from documents import revisions

    document = DocumentFactory(text_held=True)
    SectionFactory(document=document, body="A text of some length. " * 50)
    recorded = revisions.record_version(document=document)
    named = revisions.latest_version(document=document, text=False)
    assert (named.number, named.recorded_on) == (recorded.number, recorded.recorded_on)
    assert "sections" in named.get_deferred_fields()
    assert "sections" not in revisions.latest_version(document=document).get_deferred_fields()
