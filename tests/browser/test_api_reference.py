"""The API's reference page works in a real browser under the site's strict CSP: Swagger UI
comes from this server (no CDN), nothing is refused, and it lists the endpoints."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_reference_page_renders_the_schema_without_csp_violations(page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(("http://127.0.0.1", "http://localhost", "data:"))
            else None
        ),
    )
    response = page.goto("/api/v1/reference/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Alliance Archive API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/documents/" in path for path in paths)
    assert refused == []
    assert outside == []


def test_the_api_answers_json_to_a_browser(page):
    response = page.goto("/api/v1/documents/?page_size=1")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["access-control-allow-origin"] == "*"
