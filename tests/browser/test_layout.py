"""The layout a reader on any screen notices: no page scrolls sideways on a phone, the header's
navigation wraps instead of being cut, and the reader puts the text first — with the contents
in a sticky column on a wide screen and folded above the text on a narrow one."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORT

pytestmark = pytest.mark.browser

READER = "/documents/guidelines-2015/"
PHONES = [pytest.param(320, id="320px"), pytest.param(390, id="390px")]

# Every public page type (the admin is for editors on a desktop).
PAGES = [
    "/",
    "/about/",
    "/documents/",
    "/documents/?q=cyber",
    READER,
    "/documents/guidelines-2015/sections/vi-b/",
    "/documents/guidelines-interim-report-2014/",
    "/search/?q=cyberspace",
    "/search/?q=space&area=space-and-cyberspace&kind=guidelines",
    "/search/help/",
    "/areas/",
    "/areas/cyber/",
    "/timeline/",
    "/officials/",
    "/officials/state-department-official-2014-10/",
    "/quotes/",
    "/quotes/2/",
    "/organizations/us-department-of-state/",
    "/series/guidelines-for-us-japan-defense-cooperation/",
    "/events/scc-directs-guidelines-revision-2013/",
    "/data/",
    "/no-such-page/",
]

OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 1)
    .slice(0, 5)
    .map((e) => `${e.tagName.toLowerCase()}.${e.className} ends at `
      + `${Math.round(e.getBoundingClientRect().right)}px`);
}"""


@pytest.fixture
def phone(browser, base_url, request):
    """A page in a phone-sized viewport; the width comes from the test's parameter."""
    context = browser.new_context(
        viewport={"width": request.param, "height": 800}, base_url=base_url, is_mobile=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_no_page_scrolls_sideways_on_a_phone(phone):
    problems = []
    for path in PAGES:
        phone.goto(path)
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        width = phone.evaluate("document.documentElement.clientWidth")
        if scroll_width > width:
            problems.append(f"{path}: {scroll_width}px wide; {phone.evaluate(OVERFLOWING)}")
    assert not problems, "Pages wider than the screen:\n" + "\n".join(problems)


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_header_navigation_wraps_on_a_phone(phone):
    phone.goto("/")
    width = phone.viewport_size["width"]
    nav = phone.get_by_role("navigation", name="Main")
    for name in ["Documents", "Cooperation areas", "Timeline", "Officials", "Quotes"]:
        link = nav.get_by_role("link", name=name)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name} is cut: {box}"
    search = phone.locator("#site-search-q")
    box = search.bounding_box()
    assert box["x"] + box["width"] <= width


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_reader_on_a_phone_starts_the_text_on_the_first_screen(phone):
    phone.goto(READER)
    top = phone.locator(".text").bounding_box()["y"]
    assert top < 800, f"the text starts {top:.0f}px down, below the first screen"

    contents = phone.locator("details.toc-box")
    expect(contents).not_to_have_attribute("open", "")
    expect(phone.locator("nav.toc")).to_be_hidden()
    contents.get_by_text("Contents").click()
    toc = phone.locator("nav.toc")
    expect(toc).to_be_visible()
    expect(phone.get_by_role("searchbox", name="Search within this document")).to_be_visible()
    toc.get_by_role("link", name=re.compile(r"Cooperation on Cyberspace$")).click()
    expect(phone.locator("#s-vi-b").get_by_role("heading")).to_be_in_viewport()


def test_reader_on_a_wide_screen_keeps_the_contents_beside_the_text(page):
    page.goto(READER)
    toc = page.locator("nav.toc")
    expect(toc).to_be_visible()
    text = page.locator(".text")
    toc_box, text_box = toc.bounding_box(), text.bounding_box()
    assert toc_box["x"] + toc_box["width"] <= text_box["x"], "the contents are not beside the text"
    first = page.locator("#s-i").get_by_role("heading").bounding_box()
    assert first["y"] < VIEWPORT["height"], f"the text starts {first['y']:.0f}px down"

    # Deep in the document the contents are still on screen.
    page.locator("#s-vi-b").scroll_into_view_if_needed()
    expect(toc.get_by_role("link", name="I. Defense Cooperation", exact=False)).to_be_attached()
    assert toc.bounding_box()["y"] < VIEWPORT["height"]
    assert page.locator(".toc-box").evaluate("e => e.getBoundingClientRect().top") < 50
    # Clicking "Contents" does not fold them away on a wide screen.
    page.locator("details.toc-box > summary").click()
    expect(toc).to_be_visible()


def test_reader_without_javascript_still_shows_the_contents_on_a_wide_screen(browser, base_url):
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(READER)
        expect(page.locator("nav.toc")).to_be_visible()
    finally:
        context.close()


def test_reader_metadata_is_compact(page):
    """Thirteen area chips fold into one line; the editions take one line."""
    page.goto(READER)
    areas = page.locator("details.doc-areas")
    expect(areas.locator("summary")).to_have_text(re.compile(r"^\d+ cooperation areas$"))
    expect(areas.get_by_role("link", name="Cyberspace")).to_be_hidden()
    editions = page.get_by_role("navigation", name="Editions", exact=True)
    assert editions.bounding_box()["height"] < 40
    areas.locator("summary").click()
    expect(areas.get_by_role("link", name="Cyberspace")).to_be_visible()


