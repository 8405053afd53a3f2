"""The shipped fixtures, tested once as data; and the load/export machinery."""

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from documents.archive import ArchiveLoadError, export_archive, fixture_paths, load_archive
from documents.importer.parser import read_source
from documents.models import (
    CooperationArea,
    Document,
    DocumentAlias,
    Event,
    Official,
    Quote,
    Section,
    SectionAlias,
)
from search.models import SearchWord
from tests.factories import DocumentFactory
from tests.importer.test_parser import without_markers

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.ARCHIVE_FIXTURE_DIR)
ARCHIVE_MODELS = [CooperationArea, Document, Event, Official, Quote, Section]


@pytest.fixture
def archive():
    load_archive(FIXTURES)


def snapshot():
    return {model.__name__: model.objects.count() for model in ARCHIVE_MODELS}


def provenance_start(header):
    return f"title: {header['title']}\ndate: {header['date']}\n"


def test_every_source_text_is_in_the_fixtures(archive):
    held = Document.objects.filter(text_held=True)
    sources = sorted((FIXTURES / "sources").glob("*.txt"))
    assert held.count() == len(sources) == 22
    for path in sources:
        source = read_source(path.read_text(encoding="utf-8"))
        document = held.get(provenance_notes__startswith=provenance_start(source.header))
        assert document.provenance_notes.splitlines()[0] == f"title: {source.header['title']}"
        assert document.completeness == source.header["completeness"]


def test_section_texts_joined_equal_the_source_text(archive):
    sources = [
        read_source(path.read_text(encoding="utf-8"))
        for path in (FIXTURES / "sources").glob("*.txt")
    ]
    for document in Document.objects.filter(text_held=True):
        (source,) = [
            s for s in sources if document.provenance_notes.startswith(provenance_start(s.header))
        ]
        parts = [document.front_matter]
        for section in document.sections.order_by("order"):
            parts += [section.label, section.heading, section.body]
        # Word for word: only whitespace and Markdown markers differ.
        joined = "".join(" ".join(parts).split())
        assert joined == "".join(without_markers(source.text).split()), document.slug


def test_every_fixture_object_passes_full_clean(archive):
    for model in ARCHIVE_MODELS:
        for obj in model.objects.all():
            obj.full_clean()


def test_the_archive_holds_what_the_sources_say(archive):
    guidelines = Document.objects.get(slug="guidelines-2015")
    assert [d.edition_label for d in guidelines.series.documents.order_by("date")] == [
        "1978",
        "1997",
        "2014 interim report",
        "2015",
    ]
    interim = Document.objects.get(slug="guidelines-interim-report-2014")
    assert not interim.text_held and not interim.sections.exists()
    cyber = guidelines.sections.get(pinpoint="VI.B")
    assert cyber.heading == "Cooperation on Cyberspace"
    assert {"cyber"} <= {area.slug for area in cyber.areas.all()}
    assert Document.objects.filter(status=Document.Status.DRAFT).count() == 0


def test_quotes_are_verbatim_with_their_speakers(archive):
    article = Document.objects.get(kind=Document.Kind.NEWS_ARTICLE)
    text = " ".join(s.body for s in article.sections.all())
    quotes = {quote.text: quote for quote in Quote.objects.select_related("official")}
    for quote in quotes.values():
        assert quote.text in text
        assert quote.document == article
    assert quotes["vision statement"].official.description == "a senior Pentagon official"
    space_and_cyber = quotes["Space and cyber"]
    assert space_and_cyber.official.is_anonymous
    assert "condition of anonymity" in space_and_cyber.official.description
    assert {area.slug for area in space_and_cyber.areas.all()} == {"space", "cyber"}
    assert any(text.startswith("These are new domains") for text in quotes)
    work = Official.objects.get(name="Robert O. Work")
    assert not work.quotes.exists()


def test_load_twice_duplicates_nothing(archive):
    before = snapshot()
    load_archive(FIXTURES)
    assert snapshot() == before


def test_load_then_export_is_byte_identical(archive, tmp_path):
    export_archive(tmp_path)
    for original in fixture_paths(FIXTURES):
        relative = original.relative_to(FIXTURES)
        assert (tmp_path / relative).read_bytes() == original.read_bytes(), relative
    assert len(fixture_paths(tmp_path)) == len(fixture_paths(FIXTURES))


