"""`load_archive --update`: a fixture change committed later reaches a database that already
holds the archive — all or nothing, and never over an editor's newer work unasked."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from documents import services
from documents.archive import export_archive
from documents.archive_update import ArchiveUpdateConflict, plan_update, update_archive
from documents.models import Document, Section, SectionAlias, SectionArea
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    SectionFactory,
    reviewed_tag,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixtures(tmp_path):
    """A small archive exported to tmp_path: the database and the files match."""
    document = DocumentFactory(slug="statement", title="Joint Statement")
    for number in range(1, 4):
        SectionFactory(
            document=document,
            order=number,
            pinpoint=str(number),
            anchor=f"p{number}",
            label=f"{number}.",
            body=f"Paragraph {number}.",
        )
    export_archive(tmp_path)
    return tmp_path


def edit(path, change):
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def test_update_brings_a_committed_fixture_change_into_the_database(fixtures):
    def correct(records):
        records[1]["fields"]["body"] = "Paragraph 2, corrected."

    edit(fixtures / "sections" / "statement.json", correct)
    plan = update_archive(fixtures)
    assert plan.changed == ["section p2/statement"]
    assert Section.objects.get(anchor="p2").body == "Paragraph 2, corrected."
    assert update_archive(fixtures).has_changes is False  # a second run changes nothing


def test_a_time_spelled_with_whole_milliseconds_is_not_a_change(tmp_path):
    """Exports before the archive's own encoder wrote ``…05.000412`` as ``05.000Z``; loaded,
    it is ``05``, written ``05Z``. One update in a thousand (a publication time with no
    milliseconds) saw that as a change of the document on every later run."""
    moment = datetime.datetime(2026, 12, 7, 1, 20, 5, tzinfo=datetime.UTC)
    DocumentFactory(slug="statement", published_at=moment)
    export_archive(tmp_path)

    def as_older_exports_spelled_it(records):
        assert records[0]["fields"]["published_at"] == "2026-12-07T01:20:05Z"
        records[0]["fields"]["published_at"] = "2026-12-07T01:20:05.000Z"

    edit(tmp_path / "documents.json", as_older_exports_spelled_it)
    plan = update_archive(tmp_path)
    assert not plan.has_changes and not plan.conflicts, plan


def test_update_with_a_curator_named_in_the_fixtures(tmp_path, django_user_model):
    """A reviewed tag names its curator, so ``curators.json`` lists an account (as the
    shipped fixtures do); ``--update`` once refused at its first record ("not a fixture
    record"). Now: nothing to do right after a load, and a change still goes through."""
    curator = django_user_model.objects.create(username="curator", first_name="Archive")
    section = SectionFactory(document=DocumentFactory(slug="statement"), anchor="p1")
    section.areas.add(
        CooperationAreaFactory(slug="logistics"), through_defaults=reviewed_tag(reviewed_by=curator)
    )
    export_archive(tmp_path)
    assert "curator" in (tmp_path / "curators.json").read_text(encoding="utf-8")
    plan = update_archive(tmp_path)
    assert not plan.has_changes and not plan.conflicts

    def correct(records):
        records[0]["fields"]["body"] = "Corrected."

    edit(tmp_path / "sections" / "statement.json", correct)
    assert update_archive(tmp_path).changed == ["section p1/statement"]
    assert Section.objects.get(anchor="p1").body == "Corrected."


def test_update_adds_new_records_and_removes_dropped_sections(fixtures):
    def add_document(records):
        new = json.loads(json.dumps(records[0]))
        new["fields"].update(slug="fact-sheet", title="Fact Sheet", public_id=99)
        records.append(new)

    def drop_and_reorder(records):
        del records[0]
        for order, record in enumerate(records, start=1):
            record["fields"]["order"] = order

    edit(fixtures / "documents.json", add_document)
    edit(fixtures / "sections" / "statement.json", drop_and_reorder)
    plan = update_archive(fixtures)
    assert plan.new == ["document fact-sheet"]
    assert plan.removed_sections == ["section p1/statement"]
    assert Document.objects.filter(slug="fact-sheet").exists()
    sections = Document.objects.get(slug="statement").sections.order_by("order")
    assert [(s.anchor, s.order) for s in sections] == [("p2", 1), ("p3", 2)]
    # The removed section's permalink keeps leading to its document.
    assert SectionAlias.objects.filter(anchor="p1", document__slug="statement").exists()


def test_update_refuses_to_overwrite_an_editors_newer_change(fixtures):
    section = Section.objects.get(anchor="p2")
    section.body = "An editor's correction, not exported yet."
    section.save()

    def other_reading(records):
        records[1]["fields"]["body"] = "The fixtures' reading."

    edit(fixtures / "sections" / "statement.json", other_reading)
    with pytest.raises(ArchiveUpdateConflict) as refused:
        update_archive(fixtures)
    assert "section p2/statement" in str(refused.value)
    assert Section.objects.get(anchor="p2").body == "An editor's correction, not exported yet."

    update_archive(fixtures, overwrite=True)
    assert Section.objects.get(anchor="p2").body == "The fixtures' reading."


def test_an_editors_change_elsewhere_is_kept_when_it_matches(fixtures):
    """Exported and committed work is in the fixtures: updating does not flag it."""
    section = Section.objects.get(anchor="p3")
    section.body = "Corrected and exported."
    section.save()
    export_archive(fixtures)
    assert plan_update(fixtures).conflicts == []


def test_update_is_all_or_nothing(fixtures):
    def correct(records):
        records[1]["fields"]["body"] = "Paragraph 2, corrected."

    def break_document(records):
        records[0]["fields"]["kind"] = "no-such-kind"

    edit(fixtures / "sections" / "statement.json", correct)
    edit(fixtures / "documents.json", break_document)
    with pytest.raises(CommandError, match="Nothing was updated"):
        call_command("load_archive", "--update", "--dir", str(fixtures))
    assert Section.objects.get(anchor="p2").body == "Paragraph 2."
    assert Section.objects.count() == 3


def test_update_from_fixtures_never_synced_with_this_database_refuses(fixtures, tmp_path_factory):
    """Files this database never matched: every difference may be an editor's work."""
    other = tmp_path_factory.mktemp("other")
    export_archive(other, record=False)

    def correct(records):
        records[0]["fields"]["body"] = "Changed elsewhere."

    edit(other / "sections" / "statement.json", correct)
    with pytest.raises(ArchiveUpdateConflict):
        update_archive(other)


def test_command_dry_run_says_what_would_change_and_writes_nothing(fixtures, capsys):
    def correct(records):
        records[1]["fields"]["body"] = "Paragraph 2, corrected."

    edit(fixtures / "sections" / "statement.json", correct)
    call_command("load_archive", "--update", "--dry-run", "--dir", str(fixtures))
    out = capsys.readouterr().out
    assert "changed: section p2/statement" in out
    assert "Nothing was written" in out
    assert Section.objects.get(anchor="p2").body == "Paragraph 2."


def test_if_empty_points_at_update(fixtures, capsys):
    call_command("load_archive", "--if-empty", "--dir", str(fixtures))
    assert "load_archive --update" in capsys.readouterr().out


def test_a_tag_reviewed_since_the_export_is_a_conflict_not_silently_undone(fixtures):
    """A suggestion accepted after the export was put back to "suggested" by an update that
    reported it as kept."""
    section = Section.objects.get(anchor="p1")
    area = CooperationAreaFactory(slug="okinawa")
    section.areas.add(area, through_defaults={"status": "suggested", "trigger": "“Okinawa”"})
    export_archive(fixtures)
    tag = SectionArea.objects.get(section=section, area=area)
    services.accept_area_tag(tag, user=None)
    with pytest.raises(ArchiveUpdateConflict) as refused:
        update_archive(fixtures)
    assert "sectionarea p1/statement/okinawa" in str(refused.value)
    tag.refresh_from_db()
    assert tag.status == "reviewed"
    # Once exported, the review is in the fixtures and the update has nothing to say.
    export_archive(fixtures)
    assert plan_update(fixtures).conflicts == []
    update_archive(fixtures)
    tag.refresh_from_db()
    assert tag.status == "reviewed"


def test_an_update_renumbering_the_pinpoints_goes_through(fixtures):
    """A committed text inserts a paragraph before p2: p2 and p3 become 3 and 4 and a new
    section takes pinpoint 2. A load checks whole documents, not one row at a time."""

    def renumber(records):
        by_anchor = {r["fields"]["anchor"]: r for r in records if r["model"] == "documents.section"}
        for anchor, number in (("p2", 3), ("p3", 4)):
            by_anchor[anchor]["fields"].update(
                pinpoint=str(number), label=f"{number}.", order=number
            )
        new = json.loads(json.dumps(by_anchor["p2"]))
        new["fields"].update(anchor="p2b", pinpoint="2", label="2.", order=2, body="New.")
        records.insert(1, new)

    edit(fixtures / "sections" / "statement.json", renumber)
    update_archive(fixtures)
    assert list(Section.objects.order_by("order").values_list("anchor", "pinpoint")) == [
        ("p1", "1"),
        ("p2b", "2"),
        ("p2", "3"),
        ("p3", "4"),
    ]
