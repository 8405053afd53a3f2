"""Two editors, one object: a save from a form loaded before the other editor's save is refused,
says what changed, and loses nothing."""

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from documents.models import Document, Quote, Section
from tests.documents.adminforms import form_data
from tests.factories import DocumentFactory, QuoteFactory, SectionFactory

pytestmark = pytest.mark.django_db


def editor_client(username):
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice():
    return editor_client("alice")


@pytest.fixture
def bob():
    return editor_client("bob")


def recorded(factory, **fields):
    """Created as the admin or load_archive would: with a revision in the history."""
    with reversion.create_revision():
        return factory(**fields)


def errors(response):
    form = response.context["adminform"].form
    return " ".join(str(e) for e in form.non_field_errors())


def open_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response)


def save(client, url, data, **changes):
    return client.post(url, {**data, **changes})


def test_a_stale_section_save_is_refused_and_nothing_is_lost(alice, bob):
    section = recorded(
        SectionFactory, heading="Bilateral Planing", body="The Alliance will respond."
    )
    url = reverse("admin:documents_section_change", args=[section.pk])
    alices_form, bobs_form = open_form(alice, url), open_form(bob, url)

    assert save(alice, url, alices_form, heading="Bilateral Planning").status_code == 302
    refused = save(bob, url, bobs_form, body="The Alliance will respond promptly.")

    assert refused.status_code == 200
    message = errors(refused)
    assert "Not saved" in message and "by alice" in message
    assert "“Bilateral Planing” → “Bilateral Planning”" in message
    section.refresh_from_db()
    assert section.heading == "Bilateral Planning"  # Alice's fix is still there
    assert section.body == "The Alliance will respond."  # Bob's is not yet saved...
    form = refused.context["adminform"].form
    assert form["body"].value() == "The Alliance will respond promptly."  # ...but still in his form
    assert form["heading"].value() == "Bilateral Planning"  # with Alice's fix merged in

    assert bob.post(url, form_data(refused)).status_code == 302
    section.refresh_from_db()
    assert section.heading == "Bilateral Planning"
    assert section.body == "The Alliance will respond promptly."


def test_both_editors_changing_the_same_field_keeps_the_second_editors_text(alice, bob):
    section = recorded(SectionFactory, heading="Old heading")
    url = reverse("admin:documents_section_change", args=[section.pk])
    alices_form, bobs_form = open_form(alice, url), open_form(bob, url)
    save(alice, url, alices_form, heading="Alice's heading")
    refused = save(bob, url, bobs_form, heading="Bob's heading")
    assert "you changed it too" in errors(refused)
    assert refused.context["adminform"].form["heading"].value() == "Bob's heading"
    section.refresh_from_db()
    assert section.heading == "Alice's heading"


def test_a_stale_document_save_is_refused(alice, bob):
    document = recorded(DocumentFactory, title="Joint Statment", summary="<p>First summary.</p>")
    url = reverse("admin:documents_document_change", args=[document.pk])
    alices_form, bobs_form = open_form(alice, url), open_form(bob, url)
    assert save(alice, url, alices_form, title="Joint Statement").status_code == 302
    refused = save(bob, url, bobs_form, summary="<p>Second summary.</p>")
    assert refused.status_code == 200
    assert "“Joint Statment” → “Joint Statement”" in errors(refused)
    document.refresh_from_db()
    assert document.title == "Joint Statement"
    assert bob.post(url, form_data(refused)).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.summary) == ("Joint Statement", "<p>Second summary.</p>")


def test_a_conflict_lists_only_what_changed_not_a_times_microseconds(alice, bob):
    """Revisions keep times to the millisecond: a published document's conflict message
    listed "published at 12:00:00.123 → 12:00:00.123456", a change nobody made."""
    import datetime

    published = datetime.datetime(2026, 1, 2, 12, 0, 0, 123456, tzinfo=datetime.UTC)
    document = recorded(
        DocumentFactory, status=Document.Status.PUBLISHED, published_at=published, title="Old"
    )
    url = reverse("admin:documents_document_change", args=[document.pk])
    alices_form, bobs_form = open_form(alice, url), open_form(bob, url)
    assert save(alice, url, alices_form, title="New").status_code == 302
    refused = save(bob, url, bobs_form, summary="<p>Bob's summary.</p>")
    assert refused.status_code == 200
    message = errors(refused)
    assert "“Old” → “New”" in message
    assert "published" not in message.lower().split("after you opened it", 1)[1]