@pytest.mark.parametrize("microsecond", [412, 0, 123_000, 123_456])
def test_export_load_export_writes_the_same_times(tmp_path, microsecond):
    """Django cuts a time's microseconds to milliseconds: one saved at ``05.000412`` was
    written ``05.000Z``, loaded as ``05`` and written again as ``05Z``. A backup restored
    and exported again gave other bytes, one time in a thousand."""
    moment = datetime.datetime(2026, 12, 7, 1, 20, 5, microsecond, tzinfo=datetime.UTC)
    DocumentFactory(slug="statement", published_at=moment)
    first, second = tmp_path / "first", tmp_path / "second"
    export_archive(first)
    Document.objects.all().delete()
    load_archive(first)
    export_archive(second)
    written = (first / "documents.json").read_text(encoding="utf-8")
    assert written == (second / "documents.json").read_text(encoding="utf-8")
    milliseconds = f".{microsecond // 1000:03d}" if microsecond >= 1000 else ""
    assert f'"published_at": "2026-12-07T01:20:05{milliseconds}Z"' in written


def copy_fixtures(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target, ignore=shutil.ignore_patterns("sources"))
    return target


def test_a_broken_record_loads_nothing_and_is_named(tmp_path):
    target = copy_fixtures(tmp_path)
    quotes = json.loads((target / "quotes.json").read_text(encoding="utf-8"))
    quotes[2]["fields"]["attribution"] = "overheard"
    (target / "quotes.json").write_text(json.dumps(quotes), encoding="utf-8")
    with pytest.raises(ArchiveLoadError) as excinfo:
        load_archive(target)
    message = str(excinfo.value)
    assert "quotes.json, record 3" in message
    assert "attribution" in message
    assert snapshot() == {model.__name__: 0 for model in ARCHIVE_MODELS}


def test_a_dangling_reference_is_reported(tmp_path):
    target = copy_fixtures(tmp_path)
    documents = json.loads((target / "documents.json").read_text(encoding="utf-8"))
    documents[0]["fields"]["series"] = ["no-such-series"]
    (target / "documents.json").write_text(json.dumps(documents), encoding="utf-8")
    with pytest.raises(ArchiveLoadError, match=r"documents.json, record 1"):
        load_archive(target)
    assert Document.objects.count() == 0


def test_invalid_json_is_reported(tmp_path):
    target = copy_fixtures(tmp_path)
    (target / "events.json").write_text("[{", encoding="utf-8")
    with pytest.raises(ArchiveLoadError, match="events.json"):
        load_archive(target)
    assert Document.objects.count() == 0


def test_load_archive_command_reports_errors_cleanly(tmp_path):
    target = copy_fixtures(tmp_path)
    (target / "areas.json").write_text('[{"model": "documents.nothing"}]', encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_archive", "--dir", str(target))


def test_load_archive_command_loads_and_reports(capsys):
    call_command("load_archive", "--verbosity", "2")
    output = capsys.readouterr().out
    assert "loaded documents.json" in output
    assert "Loaded the archive:" in output and "documents" in output
    assert Document.objects.filter(slug="guidelines-2015").exists()


def test_load_archive_if_empty_leaves_existing_work_alone(archive):
    Document.objects.filter(slug="guidelines-2015").update(summary="An editor's change")
    call_command("load_archive", "--if-empty")
    assert Document.objects.get(slug="guidelines-2015").summary == "An editor's change"


def rewrite(path, change):
    records = json.loads(path.read_text(encoding="utf-8"))
    change(records)
    path.write_text(json.dumps(records, indent=2), encoding="utf-8")


def load_error(target):
    with pytest.raises(ArchiveLoadError) as excinfo:
        load_archive(target)
    assert snapshot() == {model.__name__: 0 for model in ARCHIVE_MODELS}  # all or nothing
    return str(excinfo.value)


def test_a_truncated_file_names_the_line_and_column(tmp_path):
    target = copy_fixtures(tmp_path)
    path = target / "quotes.json"
    text = path.read_text(encoding="utf-8")
    cut = text[: len(text) // 2]
    path.write_text(cut, encoding="utf-8")
    message = load_error(target)
    line = cut.count("\n") + 1
    assert message.startswith("quotes.json: not valid JSON at line ")
    assert f"line {line}," in message and "column" in message
    assert "cut short" in message


def test_a_quote_pointing_at_a_missing_official_names_it(tmp_path):
    target = copy_fixtures(tmp_path)
    rewrite(
        target / "quotes.json",
        lambda records: records[1]["fields"].update(official=["no-such-official"]),
    )
    message = load_error(target)
    assert message.startswith("quotes.json, record 2 (documents.quote ")
    assert 'official points at ["no-such-official"]' in message
    assert "no official with that key exists" in message
    assert "cannot be null" not in message


def test_a_section_pointing_at_a_missing_document_names_it(tmp_path):
    target = copy_fixtures(tmp_path)
    path = sorted((target / "sections").glob("*.json"))[0]
    rewrite(path, lambda records: records[0]["fields"].update(document=["no-such-document"]))
    message = load_error(target)
    assert message.startswith(f"sections/{path.name}, record 1 (documents.section ")
    assert 'document points at ["no-such-document"]' in message
    assert "no document with that key exists" in message
    assert "has no document" not in message


def test_a_missing_area_and_a_missing_parent_section_are_named(tmp_path):
    target = copy_fixtures(tmp_path)
    path = target / "sections" / "guidelines-2015.json"

    def break_area(records):  # an area tag (documents.sectionarea) naming no area
        record = next(r for r in records if r["model"] == "documents.sectionarea")
        record["fields"]["area"] = ["no-such-area"]

    rewrite(path, break_area)
    message = load_error(target)
    assert "sections/guidelines-2015.json, record " in message
    assert 'area points at ["no-such-area"]' in message

    target = copy_fixtures(tmp_path / "second")
    path = target / "sections" / "guidelines-2015.json"

    def break_parent(records):
        record = next(r for r in records if r["fields"].get("parent"))
        record["fields"]["parent"] = ["no-such-anchor", "guidelines-2015"]

    rewrite(path, break_parent)
    message = load_error(target)
    assert 'parent points at ["no-such-anchor", "guidelines-2015"]' in message


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        ('{"model": "documents.event"}', "expected a JSON list of records, found an object"),
        ('[{"fields": {}}]', 'areas.json, record 1: the key "model" is missing'),
        ('[{"model": "documents.event"}]', 'areas.json, record 1: the key "fields" is missing'),
        ('[{"model": "documents.nothing", "fields": {}}]', 'unknown model "documents.nothing"'),
        (
            '[{"model": "documents.event", "fields": {"slug": "x", "colour": 1}}]',
            'no field "colour"',
        ),
        (
            '[{"model": "documents.quote", "fields": {"public_id": 9, "text": "x"}}]',
            'areas.json, record 1 (documents.quote 9): the key "official" is missing',
        ),
    ],
)
def test_a_malformed_record_names_the_missing_key(tmp_path, records, expected):
    target = copy_fixtures(tmp_path)
    (target / "areas.json").write_text(records, encoding="utf-8")
    assert expected in load_error(target)


