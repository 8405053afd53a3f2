"""Health checks and the error handler."""

import pytest
from django.db import OperationalError

from alliance.views import server_error

pytestmark = pytest.mark.django_db


def test_health_checks(client):
    assert client.get("/healthz").content == b"ok\n"
    assert client.get("/readyz").status_code == 200


def test_a_query_error_with_the_database_up_is_a_500_not_a_503(rf):
    try:
        raise OperationalError("near SELECT: syntax error")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"syntax error" not in response.content


def test_an_unexpected_error_is_a_plain_500(rf):
    try:
        raise KeyError("secret detail")
    except KeyError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"secret detail" not in response.content
    assert b"Something went wrong" in response.content


def test_a_form_too_large_to_send_says_so_and_what_to_do(client, admin_user, settings):
    """Pasting more than 2.5 MB into the text import answered Django's bare "Bad Request
    (400)": the page now says the form was too large and to upload the text as a file."""
    from django.urls import reverse

    from tests.factories import DocumentFactory

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(admin_user)
    document = DocumentFactory()
    url = reverse("admin:documents_document_import_text", args=[document.pk])
    response = client.post(url, {"text": "A pasted text. " * 2_000})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Too large to send" in content and "upload it as a file" in content
