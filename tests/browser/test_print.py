"""The print stylesheet: a printed document keeps its text and citable section links, and drops
the site's navigation."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READER = "/documents/guidelines-2015/"
PERMALINK = re.compile("permalink", re.IGNORECASE)


def test_printed_reader_hides_site_navigation_and_keeps_section_permalinks(page):
    page.goto(READER)
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("search")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator("nav.toc")).to_be_hidden()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    sections = page.locator("section[id^='s-']")
    permalinks = sections.get_by_role("link", name=PERMALINK)
    expect(permalinks).to_have_count(sections.count())
    permalink = page.locator("#s-vi-b").get_by_role("link", name=PERMALINK)
    expect(permalink).to_be_visible()
    expect(permalink).to_have_attribute("href", "/documents/guidelines-2015/sections/vi-b/")


def test_printed_permalinks_show_their_address(page):
    """On paper a link cannot be followed, so its address is printed after it."""
    page.goto(READER)
    page.emulate_media(media="print")
    permalink = page.locator("#s-vi-b").get_by_role("link", name=PERMALINK)
    printed_after = permalink.evaluate("a => getComputedStyle(a, '::after').content")
    assert "/documents/guidelines-2015/sections/vi-b/" in printed_after, printed_after


def test_on_screen_the_reader_shows_site_navigation(page):
    """The counterpart: the hiding above is the print stylesheet's doing."""
    page.goto(READER)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("nav.toc")).to_be_visible()


def test_a_printed_comparison_prints_each_changed_text_once(page):
    """The text word by word is in the page twice (side by side for a wide screen, one text
    for a phone): on paper, whatever the window's width, the one text with both changes
    marked."""
    page.goto("/compare/guidelines-1997...guidelines-2015/")
    row = page.locator("#r-iv-b-1")
    row.get_by_text("Text, word by word").click()
    page.emulate_media(media="print")
    expect(row.locator(".diff-merged")).to_be_visible()
    expect(row.locator(".diff-merged del").first).to_be_visible()
    expect(row.locator(".diff-split")).to_be_hidden()
