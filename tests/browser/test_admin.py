"""The admin pages an editor uses, in a real browser: no WCAG 2.1 A/AA violation (axe), and
the fixes an editor notices — help texts shown as written, the section's structure folded
away, a source header that cannot be read refused with its line, the maintenance buttons."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import describe, run_axe

pytestmark = pytest.mark.browser

DOCUMENT_CHANGELIST = "/admin/documents/document/"


def document_change_url(page):
    """The 2015 Guidelines' change form (its database id is the server's business)."""
    page.goto(DOCUMENT_CHANGELIST + "?q=guidelines-2015")
    page.get_by_role(
        "link", name="The Guidelines for Japan-U.S. Defense Cooperation (2015)"
    ).click()
    return re.sub(r"^https?://[^/]+", "", page.url)


def section_change_url(page):
    page.goto("/admin/documents/section/?q=Cooperation+on+Cyberspace")
    page.locator("#result_list tbody a").first.click()
    return re.sub(r"^https?://[^/]+", "", page.url)


def assert_no_axe_violations(page):
    results = run_axe(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} violation(s) on {page.url}:\n"
        + describe(results.response["violations"])
    )


EDITOR_PAGES = {
    "admin index": lambda page: "/admin/",
    "documents list": lambda page: DOCUMENT_CHANGELIST,
    "document form": document_change_url,
    "import text": lambda page: document_change_url(page) + "import-text/",
    "section form": section_change_url,
    "sections list": lambda page: "/admin/documents/section/",
    "quote form": lambda page: "/admin/documents/quote/add/",
    "quotes list": lambda page: "/admin/documents/quote/",
    "official form": lambda page: "/admin/documents/official/add/",
    "rebuild search index": lambda page: "/admin/documents/document/maintenance/reindex/",
    "export": lambda page: "/admin/documents/document/maintenance/export/",
}


@pytest.mark.parametrize("name", list(EDITOR_PAGES))
def test_editor_pages_have_no_wcag_21_a_or_aa_violations(editor_page, name):
    path = EDITOR_PAGES[name](editor_page)
    response = editor_page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    assert_no_axe_violations(editor_page)


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_document_form_shows_help_texts_as_written(editor_page, width):
    editor_page.set_viewport_size({"width": width, "height": 900})
    editor_page.goto(document_change_url(editor_page))
    expect(
        editor_page.get_by_text("Never changes; used by the short link /d/<id>.")
    ).to_be_visible()
    summary_help = editor_page.get_by_text("may use <em>, <strong>, <cite>, <q> and links.")
    expect(summary_help).to_be_visible()
    # The labels after the summary are not italic (an open <em> made them so).
    style = editor_page.locator("label[for=id_rights]").evaluate(
        "e => getComputedStyle(e).fontStyle"
    )
    assert style == "normal"
    expect(
        editor_page.get_by_role("heading", name="Add quotes that appear in this document")
    ).to_be_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_section_form_keeps_the_structure_folded_and_read_only(editor_page, width):
    editor_page.set_viewport_size({"width": width, "height": 900})
    url = section_change_url(editor_page)
    expect(editor_page.get_by_label("Body")).to_be_editable()
    expect(editor_page.locator("input[name=order]")).to_have_count(0)
    expect(editor_page.locator("input[name=anchor]")).to_have_count(0)
    editor_page.get_by_role("heading", name="Place in the document").click()
    editor_page.get_by_role("link", name="Unlock the structure for this edit").click()
    expect(editor_page).to_have_url(re.compile(r"\?unlock=structure$"))
    expect(editor_page.locator("input[name=order]")).to_be_editable()
    assert url.split("?")[0] in editor_page.url


def test_import_refuses_a_source_header_it_cannot_read_and_names_the_line(editor_page):
    editor_page.goto(document_change_url(editor_page))
    editor_page.get_by_role("link", name="Import text").click()
    editor_page.locator("#id_text").fill(
        "title: A statement\ndate 2015-04-27\n---\nI. Text\n\nWords.\n"
    )
    editor_page.get_by_label("The text starts with a source header").check()
    editor_page.get_by_role("button", name="Import").click()
    expect(
        editor_page.get_by_text("Nothing was imported. In the source header, line 2:")
    ).to_be_visible()


def test_editor_rebuilds_the_search_index_from_the_documents_list(editor_page):
    editor_page.goto(DOCUMENT_CHANGELIST)
    editor_page.get_by_role("link", name="Rebuild search index").click()
    editor_page.get_by_role("button", name="Rebuild the search index").click()
    expect(editor_page).to_have_url(re.compile(r"/admin/documents/document/$"))
    expect(
        editor_page.get_by_text(re.compile(r"^Rebuilt the search index: [\d,]+ documents"))
    ).to_be_visible()


def test_export_page_says_the_files_still_need_committing(editor_page):
    editor_page.goto(DOCUMENT_CHANGELIST)
    editor_page.get_by_role("link", name="Export to fixtures").click()
    expect(
        editor_page.get_by_text("does not put the change in the repository", exact=False)
    ).to_be_visible()
    expect(editor_page.get_by_role("button", name="Export to the fixture files")).to_be_visible()


@pytest.mark.parametrize("width", [390, 320])
def test_editor_pages_do_not_scroll_sideways_on_a_phone(editor_page, width):
    editor_page.set_viewport_size({"width": width, "height": 800})
    wider = []
    for name, path_of in EDITOR_PAGES.items():
        path = path_of(editor_page)
        editor_page.goto(path)
        scroll_width = editor_page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > editor_page.evaluate("document.documentElement.clientWidth"):
            wider.append(f"{name} ({path}): {scroll_width}px")
    assert not wider, "Admin pages wider than the screen: " + "; ".join(wider)
