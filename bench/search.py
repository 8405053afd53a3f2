"""Search benchmark: a fixed query mix through the real search code, interleaved with the
peer a Django developer would otherwise build (PostgreSQL: the ``contrib.postgres`` recipe,
a stored SearchVector with a GIN index and SearchRank), and a plain ``icontains`` baseline
over the same data in the same run.

    DATABASE_URL=postgres://…/alliance_bench DJANGO_DEBUG=1 python bench/search.py
    ALLIANCE_VAR_DIR=var/bench DJANGO_DEBUG=1 python bench/search.py      # SQLite, var/bench/

Build the data first with ``manage.py generate_corpus --sections N`` on a database of its
own. On PostgreSQL the naive recipe's table (``bench_naive``: each published section's id
and stored ``to_tsvector('english', heading || ' ' || body)``, GIN-indexed) is built the
first time (``--rebuild-naive`` to rebuild it). Each query runs ours and the naive recipe
alternately, ``--repeat`` times each, so both see the same machine load. Prints p50/p95/max
per query class and overall (milliseconds), and the ratio of the peers' p50 to ours. Not
part of the test suite.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
# Building the naive recipe's table takes minutes at a million sections: like manage.py, the
# benchmark runs without the served site's statement and read timeouts.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
os.environ.setdefault("DATABASE_READ_TIMEOUT", "0")
# As production is advised to run (docs/deployment.md): connections kept between requests, on
# which search keeps its statement for rare words planned (search.prepared). Set it to 0 to
# measure a new connection per request's search.
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from documents.models import CooperationArea, Section  # noqa: E402
from search.engine import search  # noqa: E402
from search.models import SearchWord  # noqa: E402
from search.query import parse  # noqa: E402


def rare_words(count, seed):
    """Made-up long-tail words that occur in a handful of sections."""
    words = list(
        SearchWord.objects.filter(frequency__gte=3, frequency__lte=60)
        .order_by("word")
        .values_list("word", flat=True)[:5000]
    )
    return random.Random(seed).sample(words, min(count, len(words)))


def query_mix(seed):
    area = CooperationArea.objects.order_by("slug").first()
    area_filter = {"area": area.slug} if area else {}
    rare = rare_words(6, seed)
    return {
        "rare": [(w, {}) for w in rare],
        "very common": [("cooperation", {}), ("japan", {}), ("defense", {})],
        "multi-word": [
            ("bilateral security consultations", {}),
            ("missile defense cooperation", {}),
            ("facilities okinawa realignment", {}),
        ],
        "phrase": [
            ('"united states"', {}),
            ('"bilateral planning"', {}),
            ('"host nation support"', {}),
        ],
        # The archive's own abbreviation, in almost every title: a compound ("U.S.-Japan", four
        # phrases), the phrase "u s" or the word "us", and either beside a word.
        "U.S.": [("U.S.", {}), ("U.S. forces", {}), ("U.S.-Japan alliance", {})],
        "exclusion": [
            ("alliance -japan", {}),
            ("security -cooperation -defense", {}),
            ("okinawa -marine", {}),
        ],
        "filtered": [
            ("cooperation", {"kind": "guidelines"}),
            ("security", {"year_from": "1990", "year_to": "1999"}),
            ("japan alliance", area_filter),
        ],
        "no-hit": [("zzqxvbn", {}), ("cyberspase", {}), (f"{rare[0]} {rare[1]} {rare[2]}", {})],
    }


def baseline(text, filters):
    """What a plain implementation does: icontains on each word, over published sections;
    a count and the first page."""
    query = parse(text)
    sections = Section.objects.published()
    for clause in query.clauses:
        condition = Q()
        for term in clause:
            condition |= Q(body__icontains=" ".join(term.words))
        sections = sections.filter(condition)
    for term in query.excluded:
        sections = sections.exclude(body__icontains=" ".join(term.words))
    if "kind" in filters:
        sections = sections.filter(document__kind=filters["kind"])
    if "year_from" in filters:
        sections = sections.filter(
            document__date__year__gte=int(filters["year_from"]),
            document__date__year__lte=int(filters["year_to"]),
        )
    if "area" in filters:
        sections = sections.filter(
            Q(areas__slug=filters["area"]) | Q(areas__parent__slug=filters["area"])
        )
    total = sections.count()
    list(sections.order_by("pk")[:20])
    return total


NAIVE_TABLE = "bench_naive"


def build_naive(rebuild=False):
    """The contrib.postgres recipe's data: a stored search vector per published section
    (what ``SearchVectorField`` + a trigger or ``GeneratedField`` hold) with a GIN index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [NAIVE_TABLE])
        if cursor.fetchone()[0] and not rebuild:
            return
        started = time.perf_counter()
        cursor.execute(f"DROP TABLE IF EXISTS {NAIVE_TABLE}")
        cursor.execute(
            f"""CREATE TABLE {NAIVE_TABLE} AS
            SELECT s.id, to_tsvector('english', s.heading || ' ' || s.body) AS vector
            FROM documents_section s JOIN documents_document d ON d.id = s.document_id
            WHERE d.status = 'published'"""
        )
        cursor.execute(f"CREATE INDEX {NAIVE_TABLE}_vector ON {NAIVE_TABLE} USING gin (vector)")
        cursor.execute(f"ANALYZE {NAIVE_TABLE}")
        print(f"built {NAIVE_TABLE} in {time.perf_counter() - started:.0f} s")


