"""Security: headers on every response, deploy checks, admin locked to staff, escaping."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from documents.models import Document
from tests.factories import (
    CooperationAreaFactory,
    DocumentFactory,
    EventFactory,
    OfficialFactory,
    OrganizationFactory,
    QuoteFactory,
    SectionFactory,
    SeriesFactory,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7#kQ9!vR2@mZ5$wL8^tB3&nJ6*pF1(hD4)sG0-yC9+eA2=uK7~oI5",
    "DJANGO_ALLOWED_HOSTS": "archive.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "ALLIANCE_CONTACT_EMAIL": "corrections@archive.example.org",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("PYTEST_CURRENT_TEST", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "alliance.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY is not set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS is not set"),
    ],
)
def test_missing_production_settings_stop_start_up_clearly(missing, message):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


def public_urls():
    section = SectionFactory(anchor="iv-b-2")
    quote = QuoteFactory()
    return [
        "/",
        "/documents/",
        section.document.get_absolute_url(),
        section.get_absolute_url(),
        quote.get_absolute_url(),
        "/areas/",
        "/timeline/",
        "/officials/",
        "/quotes/",
        "/no-such-page/",
        "/sitemap.xml",
        "/feeds/documents/",
        "/healthz",
    ]


def test_security_headers_on_every_response(client):
    for url in public_urls():
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy, url
        assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "object-src 'none'" in policy, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "camera=()" in response["Permissions-Policy"], url


def test_templates_have_no_inline_scripts_or_styles():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert " style=" not in text, path
        for script in __import__("re").findall(r"<script[^>]*>", text):
            assert "src=" in script or "application/ld+json" in script, (path, script)


def admin_urls():
    area = CooperationAreaFactory()
    objects = {
        "cooperationarea": area,
        "organization": OrganizationFactory(),
        "series": SeriesFactory(),
        "document": DocumentFactory(),
        "section": SectionFactory(),
        "official": OfficialFactory(),
        "quote": QuoteFactory(),
        "event": EventFactory(),
    }
    urls = [reverse("admin:index")]
    for name, obj in objects.items():
        urls += [
            reverse(f"admin:documents_{name}_changelist"),
            reverse(f"admin:documents_{name}_add"),
            reverse(f"admin:documents_{name}_change", args=[obj.pk]),
            reverse(f"admin:documents_{name}_delete", args=[obj.pk]),
        ]
    urls.append(reverse("admin:documents_document_import_text", args=[objects["document"].pk]))
    urls.append(reverse("admin:auth_user_changelist"))
    return urls


def test_anonymous_and_non_staff_users_reach_nothing_in_the_admin(client):
    urls = admin_urls()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
        assert client.post(url, {"title": "x"}).status_code == 302, url
    client.force_login(User.objects.create_user("reader", password="long-password-1"))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    assert Document.objects.filter(title="x").count() == 0


def test_admin_login_is_throttled(client):
    User.objects.create_user("editor", password="the-right-password-1", is_staff=True)
    login = reverse("admin:login")
    for _ in range(4):
        response = client.post(login, {"username": "editor", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(login, {"username": "editor", "password": "wrong"})
    assert response.status_code == 429  # the fifth failure locks the account for this address
    response = client.post(login, {"username": "editor", "password": "the-right-password-1"})
    assert response.status_code == 429  # locked out, even with the right password now
    assert "_auth_user_id" not in client.session


def test_admin_path_is_configurable():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.urls import reverse; print(reverse('admin:index'))",
        env={**PRODUCTION_ENV, "ADMIN_URL": "curate-7f3a"},
    )
    assert result.stdout.strip() == "/curate-7f3a/", result.stderr


XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_stored_text_is_escaped_on_every_page(client):
    area = CooperationAreaFactory(name=XSS, description=XSS)
    organization = OrganizationFactory(name=XSS)
    series = SeriesFactory(title=XSS, description=XSS)
    document = DocumentFactory(
        title=XSS,
        short_title=XSS,
        summary=XSS,
        front_matter=XSS,
        source_description=XSS,
        completeness=XSS,
        provenance_notes=XSS,
        areas=[area],
        issuers=[organization],
        series=series,
        edition_label=XSS[:50],
    )
    section = SectionFactory(document=document, label="1.", heading=XSS, body=XSS, areas=[area])
    official = OfficialFactory(name=XSS, description=XSS, role=XSS, organization=organization)
    quote = QuoteFactory(text=XSS, context=XSS, official=official, document=document, areas=[area])
    event = EventFactory(title=XSS, description=XSS)
    event.areas.add(area)
    urls = [
        "/",
        "/documents/",
        document.get_absolute_url(),
        section.get_absolute_url(),
        quote.get_absolute_url(),
        official.get_absolute_url(),
        area.get_absolute_url(),
        organization.get_absolute_url(),
        series.get_absolute_url(),
        event.get_absolute_url(),
        "/timeline/",
        "/officials/",
        "/quotes/",
        "/areas/",
        "/feeds/documents/",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        assert "<script>alert" not in content, url
        assert "<img src=x" not in content, url
    # Citation downloads carry the text as it is, but never as HTML.
    download = client.get(f"{document.get_absolute_url()}cite.bib")
    assert download["Content-Type"].startswith("application/x-bibtex")


def test_summary_markup_is_sanitized_on_save():
    document = DocumentFactory(
        summary='<em>Revised</em> <a href="javascript:alert(1)" onclick="x()">link</a>'
        '<script>alert(1)</script><strong style="color:red">bold</strong>'
    )
    document.refresh_from_db()
    assert "<em>Revised</em>" in document.summary
    assert "<strong>bold</strong>" in document.summary
    for bad in ("script", "javascript:", "onclick", "style="):
        assert bad not in document.summary


def test_session_and_csrf_cookies_are_secure_in_production():
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000"], result.stderr
