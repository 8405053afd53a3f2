"""Uncached page speed: the median time of every public page type, page cache off.

    createdb -h 127.0.0.1 -U postgres alliance_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench \
        .venv/bin/python bench/pages.py --runs 40 --http

Loads the curated archive into that database if it is empty, then:

1. in-process: each page rendered ``--runs`` times through Django's full middleware stack
   (the test client; the page cache is off, DEBUG is off) after two warm-up requests; prints
   the median and the target from issue 13, and whether it is met;
2. with ``--http``: starts gunicorn (``--workers``, default 2) on a free loopback port with
   the same settings, and times the same pages over HTTP one request at a time, with the
   stylesheet (a static file served by whitenoise from the same server) measured in the
   same run as the reference; then ``--clients`` concurrent keep-alive clients fetch the
   uncached page mix, the stylesheet and ``/healthz`` (Django's floor: every middleware and
   a view that reads and renders nothing), for ``--duration`` seconds each; and a second
   gunicorn with the page cache on (``PAGE_CACHE_SECONDS=600``; Redis when ``REDIS_URL`` is
   set, as in production, else each worker's own memory) serves the same mix after each page
   has been asked for three times per worker. This is done ``--rounds`` times (default 3),
   the static file first in each round: each throughput is printed with its share of the
   static file's rate in the same round, and the median and lowest share of the rounds (on a
   shared machine one 8-second window can differ from the next by 15 %, the static file's
   included).

The concurrent clients are wrk (Debian's ``wrk`` package) when it is on the PATH — one
thread, a Lua script cycling through the paths, so the load costs the two cores as little as
it can — else one Python thread per client (``--client python``), which takes a good part
of a core itself and so understates every throughput, the static file's most.

Standard library and the project only (wrk optional). Not part of the test suite. Numbers
from a shared machine are noisy: compare medians from one run, not across runs.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Targets from issue 13 (p50, ms, page cache off, PostgreSQL).
READER_2015_TARGET = 25
TIMELINE_TARGET = 40
OTHER_TARGET = 20


VAR_DIR = os.environ.get("ALLIANCE_VAR_DIR") or os.path.join(
    os.environ.get("TMPDIR", "/tmp"), f"alliance-bench-{os.getuid()}"
)


def settings_env():
    return {
        "ALLIANCE_VAR_DIR": VAR_DIR,
        "DJANGO_SETTINGS_MODULE": "alliance.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SECURE_COOKIES": "0",
        "PAGE_CACHE_SECONDS": "0",
    }


def setup_django():
    for key, value in settings_env().items():
        os.environ[key] = value
    os.environ.pop("DJANGO_DEBUG", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_archive", "--if-empty", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)


def page_list():
    """(label, path, target ms): one page of every public type, from the loaded archive."""
    from documents.models import (
        CooperationArea,
        Document,
        Event,
        Official,
        Organization,
        Quote,
        Section,
        Series,
    )

    published = Document.objects.published()
    section = Section.objects.filter(document__slug="guidelines-2015").order_by("order")[5]
    official = Official.objects.filter(quotes__document__status="published").first()
    quote = Quote.objects.published().first()
    organization = Organization.objects.filter(issued_documents__isnull=False).first()
    series = Series.objects.first()
    event = Event.objects.first()
    area = CooperationArea.objects.filter(parent__isnull=True, children__isnull=False).first()
    pages = [
        ("home", "/", OTHER_TARGET),
        ("documents list", "/documents/", OTHER_TARGET),
        ("filtered list", f"/documents/?kind=guidelines&area={area.slug}", OTHER_TARGET),
        ("reader 2015 Guidelines", "/documents/guidelines-2015/", READER_2015_TARGET),
        ("reader 1997 Guidelines", "/documents/guidelines-1997/", OTHER_TARGET),
        ("section page", section.get_absolute_url(), OTHER_TARGET),
        ("areas", "/areas/", OTHER_TARGET),
        ("area page", area.get_absolute_url(), OTHER_TARGET),
        ("timeline", "/timeline/", TIMELINE_TARGET),
        ("area through time", f"/areas/{area.slug}/through-time/", OTHER_TARGET),
        ("comparison 1997-2015", "/compare/guidelines-1997...guidelines-2015/", OTHER_TARGET),
        ("officials", "/officials/", OTHER_TARGET),
        ("quotes", "/quotes/", OTHER_TARGET),
        ("search", "/search/?q=cyberspace", OTHER_TARGET),
        ("sitemap", "/sitemap.xml", OTHER_TARGET),
        ("feed", "/feeds/documents/", OTHER_TARGET),
    ]
    if official:
        pages.append(("official", official.get_absolute_url(), OTHER_TARGET))
    if quote:
        pages.append(("quote", quote.get_absolute_url(), OTHER_TARGET))
    if organization:
        pages.append(("organization", organization.get_absolute_url(), OTHER_TARGET))
    if series:
        pages.append(("series", series.get_absolute_url(), OTHER_TARGET))
    if event:
        pages.append(("event", event.get_absolute_url(), OTHER_TARGET))
    assert published.exists(), "the archive is empty"
    return pages


def in_process(pages, runs):
    """Per page: (median wall ms, median CPU ms of this process, queries per request)."""
    from django.db import connection
    from django.test import Client

    client = Client()
    results = {}
    for label, path, _target in pages:
        for _ in range(2):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        queries = []

        def count(execute, *args, queries=queries):
            queries.append(1)
            return execute(*args)

        with connection.execute_wrapper(count):
            client.get(path)
        times, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        results[label] = (statistics.median(times), statistics.median(cpu), len(queries))
    return results


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, workers, **settings):
        self.port = free_port()
        env = {**os.environ, **settings_env(), **settings}
        env.pop("DJANGO_DEBUG", None)
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "alliance.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _ = self.get(http.client.HTTPConnection("127.0.0.1", self.port), "/healthz")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                sys.exit("gunicorn did not start")
            time.sleep(0.2)

    @staticmethod
    def get(connection, path):
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        return response.status, body

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def over_http(server, pages, runs, static_path):
    connection = http.client.HTTPConnection("127.0.0.1", server.port)
    results = {}
    for label, path, _target in [*pages, ("static file", static_path, None)]:
        for _ in range(2):
            status, _ = server.get(connection, path)
            assert status == 200, (path, status)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            server.get(connection, path)
            times.append((time.perf_counter() - started) * 1000)
        results[label] = statistics.median(times)
    connection.close()
    return results


def throughput(server, paths, clients, duration, client="python"):
    """(requests per second, errors) with ``clients`` keep-alive clients cycling through
    ``paths`` for ``duration`` seconds."""
    if client == "wrk":
        return wrk_throughput(server, paths, clients, duration)
    counts, errors = [0] * clients, [0] * clients
    stop = time.monotonic() + duration

    def client(n):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        i = n
        while time.monotonic() < stop:
            try:
                status, _ = server.get(connection, paths[i % len(paths)])
                counts[n] += 1
                errors[n] += status != 200
            except (OSError, http.client.HTTPException):
                errors[n] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            i += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / duration, sum(errors)


WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
"""


