"""Load benchmark: a weighted mix of public pages against a running server on loopback.

    DJANGO_SECRET_KEY=… DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_COOKIES=0 \
        make serve &                                  # or any server on 127.0.0.1
    python3 bench/load.py --clients 10,50             # then stop the server

Standard library only: one thread per client, each with its own keep-alive ``http.client``
connection. Per concurrency level it warms up briefly, then runs for ``--duration`` seconds or
``--max-requests`` requests, whichever comes first, and prints per URL class the requests,
req/s, p50/p95/p99 latency and errors (a status outside 2xx/3xx, or an exception). A last
level fetches only the stylesheet at the highest concurrency: what the same server does with
a static file. Exits non-zero if any request failed. Refuses any host but loopback. Not part
of the test suite.
"""

import argparse
import bisect
import http.client
import ipaddress
import itertools
import math
import os
import platform
import random
import socket
import sys
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1"}
HEADERS = {"User-Agent": "alliance-archive-bench/1", "Accept-Encoding": "gzip"}
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

# The published documents in fixtures/documents.json: the reader pages when /sitemap.xml
# cannot be had.
FIXTURE_SLUGS = [
    "guidelines-1978",
    "treaty-of-mutual-cooperation-and-security-1960",
    "joint-declaration-on-security-1996",
    "saco-final-report-1996",
    "guidelines-1997",
    "scc-joint-statement-2005-02-19",
    "transformation-and-realignment-2005",
    "scc-joint-statement-2006-05-01",
    "roadmap-for-realignment-implementation-2006",
    "scc-joint-statement-2007-05-01",
    "guidelines-interim-report-2014",
    "defense-news-new-guidelines-2014-10",
    "guidelines-2015",
    "scc-joint-statement-2015-04-27",
]
FEATURED_DOCUMENTS = ["/documents/guidelines-2015/", "/documents/guidelines-1997/"]
AREA_PATHS = ["/areas/cyber/", "/areas/space-and-cyberspace/", "/timeline/"]
SEARCH_QUERIES = ["q=cyberspace", "q=%22missile+defense%22"]

# Share of the requests per URL class, in percent.
CLASS_WEIGHTS = {"home": 15, "document": 35, "area": 15, "search": 20, "static": 15}
CLASSES = list(CLASS_WEIGHTS)

# Errors on a reused keep-alive connection that the server closed while it sat idle: like a
# browser, retry once on a fresh connection (and count the retry).
STALE_CONNECTION_ERRORS = (
    http.client.RemoteDisconnected,
    ConnectionResetError,
    BrokenPipeError,
    http.client.BadStatusLine,
)


# --- Target and discovery --------------------------------------------------------------------


def parse_base(base):
    """(host, port) of ``--base``, refusing anything that is not plain HTTP on loopback."""
    parts = urlsplit(base)
    if parts.scheme != "http":
        sys.exit(f"--base must be an http:// URL on loopback, not {base!r}")
    host = parts.hostname
    if host not in LOOPBACK_NAMES:
        sys.exit(f"Refusing {host!r}: this benchmark only targets 127.0.0.1, localhost or ::1.")
    if parts.path not in ("", "/") or parts.query:
        sys.exit(f"--base takes no path or query (got {base!r})")
    port = parts.port or 80
    # "localhost" must really be loopback here, not whatever a hosts file says.
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        if not ipaddress.ip_address(sockaddr[0].split("%")[0]).is_loopback:
            sys.exit(f"Refusing {host!r}: it resolves to {sockaddr[0]}, not loopback.")
    return host, port


