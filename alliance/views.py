"""Project-level views: health checks for load balancers, and the error handler that turns a
lost database into a plain 503 page."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
)
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

from alliance.db import is_timeout

DATABASE_DOWN = (OperationalError, InterfaceError)
try:
    from psycopg_pool import PoolTimeout

    DATABASE_DOWN += (PoolTimeout,)
except ImportError:  # the pool is optional
    pass


def healthz(request):
    """The process is up (no database involved)."""
    return HttpResponse("ok\n", content_type="text/plain")


def readyz(request):
    """The database answers: a load balancer may send traffic here."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, *DATABASE_DOWN):
        return HttpResponse("database unavailable\n", content_type="text/plain", status=503)
    return HttpResponse("ok\n", content_type="text/plain")


def database_reachable():
    """Whether a fresh connection gets through (the request's own may be broken or inside an
    aborted transaction, which says nothing about the database)."""
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with probe.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (DatabaseError, *DATABASE_DOWN):
        return False
    finally:
        probe.close()
    return True


def server_error(request):
    """500 handler. A database that is down, unreachable or too slow to answer gets 503 and a
    page saying so (an error of the query itself, with the database up, stays a 500); neither
    shows any detail."""
    error = sys.exc_info()[1]
    # A database that did not answer in time is unavailable, whether or not a new connection
    # would get through now (and trying one could take as long again).
    if is_timeout(error) or (isinstance(error, DATABASE_DOWN) and not database_reachable()):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def bad_request(request, exception):
    """400 handler. A form larger than the site accepts (``DATA_UPLOAD_MAX_MEMORY_SIZE``, a
    pasted text of more than 2.5 MB) is told so and what to do instead: it answered Django's
    bare "Bad Request (400)"."""
    too_big = isinstance(exception, RequestDataTooBig)
    html = render_to_string(
        "400.html",
        {"too_big": too_big, "limit_mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024},
        request,
    )
    return HttpResponseBadRequest(html)
