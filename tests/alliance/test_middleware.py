"""Django's and django-csp's middleware as the archive runs them: the same headers and
messages, worked out only when a response needs them."""

import hashlib

import pytest
from csp.constants import HEADER, NONCE
from csp.middleware import CSPMiddleware
from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from alliance.middleware import SettingsCSPMiddleware

pytestmark = pytest.mark.django_db


def _both(response_for, request_for=lambda request: None):
    """The header from django-csp's own middleware and from ours, for the same response."""
    headers = []
    for middleware_class in (CSPMiddleware, SettingsCSPMiddleware):
        request = RequestFactory().get("/documents/")
        middleware = middleware_class(lambda request: HttpResponse("x"))
        middleware.process_request(request)
        request_for(request)
        response = middleware.process_response(request, response_for())
        headers.append(response.get(HEADER))
    return headers


def test_a_page_gets_the_settings_policy_as_django_csp_gives_it(client):
    page = client.get("/about/")
    theirs, ours = _both(HttpResponse)
    assert ours == theirs == page[HEADER]
    assert "default-src 'self'" in ours and "frame-ancestors 'none'" in ours


def test_a_response_with_a_policy_of_its_own_keeps_it():
    def updated():
        response = HttpResponse("x")
        response._csp_update = {"img-src": ["https://images.example"]}
        return response

    theirs, ours = _both(updated)
    assert ours == theirs and "https://images.example" in ours


def test_a_page_that_asks_for_a_nonce_goes_django_csps_way():
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        theirs, ours = _both(HttpResponse, lambda request: str(request.csp_nonce))
    assert "'nonce-" in ours and "'nonce-" in theirs
    assert ours.split("'nonce-")[0] == theirs.split("'nonce-")[0]


def test_a_changed_policy_is_built_again():
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        theirs, ours = _both(HttpResponse)
        assert ours == theirs == "default-src 'none'"
    theirs, ours = _both(HttpResponse)
    assert ours == theirs and "'self'" in ours


def test_the_etag_is_the_pages_sha1_and_answers_304(client):
    page = client.get("/about/")
    assert page["ETag"] == f'"{hashlib.sha1(page.content).hexdigest()}"'
    again = client.get("/about/", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304


def test_a_page_that_uses_no_messages_leaves_their_cookie_alone(client):
    client.cookies["messages"] = "kept-as-it-was"
    page = client.get("/about/")
    assert "messages" not in page.cookies


def test_messages_are_stored_and_shown_when_a_view_adds_them(rf):
    from alliance.middleware import LazyMessageMiddleware

    def view(request):
        messages.success(request, "Saved.")
        return HttpResponse("x")

    middleware = LazyMessageMiddleware(view)
    request = rf.get("/")
    request.session = SessionStore()
    response = middleware(request)
    assert "messages" in response.cookies  # stored for the next page
    following = rf.get("/")
    following.COOKIES["messages"] = response.cookies["messages"].value
    following.session = SessionStore()
    LazyMessageMiddleware(lambda request: HttpResponse("x")).process_request(following)
    assert [str(message) for message in messages.get_messages(following)] == ["Saved."]


def test_an_excluded_path_gets_no_policy_as_with_django_csp():
    policy = {"DIRECTIVES": {"default-src": ["'self'"]}, "EXCLUDE_URL_PREFIXES": ["/documents"]}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert _both(HttpResponse) == [None, None]