def test_a_publish_since_the_form_was_opened_makes_it_stale(alice, client):
    from documents import services

    document = recorded(DocumentFactory, status=Document.Status.DRAFT)
    url = reverse("admin:documents_document_change", args=[document.pk])
    stale = open_form(alice, url)
    services.publish_documents(Document.objects.filter(pk=document.pk))
    refused = save(alice, url, stale, title="New title")
    assert refused.status_code == 200
    assert "“Draft” → “Published”" in errors(refused)


def test_a_stale_quote_save_is_refused(alice, bob):
    quote = recorded(QuoteFactory, context="At a press conference")
    url = reverse("admin:documents_quote_change", args=[quote.pk])
    alices_form, bobs_form = open_form(alice, url), open_form(bob, url)
    assert save(alice, url, alices_form, context="At a press briefing").status_code == 302
    refused = save(bob, url, bobs_form, text="A corrected quotation.")
    assert refused.status_code == 200
    assert "“At a press conference” → “At a press briefing”" in errors(refused)
    assert Quote.objects.get(pk=quote.pk).context == "At a press briefing"


def test_a_change_made_outside_the_history_is_still_detected(alice):
    section = SectionFactory(heading="Heading")  # no revision
    url = reverse("admin:documents_section_change", args=[section.pk])
    stale = open_form(alice, url)
    section.body = "Changed by a script."
    section.save()
    refused = save(alice, url, stale, heading="New heading")
    assert refused.status_code == 200
    assert "Not saved" in errors(refused)
    assert Section.objects.get(pk=section.pk).body == "Changed by a script."


def test_an_unedited_stale_inline_row_does_not_overwrite_a_section(alice, bob):
    section = recorded(SectionFactory, heading="Old heading")
    document_url = reverse("admin:documents_document_change", args=[section.document_id])
    section_url = reverse("admin:documents_section_change", args=[section.pk])
    bobs_document_form = open_form(bob, document_url)
    assert save(alice, section_url, open_form(alice, section_url), heading="New").status_code == 302
    assert save(bob, document_url, bobs_document_form, title="New title").status_code == 302
    assert Section.objects.get(pk=section.pk).heading == "New"


def test_an_edited_stale_inline_row_is_refused(alice, bob):
    section = recorded(SectionFactory, heading="Old heading")
    document_url = reverse("admin:documents_document_change", args=[section.document_id])
    section_url = reverse("admin:documents_section_change", args=[section.pk])
    bobs_document_form = open_form(bob, document_url)
    assert save(alice, section_url, open_form(alice, section_url), heading="New").status_code == 302
    refused = save(bob, document_url, bobs_document_form, **{"sections-0-heading": "Bob's"})
    assert refused.status_code == 200
    assert Section.objects.get(pk=section.pk).heading == "New"


def test_a_fresh_form_saves_without_fuss(alice):
    section = recorded(SectionFactory, heading="Old heading")
    url = reverse("admin:documents_section_change", args=[section.pk])
    assert save(alice, url, open_form(alice, url), heading="One").status_code == 302
    assert save(alice, url, open_form(alice, url), heading="Two").status_code == 302
    assert Section.objects.get(pk=section.pk).heading == "Two"


def test_every_change_form_carries_the_version_it_was_loaded_from(alice):
    quote = recorded(QuoteFactory)
    section = recorded(SectionFactory, document=quote.document)
    for url in [
        reverse("admin:documents_document_change", args=[quote.document_id]),
        reverse("admin:documents_section_change", args=[section.pk]),
        reverse("admin:documents_quote_change", args=[quote.pk]),
    ]:
        html = alice.get(url).content.decode()
        assert 'type="hidden" name="loaded_version"' in html, url
    html = alice.get(reverse("admin:documents_document_change", args=[quote.document_id]))
    assert 'name="sections-0-loaded_version"' in html.content.decode()
    assert 'name="quotes-0-loaded_version"' in html.content.decode()
