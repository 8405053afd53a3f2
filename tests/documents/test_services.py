"""Importing a document's text: sections, anchors, re-import, bad input."""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents import services
from documents.importer.parser import ParseError
from documents.models import Document
from tests.factories import CooperationAreaFactory, DocumentFactory, reviewed_tag

pytestmark = pytest.mark.django_db

TEXT = """A Joint Statement
(April 27, 2015)

I. Overview

The Ministers met.

II. Cooperation

A. Space

Cooperation on space will continue.

B. Cyberspace

Cooperation on cyberspace will grow.
"""


def pinpoints(document):
    return list(document.sections.order_by("order").values_list("pinpoint", flat=True))


def test_import_splits_text_into_a_hierarchy():
    document = DocumentFactory()
    report = services.import_document_text(document, TEXT)
    assert report.created == 4
    assert pinpoints(document) == ["I", "II", "II.A", "II.B"]
    section = document.sections.get(pinpoint="II.B")
    assert section.label == "B."
    assert section.heading == "Cyberspace"
    assert section.body == "Cooperation on cyberspace will grow."
    assert section.parent.pinpoint == "II"
    document.refresh_from_db()
    assert document.front_matter.startswith("A Joint Statement")
    assert document.checksum == services.text_checksum(TEXT)


def test_reimporting_the_same_text_changes_nothing():
    document = DocumentFactory()
    services.import_document_text(document, TEXT)
    before = list(document.sections.order_by("order").values())
    report = services.import_document_text(document, TEXT)
    assert not report.changed
    assert list(document.sections.order_by("order").values()) == before


def test_reimporting_over_a_hand_correction_names_the_section_and_its_tags_to_check():
    """Importing the file again rewrote a correction made by hand on a section page with only
    "1 updated" to show for it; a reviewed tag stayed, given for the text as it was."""
    document = DocumentFactory()
    services.import_document_text(document, TEXT)
    section = document.sections.get(pinpoint="II.A")
    section.body = "Cooperation on outer space will continue."  # corrected by hand
    section.save()
    section.areas.add(CooperationAreaFactory(), through_defaults=reviewed_tag())
    report = services.import_document_text(document, TEXT)
    assert (report.updated, report.updated_pinpoints, report.retag) == (1, ["II.A"], ["II.A"])
    assert "1 updated (II.A)" in str(report)
    assert "reviewed area tags of II.A were given for the text as it was" in str(report)


def test_a_changed_text_updates_in_place_and_keeps_anchors():
    document = DocumentFactory()
    services.import_document_text(document, TEXT)
    anchors = dict(document.sections.values_list("pinpoint", "anchor"))
    ids = dict(document.sections.values_list("pinpoint", "pk"))
    changed = TEXT.replace("will grow.", "will grow further.") + "\nC. Logistics\n\nMore.\n"
    report = services.import_document_text(document, changed)
    assert report.updated == 1 and report.created == 1
    assert (
        document.sections.get(pinpoint="II.B").body
        == "Cooperation on cyberspace will grow further."
    )
    for pinpoint, anchor in anchors.items():
        section = document.sections.get(pinpoint=pinpoint)
        assert section.anchor == anchor
        assert section.pk == ids[pinpoint]
    assert pinpoints(document)[-1] == "II.C"


def test_a_text_that_cannot_be_parsed_writes_nothing():
    document = DocumentFactory()
    services.import_document_text(document, TEXT)
    before = list(document.sections.order_by("order").values())
    with pytest.raises(ParseError):
        services.import_document_text(document, "I. One\n\nText.\n\nIII. Three\n\nText.\n")
    with pytest.raises(ParseError):
        services.import_document_text(document, "   \n")
    assert list(document.sections.order_by("order").values()) == before


def test_import_text_command(tmp_path):
    document = DocumentFactory(slug="statement")
    path = tmp_path / "statement.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command("import_text", str(path), "--document", "statement")
    assert pinpoints(document) == ["I", "II", "II.A", "II.B"]


