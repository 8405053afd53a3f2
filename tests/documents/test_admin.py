"""The editors' admin: page costs do not grow with the data; rights are enforced."""

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from documents.models import Document, Section
from tests.documents.conftest import staff_user
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
    SeriesFactory,
)
from tests.querycount import assert_no_growth, get_ok

pytestmark = pytest.mark.django_db

MODELS = [
    "cooperationarea",
    "organization",
    "series",
    "document",
    "section",
    "official",
    "quote",
    "event",
]


def add_objects(year_from=2000):
    """Enough of everything that an N+1 would show in the query counts."""
    areas = CooperationAreaFactory.create_batch(3)
    organizations = OrganizationFactory.create_batch(3)
    series = SeriesFactory()
    documents = [
        DocumentFactory(series=series, edition_label=str(year), areas=areas, issuers=organizations)
        for year in range(year_from, year_from + 6)
    ]
    for document in documents[:2]:
        SectionFactory.create_batch(5, document=document, areas=areas[:2])
    QuoteFactory.create_batch(6, document=documents[0], areas=areas[:1])
    EventFactory.create_batch(4)
    return documents


@pytest.fixture
def many_objects():
    return add_objects()


# (model, changelist ceiling, change form ceiling): the counts must not grow when the data
# doubles, and stay at most these.
QUERY_CEILINGS = {
    "cooperationarea": (10, 7),
    "organization": (9, 7),
    "series": (9, 7),
    "document": (16, 16),
    "section": (13, 12),
    "official": (10, 7),
    "quote": (14, 13),
    "event": (12, 9),
}


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_change_form_queries_do_not_grow(model, editor, client, many_objects):
    """A list column or inline that queries per row fails here.
    (Content types are cached per process, as in production; warm the cache first.)"""
    ContentType.objects.get_for_models(*apps.get_app_config("documents").get_models())
    changelist_ceiling, change_ceiling = QUERY_CEILINGS[model]
    url = reverse(f"admin:documents_{model}_changelist")
    assert_no_growth(
        get_ok(client, url), lambda: add_objects(2010), ceiling=changelist_ceiling, label=url
    )
    obj = client.get(url).context["cl"].result_list[0]
    change_url = reverse(f"admin:documents_{model}_change", args=[obj.pk])
    assert_no_growth(
        get_ok(client, change_url),
        lambda: add_objects(2020),
        ceiling=change_ceiling,
        label=change_url,
    )


def test_editor_cannot_publish_or_change_status(editor, client):
    draft = DocumentFactory(status=Document.Status.DRAFT)
    url = reverse("admin:documents_document_changelist")
    response = client.get(url)
    assert "publish" not in response.context["action_form"].fields["action"].choices.__repr__()
    response = client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Document.Status.DRAFT
    change = client.get(reverse("admin:documents_document_change", args=[draft.pk]))
    assert "status" not in change.context["adminform"].form.fields


