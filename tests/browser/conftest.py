"""Real-browser tests: Chromium (driven by Playwright) against gunicorn serving a throwaway copy
of the archive with production settings.

The server is a subprocess, so nothing here touches Django's database in-process (and the tests
need no pytest-django ``db`` fixture). One server and one browser serve the whole session; each
test gets a fresh browser context.

Chromium is Debian's package (``/usr/bin/chromium``, or ``$CHROMIUM_PATH``); Playwright never
downloads a browser. Without Chromium every test here is skipped with a message saying so.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# The background-networking flags matter: without them Chromium phones home at start-up and
# this machine's closed network refuses its connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
SITE_URL = "https://archive.example.org"
CONTACT_EMAIL = "corrections@archive.example.org"  # the About page's "report an error"
SERVER_START_TIMEOUT = 30  # seconds
COMMAND_TIMEOUT = 180  # seconds, for each manage.py command


# --- Chromium, and skipping without it -----------------------------------------------------


def find_chromium():
    """(path, None) for a usable Chromium, or (None, why not) for the skip message."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if os.access(configured, os.X_OK):
            return configured, None
        return None, f"Chromium not found at {configured} (CHROMIUM_PATH)"
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM, None
    on_path = shutil.which("chromium")
    if on_path:
        return on_path, None
    return None, f"Chromium not found at {DEFAULT_CHROMIUM} or on PATH"


@pytest.hookimpl(tryfirst=True)  # before `-m` selection, which needs the marker
def pytest_collection_modifyitems(config, items):
    """Mark everything under tests/browser/ `browser`, skip it all when there is no browser,
    and run it after all other tests.

    Running them last matters: Playwright's sync API marks its event loop as running between
    calls, so while the session-scoped browser is open any in-process Django database access
    (from the other tests) would raise SynchronousOnlyOperation.
    """
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    _, reason = find_chromium()
    if reason:
        reason += "; install Debian's chromium package (apt-get install chromium)"
        reason += " or set CHROMIUM_PATH"
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))
    others = [item for item in items if not item.get_closest_marker("browser")]
    items[:] = others + browser_items


# --- the server ----------------------------------------------------------------------------


class ServerSetupError(Exception):
    pass


@dataclass
class ArchiveServer:
    url: str
    log_path: Path
    env: dict  # the server's environment, for manage.py commands against its database


def production_env(var_dir):
    """The environment of a production deployment: no DEBUG, a random key, explicit hosts."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "ALLIANCE_")) and name != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="alliance.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_COOKIES="0",
        ALLIANCE_VAR_DIR=str(var_dir),
        # Production names its public address; a fixed one keeps citations (and so the
        # screenshots) the same from run to run whatever port the server gets.
        ALLIANCE_SITE_URL=SITE_URL,
        ALLIANCE_CONTACT_EMAIL=CONTACT_EMAIL,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if result.returncode != 0:
        raise ServerSetupError(
            f"`manage.py {' '.join(args)}` failed (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )


def postgres_url(database_url, name):
    return urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))


def recreate_postgres_database(database_url, name, *, create=True):
    """Drop (and create) database ``name`` on the server ``database_url`` points at."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(postgres_url(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url, process, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers; an error status is for the tests to find
        except OSError:
            time.sleep(0.1)
    state = (
        f"exited with {process.returncode}"
        if process.poll() is not None
        else f"did not answer within {SERVER_START_TIMEOUT}s"
    )
    raise ServerSetupError(
        f"gunicorn at {url} {state}. Its log ({log_path}):\n" + log_path.read_text(errors="replace")
    )


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)  # its own process group: the master and its workers
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def archive_server(tmp_path_factory):
    """gunicorn serving the curated archive from a throwaway database, production-like."""
    var_dir = tmp_path_factory.mktemp("browser-server")
    env = production_env(var_dir)
    database_url = os.environ.get("DATABASE_URL", "")
    postgres_db = None
    if urlsplit(database_url).scheme in {"postgres", "postgresql", "pgsql"}:
        postgres_db = urlsplit(database_url).path.lstrip("/") + "_browser"
        recreate_postgres_database(database_url, postgres_db)
        env["DATABASE_URL"] = postgres_url(database_url, postgres_db)
    # else SQLite: without DATABASE_URL, settings put it at $ALLIANCE_VAR_DIR/archive.sqlite3

    process = None
    try:
        manage(env, "migrate", "--noinput")
        manage(env, "load_archive")
        manage(env, "build_bulk_data")  # /data/'s table of files
        manage(env, "collectstatic", "--noinput")

        url = f"http://127.0.0.1:{free_port()}"
        log_path = var_dir / "gunicorn.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "alliance.wsgi"]
                + ["--bind", url.removeprefix("http://"), "--workers", "2"]
                + ["--access-logfile", "-", "--graceful-timeout", "5"],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_serving(url + "/", process, log_path)
        yield ArchiveServer(url, log_path, env)
    finally:
        if process is not None:
            stop(process)
        if postgres_db:
            recreate_postgres_database(database_url, postgres_db, create=False)


@pytest.fixture(scope="session")
def base_url(archive_server):
    """The live server's root, e.g. http://127.0.0.1:43125 (no trailing slash)."""
    return archive_server.url


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    chromium, reason = find_chromium()
    if reason:  # normally skipped at collection already
        pytest.skip(f"{reason}; install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, base_url, archive_server):
    """A fresh context and page (1280×900); `page.goto("/areas/")` is relative to the server.

    The test errors at teardown if the server answered 5xx or the page threw a JS error.
    """
    context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on(
        "response",
        lambda r: problems.append(f"{r.status} from {r.url}") if r.status >= 500 else None,
    )
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    context.close()
    if problems:
        pytest.fail(
            "The browser saw server or page errors:\n  "
            + "\n  ".join(problems)
            + f"\nServer log: {archive_server.log_path}",
            pytrace=False,
        )


# --- an editor's account, for the admin's pages ----------------------------------------------

EDITOR = {"username": "browser-editor", "password": secrets.token_urlsafe(16)}

CREATE_EDITOR = """
from django.contrib.auth.models import Group, User
user = User.objects.create_user({username!r}, password={password!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
"""


@pytest.fixture(scope="session")
def editor_account(archive_server):
    """A staff user in the Editors group on the test server (created once)."""
    manage(archive_server.env, "shell", "-c", CREATE_EDITOR.format(**EDITOR))
    return EDITOR


@pytest.fixture
def editor_page(page, editor_account):
    """``page``, signed in to the admin as an editor."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(editor_account["username"])
    page.get_by_label("Password").fill(editor_account["password"])
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page
