"""Full-page screenshots of the main pages. They are for people: look at them after a change
to the templates or the stylesheet. `make screenshots` (UPDATE_SCREENSHOTS=1) rewrites the
committed ones in docs/screenshots/; an ordinary test run writes them to a temporary folder, so
it leaves the work tree clean. Very long pages (the reader) are cut at MAX_HEIGHT.
"""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
MAX_HEIGHT = 3000  # CSS pixels

PAGES = [
    pytest.param("home", "/", id="home"),
    pytest.param("reader", "/documents/guidelines-2015/", id="reader"),
    pytest.param("section", "/documents/guidelines-2015/sections/vi-b/", id="section"),
    pytest.param("area", "/areas/cyber/", id="area"),
    pytest.param("quote", "/quotes/2/", id="quote"),
    pytest.param("documents", "/documents/", id="documents"),
    pytest.param("timeline", "/timeline/", id="timeline"),
    pytest.param("search", "/search/?q=BMD", id="search"),
    pytest.param("comparison", "/compare/guidelines-1997...guidelines-2015/", id="comparison"),
]


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_screenshot(page, name, path, tmp_path_factory):
    update = os.environ.get("UPDATE_SCREENSHOTS") == "1"
    folder = COMMITTED if update else tmp_path_factory.getbasetemp() / "screenshots"
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    page.evaluate("document.fonts.ready")
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.png"
    page.screenshot(
        path=target,
        full_page=True,
        clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
        animations="disabled",
        caret="hide",
    )
    assert target.stat().st_size > 0
