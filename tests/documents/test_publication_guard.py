"""Publication status changes only through publish and withdraw, whatever an editor does in
the admin: the change form, the actions, History → revert, Recover deleted, importing text.

Each revert test does what an editor would: GET the revert form, then POST it unchanged."""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from documents import services
from documents.models import Document, DocumentAlias, Quote, Section, SectionAlias
from tests.documents.adminforms import form_data
from tests.documents.conftest import staff_user
from tests.factories import DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db


def snapshot(*objects, comment="Edited."):
    """A revision holding ``objects`` (a document's also holds its sections)."""
    with reversion.create_revision():
        reversion.set_comment(comment)
        for obj in objects:
            reversion.add_to_revision(obj)
    return Version.objects.get_for_object(objects[0]).first()


def revert(client, model, obj_pk, version):
    url = reverse(f"admin:documents_{model}_revision", args=[obj_pk, version.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, form_data(response))
    assert response.status_code == 302, getattr(response, "context", None) and [
        response.context["adminform"].form.errors
    ]
    return response


def recover(client, model, version):
    url = reverse(f"admin:documents_{model}_recover", args=[version.pk])
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, form_data(response))
    assert response.status_code == 302
    return response


def public_status(client, document):
    return client.get(document.get_absolute_url()).status_code


def test_reverting_a_published_document_to_its_draft_keeps_it_published(editor, client):
    document = DocumentFactory(status=Document.Status.DRAFT, title="Early Title")
    draft_version = snapshot(document)
    services.publish_documents(Document.objects.filter(pk=document.pk))
    revert(client, "document", document.pk, draft_version)
    document.refresh_from_db()
    assert document.title == "Early Title"  # the revert itself happened
    assert document.status == Document.Status.PUBLISHED
    assert document.published_at is not None
    client.logout()
    assert public_status(client, document) == 200


def test_reverting_a_withdrawn_document_to_its_published_version_keeps_it_withdrawn(editor, client):
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    published_version = snapshot(document)
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="A bad copy")
    revert(client, "document", document.pk, published_version)
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    assert document.withdrawn_reason == "A bad copy"
    client.logout()
    assert public_status(client, document) == 410


def test_the_revert_form_shows_the_current_status_not_the_old_one(editor, client):
    document = DocumentFactory(status=Document.Status.DRAFT)
    draft_version = snapshot(document)
    services.publish_documents(Document.objects.filter(pk=document.pk))
    url = reverse("admin:documents_document_revision", args=[document.pk, draft_version.pk])
    response = client.get(url)
    assert response.context["original"].status == Document.Status.PUBLISHED
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED  # a GET never changes anything


def test_reverting_a_section_keeps_its_documents_status(editor, client):
    section = SectionFactory(document__status=Document.Status.DRAFT, heading="Old heading")
    old_version = snapshot(section)  # a section's revision carries its document
    section.heading = "New heading"
    section.save()
    services.publish_documents(Document.objects.filter(pk=section.document_id))
    revert(client, "section", section.pk, old_version)
    section.refresh_from_db()
    assert section.heading == "Old heading"
    assert section.document.status == Document.Status.PUBLISHED


def test_reverting_a_quote_saved_with_its_document_keeps_the_documents_status(editor, client):
    quote = QuoteFactory(document__status=Document.Status.PUBLISHED, context="First context")
    document = quote.document
    old_version = snapshot(quote, document)  # as the document's form saves them together
    quote.context = "Second context"
    quote.save()
    services.withdraw_documents(Document.objects.filter(pk=document.pk), reason="Retracted")
    revert(client, "quote", quote.pk, old_version)
    quote.refresh_from_db()
    document.refresh_from_db()
    assert quote.context == "First context"
    assert document.status == Document.Status.WITHDRAWN


def test_recovering_a_deleted_section_keeps_its_documents_status(editor, client):
    section = SectionFactory(document__status=Document.Status.DRAFT)
    document = section.document
    snapshot(section)
    # Published outside any revision (as loading the archive's fixtures does), so the
    # deleted section's last revision still holds its document as a draft.
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PUBLISHED)
    services.delete_sections(Section.objects.filter(pk=section.pk))
    deleted = Version.objects.get_deleted(Section).get()
    recover(client, "section", deleted)
    document.refresh_from_db()
    assert document.sections.exists()
    assert document.status == Document.Status.PUBLISHED


def test_a_recovered_document_comes_back_as_a_draft(editor, client):
    document = DocumentFactory(status=Document.Status.PUBLISHED, slug="came-back")
    snapshot(document)
    Document.objects.filter(pk=document.pk).delete()
    deleted = Version.objects.get_deleted(Document).get()
    recover(client, "document", deleted)
    recovered = Document.objects.get(slug="came-back")
    assert recovered.status == Document.Status.DRAFT
    client.logout()
    assert public_status(client, recovered) == 404


