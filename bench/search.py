"""Search benchmark: a fixed query mix through the real search code, and a plain
``icontains`` baseline over the same data in the same run.

    DATABASE_URL=postgres://…/alliance_bench DJANGO_DEBUG=1 python bench/search.py
    ALLIANCE_VAR_DIR=var/bench DJANGO_DEBUG=1 python bench/search.py      # SQLite, var/bench/

Build the data first with ``manage.py generate_corpus --sections N`` on a database of its
own. Prints p50/p95/max per query class and overall (milliseconds), and the baseline's p50
divided by search's p50 per class. Not part of the test suite.
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
    args = parser.parse_args()

    sections = Section.objects.count()
    print(
        f"{connection.vendor}, {sections:,} sections, {os.cpu_count()} cores; "
        f"{args.repeat} runs per query after one warm-up, baseline {args.baseline_repeat}"
    )
    mix = query_mix(args.seed)
    ours, theirs = {}, {}
    for label, queries in mix.items():
        for text, filters in queries:
            search(text, filters=filters)  # warm-up: caches, plans
            runs = [timed(search, text, filters=filters) for _ in range(args.repeat)]
            times = [ms for ms, _ in runs]
            ours.setdefault(label, []).extend(times)
            results = runs[-1][1]
            base = [timed(baseline, text, filters) for _ in range(args.baseline_repeat)]
            base = base or [(float("nan"), "-")]
            theirs.setdefault(label, []).extend(ms for ms, _ in base)
            if args.verbose:
                total = f">{results.total}" if results.capped else str(results.total)
                print(
                    f"  {label:<12} {text[:40]!r:<44} {filters!s:<28} hits {total:>7} "
                    f"p50 {statistics.median(times):7.1f} ms   icontains {base[0][0]:8.1f} ms "
                    f"({base[0][1]} sections)"
                )
    header = (
        f"{'class':<12} {'p50':>8} {'p95':>8} {'max':>8}   {'icontains p50':>14} {'p95':>8}"
        f" {'ratio p50':>10}"
    )
    print(header)
    print("-" * len(header))
    everything, everything_base = [], []
    for label in mix:
        p50, p95, top = summary(ours[label])
        b50, b95, _ = summary(theirs[label])
        everything += ours[label]
        everything_base += theirs[label]
        print(
            f"{label:<12} {p50:8.1f} {p95:8.1f} {top:8.1f}   {b50:14.1f} {b95:8.1f} "
            f"{b50 / p50:9.1f}x"
        )
    p50, p95, top = summary(everything)
    b50, b95, _ = summary(everything_base)
    print(
        f"{'overall':<12} {p50:8.1f} {p95:8.1f} {top:8.1f}   {b50:14.1f} {b95:8.1f} "
        f"{b50 / p50:9.1f}x"
    )
    print("(milliseconds; search = parse, totals and facets, ranked page with highlights, links)")


if __name__ == "__main__":
    main()
