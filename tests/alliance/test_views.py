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
