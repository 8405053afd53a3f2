"""A section brought back (Recover deleted sections, or History → revert of its document) comes
back with what editors had attached to it when it was deleted: its area tags with their
review, and the quotes that were about it.

Each test does what an editor would in the admin: delete the section, then GET the recover or
revert form and POST it unchanged."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from documents.models import Document, Quote, Section, SectionArea, TagStatus
from tests.documents.adminforms import form_data
from tests.factories import CooperationAreaFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db

REVIEWED_AT = timezone.make_aware(datetime.datetime(2024, 5, 6, 7, 8, 9))


@pytest.fixture
def reviewer():
    return User.objects.create_user("reviewer", password="pw", is_staff=True)


def tagged_and_quoted_section(reviewer, **kwargs):
    """A draft's section with a tag an editor reviewed, and a quote (in a published news
    article) about it."""
    section = SectionFactory(document__status=Document.Status.DRAFT, **kwargs)
    area = CooperationAreaFactory(name="Cyber")
    SectionArea.objects.create(
        section=section,
        area=area,
        status=TagStatus.REVIEWED,
        reviewed_by=reviewer,
        reviewed_at=REVIEWED_AT,
        trigger="cyber",
    )
    quote = QuoteFactory(about_document=section.document, about_section=section)
    return section, area, quote


def delete_in_the_admin(client, section):
    url = reverse("admin:documents_section_delete", args=[section.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Section.objects.filter(pk=section.pk).exists()


def post_unchanged(client, url):
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, form_data(response))
    assert response.status_code == 302, getattr(response, "context", None) and [
        response.context["adminform"].form.errors
    ]


def assert_brought_back(section, area, quote, reviewer):
    tag = SectionArea.objects.get(section_id=section.pk)
    assert (tag.area, tag.status, tag.reviewed_by, tag.reviewed_at, tag.trigger) == (
        area,
        TagStatus.REVIEWED,
        reviewer,
        REVIEWED_AT,
        "cyber",
    )
    quote.refresh_from_db()
    assert quote.about_section_id == section.pk
    # The quote's link changed in a published document: its History says so.
    latest = Version.objects.get_for_object(quote).first()
    assert latest is not None and latest.field_dict["about_section_id"] == section.pk


def test_recovering_a_deleted_section_brings_back_its_tags_and_quotes(editor, reviewer, client):
    section, area, quote = tagged_and_quoted_section(reviewer)
    with reversion.create_revision():
        reversion.add_to_revision(section)
    delete_in_the_admin(client, section)
    quote.refresh_from_db()
    assert quote.about_section is None  # (what the deletion did)

    deleted = Version.objects.get_deleted(Section).get()
    post_unchanged(client, reverse("admin:documents_section_recover", args=[deleted.pk]))

    assert_brought_back(section, area, quote, reviewer)
    client.logout()
    # The tag shows on the section's page once its document is public again.
    Document.objects.filter(pk=section.document_id).update(status=Document.Status.PUBLISHED)
    assert "Cyber" in client.get(Section.objects.get(pk=section.pk).get_absolute_url()).text


def test_reverting_a_document_brings_back_a_deleted_sections_tags_and_quotes(
    editor, reviewer, client
):
    section, area, quote = tagged_and_quoted_section(reviewer)
    document = section.document
    SectionFactory(document=document)
    with reversion.create_revision():
        reversion.add_to_revision(document)  # with its sections
    version = Version.objects.get_for_object(document).first()
    delete_in_the_admin(client, section)

    post_unchanged(
        client, reverse("admin:documents_document_revision", args=[document.pk, version.pk])
    )

    assert document.sections.filter(pk=section.pk).exists()
    assert_brought_back(section, area, quote, reviewer)


def test_a_quote_linked_elsewhere_since_and_a_tag_whose_area_went_stay_as_they_are(
    editor, reviewer, client
):
    section, area, quote = tagged_and_quoted_section(reviewer)
    other = SectionFactory(document=section.document)
    with reversion.create_revision():
        reversion.add_to_revision(section)
    delete_in_the_admin(client, section)
    Quote.objects.filter(pk=quote.pk).update(about_section=other)  # an editor's later choice
    area.delete()

    deleted = Version.objects.get_deleted(Section).get()
    post_unchanged(client, reverse("admin:documents_section_recover", args=[deleted.pk]))

    assert Section.objects.filter(pk=section.pk).exists()
    assert not SectionArea.objects.filter(section_id=section.pk).exists()
    quote.refresh_from_db()
    assert quote.about_section == other


def test_a_quote_an_editor_saved_without_a_section_since_keeps_no_section(editor, reviewer, client):
    """After the deletion an editor saved the quote as about the document as a whole: the
    section's recovery linked it to the section again, against that later choice."""
    section, area, quote = tagged_and_quoted_section(reviewer)
    with reversion.create_revision():
        reversion.add_to_revision(section)
    delete_in_the_admin(client, section)
    quote.refresh_from_db()
    assert quote.about_section is None
    quote.save()  # the editor's choice, saved after the deletion

    deleted = Version.objects.get_deleted(Section).get()
    post_unchanged(client, reverse("admin:documents_section_recover", args=[deleted.pk]))

    assert Section.objects.filter(pk=section.pk).exists()
    assert SectionArea.objects.filter(section_id=section.pk, area=area).exists()
    quote.refresh_from_db()
    assert quote.about_section is None
