"""Importing a text through the admin follows the rule for deleting sections: only publishers
remove sections of a published or withdrawn document. An editor's import that would remove
one was carried out (the import deletes the sections the new text lacks), though the
section's own delete page refuses the same editor."""

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision, Version

from documents import services
from documents.models import Document, SectionAlias
from tests.documents.conftest import staff_user
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

TEXT = """A Joint Statement

I. Overview

The Ministers met.

II. Cooperation

A. Space

Cooperation on space will continue.

B. Cyberspace

Cooperation on cyberspace will grow.
"""

# II.A reworded, a new III, II.B gone.
WITHOUT_II_B = """A Joint Statement, revised

I. Overview

The Ministers met.

II. Cooperation

A. Space

Cooperation on space will deepen.

III. Closing

The Ministers will meet again.
"""

# II and everything under it gone.
WITHOUT_II = """A Joint Statement

I. Overview

The Ministers met again.
"""

HEADER = """title: A Joint Statement
date: 2015-04-27
source: Ministry of Foreign Affairs of Japan
completeness: complete
---
"""

# A text that lacks no section: II.A reworded, III added.
ADDING_AND_CHANGING = TEXT.replace("will continue", "will deepen") + (
    "\nIII. Closing\n\nThe Ministers will meet again.\n"
)


def import_url(document):
    return reverse("admin:documents_document_import_text", args=[document.pk])


def imported(status):
    """A document holding TEXT (imported by an operator), then given ``status``."""
    document = DocumentFactory(status=Document.Status.DRAFT, slug="statement")
    services.import_document_text(document, TEXT)
    Document.objects.filter(pk=document.pk).update(
        status=status, withdrawn_reason="Superseded." if status == "withdrawn" else ""
    )
    document.refresh_from_db()
    return document


def state(document):
    """Everything an import writes: the document's fields, its sections (texts, places,
    anchors), their old addresses, the revisions and the admin's log."""
    return {
        "document": Document.objects.filter(pk=document.pk).values().get(),
        "sections": list(document.sections.order_by("order").values()),
        "aliases": list(SectionAlias.objects.filter(document=document).values()),
        "revisions": Revision.objects.count(),
        "versions": Version.objects.count(),
        "log": LogEntry.objects.count(),
    }


def pinpoints(document):
    return list(document.sections.order_by("order").values_list("pinpoint", flat=True))


@pytest.mark.parametrize("status", ["published", "withdrawn"])
@pytest.mark.parametrize("with_header", [False, True], ids=["text", "source-file"])
@pytest.mark.parametrize(
    ("text", "named"),
    [
        (WITHOUT_II_B, "would remove 1 of its sections, which the text lacks: II.B Cyberspace."),
        (
            WITHOUT_II,
            "would remove 3 of its sections, which the text lacks: II Cooperation; "
            "II.A Space; II.B Cyberspace.",
        ),
    ],
    ids=["one", "three"],
)
def test_an_editors_import_that_would_remove_sections_is_refused_and_writes_nothing(
    client, status, with_header, text, named
):
    document = imported(status)
    before = state(document)
    client.force_login(staff_user("editor", "Editors"))
    page = client.get(import_url(document)).content.decode()
    assert f"This document is {status}: only a publisher may remove its sections." in page
    data = {"text": HEADER + text, "source_header": "on"} if with_header else {"text": text}
    response = client.post(import_url(document), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    message = errors[0]
    assert message.startswith(f"Nothing was imported: this document is {status}, and importing")
    assert named in message
    assert "Ask a publisher to import this text, or revise the text so that it keeps" in message
    assert message in response.content.decode()  # shown on the page
    assert state(document) == before


@pytest.mark.parametrize("status", ["published", "withdrawn"])
@pytest.mark.parametrize("who", ["publisher", "superuser"])
def test_a_publisher_imports_a_text_that_removes_sections(client, status, who):
    document = imported(status)
    if who == "publisher":
        client.force_login(staff_user("publisher", "Publishers"))
    else:
        client.force_login(staff_user("admin", is_superuser=True))
    assert "only a publisher may remove" not in client.get(import_url(document)).content.decode()
    response = client.post(import_url(document), {"text": WITHOUT_II_B}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:documents_document_change", args=[document.pk]
    )
    assert pinpoints(document) == ["I", "II", "II.A", "III"]
    messages = [str(m) for m in response.context["messages"]]
    assert any("1 removed (II.B)" in m for m in messages), messages
    # The removed section's address leads to the document.
    assert SectionAlias.objects.filter(document=document, anchor="ii-b", section=None).exists()
    document.refresh_from_db()
    assert document.status == status


@pytest.mark.parametrize("status", ["published", "withdrawn"])
def test_an_editor_imports_a_text_that_adds_and_changes_sections_without_removing_any(
    client, status
):
    document = imported(status)
    client.force_login(staff_user("editor", "Editors"))
    response = client.post(import_url(document), {"text": ADDING_AND_CHANGING})
    assert response.status_code == 302
    assert pinpoints(document) == ["I", "II", "II.A", "II.B", "III"]
    assert document.sections.get(pinpoint="II.A").body == "Cooperation on space will deepen."


def test_an_editor_still_removes_a_drafts_sections_by_importing(client):
    document = imported("draft")
    client.force_login(staff_user("editor", "Editors"))
    assert "only a publisher may remove" not in client.get(import_url(document)).content.decode()
    response = client.post(import_url(document), {"text": WITHOUT_II})
    assert response.status_code == 302
    assert pinpoints(document) == ["I"]


def test_the_import_text_command_runs_as_the_operator_and_may_remove_sections(tmp_path):
    """The command has no user: whoever runs it on the server is trusted, as with
    load_archive --update, which also removes sections the fixtures dropped."""
    document = imported("published")
    path = tmp_path / "statement.txt"
    path.write_text(WITHOUT_II_B, encoding="utf-8")
    call_command("import_text", str(path), "--document", "statement")
    assert pinpoints(document) == ["I", "II", "II.A", "III"]


def test_a_refusal_names_the_sections_in_a_sentence_without_a_doubled_full_stop():
    """ "…the security…." and "…NOT REAL TEXT.." when the last section's name ended a
    sentence itself."""
    document = DocumentFactory()
    services.import_document_text(
        document,
        "Article 6\n\nFor the purpose of contributing to the security of Japan and the "
        "maintenance of international peace and security in the Far East, the forces.\n\n"
        "Article 7. A heading.\n\nText.\n",
    )
    sections = list(document.sections.order_by("order"))
    message = str(services.SectionRemovalRefused(document, sections))
    names = "; ".join(str(section) for section in sections)
    assert names.endswith(".") or names.endswith("…")
    assert f"lacks: {names} Only a publisher" in message
    assert ".." not in message and "…." not in message
