"""Area tags: the keyword pass suggests (with its trigger words), a person reviews, and only
reviewed tags reach the public."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import timezone

from documents import selectors
from documents.models import CooperationArea, Section, SectionArea, TagStatus
from documents.tagging import suggest_areas, suggest_areas_with_triggers, tag_document_sections
from tests.factories import CooperationAreaFactory, DocumentFactory, SectionFactory

pytestmark = pytest.mark.django_db


# --- The keyword pass ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "body", "expected"),
    [
        # The 1997 Guidelines' headings the old pass missed.
        ("Rear Area Support", "Japan will provide rear area support.", "logistics-support"),
        ("Supply", "The United States will support acquisitions.", "logistics-support"),
        ("Transportation", "The two Governments will cooperate in airlift.", "logistics-support"),
        ("Intelligence Activities", "The two Governments will cooperate.", "isr"),
        ("Intelligence Activities", "The two Governments will cooperate.", "intelligence-sharing"),
        ("Operations to Counter Air Attack against Japan", "", "air-and-missile-defense"),
        ("Operations to Defend Airspace", "", "air-and-missile-defense"),
        # The 2006 Roadmap prints a comma inside the phrase.
        (
            "Yokota Air Base and Airspace",
            "A bilateral, joint operations coordination center (BJOCC) will be established.",
            "alliance-coordination-mechanism",
        ),
    ],
)
def test_the_pass_finds_what_it_used_to_miss(heading, body, expected):
    assert expected in suggest_areas(heading, body)


def test_air_space_is_not_space():
    found = suggest_areas("Yokota Air Base and Air Space", "Movement through Yokota air space.")
    assert "space" not in found
    assert "space" in suggest_areas("Cooperation on Space", "")


def test_suggestions_carry_the_words_that_triggered_them():
    triggers = suggest_areas_with_triggers("Supply", "Supply and maintenance of equipment.")
    assert "“Supply”" in triggers["logistics-support"]
    assert "“maintenance”" in triggers["logistics-support"]


def test_the_pass_stores_suggestions_and_leaves_reviewed_tags_alone():
    logistics = CooperationAreaFactory(slug="logistics-support", name="Logistics support")
    CooperationAreaFactory(slug="maritime-security", name="Maritime security")
    section = SectionFactory(heading="Supply", body="Minesweeping and supply.")
    reviewed = SectionFactory(document=section.document, heading="Transportation", body="x")
    reviewed.areas.add(logistics, through_defaults={"status": "reviewed"})
    added = tag_document_sections(section.document)
    assert set(added[section.pinpoint]) == {"logistics-support"}
    tag = SectionArea.objects.get(section=section, area=logistics)
    assert tag.status == TagStatus.SUGGESTED and "Supply" in tag.trigger
    assert reviewed.pinpoint not in added  # already tagged: nothing added, nothing changed
    assert SectionArea.objects.get(section=reviewed).status == TagStatus.REVIEWED


# --- Only reviewed tags are public ---------------------------------------------------------


@pytest.fixture
def tagged():
    space = CooperationAreaFactory(slug="space", name="Space")
    cyber = CooperationAreaFactory(slug="cyber", name="Cyberspace")
    document = DocumentFactory(title="Guidelines", slug="guidelines")
    section = SectionFactory(document=document, heading="Cooperation", anchor="vi")
    section.areas.add(space, through_defaults={"status": "reviewed", "reviewed_at": timezone.now()})
    section.areas.add(cyber, through_defaults={"status": "suggested", "trigger": "“cyber”"})
    document.areas.add(cyber, through_defaults={"status": "suggested"})
    return {"space": space, "cyber": cyber, "document": document, "section": section}


def test_pages_show_reviewed_tags_only(client, tagged):
    for url in (tagged["section"].get_absolute_url(), tagged["document"].get_absolute_url()):
        html = client.get(url).content.decode()
        assert tagged["space"].get_absolute_url() in html, url
        assert tagged["cyber"].get_absolute_url() not in html, url


def test_area_pages_timelines_feeds_and_filters_count_reviewed_tags_only(client, tagged):
    section_url = tagged["section"].get_absolute_url()
    assert section_url in client.get(tagged["space"].get_absolute_url()).content.decode()
    assert section_url not in client.get(tagged["cyber"].get_absolute_url()).content.decode()
    entries = selectors.timeline(areas=[tagged["cyber"]])
    assert all(entry.url != section_url for entry in entries)
    assert all(entry.url != tagged["document"].get_absolute_url() for entry in entries)
    feed = client.get(reverse("documents:feed-area", kwargs={"slug": "cyber"})).content.decode()
    assert "/documents/guidelines/" not in feed
    listing = client.get(reverse("documents:document-list"), {"area": "cyber"}).content.decode()
    assert "/documents/guidelines/" not in listing
    counts = {area.slug: area.total_count for area in selectors.areas_with_counts()}
    assert counts == {"space": 1, "cyber": 0}


def test_a_document_is_found_by_its_sections_areas_as_on_the_area_page(client, tagged):
    """The list, the API and the feed find a document by a reviewed tag of one of its
    sections, as the area page and the timeline list it (maritime security: 0 documents in
    the list against 13 on its page); not by a copyrighted text's section tags."""
    url = tagged["document"].get_absolute_url()
    listing = client.get(reverse("documents:document-list"), {"area": "space"}).content.decode()
    assert url in listing
    api = client.get("/api/v1/documents/", {"area": "space"}).json()
    assert [d["slug"] for d in api["results"]] == ["guidelines"]
    feed = client.get(reverse("documents:feed-area", kwargs={"slug": "space"})).content.decode()
    assert url in feed
    tagged["document"].rights = "copyrighted"
    tagged["document"].attribution = "© The publisher"
    tagged["document"].save()
    listing = client.get(reverse("documents:document-list"), {"area": "space"}).content.decode()
    assert url not in listing