def naive(text, filters):
    """The contrib.postgres recipe, as Django compiles
    ``qs.annotate(rank=SearchRank(F("vector"), SearchQuery(text, search_type="websearch")))
    .filter(vector=query).order_by("-rank")`` with a Paginator: the count, then the first
    page of 20 (ids, then the sections). Filters are not applied: it has none."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {NAIVE_TABLE} "
            "WHERE vector @@ websearch_to_tsquery('english', %s)",
            [text],
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            f"""SELECT id, ts_rank(vector, websearch_to_tsquery('english', %s)) AS rank
            FROM {NAIVE_TABLE} WHERE vector @@ websearch_to_tsquery('english', %s)
            ORDER BY rank DESC LIMIT 20""",
            [text, text],
        )
        ids = [row[0] for row in cursor.fetchall()]
    list(Section.objects.filter(pk__in=ids).select_related("document"))
    return total


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, value


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def summary(values):
    return statistics.median(values), percentile(values, 0.95), max(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per search query")
    parser.add_argument(
        "--baseline-repeat", type=int, default=1, help="0 skips the icontains baseline"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--verbose", action="store_true", help="print each query's timings")
    parser.add_argument("--rebuild-naive", action="store_true")
    args = parser.parse_args()

    sections = Section.objects.count()
    peers = {}
    if connection.vendor == "postgresql":
        build_naive(args.rebuild_naive)
        peers["naive"] = naive
    if args.baseline_repeat:
        peers["icontains"] = baseline
    print(
        f"{connection.vendor}, {sections:,} sections, {os.cpu_count()} cores, load average "
        f"{os.getloadavg()[0]:.1f}; {args.repeat} runs per query after one warm-up, "
        f"interleaved with: {', '.join(peers) or 'nothing'}"
    )
    mix = query_mix(args.seed)
    ours = {}
    theirs = {name: {} for name in peers}
    for label, queries in mix.items():
        for text, filters in queries:
            search(text, filters=filters)  # warm-up: caches, plans
            if "naive" in peers:
                naive(text, filters)
            times, peer_times = [], {name: [] for name in peers}
            for run in range(args.repeat):
                times.append(timed(search, text, filters=filters)[0])
                if "naive" in peers:
                    peer_times["naive"].append(timed(naive, text, filters)[0])
                if "icontains" in peers and run < args.baseline_repeat:
                    peer_times["icontains"].append(timed(baseline, text, filters)[0])
            ours.setdefault(label, []).extend(times)
            for name in peers:
                theirs[name].setdefault(label, []).extend(peer_times[name])
            if args.verbose:
                results = search(text, filters=filters)
                total = f">{results.total}" if results.capped else str(results.total)
                line = (
                    f"  {label:<12} {text[:36]!r:<40} {str(filters)[:24]:<26} hits {total:>7} "
                    f"p50 {statistics.median(times):7.1f} ms"
                )
                for name in peers:
                    line += f"   {name} {statistics.median(peer_times[name]):7.1f} ms"
                print(line)
    header = f"{'class':<12} {'p50':>8} {'p95':>8} {'max':>8}"
    for name in peers:
        header += f"   {name + ' p50':>14} {'p95':>8} {'ratio p50':>10}"
    print(header)
    print("-" * len(header))
    everything = []
    everything_peer = {name: [] for name in peers}
    for label in [*mix, "overall"]:
        if label == "overall":
            values = everything
        else:
            values = ours[label]
            everything += values
        p50, p95, top = summary(values)
        line = f"{label:<12} {p50:8.1f} {p95:8.1f} {top:8.1f}"
        for name in peers:
            if label == "overall":
                peer_values = everything_peer[name]
            else:
                peer_values = theirs[name][label]
                everything_peer[name] += peer_values
            b50, b95, _ = summary(peer_values)
            line += f"   {b50:14.1f} {b95:8.1f} {b50 / p50:9.1f}x"
        print(line)
    print(
        "(milliseconds; search = parse, totals and facets, ranked page with highlights, links,"
        " suggestions when nothing matches; ratio = the peer's p50 / ours)"
    )


if __name__ == "__main__":
    main()
