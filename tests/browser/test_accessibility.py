"""axe-core on every page type: no WCAG 2.1 level A or AA violation.

To cover a new page type, add a line to PAGES. A page with a known violation gets
``marks=known_violation("rule-id: what to fix")``: a strict xfail, so the suite stays green and
fails the day the page is fixed, reminding to remove the mark.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_21_A_AA},
    "resultTypes": ["violations"],
}


def known_violation(reason):
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)


# (path, expected HTTP status), one per page type (and per state worth checking).
PAGES = [
    pytest.param("/", 200, id="home"),
    pytest.param("/about/", 200, id="about"),
    pytest.param("/documents/", 200, id="document-list"),
    pytest.param("/documents/?q=cyber", 200, id="document-search"),
    pytest.param("/search/?q=cyberspace", 200, id="search"),
    pytest.param("/search/?q=cyberspase", 200, id="search-no-results"),
    pytest.param(
        "/search/?q=space&area=space-and-cyberspace&kind=guidelines", 200, id="search-filtered"
    ),
    pytest.param("/documents/guidelines-2015/", 200, id="reader"),
    pytest.param("/documents/guidelines-2015/sections/vi-b/", 200, id="section"),
    pytest.param("/documents/guidelines-interim-report-2014/", 200, id="metadata-only"),
    pytest.param("/areas/", 200, id="area-list"),
    pytest.param("/areas/cyber/", 200, id="area"),
    pytest.param("/timeline/", 200, id="timeline"),
    pytest.param("/officials/", 200, id="official-list"),
    pytest.param("/officials/state-department-official-2014-10/", 200, id="official"),
    pytest.param("/quotes/", 200, id="quote-list"),
    pytest.param("/quotes/2/", 200, id="quote"),
    pytest.param("/organizations/us-department-of-state/", 200, id="organization"),
    pytest.param("/series/guidelines-for-us-japan-defense-cooperation/", 200, id="series"),
    pytest.param("/events/scc-directs-guidelines-revision-2013/", 200, id="event"),
    pytest.param("/compare/guidelines-1997...guidelines-2015/", 200, id="compare"),
    pytest.param(
        "/compare/guidelines-1997...guidelines-2015/?area=cyber", 200, id="compare-filtered"
    ),
    pytest.param("/compare/guidelines-1978...guidelines-1997/", 200, id="compare-no-text"),
    pytest.param("/compare/guidelines-2015...guidelines-2015/", 400, id="compare-same"),
    pytest.param("/compare/nothing...guidelines-2015/", 404, id="compare-unknown"),
    pytest.param("/areas/logistics-support/through-time/", 200, id="area-story"),
    pytest.param("/no-such-page/", 404, id="404"),
]


def run_axe(page):
    return Axe().run(page, options=AXE_OPTIONS)


def describe(violations):
    """One block per violated rule: id, impact, help, then each element and what to fix."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - {', '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            for summary_line in node.get("failureSummary", "").splitlines():
                lines.append(f"    {summary_line}")
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "status"), PAGES)
def test_page_has_no_wcag_21_a_or_aa_violations(page, path, status):
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    results = run_axe(page)
    assert results.violations_count == 0, (
        f"axe found {results.violations_count} WCAG 2.1 A/AA violation(s) on {path}:\n"
        + describe(results.response["violations"])
    )


def test_axe_catches_a_known_violation(page):
    """The harness itself works: an image without alternative text is reported."""
    page.set_content('<!doctype html><html lang="en"><title>t</title><img src="x.png"></html>')
    results = run_axe(page)
    assert [violation["id"] for violation in results.response["violations"]] == ["image-alt"]
    assert "image-alt" in describe(results.response["violations"])