def test_import_text_command_rejects_bad_input_clearly(tmp_path):
    DocumentFactory(slug="statement")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_text", str(binary), "--document", "statement")
    with pytest.raises(CommandError, match="No document"):
        call_command("import_text", str(binary), "--document", "nope")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_text", str(tmp_path / "missing.txt"), "--document", "statement")
    bad = tmp_path / "bad.txt"
    bad.write_text("I. One\n\nText.\n\nIII. Three\n\nText.\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_text", str(bad), "--document", "statement")
    assert not Document.objects.get(slug="statement").sections.exists()


def test_publish_and_withdraw():
    draft = DocumentFactory(status=Document.Status.DRAFT)
    assert services.publish_documents(Document.objects.filter(pk=draft.pk)) == [draft]
    draft.refresh_from_db()
    assert draft.status == Document.Status.PUBLISHED
    with pytest.raises(ValueError):
        services.withdraw_documents(Document.objects.filter(pk=draft.pk), reason=" ")
    services.withdraw_documents(Document.objects.filter(pk=draft.pk), reason="Duplicate record")
    draft.refresh_from_db()
    assert draft.status == Document.Status.WITHDRAWN
    assert draft.withdrawn_reason == "Duplicate record"


def test_a_source_file_the_importer_cannot_read_names_the_files_line(tmp_path):
    """The shared copy of the 2017 SCC statement has a control character (U+0007) in a
    heading: the error names the line of the file, and nothing is written."""
    from django.conf import settings

    document = DocumentFactory(slug="statement", date=datetime.date(2017, 8, 17))
    shared = Path(settings.ARCHIVE_FIXTURE_DIR) / "sources" / "2017-08-17-scc-joint-statement.txt"
    raw = shared.read_text(encoding="utf-8").replace(
        "\n(2) Implementation", "\n(2) \x07Implementation"
    )
    line = raw[: raw.index("\x07")].count("\n") + 1
    path = tmp_path / "scc.txt"
    path.write_text(raw, encoding="utf-8")
    with pytest.raises(CommandError, match=rf"line {line}: control character U\+0007"):
        call_command("import_text", str(path), "--document", "statement", "--source-header")
    document.refresh_from_db()
    assert not document.sections.exists() and not document.provenance_notes
    path.write_text(raw.replace("date: 2017-08-17", "date: 17 August 2017"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 3: cannot read the date"):
        call_command("import_text", str(path), "--document", "statement", "--source-header")
    path.write_text(raw.replace("\x07", ""), encoding="utf-8")
    call_command("import_text", str(path), "--document", "statement", "--source-header")
    assert document.sections.get(pinpoint="III.2").heading.endswith("Defense Cooperation")


def test_a_text_without_sections_is_refused_and_the_sections_stay():
    """A text of unnumbered headings alone read as front matter, and importing it removed
    every section of the document and reported success."""
    document = DocumentFactory()
    services.import_document_text(document, TEXT)
    with pytest.raises(ParseError, match="no sections found"):
        services.import_document_text(document, "A Joint Statement\n\nOverview\n\nCooperation\n")
    assert pinpoints(document) == ["I", "II", "II.A", "II.B"]


def test_a_new_section_does_not_take_a_removed_sections_old_address():
    """The old citation of a removed section leads to its document; an import that adds a
    section with the same anchor took it over silently."""
    document = DocumentFactory(status="published")
    services.import_document_text(document, TEXT)
    services.import_document_text(document, TEXT.replace("B. Cyberspace", "B. Cyber"))
    without = TEXT.split("B. Cyberspace")[0]
    services.import_document_text(document, without)  # II.B removed: its address stays
    assert document.section_aliases.filter(anchor="ii-b", section=None).exists()
    services.import_document_text(document, TEXT)  # a new II.B
    assert document.sections.get(pinpoint="II.B").anchor == "ii-b-2"