def test_a_recovered_quote_does_not_change_its_documents_status(editor, client):
    quote = QuoteFactory(document__status=Document.Status.DRAFT)
    document = quote.document
    snapshot(quote, document)
    services.publish_documents(Document.objects.filter(pk=document.pk))
    Quote.objects.filter(pk=quote.pk).delete()
    deleted = Version.objects.get_deleted(Quote).get()
    recover(client, "quote", deleted)
    document.refresh_from_db()
    assert document.quotes.exists()
    assert document.status == Document.Status.PUBLISHED


@pytest.mark.parametrize("user", ["editor", "publisher"])
def test_the_change_form_never_sets_the_status(user, client, request):
    request.getfixturevalue(user)
    document = DocumentFactory(status=Document.Status.DRAFT)
    url = reverse("admin:documents_document_change", args=[document.pk])
    response = client.get(url)
    assert "status" not in response.context["adminform"].form.fields
    data = form_data(response)
    data.update({"status": "published", "title": "Corrected title"})
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.title == "Corrected title"
    assert document.status == Document.Status.DRAFT


def test_an_editor_cannot_publish_or_withdraw_through_the_actions(editor, client):
    draft = DocumentFactory(status=Document.Status.DRAFT)
    published = DocumentFactory(status=Document.Status.PUBLISHED)
    url = reverse("admin:documents_document_changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    client.post(
        url,
        {
            "action": "withdraw",
            "_selected_action": [published.pk],
            "withdraw_confirmed": "1",
            "withdrawn_reason": "No reason",
        },
    )
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Document.Status.DRAFT
    assert published.status == Document.Status.PUBLISHED


@pytest.mark.parametrize("status", ["draft", "published", "withdrawn"])
def test_importing_text_keeps_the_status(editor, client, status):
    document = DocumentFactory(
        status=status, withdrawn_reason="Gone" if status == "withdrawn" else ""
    )
    url = reverse("admin:documents_document_import_text", args=[document.pk])
    response = client.post(url, {"text": "I. Overview\n\nThe Ministers met.\n"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.sections.count() == 1
    assert document.status == status


def test_reverting_a_section_reverts_that_section_alone(editor, client):
    """Its revision carries the whole document: reverting one section put every other
    section back too, silently undoing another editor's later fix."""
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    first = SectionFactory(document=document, anchor="1", order=1, body="Alpha.")
    second = SectionFactory(document=document, anchor="2", order=2, body="Bravo.")
    old_version = snapshot(first)
    first.body = "Alpha, edited."
    first.save()
    second.body = "Bravo, corrected by another editor."
    second.save()
    added = SectionFactory(document=document, anchor="3", order=3, body="Charlie.")
    revert(client, "section", first.pk, old_version)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.body == "Alpha."
    assert second.body == "Bravo, corrected by another editor."
    assert Section.objects.filter(pk=added.pk).exists()


def test_a_document_revert_keeps_the_address_of_a_section_it_removes(publisher, client):
    """Reverting a document to a version before a section was added deletes the section; its
    published address now leads to the document instead of answering 404."""
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    SectionFactory(document=document, anchor="1", order=1)
    old_version = snapshot(document)
    added = SectionFactory(document=document, anchor="4", order=4)
    url = added.get_absolute_url()
    assert client.get(url).status_code == 200
    revert(client, "document", document.pk, old_version)
    assert not Section.objects.filter(pk=added.pk).exists()
    client.logout()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, document.get_absolute_url())


def test_a_document_revert_keeps_the_address_a_section_has_now(editor, client):
    """A document revert gives a section back the anchor it had in that version: the address
    it has had since (and which may have been cited) leads to it, as after an edit of the
    anchor, instead of answering 404; the restored anchor is the section's own again, not an
    alias."""
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    section = SectionFactory(document=document, anchor="old", order=1)
    old_version = snapshot(document)
    section.anchor = "new"
    section.save()
    new_url = section.get_absolute_url()
    assert SectionAlias.objects.filter(document=document, anchor="old").exists()
    revert(client, "document", document.pk, old_version)
    section.refresh_from_db()
    assert section.anchor == "old"
    assert not SectionAlias.objects.filter(document=document, anchor="old").exists()
    client.logout()
    response = client.get(new_url)
    assert (response.status_code, response["Location"]) == (301, section.get_absolute_url())
    assert client.get(section.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Document.Status.PUBLISHED, Document.Status.WITHDRAWN])
def test_a_document_revert_keeps_the_address_the_document_has_now(editor, client, status):
    """Reverting a document to a version with its earlier slug left its current address
    answering 404 (a withdrawn one's tombstone too): it leads to the document, as after a
    change of slug in the form."""
    document = DocumentFactory(slug="old-slug", status=status, withdrawn_reason="Replaced.")
    old_version = snapshot(document)
    document.slug = "new-slug"
    document.save()
    revert(client, "document", document.pk, old_version)
    document.refresh_from_db()
    assert document.slug == "old-slug"
    assert not DocumentAlias.objects.filter(slug="old-slug").exists()
    client.logout()
    response = client.get("/documents/new-slug/")
    assert (response.status_code, response["Location"]) == (301, "/documents/old-slug/")
    expected = 200 if status == Document.Status.PUBLISHED else 410
    assert client.get("/documents/old-slug/").status_code == expected


