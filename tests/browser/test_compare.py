"""Comparing editions and reading an area through time, in a real browser: with JavaScript,
without it, and on a phone (390 px wide), where the two sides of a pair are stacked."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COMPARE = "/compare/guidelines-1997...guidelines-2015/"


def test_a_researcher_finds_what_is_new_from_the_series_page(page):
    page.goto("/series/guidelines-for-us-japan-defense-cooperation/")
    offers = page.get_by_role("navigation", name="Compare editions")
    expect(offers.get_by_text("text not held").first).to_be_visible()  # the 1978 record
    offers.get_by_role("link", name="1997 → 2015").click()
    expect(page).to_have_url(re.compile(re.escape(COMPARE) + "$"))
    summary = page.locator(".compare-summary")
    expect(summary.get_by_role("link", name="Space", exact=True)).to_be_visible()
    expect(summary.get_by_role("link", name="Cyberspace", exact=True)).to_be_visible()
    row = page.locator("#r-iv-b-1")  # noncombatant evacuation: moved, confirmed by an editor
    expect(row.get_by_text("moved", exact=True)).to_be_visible()
    expect(row.get_by_text("pair confirmed by an editor")).to_be_visible()
    row.get_by_text("Text, word by word").click()
    expect(row.locator("ins").first).to_be_visible()
    assert "[+" in row.locator("ins").first.inner_text()  # readable without colour
    row.get_by_role("link", name=re.compile(r"2015 § IV\.B\.1")).click()
    expect(page).to_have_url(re.compile(r"/documents/guidelines-2015/sections/iv-b-1/$"))


def test_the_area_filter_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    try:
        page.goto(COMPARE)
        page.get_by_label("Only sections about").select_option(label="Cyberspace")
        page.get_by_role("button", name="Show").click()
        expect(page).to_have_url(re.compile(r"\?area=cyber$"))
        expect(page.locator("#r-vi-b")).to_be_visible()
        expect(page.locator("#r-iv-b-1")).to_have_count(0)
    finally:
        context.close()


def test_on_a_phone_the_two_sides_are_stacked(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    page = context.new_page()
    try:
        page.goto(COMPARE)
        row = page.locator("#r-iv-b-1")
        earlier = row.locator(".compare-earlier").bounding_box()
        later = row.locator(".compare-later").bounding_box()
        assert later["y"] >= earlier["y"] + earlier["height"] - 1  # one under the other
        # The text word by word is one text with both changes marked (not two stacked).
        row.get_by_text("Text, word by word").click()
        expect(row.locator(".diff-merged ins").first).to_be_visible()
        expect(row.locator(".diff-split")).to_be_hidden()
        # Nothing in the comparison is wider than the phone (the site header is base.html's).
        widest = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('main *'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 390, f"the comparison is {widest}px wide"
    finally:
        context.close()


def test_on_a_wide_screen_the_comparison_uses_the_width_of_two_columns(page):
    """At 1280 px the comparison was held to the site's one-column measure (600 px of text,
    two 292 px columns): it takes the screen's width, the two sides and their text word by
    word side by side, each column no wider than a reading measure (40rem)."""
    page.goto(COMPARE)
    rows = page.locator(".compare-rows").bounding_box()
    assert rows["width"] >= 1100, f"the comparison is {rows['width']:.0f}px wide at 1280px"
    row = page.locator("#r-iv-b-1")
    row.get_by_text("Text, word by word").click()
    earlier, later = row.locator(".diff-earlier"), row.locator(".diff-later")
    expect(earlier.locator("del").first).to_be_visible()
    expect(later.locator("ins").first).to_be_visible()
    expect(row.locator(".diff-merged")).to_be_hidden()
    left, right = earlier.bounding_box(), later.bounding_box()
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 1
    for side in (left, right, row.locator(".compare-earlier").bounding_box()):
        assert 480 <= side["width"] <= 640, f"a column is {side['width']:.0f}px wide"


def test_the_timeline_fits_a_phone_and_nests_sections(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=base_url)
    page = context.new_page()
    try:
        page.goto("/timeline/?area=cyber")
        # The chart scrolls sideways inside its own region (its labels were 5 px when it was
        # shrunk to the screen); nothing else may be wider than the screen.
        widest = page.evaluate(
            "Math.max(...Array.from(document.querySelectorAll('main *'))"
            ".filter(e => !e.parentElement.closest('.chart-scroll'))"
            ".map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= 390, f"the timeline is {widest}px wide"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        tick = page.locator(".chart .tick").first.bounding_box()
        assert tick["height"] >= 9, f"the chart's labels are {tick['height']}px high"
        entry = page.locator('.entry-document:has(> a[href="/documents/guidelines-2015/"])')
        section = entry.get_by_role("link", name="VI.B Cooperation on Cyberspace")
        expect(section).to_be_hidden()  # collapsed by default
        entry.locator("summary").click()
        expect(section).to_be_visible()
    finally:
        context.close()


def test_an_area_through_time_links_each_step_to_its_comparison(page):
    page.goto("/areas/logistics-support/")
    page.get_by_role("link", name="Logistics support through time").click()
    step = page.locator("#d-guidelines-2015")
    expect(step.get_by_role("link", name="IV.A.6 Logistic Support")).to_be_visible()
    step.get_by_role("link", name=re.compile("What changed on Logistics support")).click()
    expect(page).to_have_url(re.compile(r"area=logistics-support$"))
    expect(page.locator(".compare-row").first).to_be_visible()