def test_a_record_without_its_credit_line_loads_nothing(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    path = target / "documents.json"
    text = path.read_text(encoding="utf-8")
    credit = (
        '"attribution": "Source: Ministry of Defense of Japan, Defense of Japan 2018, Reference 25'
    )
    assert text.count(credit) == 1
    path.write_text(re.sub(re.escape(credit) + r'[^"]*"', '"attribution": ""', text), "utf-8")
    with pytest.raises(ArchiveLoadError) as caught:
        load_archive(target)
    assert "documents.json" in str(caught.value)
    assert "scc-joint-statement-2017-08-17" in str(caught.value)
    assert "credit line" in str(caught.value)
    assert not Document.objects.exists() and not Section.objects.exists()


def test_a_removed_sections_cited_url_leads_to_its_document_on_a_fresh_install(
    archive, admin_client
):
    # The reposting page's residue (¶9–11 of the first version) left the text; version 1 and
    # its citations still name those paragraphs, and the fixtures carry their anchors. (Staff:
    # the public is sent to the record of this copyrighted article whatever the anchor.)
    document = Document.objects.get(slug="defense-news-new-guidelines-2014-10")
    assert not document.sections.filter(anchor="p9").exists()
    response = admin_client.get(f"{document.get_absolute_url()}sections/p9/")
    assert response.status_code == 301
    assert response["Location"] == document.get_absolute_url()


def test_section_and_document_aliases_survive_export_and_load(archive, tmp_path):
    section = Section.objects.get(document__slug="guidelines-2015", anchor="iv-c")
    SectionAlias.objects.create(document=section.document, anchor="old-iv-c", section=section)
    DocumentAlias.objects.create(slug="guidelines-2015-old", document=section.document)
    export_archive(tmp_path)
    SectionAlias.objects.filter(anchor="old-iv-c").delete()
    DocumentAlias.objects.all().delete()

    load_archive(tmp_path)

    assert SectionAlias.objects.get(anchor="old-iv-c").section == section
    assert DocumentAlias.objects.get(slug="guidelines-2015-old").document == section.document


def test_a_fresh_load_gives_did_you_mean_suggestions(client):
    """The documented first deployment and restore (migrate, then load_archive) left the
    spelling vocabulary empty: a misspelt search suggested nothing."""
    call_command("load_archive", verbosity=0)
    assert SearchWord.objects.filter(word="ballistic").exists()
    page = client.get("/search/", {"q": "balistic missile"}).content.decode()
    assert "Did you mean" in page and "ballistic" in page
