"""A lost database: public pages answer a plain 503, /readyz fails, /healthz still answers, and
the site recovers by itself when the database comes back.

The app runs in a real server process whose DATABASE_URL points at a TCP relay to the local
PostgreSQL; the test cuts the relay (the database "goes away") and restores it.
"""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """A TCP relay from a local port to PostgreSQL that can be cut and restored, or stalled:
    connections stay open but nothing is forwarded (a frozen server or proxy)."""

    def __init__(self, port):
        self.port, self.listener, self.connections = port, None, []
        self.flowing = threading.Event()
        self.flowing.set()

    def stall(self):
        self.flowing.clear()

    def resume(self):
        self.flowing.set()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        self.listener.settimeout(0.2)
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            upstream = socket.create_connection((PG["host"], PG["port"]))
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, target):
        try:
            while data := source.recv(65536):
                self.flowing.wait()
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        self.running = False
        self.listener.close()
        for sock in self.connections:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.connections = []


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def scratch_database():
    try:
        admin = psycopg.connect(**PG, dbname="postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432; this test needs it.")
    name = f"alliance_failure_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


# The served default. A page that needs nothing from the database but the archive's generation
# (the home page: its parts are kept per generation) is still served for up to this long after
# the database goes away; the tests wait it out before expecting 503.
GENERATION_TTL = 0.5


@contextlib.contextmanager
def served_through(relay, database, tmp_path, **extra_env):
    """A gunicorn worker whose database connections go through ``relay``; yields its base URL."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_COOKIES": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{relay.port}/{database}",
        "DATABASE_CONNECT_TIMEOUT": "2",
        "PAGE_CACHE_SECONDS": "0",
        "ARCHIVE_GENERATION_TTL": str(GENERATION_TTL),
        "ALLIANCE_VAR_DIR": str(tmp_path),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    port = free_port()  # chosen just before gunicorn binds it, not before the set-up
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "alliance.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env={**env, **extra_env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60  # a loaded CI machine starts gunicorn slowly
        while True:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                output = server.communicate(timeout=10)[0].decode(errors="replace")
                pytest.fail(f"gunicorn did not answer /healthz:\n{output[-3000:]}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def test_database_outage_gives_503_and_the_site_recovers(scratch_database, tmp_path):
    relay = Relay(free_port())
    relay.start()
    try:
        with served_through(relay, scratch_database, tmp_path) as base:
            assert get(f"{base}/readyz")[0] == 200
            assert get(f"{base}/")[0] == 200

            relay.stop()  # the database goes away
            time.sleep(GENERATION_TTL)
            status, body = get(f"{base}/")
            assert status == 503
            assert "temporarily unavailable" in body
            assert "Traceback" not in body and "psycopg" not in body
            assert "OperationalError" not in body
            assert get(f"{base}/documents/")[0] == 503
            assert get(f"{base}/readyz")[0] == 503
            assert get(f"{base}/healthz")[0] == 200

            relay.start()  # … and comes back: no restart needed
            deadline = time.monotonic() + 20
            while get(f"{base}/")[0] != 200:
                assert time.monotonic() < deadline, "the site did not recover"
                time.sleep(0.5)
            assert get(f"{base}/readyz")[0] == 200
    finally:
        relay.stop()


def timed_get(url):
    started = time.monotonic()
    status, body = get(url)
    return status, body, time.monotonic() - started


def test_a_stalled_database_gives_503_within_seconds_and_the_site_recovers(
    scratch_database, tmp_path
):
    """The connection stays open but the database never answers: with persistent connections
    (an established connection has no read timeout of its own) and without them."""
    relay = Relay(free_port())
    relay.start()
    try:
        with served_through(
            relay,
            scratch_database,
            tmp_path,
            DATABASE_CONN_MAX_AGE="60",
            DATABASE_READ_TIMEOUT="2",
        ) as base:
            assert get(f"{base}/")[0] == 200  # the worker now holds an open connection

            relay.stall()
            time.sleep(GENERATION_TTL)
            for path in ["/", "/documents/", "/readyz"]:
                status, body, seconds = timed_get(f"{base}{path}")
                assert status == 503, (path, status)
                assert seconds < 6, f"{path} took {seconds:.1f} s"
                assert "Traceback" not in body and "psycopg" not in body
            assert get(f"{base}/healthz")[0] == 200

            relay.resume()
            deadline = time.monotonic() + 20
            while get(f"{base}/")[0] != 200:
                assert time.monotonic() < deadline, "the site did not recover"
                time.sleep(0.5)
            assert get(f"{base}/readyz")[0] == 200
    finally:
        relay.resume()
        relay.stop()


@pytest.mark.django_db(transaction=True)
def test_a_statement_timeout_answers_503_not_500(rf):
    """PostgreSQL cancels a statement past statement_timeout: the reader gets 503 and a
    Retry-After, like any other unavailable database, although a new connection would work."""
    from django.db import DatabaseError, connection, transaction

    from alliance.views import server_error

    if connection.vendor != "postgresql":
        pytest.skip("statement_timeout is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] != "0"  # set from DATABASE_STATEMENT_TIMEOUT
    response = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")
    except DatabaseError:
        response = server_error(rf.get("/"))
    assert response is not None and response.status_code == 503
    assert response["Retry-After"]


@pytest.mark.django_db
def test_a_broken_query_with_the_database_up_stays_a_500(rf):
    from django.db import DatabaseError, connection, transaction

    from alliance.views import server_error

    response = None
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")
    except DatabaseError:
        response = server_error(rf.get("/"))
    assert response is not None and response.status_code == 500