def fetch(host, port, path, timeout=10.0):
    """(status, body) of one GET on a fresh connection."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"User-Agent": HEADERS["User-Agent"]})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_until_ready(host, port, wait):
    """Poll ``/`` until it answers 2xx/3xx; exit if it does not within ``wait`` seconds."""
    started = time.monotonic()
    last = "no answer"
    while time.monotonic() - started < wait:
        try:
            status, _ = fetch(host, port, "/", timeout=5)
            if 200 <= status < 400:
                return time.monotonic() - started
            last = f"HTTP {status}"
        except OSError as exc:
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.5)
    sys.exit(f"Server not ready after {wait:.0f} s (last: {last}).")


class StylesheetFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rels = (attrs.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rels and attrs.get("href"):
            self.hrefs.append(attrs["href"])


def find_stylesheet(base, home_html):
    finder = StylesheetFinder()
    finder.feed(home_html.decode("utf-8", "replace"))
    for href in finder.hrefs:
        url = urlsplit(urljoin(base + "/", href))
        if url.hostname in (None, urlsplit(base).hostname):  # same server only
            return url.path + (f"?{url.query}" if url.query else "")
    return None


def document_paths_from_sitemap(host, port):
    """Reader paths (/documents/<slug>/) listed in /sitemap.xml, or None when unavailable."""
    try:
        status, body = fetch(host, port, "/sitemap.xml")
        if status != 200:
            return None, f"/sitemap.xml answered {status}"
        root = ET.fromstring(body)
    except (OSError, ET.ParseError) as exc:
        return None, f"/sitemap.xml unusable ({type(exc).__name__})"
    paths = []
    for loc in root.iter(f"{SITEMAP_NS}loc"):
        path = urlsplit((loc.text or "").strip()).path
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "documents" and path.endswith("/"):
            paths.append(path)
    if not paths:
        return None, "/sitemap.xml lists no documents"
    return paths, f"{len(paths)} documents from /sitemap.xml"


@dataclass
class Mix:
    """The weighted URL mix: (class, path, weight) rows, picked by cumulative weight."""

    rows: list = field(default_factory=list)

    def add(self, cls, paths, class_weight, featured=()):
        """Spread ``class_weight`` over ``paths``; ``featured`` ones get a quarter each."""
        paths = list(dict.fromkeys(paths))
        featured = [p for p in featured if p in paths]
        others = [p for p in paths if p not in featured]
        if featured and others:
            share = dict.fromkeys(featured, class_weight / 4)
            rest = class_weight - sum(share.values())
            share.update({p: rest / len(others) for p in others})
        else:
            share = {p: class_weight / len(paths) for p in paths}
        self.rows.extend((cls, p, w) for p, w in share.items())

    def picker(self, seed):
        cumulative = list(itertools.accumulate(w for _, _, w in self.rows))
        total = cumulative[-1]
        rng = random.Random(seed)

        def pick():
            i = bisect.bisect_right(cumulative, rng.random() * total)
            return self.rows[min(i, len(self.rows) - 1)][:2]

        return pick

    def describe(self):
        lines = []
        for cls in CLASSES:
            rows = [(p, w) for c, p, w in self.rows if c == cls]
            if rows:
                weight = sum(w for _, w in rows)
                shown = ", ".join(p for p, _ in rows[:4])
                more = f" … (+{len(rows) - 4})" if len(rows) > 4 else ""
                lines.append(f"  {cls:<9}{weight:>4.0f}%  {shown}{more}")
        return "\n".join(lines)


def build_mix(base, host, port):
    """Discover the URLs to hit; returns (mix, static-only mix or None, notes)."""
    notes = []
    status, home = fetch(host, port, "/")
    if not 200 <= status < 300:
        sys.exit(f"/ answered {status}; cannot discover the stylesheet.")
    stylesheet = find_stylesheet(base, home)

    documents, how = document_paths_from_sitemap(host, port)
    if documents is None:
        notes.append(f"documents: {how}; using the {len(FIXTURE_SLUGS)} fixture slugs instead")
        documents = [f"/documents/{slug}/" for slug in FIXTURE_SLUGS]
    else:
        notes.append(f"documents: {how}")
    documents = FEATURED_DOCUMENTS + [p for p in documents if p not in FEATURED_DOCUMENTS]

    search_root = "/search/"
    status, _ = fetch(host, port, f"{search_root}?{SEARCH_QUERIES[0]}")
    if status == 404:
        search_root = "/documents/"
        notes.append("search: /search/ answered 404; FALLING BACK to /documents/?q=…")
    elif 200 <= status < 400:
        notes.append(f"search: /search/ answered {status}")
    else:
        notes.append(f"search: /search/ answered {status} on the probe (will count as errors)")
    searches = [f"{search_root}?{q}" for q in SEARCH_QUERIES]

    weights = dict(CLASS_WEIGHTS)
    if stylesheet is None:
        notes.append("static: no <link rel=stylesheet> on /; static class and level skipped")
        weights.pop("static")
    else:
        notes.append(f"static: stylesheet {stylesheet} (from the home page)")

    mix = Mix()
    mix.add("home", ["/"], weights["home"])
    mix.add("document", documents, weights["document"], featured=FEATURED_DOCUMENTS)
    mix.add("area", AREA_PATHS, weights["area"])
    mix.add("search", searches, weights["search"])
    static_mix = None
    if stylesheet:
        mix.add("static", [stylesheet], weights["static"])
        static_mix = Mix()
        static_mix.add("static", [stylesheet], 100)
    return mix, static_mix, notes


# --- Running a level -------------------------------------------------------------------------


class Budget:
    """At most ``limit`` requests handed out, across threads."""

    def __init__(self, limit):
        self._left = limit
        self._lock = threading.Lock()

    def take(self):
        with self._lock:
            if self._left <= 0:
                return False
            self._left -= 1
            return True


@dataclass
class Outcome:
    samples: dict = field(default_factory=lambda: {c: [] for c in CLASSES})
    errors: dict = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    error_kinds: dict = field(default_factory=dict)  # (class, path, what) -> count
    retries: int = 0
    elapsed: float = 0.0
    stopped_by: str = ""

    def merge(self, other):
        for cls in CLASSES:
            self.samples[cls].extend(other.samples[cls])
            self.errors[cls] += other.errors[cls]
        for key, count in other.error_kinds.items():
            self.error_kinds[key] = self.error_kinds.get(key, 0) + count
        self.retries += other.retries

    @property
    def total_errors(self):
        return sum(self.errors.values())


def client(host, port, pick, deadline, budget, timeout, out):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    used = False
    try:
        while time.perf_counter() < deadline and budget.take():
            cls, path = pick()
            started = time.perf_counter()
            what = None
            for attempt in (1, 2):
                try:
                    conn.request("GET", path, headers=HEADERS)
                    response = conn.getresponse()
                    response.read()
                    used = conn.sock is not None  # still open: kept alive for the next one
                    if not 200 <= response.status < 400:
                        what = f"HTTP {response.status}"
                    break
                except STALE_CONNECTION_ERRORS as exc:
                    conn.close()
                    if used and attempt == 1:  # idle keep-alive closed by the server
                        out.retries += 1
                        used = False
                        continue
                    what = type(exc).__name__
                    break
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    used = False
                    what = type(exc).__name__
                    break
            out.samples[cls].append(time.perf_counter() - started)
            if what:
                out.errors[cls] += 1
                key = (cls, path, what)
                out.error_kinds[key] = out.error_kinds.get(key, 0) + 1
    finally:
        conn.close()


def run_level(host, port, mix, clients, duration, max_requests, timeout, seed):
    outs = [Outcome() for _ in range(clients)]
    budget = Budget(max_requests)
    started = time.perf_counter()
    deadline = started + duration
    threads = [
        threading.Thread(
            target=client,
            args=(host, port, mix.picker(seed * 1000 + i), deadline, budget, timeout, outs[i]),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = Outcome(elapsed=time.perf_counter() - started)
    for out in outs:
        result.merge(out)
    done = sum(len(s) for s in result.samples.values())
    result.stopped_by = "max-requests" if done >= max_requests else "duration"
    return result


# --- Reporting -------------------------------------------------------------------------------


def percentile(sorted_values, p):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def stats_row(name, values, errors, elapsed):
    values = sorted(values)
    ms = [percentile(values, p) * 1000 for p in (50, 95, 99)] + [
        (values[-1] * 1000) if values else float("nan")
    ]
    rate = len(values) / elapsed if elapsed else 0.0
    cells = "".join(f"{v:>9.1f}" for v in ms)
    return f"  {name:<10}{len(values):>9}{rate:>9.1f}{cells}{errors:>8}", values


def print_level(title, result):
    total = sum(len(s) for s in result.samples.values())
    print(
        f"\n== {title}: {total} requests in {result.elapsed:.1f} s (stopped by {result.stopped_by})"
    )
    print(
        f"  {'class':<10}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    )
    everything = []
    for cls in CLASSES:
        if result.samples[cls]:
            line, values = stats_row(cls, result.samples[cls], result.errors[cls], result.elapsed)
            everything.extend(values)
            print(line)
    line, everything = stats_row("overall", everything, result.total_errors, result.elapsed)
    print(line)
    if result.retries:
        print(f"  ({result.retries} requests retried once on a fresh connection after the server")
        print("   closed an idle keep-alive connection)")
    for (cls, path, what), count in sorted(result.error_kinds.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  error: {count} x {what} on {path} ({cls})")
    everything.sort()
    return {
        "rps": total / result.elapsed if result.elapsed else 0.0,
        "p99": percentile(everything, 99) * 1000,
        "errors": result.total_errors,
    }


def loadavg():
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unavailable"


def parse_clients(text):
    try:
        levels = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        levels = []
    if not levels or any(n < 1 for n in levels):
        raise argparse.ArgumentTypeError("a comma-separated list of positive integers, e.g. 10,50")
    return list(dict.fromkeys(levels))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="server (loopback only)")
    parser.add_argument("--clients", type=parse_clients, default=[10, 50], help="e.g. 10,50")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per level")
    parser.add_argument("--max-requests", type=int, default=20_000, help="cap per level")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each level")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for /")
    parser.add_argument("--target-p99", type=float, default=250.0, help="ms, reported only")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.duration <= 0 or args.max_requests < 1 or args.warmup < 0:
        parser.error("--duration and --max-requests must be positive, --warmup not negative")

    base = args.base.rstrip("/")
    host, port = parse_base(base)
    print("Alliance Archive load benchmark")
    print(f"  server        {base}")
    print(f"  cores         {os.cpu_count()} (client and server share them)")
    print(f"  python        {platform.python_version()}, {platform.platform()}")
    print(f"  load average  {loadavg()} (1, 5, 15 min) at start")
    print(
        f"  per level     {args.warmup:g} s warm-up, then {args.duration:g} s or "
        f"{args.max_requests} requests, whichever comes first"
    )

    ready_after = wait_until_ready(host, port, args.wait)
    print(f"  ready         / answered after {ready_after:.1f} s")
    mix, static_mix, notes = build_mix(base, host, port)
    for note in notes:
        print(f"  {note}")
    print("URL mix (share of requests: paths)")
    print(mix.describe())

    levels = [(f"{n} clients, mixed", mix, n) for n in args.clients]
    ceiling = max(args.clients)
    if static_mix:
        levels.append((f"{ceiling} clients, static only", static_mix, ceiling))

    summaries = {}
    warmup_errors = 0
    for index, (title, level_mix, clients) in enumerate(levels, start=1):
        if args.warmup:
            warm = run_level(
                host,
                port,
                level_mix,
                clients,
                args.warmup,
                args.max_requests,
                args.timeout,
                seed=args.seed + 7919 * index,
            )
            warmup_errors += warm.total_errors
            if warm.total_errors:
                print(f"\n  warm-up for {title}: {warm.total_errors} errors")
        result = run_level(
            host,
            port,
            level_mix,
            clients,
            args.duration,
            args.max_requests,
            args.timeout,
            seed=args.seed + index,
        )
        summaries[title] = print_level(title, result)

    print(f"\nSummary (load average {loadavg()} at end)")
    errors = warmup_errors
    for title, s in summaries.items():
        errors += s["errors"]
        verdict = "ok" if s["p99"] <= args.target_p99 and not s["errors"] else "MISSED"
        print(
            f"  {title:<26}{s['rps']:>8.1f} req/s   p99 {s['p99']:>7.1f} ms   "
            f"errors {s['errors']:<5} target p99 <= {args.target_p99:g} ms, 0 errors: "
            f"{verdict}"
        )
    static = summaries.get(f"{ceiling} clients, static only")
    mixed = summaries.get(f"{ceiling} clients, mixed")
    if static and mixed:
        ratio = mixed["rps"] / static["rps"] if static["rps"] else float("nan")
        print(
            f"  static file req/s by the same server at {ceiling} clients: "
            f"{static['rps']:.1f}; the mixed load reaches {ratio:.0%} of it"
        )
    if warmup_errors:
        print(f"  warm-up errors: {warmup_errors}")
    if errors:
        print(f"FAILED: {errors} requests failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
