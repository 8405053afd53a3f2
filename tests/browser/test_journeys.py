"""What readers do on the site, step by step, checked as they would see it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PERMALINK = re.compile("permalink", re.IGNORECASE)
GUIDELINES_2015 = re.compile(
    r"Guidelines for Japan-U\.S\. Defense Cooperation \(2015\)|^2015 Guidelines$"
)


def test_student_reads_the_cyberspace_section_of_the_2015_guidelines(page):
    page.goto("/documents/?kind=guidelines")
    page.get_by_role("link", name=GUIDELINES_2015).first.click()
    expect(page).to_have_url(re.compile(r"/documents/guidelines-2015/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("(2015)")

    toc = page.locator("nav.toc")
    toc.get_by_role("link", name=re.compile(r"Cooperation on Cyberspace$")).click()
    expect(page).to_have_url(re.compile(r"/documents/guidelines-2015/#s-vi-b$"))
    heading = page.locator("#s-vi-b").get_by_role("heading")
    expect(heading).to_have_text(re.compile(r"Cooperation on Cyberspace$"))
    expect(heading).to_be_in_viewport()

    page.locator("#s-vi-b").get_by_role("link", name=PERMALINK).click()
    expect(page).to_have_url(re.compile(r"/documents/guidelines-2015/sections/vi-b/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cooperation on Cyberspace")
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    back = breadcrumb.get_by_role("link", name="2015 Guidelines", exact=True)
    expect(back).to_have_attribute("href", "/documents/guidelines-2015/")

    back.click()
    expect(page).to_have_url(re.compile(r"/documents/guidelines-2015/$"))


def test_researcher_follows_the_cyberspace_area_to_a_quote_and_its_source(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Cooperation areas"
    ).click()
    expect(page).to_have_url(re.compile(r"/areas/$"))
    page.get_by_role("link", name="Cyberspace", exact=True).click()
    expect(page).to_have_url(re.compile(r"/areas/cyber/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cyberspace")

    # Sections of the 2015 Guidelines tagged with the area, among them VI.B.
    # (on the timeline they are nested, folded, under their document: the reader opens it)
    vi_b = page.locator('main a[href="/documents/guidelines-2015/sections/vi-b/"]').first
    summaries = page.locator(
        "main details:has(a[href='/documents/guidelines-2015/sections/vi-b/']) > summary"
    )
    for index in range(summaries.count()):  # open the document's entry (and any group it is in)
        details = summaries.nth(index).locator("xpath=..")
        if not details.evaluate("element => element.open"):
            summaries.nth(index).click()
    expect(vi_b).to_be_visible()
    expect(
        page.locator('main a[href="/documents/guidelines-2015/sections/vi-b/"]')
    ).to_contain_text("Cooperation on Cyberspace")

    page.get_by_role("link", name=re.compile("^“Space and cyber”")).click()
    expect(page).to_have_url(re.compile(r"/quotes/2/$"))
    expect(page.locator("blockquote").first).to_have_text("“Space and cyber”")
    speaker = "a State Department official who spoke on the condition of anonymity"
    expect(page.get_by_role("heading", level=1)).to_contain_text(speaker)
    expect(page.get_by_role("link", name=speaker, exact=True)).to_have_attribute(
        "href", "/officials/state-department-official-2014-10/"
    )

    article = page.get_by_role(
        "link", name="Tokyo and Washington Writing New Guidelines for Military Partnerships"
    )
    expect(article).to_have_attribute("href", "/documents/defense-news-new-guidelines-2014-10/")
    article.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tokyo and Washington Writing New Guidelines for Military Partnerships"
    )


def test_metadata_only_interim_report_says_its_text_is_not_held(page):
    page.goto("/documents/guidelines-interim-report-2014/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interim Report")
    expect(page.get_by_text("The archive does not hold the text of this document")).to_be_visible()
    expect(page.locator("nav.toc")).to_have_count(0)
    expect(page.locator("section[id^='s-']")).to_have_count(0)
