"""A scholar checks what the archive is before citing it: the About page, from any footer."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CONTACT_EMAIL

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_reader_finds_the_editorial_policy_and_how_to_report_an_error(page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/documents/guidelines-2015/sections/vi-b/")
    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="About the archive").click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("About the archive")
    for heading in ["Who curates it", "Editorial policy", "Corrections", "Rights"]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()

    page.get_by_role("contentinfo").get_by_role("link", name="Report an error").click()
    expect(page).to_have_url(re.compile(r"/about/#report$"))
    write = page.get_by_role("link", name=CONTACT_EMAIL)
    expect(write).to_be_in_viewport()
    expect(write).to_have_attribute("href", re.compile(rf"^mailto:{re.escape(CONTACT_EMAIL)}\?"))