def test_a_section_revert_restores_its_words_and_keeps_its_place(editor, client):
    """Restoring a section alone once put back its old order next to a section added since
    (a 500: UNIQUE document/order) and its old anchor (its current address then answered 404).
    The words come back; the place in today's outline stays."""
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    SectionFactory(document=document, anchor="alpha", order=1)
    charlie = SectionFactory(document=document, anchor="charlie", order=2, body="Old words.")
    old_version = snapshot(charlie)
    Section.objects.filter(pk=charlie.pk).update(order=3)
    SectionFactory(document=document, anchor="bravo", order=2)
    charlie.refresh_from_db()
    charlie.body = "New words."
    charlie.anchor = "charlie-renamed"
    charlie.save()
    revert(client, "section", charlie.pk, old_version)
    charlie.refresh_from_db()
    assert (charlie.body, charlie.order, charlie.anchor) == ("Old words.", 3, "charlie-renamed")
    client.logout()
    assert client.get(charlie.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Document.Status.PUBLISHED, Document.Status.WITHDRAWN])
def test_an_editor_cannot_remove_published_sections_by_reverting(editor, client, status):
    """Restoring a document's version deletes the sections added since: an editor, refused on
    a section's delete page and on an import that would remove it, removed it so."""
    document = DocumentFactory(status=status, withdrawn_reason="Replaced.")
    SectionFactory(document=document, anchor="1", order=1, heading="Kept")
    old_version = snapshot(document)
    added = SectionFactory(document=document, anchor="4", order=4, pinpoint="4", label="4.",
                           heading="Added since")  # fmt: skip
    url = reverse("admin:documents_document_revision", args=[document.pk, old_version.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:documents_document_history", args=[document.pk]
    )
    message = [str(m) for m in response.context["messages"]]
    assert any("this version lacks 1 of its sections" in m and "4 Added since" in m
               for m in message), message  # fmt: skip
    response = client.post(url, {})
    assert response.status_code == 302
    assert Section.objects.filter(pk=added.pk).exists()


def test_an_editor_still_reverts_a_published_document_that_loses_no_section(editor, client):
    document = DocumentFactory(status=Document.Status.PUBLISHED, title="Old title")
    SectionFactory(document=document, anchor="1", order=1)
    old_version = snapshot(document)
    Document.objects.filter(pk=document.pk).update(title="New title")
    revert(client, "document", document.pk, old_version)
    assert Document.objects.get(pk=document.pk).title == "Old title"


def test_an_editor_reverts_a_draft_that_loses_sections_and_a_publisher_a_published_one(
    client, editor
):
    for status, user in ((Document.Status.DRAFT, editor), (Document.Status.PUBLISHED, None)):
        if user is None:
            client.force_login(staff_user("publisher", "Publishers"))
        document = DocumentFactory(status=status)
        SectionFactory(document=document, anchor="1", order=1)
        old_version = snapshot(document)
        added = SectionFactory(document=document, anchor="4", order=4)
        revert(client, "document", document.pk, old_version)
        assert not Section.objects.filter(pk=added.pk).exists()


def test_an_editor_cannot_remove_published_sections_by_recovering_a_deleted_one(editor, client):
    """Recover deleted restores the section's whole revision, which holds its document and
    the sections it had then: those added since would be deleted."""
    document = DocumentFactory(status=Document.Status.PUBLISHED)
    section = SectionFactory(document=document, anchor="1", order=1)
    snapshot(section)
    added = SectionFactory(document=document, anchor="2", order=2, heading="Added since")
    services.delete_sections(Section.objects.filter(pk=section.pk))
    deleted = Version.objects.get_deleted(Section).get()
    url = reverse("admin:documents_section_recover", args=[deleted.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:documents_section_recoverlist")
    assert any("Added since" in str(m) for m in response.context["messages"])
    assert Section.objects.filter(pk=added.pk).exists()
    assert not Section.objects.filter(pk=section.pk).exists()


@pytest.mark.parametrize("model", ["section", "document"])
def test_the_revert_form_says_area_tags_stay_as_they_are(editor, client, model):
    """The revert form shows the tags the section has now (they are not part of a version),
    and saving it kept a tag added after that version: an editor took the form for the
    section as it was (an outside probe). The form says so."""
    section = SectionFactory(heading="Old heading")
    obj = section if model == "section" else section.document
    version = snapshot(obj)
    url = reverse(f"admin:documents_{model}_revision", args=[obj.pk, version.pk])
    page = client.get(url).content.decode()
    assert "Area tags are not part of a" in page
    assert f"the tags shown below are the ones the {model} has now" in " ".join(page.split())