def test_editor_cannot_delete_a_published_document(editor, client):
    published = DocumentFactory(status=Document.Status.PUBLISHED)
    response = client.get(reverse("admin:documents_document_delete", args=[published.pk]))
    assert response.status_code == 403
    draft = DocumentFactory(status=Document.Status.DRAFT)
    response = client.post(
        reverse("admin:documents_document_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Document.objects.filter(pk=draft.pk).exists()


def test_only_publishers_delete_sections_of_a_published_document(client):
    """An editor deleted sections of a published document, changing its public text at once,
    though docs/curation.md says editors delete drafts."""
    published = DocumentFactory(status=Document.Status.PUBLISHED)
    section = SectionFactory(document=published)
    draft_section = SectionFactory(document=DocumentFactory(status=Document.Status.DRAFT))
    client.force_login(staff_user("editor", "Editors"))
    delete = reverse("admin:documents_section_delete", args=[section.pk])
    assert client.get(delete).status_code == 403
    changelist = reverse("admin:documents_section_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [section.pk], "post": "yes"}
    )
    assert response.status_code == 403
    assert Section.objects.filter(pk=section.pk).exists()
    response = client.post(
        reverse("admin:documents_section_delete", args=[draft_section.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.force_login(staff_user("publisher", "Publishers"))
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Section.objects.filter(pk=section.pk).exists()


def test_publisher_publishes_and_it_is_logged(publisher, client):
    draft = DocumentFactory(status=Document.Status.DRAFT)
    url = reverse("admin:documents_document_changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Document.Status.PUBLISHED
    entry = LogEntry.objects.get(object_id=str(draft.pk))
    assert entry.user == publisher and entry.change_message == "Published."


def test_publisher_withdraws_with_a_reason(publisher, client):
    document = DocumentFactory()
    url = reverse("admin:documents_document_changelist")
    response = client.post(url, {"action": "withdraw", "_selected_action": [document.pk]})
    assert response.status_code == 200
    assert b"Why are they withdrawn?" in response.content
    document.refresh_from_db()
    assert document.status == Document.Status.PUBLISHED
    client.post(
        url,
        {
            "action": "withdraw",
            "_selected_action": [document.pk],
            "withdraw_confirmed": "1",
            "withdrawn_reason": "Superseded by a better copy",
        },
    )
    document.refresh_from_db()
    assert document.status == Document.Status.WITHDRAWN
    assert document.withdrawn_reason == "Superseded by a better copy"


def test_new_documents_are_drafts(editor, client):
    response = client.post(
        reverse("admin:documents_document_add"),
        {
            "title": "Fact Sheet",
            "slug": "fact-sheet",
            "kind": "fact-sheet",
            "date": "2015-04-27",
            "date_precision": "day",
            "language": "en",
            "rights": "us-government-work",
            "text_held": "on",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "quotes-TOTAL_FORMS": "0",
            "quotes-INITIAL_FORMS": "0",
            "quotes-2-TOTAL_FORMS": "0",  # the "add quotes" inline
            "quotes-2-INITIAL_FORMS": "0",
            "area_tags-TOTAL_FORMS": "0",
            "area_tags-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(slug="fact-sheet")
    assert document.status == Document.Status.DRAFT
    assert document.public_id >= 1


def test_import_text_from_the_admin(editor, client):
    document = DocumentFactory()
    url = reverse("admin:documents_document_import_text", args=[document.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "I. Overview\n\nThe Ministers met.\n"})
    assert response.status_code == 302
    assert document.sections.get().heading == "Overview"
    response = client.post(url, {"text": "I. One\n\nText.\n\nIII. Three\n\nText.\n"})
    assert response.status_code == 200
    assert b"Nothing was imported" in response.content
    assert document.sections.count() == 1


@pytest.mark.parametrize("model", MODELS)
def test_anonymous_users_are_sent_to_login(model, client):
    response = client.get(reverse(f"admin:documents_{model}_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_non_staff_users_are_sent_to_login(client):
    client.force_login(User.objects.create_user("reader", password="pw"))
    response = client.get(reverse("admin:documents_document_changelist"))
    assert response.status_code == 302


def test_document_list_filters_by_year(editor, client):
    DocumentFactory(title="Guidelines 1997", date="1997-09-23")
    DocumentFactory(title="Guidelines 2015", date="2015-04-27")
    response = client.get(reverse("admin:documents_document_changelist"), {"year": "1997"})
    assert [d.title for d in response.context["cl"].result_list] == ["Guidelines 1997"]
    assert (
        client.get(reverse("admin:documents_document_changelist"), {"year": "x"}).status_code == 200
    )


def test_a_section_is_chosen_with_its_documents_name(editor, client):
    """A quote's "about section" (and every other choice of a section) offered "II.1" alone,
    one of a dozen such across the archive: the choice names its document."""
    guidelines = DocumentFactory(title="The Guidelines (2015)", short_title="2015 Guidelines")
    SectionFactory(document=DocumentFactory(short_title="1997 Guidelines"), pinpoint="II.1")
    section = SectionFactory(document=guidelines, pinpoint="II.1", heading="", anchor="ii-1")
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "documents",
            "model_name": "quote",
            "field_name": "about_section",
            "term": "II.1",
        },
    )
    assert response.status_code == 200
    texts = {result["text"] for result in response.json()["results"]}
    assert f"2015 Guidelines — {section}" in texts
    assert any(text.startswith("1997 Guidelines — ") for text in texts)
    quote = QuoteFactory(about_section=section)
    form = client.get(reverse("admin:documents_quote_change", args=[quote.pk])).content.decode()
    assert f"2015 Guidelines — {section}" in form


def test_the_area_picker_offers_the_area_named_by_the_term_first(editor, client):
    """Typing "space" offered Air and missile defense first (its description says
    "airspace"), so Enter tagged a section with it; Space itself came fifth."""
    CooperationAreaFactory(name="Air and missile defense", description="Defense of airspace.")
    CooperationAreaFactory(name="Cyberspace", description="")
    CooperationAreaFactory(name="Space", description="Use of outer space.")
    CooperationAreaFactory(name="Outer space launch", description="")
    params = {"app_label": "documents", "model_name": "sectionarea", "field_name": "area"}
    response = client.get(reverse("admin:autocomplete"), {**params, "term": "space"})
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == [
        "Space",
        "Cyberspace",
        "Outer space launch",
        "Air and missile defense",
    ]


def test_searching_the_area_list_keeps_the_order_its_headers_set(editor, client):
    CooperationAreaFactory(name="Space", description="")
    CooperationAreaFactory(name="Cyberspace", description="")
    url = reverse("admin:documents_cooperationarea_changelist")
    for order, names in (("-1", ["Space", "Cyberspace"]), ("1", ["Cyberspace", "Space"])):
        response = client.get(url, {"q": "space", "o": order})
        assert [a.name for a in response.context["cl"].result_list] == names


def test_the_section_autocomplete_reads_documents_with_their_sections(editor, client):
    """Naming each section's document cost a query per result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"app_label": "documents", "model_name": "quote", "field_name": "about_section"}
    counts = []
    for n in (2, 4):
        for _ in range(n):
            SectionFactory(document=DocumentFactory(), pinpoint=f"Q{n}", heading="Query count")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:autocomplete"), {**params, "term": f"Q{n}"})
        assert len(response.json()["results"]) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