def wrk_throughput(server, paths, clients, duration):
    """The same with wrk: one thread, ``clients`` connections, a Lua script for the mix.
    Errors are responses outside 2xx/3xx and socket errors other than the server closing a
    connection after its response (gunicorn's sync workers do, and wrk reconnects)."""
    lua = WRK_SCRIPT % ", ".join(json.dumps(path) for path in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua)
        script.flush()
        output = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{clients}",
                f"-d{duration:g}s",
                "--timeout",
                "30s",
                "-s",
                script.name,
                f"http://127.0.0.1:{server.port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read \d+, write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(group) for group in match.groups())
    return rate, errors


def warm_cache(server, paths, workers):
    """Ask for every page three times per worker, so each is stored (a search is stored on
    its second request) in whichever worker's memory answers, or once in Redis."""
    for _ in range(3 * workers):
        for path in paths:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            status, _ = server.get(connection, path)
            assert status == 200, (path, status)
            connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--http", action="store_true", help="also measure over HTTP")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="throughput rounds, each measuring the static file and every mix in turn",
    )
    parser.add_argument("--only", help="only pages whose label contains this")
    parser.add_argument(
        "--client",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="the concurrent clients: wrk (default when installed) or Python threads",
    )
    args = parser.parse_args()
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        print("note: DATABASE_URL is not PostgreSQL; the targets are for PostgreSQL.")
    setup_django()
    from django.db import connection
    from django.templatetags.static import static

    pages = page_list()
    if args.only:
        pages = [page for page in pages if args.only in page[0]]
    print(f"database: {connection.vendor}; page cache off; {os.cpu_count()} CPUs")
    local = in_process(pages, args.runs)
    remote = {}
    rounds = []
    if args.http:
        # Both servers run for the whole measurement, so each round measures the static
        # file, Django's floor, the uncached and the cached pages minutes apart at most.
        uncached = Server(args.workers)
        cached = Server(args.workers, PAGE_CACHE_SECONDS="600")
        try:
            static_path = static("css/site.css")
            remote = over_http(uncached, pages, args.runs, static_path)
            mix = [path for _label, path, _target in pages]
            warm_cache(cached, mix, args.workers)
            load = (args.clients, args.duration, args.client)
            for _ in range(args.rounds):
                rounds.append(
                    {
                        "static file": throughput(uncached, [static_path], *load),
                        # Django's floor: the whole middleware stack and a view that renders
                        # nothing and reads nothing (the liveness probe).
                        "/healthz": throughput(uncached, ["/healthz"], *load),
                        "uncached pages": throughput(uncached, mix, *load),
                        "cached pages": throughput(cached, mix, *load),
                    }
                )
        finally:
            uncached.stop()
            cached.stop()
    header = f"{'page':<26}{'p50 ms':>8}{'target':>8}{'met':>5}{'CPU ms':>8}{'queries':>8}"
    if remote:
        header += f"{'HTTP p50':>10}"
    print(header)
    for label, _path, target in pages:
        wall, cpu, queries = local[label]
        met = "yes" if wall <= target else "NO"
        line = f"{label:<26}{wall:>8.1f}{target:>8}{met:>5}{cpu:>8.1f}{queries:>8}"
        if remote:
            line += f"{remote[label]:>10.1f}"
        print(line)
    if remote:
        print(f"{'static file (HTTP)':<63}{remote['static file']:>10.1f}")
    if rounds:
        print(
            f"\nthroughput, {args.clients} clients ({args.client}), {args.duration:g} s each, "
            f"{args.workers} gunicorn workers, page cache in "
            f"{'Redis' if os.environ.get('REDIS_URL') else 'each worker'}; "
            f"{len(rounds)} round(s), each a share of the static file's rate in its round:"
        )
        for label in rounds[0]:
            shares = [done[label][0] / done["static file"][0] for done in rounds]
            rates = " ".join(f"{done[label][0]:>6.0f}" for done in rounds)
            print(
                f"  {label:<16}{rates} req/s  "
                f"{' '.join(f'{share:>4.0%}' for share in shares)} of static, "
                f"median {statistics.median(shares):.0%}, lowest {min(shares):.0%}  "
                f"{sum(done[label][1] for done in rounds)} errors"
            )


if __name__ == "__main__":
    main()
