"""The server the browser tests use is set up the way production is."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_server_runs_without_debug_and_serves_hashed_static_files(page):
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("URLconf")  # no DEBUG page

    page.goto("/")
    stylesheet = page.locator("link[rel=stylesheet]").first
    href = stylesheet.get_attribute("href")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", href), href
    css = page.request.get(href)
    assert css.status == 200
    assert css.headers["content-type"].startswith("text/css")
