"""The timeline's filters work with JavaScript (in place, URL kept in step) and without it
(the form is submitted and the server filters)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

AREA = "/areas/cyber/"


def entry_kinds(page):
    return set(
        page.locator(".timeline .entry:visible").evaluate_all("es => es.map(e => e.dataset.kind)")
    )


def test_filters_in_place_with_javascript(page):
    page.goto(AREA)
    expect(page.locator(".timeline .entry:visible").first).to_be_visible()
    assert {"document", "quote"} <= entry_kinds(page)  # sections are nested, collapsed
    total = int(page.locator("[data-timeline-count]").inner_text())

    page.get_by_label("Quote", exact=True).check()
    expect(page).to_have_url(re.compile(r"\?kind=quote$"))  # no reload, the URL follows
    assert entry_kinds(page) == {"quote"}
    shown = int(page.locator("[data-timeline-count]").inner_text())
    assert 0 < shown < total
    # A year with no quote disappears from view entirely.
    expect(page.locator("#y2015")).to_be_hidden()

    page.get_by_label("Quote", exact=True).uncheck()
    assert int(page.locator("[data-timeline-count]").inner_text()) == total

    # Only sections: their documents stay, as the headings of the sections nested in them.
    page.get_by_label("Section", exact=True).check()
    assert entry_kinds(page) == {"document"}
    page.locator(".entry-sections summary").first.click()
    assert "section" in entry_kinds(page)


def test_filters_by_submitting_the_form_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto(AREA)
        page.get_by_label("Quote", exact=True).check()
        page.get_by_label("From year").fill("2014")
        page.get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"kind=quote"))
        assert "year_from=2014" in page.url
        assert entry_kinds(page) == {"quote"}
        expect(page.get_by_label("Quote", exact=True)).to_be_checked()  # the state is kept
    finally:
        context.close()


def test_overall_timeline_filters_by_area_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/timeline/")
        page.get_by_label("Area", exact=True).select_option(label="Bases and force posture")
        page.get_by_role("button", name="Apply").click()
        expect(page).to_have_url(re.compile(r"area=force-posture-and-realignment"))
        # (role locators skip the sections folded under their document)
        expect(page.get_by_role("link", name=re.compile("SACO Final Report")).first).to_be_visible()
        assert page.get_by_text("Cooperation on Cyberspace").count() == 0
    finally:
        context.close()