def test_accepting_a_suggestion_makes_it_public(client, tagged):
    tag = SectionArea.objects.get(area=tagged["cyber"])
    tag.status = TagStatus.REVIEWED
    tag.reviewed_at = timezone.now()
    tag.save()
    html = client.get(tagged["section"].get_absolute_url()).content.decode()
    assert tagged["cyber"].get_absolute_url() in html


# --- The admin: accept or reject in one click -----------------------------------------------


def test_suggestions_are_listed_with_their_trigger_words(client, editor, tagged):
    response = client.get(reverse("admin:documents_sectionarea_changelist"))
    html = response.content.decode()
    assert "“cyber”" in html
    assert list(response.context["cl"].result_list) == [SectionArea.objects.get(status="suggested")]
    page = client.get(reverse("admin:documents_section_change", args=[tagged["section"].pk]))
    assert "“cyber”" in page.content.decode()
    assert 'form="area-review"' in page.content.decode()


def test_accept_is_one_post_and_records_who_and_when(client, editor, tagged):
    tag = SectionArea.objects.get(area=tagged["cyber"])
    url = reverse("admin:documents_sectionarea_accept", args=[tag.pk])
    assert client.get(url).status_code == 405  # a link cannot accept by accident
    back = reverse("admin:documents_section_change", args=[tagged["section"].pk])
    response = client.post(url, {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    tag.refresh_from_db()
    assert tag.status == TagStatus.REVIEWED
    assert tag.reviewed_by == editor and tag.reviewed_at is not None
    entry = LogEntry.objects.get(object_id=str(tag.pk), action_flag=CHANGE)
    assert entry.user == editor and "Accepted" in entry.get_change_message()


def test_reject_removes_the_suggestion(client, editor, tagged):
    tag = SectionArea.objects.get(area=tagged["cyber"])
    response = client.post(reverse("admin:documents_sectionarea_reject", args=[tag.pk]))
    assert response.status_code == 302
    assert not SectionArea.objects.filter(pk=tag.pk).exists()
    assert list(tagged["section"].areas.all()) == [tagged["space"]]
    # who rejected it is recorded, as for any deletion in the admin
    assert LogEntry.objects.get(object_id=str(tag.pk), action_flag=DELETION).user == editor


def test_review_needs_the_right_to_change_tags(client, tagged):
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    client.force_login(viewer)
    tag = SectionArea.objects.get(area=tagged["cyber"])
    response = client.post(reverse("admin:documents_sectionarea_accept", args=[tag.pk]))
    assert response.status_code == 403
    tag.refresh_from_db()
    assert tag.status == TagStatus.SUGGESTED


def test_an_offsite_next_is_ignored(client, editor, tagged):
    tag = SectionArea.objects.get(area=tagged["cyber"])
    url = reverse("admin:documents_sectionarea_accept", args=[tag.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:documents_sectionarea_changelist")


def test_saving_a_tag_as_reviewed_in_the_section_form_stamps_the_editor(client, editor, tagged):
    section = tagged["section"]
    tags = [(t.pk, t.area_id, "reviewed") for t in section.area_tags.order_by("pk")]
    url, data = section_form_with_tags(client, section, tags)
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    cyber = SectionArea.objects.get(section=section, area=tagged["cyber"])
    assert cyber.status == TagStatus.REVIEWED and cyber.reviewed_by == editor


def section_form_with_tags(client, section, rows):
    """The section's change form as loaded, its tag rows replaced by ``rows``:
    [(tag pk or None, area pk, status)]."""
    url = reverse("admin:documents_section_change", args=[section.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update({"document": section.document.pk, "order": section.order, "level": 0})
    initial = sum(1 for pk, _, _ in rows if pk)
    data.update({"area_tags-TOTAL_FORMS": len(rows), "area_tags-INITIAL_FORMS": initial})
    for i, (pk, area, status) in enumerate(rows):
        data.update(
            {
                f"area_tags-{i}-id": pk or "",
                f"area_tags-{i}-section": section.pk,
                f"area_tags-{i}-area": area,
                f"area_tags-{i}-status": status,
            }
        )
    return url, data


def test_a_tag_another_editor_added_meanwhile_is_a_message_not_a_500(client, editor, tagged):
    section = tagged["section"]
    okinawa = CooperationAreaFactory(slug="okinawa", name="Okinawa")
    tags = [(t.pk, t.area_id, t.status) for t in section.area_tags.order_by("pk")]
    url, data = section_form_with_tags(client, section, [*tags, (None, okinawa.pk, "reviewed")])
    section.areas.add(
        okinawa, through_defaults={"status": "reviewed", "reviewed_at": timezone.now()}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already tagged “Okinawa”" in response.content.decode()


def test_a_tag_rejected_meanwhile_is_named_above_the_list_not_a_silent_error(
    client, editor, tagged
):
    """Another editor rejected a tag after this form was loaded: the save failed with "Please
    correct the error below" and no error shown anywhere."""
    section = tagged["section"]
    tags = [(t.pk, t.area_id, t.status) for t in section.area_tags.order_by("pk")]
    url, data = section_form_with_tags(client, section, tags)
    data["body"] = "An edit the editor must not lose."
    SectionArea.objects.get(section=section, area=tagged["cyber"]).delete()
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A row of this list was deleted since you opened the page" in html
    assert "An edit the editor must not lose." in html


def test_moving_a_reviewed_tag_to_another_area_records_the_new_reviewer(client, editor, tagged):
    section = tagged["section"]
    space = SectionArea.objects.get(section=section, area=tagged["space"])
    assert space.reviewed_by is None  # reviewed earlier, by nobody we know here
    other = CooperationAreaFactory(slug="sofa", name="Status of Forces Agreement")
    rows = [
        (t.pk, other.pk if t.pk == space.pk else t.area_id, t.status)
        for t in section.area_tags.order_by("pk")
    ]
    url, data = section_form_with_tags(client, section, rows)
    response = client.post(url, data)
    assert response.status_code == 302
    space.refresh_from_db()
    assert (space.area, space.reviewed_by) == (other, editor)


# --- Area URLs that moved ------------------------------------------------------------------


def test_a_renamed_area_answers_301_at_its_old_url(client):
    area = CooperationAreaFactory(slug="bilateral-planning-and-coordination")
    area.slug = "alliance-coordination"
    area.save()
    response = client.get("/areas/bilateral-planning-and-coordination/")
    assert response.status_code == 301
    assert response["Location"] == "/areas/alliance-coordination/"
    feed = client.get("/feeds/areas/bilateral-planning-and-coordination/")
    assert feed.status_code == 301
    assert feed["Location"] == "/feeds/areas/alliance-coordination/"
    assert client.get("/areas/no-such-area/").status_code == 404


def test_an_area_cannot_take_a_slug_that_is_an_alias():
    area = CooperationAreaFactory(slug="intelligence")
    area.slug = "intelligence-sharing"
    area.save()
    area.aliases.get().full_clean()  # the alias itself is valid
    other = CooperationAreaFactory(slug="other")
    from documents.models import AreaAlias

    clash = AreaAlias(slug="other", area=area)
    with pytest.raises(Exception, match="An area has this slug"):
        clash.full_clean()
    assert CooperationArea.objects.filter(slug=other.slug).exists()


def test_public_areas_without_a_prefetch_still_show_reviewed_tags_only(tagged):
    section = Section.objects.get(pk=tagged["section"].pk)
    assert section.public_areas == [tagged["space"]]


def test_a_stale_page_does_not_undo_a_review_made_since(client, editor, tagged):
    """Another editor accepted a tag while this editor had the section open: saving the
    older page set it back to "suggested" and cleared the reviewer; a Reject clicked on a
    page that still showed it suggested deleted the reviewed tag. Both keep the review."""
    from django.test import Client

    from tests.documents.adminforms import form_data

    section = tagged["section"]
    url = reverse("admin:documents_section_change", args=[section.pk])
    stale = form_data(client.get(url))
    tag = SectionArea.objects.get(section=section, area=tagged["cyber"])
    other = User.objects.create_user("other", password="pw", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    second = Client()
    second.force_login(other)
    accept = reverse("admin:documents_sectionarea_accept", args=[tag.pk])
    assert second.post(f"{accept}?was=suggested").status_code == 302
    stale["body"] = "An edit made on the older page."
    assert client.post(url, stale).status_code == 302
    tag.refresh_from_db()
    assert (tag.status, tag.reviewed_by) == (TagStatus.REVIEWED, other)
    section.refresh_from_db()
    assert section.body == "An edit made on the older page."
    reject = reverse("admin:documents_sectionarea_reject", args=[tag.pk])
    response = client.post(f"{reject}?was=suggested", follow=True)
    assert SectionArea.objects.filter(pk=tag.pk, status=TagStatus.REVIEWED).exists()
    assert "Not rejected" in response.content.decode() and "by other" in response.content.decode()