@pytest.mark.parametrize("phone", PHONES, indirect=True)
@pytest.mark.parametrize("path", ["/search/?q=cyberspace", "/documents/"])
def test_on_a_phone_the_results_come_before_the_filters(phone, path):
    """On a phone the filters filled the first screen and more (the first result of a search
    was 1,100 px down): they fold under "Filter", above the results."""
    phone.goto(path)
    first = phone.locator(".results li").first.bounding_box()
    assert first["y"] < 800, f"the first result is {first['y']:.0f}px down, below the first screen"
    filters = phone.locator("details.filters-box")
    expect(filters).not_to_have_attribute("open", "")
    expect(phone.get_by_role("button", name="Apply")).to_be_hidden()
    filters.locator("summary").click()
    expect(phone.get_by_role("button", name="Apply")).to_be_visible()


def test_on_a_wide_screen_the_filters_stay_open_beside_the_results(page):
    page.goto("/search/?q=cyberspace")
    apply = page.get_by_role("button", name="Apply")
    expect(apply).to_be_visible()
    page.locator("details.filters-box summary").click()  # not a toggle there
    expect(apply).to_be_visible()
    filters, results = page.locator("form.filters"), page.locator(".results")
    assert (
        filters.bounding_box()["x"] + filters.bounding_box()["width"] <= results.bounding_box()["x"]
    )


@pytest.mark.parametrize("phone", PHONES[1:], indirect=True)
def test_filters_not_understood_are_shown_open_on_a_phone(phone):
    phone.goto("/documents/?year_from=abc")
    expect(phone.locator("details.filters-box")).to_have_attribute("open", "")
    expect(phone.get_by_role("alert")).to_be_visible()


LANE_STRIPS = """() => {
  const figure = document.querySelector("figure.lanes");
  const strips = [...figure.querySelectorAll(".lane-strip")].map((strip) => {
    const name = strip.querySelector(".lane-strip-name"), plot = strip.querySelector("svg");
    const n = name.getBoundingClientRect(), p = plot.getBoundingClientRect();
    const dots = [...plot.querySelectorAll("circle")].map((c) => c.getBoundingClientRect());
    return {
      name: name.textContent, nameBottom: n.bottom, nameHeight: n.height,
      cut: name.scrollWidth > name.clientWidth + 1 || name.scrollHeight > name.clientHeight + 1,
      fontSize: parseFloat(getComputedStyle(name).fontSize),
      plotTop: p.top, plotLeft: p.left, plotWidth: p.width,
      dotsLeft: Math.min(...dots.map((d) => d.left)),
      dotsRight: Math.max(...dots.map((d) => d.right)),
    };
  });
  const sticky = [...figure.querySelectorAll("*")].filter((e) =>
    ["sticky", "fixed"].includes(getComputedStyle(e).position)).length;
  return {strips, sticky, figureWidth: figure.getBoundingClientRect().width};
}"""


@pytest.mark.parametrize("phone", PHONES, indirect=True)
def test_on_a_phone_the_timelines_lane_names_cover_none_of_the_chart(phone):
    """Swiped sideways, the chart kept its lane names in a sticky column that covered 38% of it
    (136 of 358 px at 390 px wide; outside review). On a phone each lane is a strip as wide as
    the screen under its name, whole and readable: nothing sticks over the dots, and the chart
    needs no swiping to reach its later years."""
    phone.goto("/timeline/")
    width = phone.viewport_size["width"]
    chart = phone.evaluate(LANE_STRIPS)
    assert chart["sticky"] == 0, "something in the chart sticks over it"
    strips = chart["strips"]
    assert [s["name"] for s in strips][:2] == [
        "Alliance coordination and planning",
        "Bases and force posture",
    ]
    assert strips[-1]["name"] == "Milestones"
    for strip in strips:
        assert strip["nameBottom"] <= strip["plotTop"] + 0.5, f"{strip['name']} covers its lane"
        assert not strip["cut"] and strip["fontSize"] >= 11, strip
        assert strip["plotWidth"] >= 0.95 * chart["figureWidth"], strip
        assert strip["dotsLeft"] >= 0 and strip["dotsRight"] <= width, f"{strip['name']} is cut"
    # The strips, their names and the years below take less than half the first screen.
    height = phone.locator("figure.lanes .lane-strips").bounding_box()["height"]
    assert height < 0.5 * phone.viewport_size["height"], f"the lanes are {height:.0f}px high"
    expect(phone.locator("figure.lanes .lanes-wide")).to_be_hidden()
    expect(phone.locator("figure.lanes .lane-strips .tick").first).to_be_visible()


def test_on_a_wide_screen_the_timeline_names_its_lanes_in_the_chart(page):
    page.goto("/timeline/")
    expect(page.locator("figure.lanes .lane-label").first).to_be_visible()
    expect(page.locator("figure.lanes .lane-strips")).to_be_hidden()
