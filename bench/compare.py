"""Comparison benchmark: two synthetic 300-section documents (the later one edited, with
sections dropped, added and moved), aligned and rendered through the real code.

    ALLIANCE_VAR_DIR=var/bench python bench/compare.py                     # SQLite, var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench python bench/compare.py

Migrates the database, (re)creates the two documents, then prints the median and maximum of:
the first computation of the alignment (empty cache: sections read, alignment, word diffs),
and the comparison page rendered with the alignment cached (the view and its template, without
the page cache). Budgets: first computation ≤ 1 s, cached render ≤ 150 ms (docs/compare.md).
Not part of the test suite.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

# Static files by plain name: the benchmark measures the page, not a collectstatic manifest.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.urls import resolve, reverse  # noqa: E402

from documents import compare  # noqa: E402
from documents.models import CooperationArea, Document, Section  # noqa: E402

SLUGS = ("bench-compare-earlier", "bench-compare-later")
COMMON = [
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
    "with",
    "will",
    "by",
    "as",
    "on",
    "be",
    "or",
    "cooperation",
    "bilateral",
    "alliance",
    "defense",
    "forces",
    "self-defense",
    "united",
    "states",
    "japan",
    "government",
    "support",
    "operations",
    "security",
]


def vocabulary(rng, size=4000):
    letters = "abcdefghiklmnoprstuvwy"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)]


def paragraph(rng, words, length):
    return (
        " ".join(
            rng.choice(COMMON) if rng.random() < 0.35 else rng.choice(words) for _ in range(length)
        ).capitalize()
        + "."
    )


def edited(rng, words, text):
    """The text with about one word in ten replaced, and sometimes a sentence added."""
    tokens = text.split()
    for i in range(len(tokens)):
        if rng.random() < 0.1:
            tokens[i] = rng.choice(words)
    if rng.random() < 0.3:
        tokens.append(paragraph(rng, words, 20))
    return " ".join(tokens)


def outline(n):
    """Pinpoints for ``n`` sections: 10 chapters of sections and sub-sections."""
    labels = []
    chapter = part = 0
    while len(labels) < n:
        chapter += 1
        labels.append((f"{chapter}", 0, None))
        for part in range(1, (n // 10)):
            if len(labels) >= n:
                break
            labels.append((f"{chapter}.{part}", 1, f"{chapter}"))
    return labels[:n]


def build(rng, sections_per_document=300):
    Document.objects.filter(slug__in=SLUGS).delete()
    words = vocabulary(rng)
    areas = list(CooperationArea.objects.all()[:12]) or [
        CooperationArea.objects.create(slug=f"bench-area-{i}", name=f"Bench area {i}")
        for i in range(12)
    ]
    earlier_texts = []
    for pinpoint, level, parent in outline(sections_per_document):
        heading = " ".join(rng.choice(words) for _ in range(rng.randint(2, 5))).title()
        body = "\n\n".join(paragraph(rng, words, rng.randint(40, 90)) for _ in range(3))
        earlier_texts.append((pinpoint, level, parent, heading, body, rng.sample(areas, 2)))
    # The later text: 30 sections dropped, 30 new, 20 moved, the rest edited or kept.
    later_texts = [t for i, t in enumerate(earlier_texts) if i % 10 != 7]
    for k in range(20):
        i, j = rng.randrange(len(later_texts)), rng.randrange(len(later_texts))
        later_texts[i], later_texts[j] = later_texts[j], later_texts[i]
        del k
    later_texts = [
        (p, lv, pa, h, edited(rng, words, b) if rng.random() < 0.7 else b, a)
        for p, lv, pa, h, b, a in later_texts
    ]
    for n in range(30):
        heading = " ".join(rng.choice(words) for _ in range(3)).title()
        body = paragraph(rng, words, 120)
        later_texts.insert(rng.randrange(len(later_texts)), (f"N{n}", 0, None, heading, body, []))
    documents = []
    for slug, texts, year in ((SLUGS[0], earlier_texts, 1997), (SLUGS[1], later_texts, 2015)):
        document = Document.objects.create(
            slug=slug,
            kind=Document.Kind.GUIDELINES,
            title=f"Benchmark guidelines {year}",
            date=datetime.date(year, 1, 1),
            status=Document.Status.PUBLISHED,
        )
        sections = Section.objects.bulk_create(
            Section(
                document=document,
                order=order,
                level=0,
                label=pinpoint,
                pinpoint=pinpoint,
                anchor=f"s-{pinpoint.replace('.', '-').lower()}",
                heading=heading,
                body=body,
            )
            for order, (pinpoint, _level, _parent, heading, body, _areas) in enumerate(texts, 1)
        )
        through = Section.areas.through  # SectionArea: reviewed tags are what the page shows
        through.objects.bulk_create(
            through(section_id=section.pk, area_id=area.pk, status="reviewed")
            for section, text in zip(sections, texts, strict=True)
            for area in text[5]
        )
        documents.append(document)
    return documents


def timed(function, repeat):
    """(median wall ms, max wall ms, median CPU ms). On a shared machine the CPU time of this
    process is the fairer figure: wall time also counts the time spent waiting for a core."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--seed", type=int, default=1997)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    with transaction.atomic():
        earlier, later = build(random.Random(args.seed), args.sections)
    print(
        f"{earlier.sections.count()} and {later.sections.count()} sections; "
        f"database {django.db.connection.vendor}"
    )

    def first_computation():
        cache.clear()
        compare.compare_documents(earlier=earlier, later=later)

    url = reverse("documents:compare", kwargs={"earlier": earlier.slug, "later": later.slug})
    match = resolve(url)
    factory = RequestFactory()

    def cached_render():
        request = factory.get(url)
        request.user = AnonymousUser()
        request.resolver_match = match
        response = match.func(request, **match.kwargs)
        assert response.status_code == 200, response.status_code
        return response

    first = timed(first_computation, max(3, args.repeat // 3))
    cache.clear()
    cached_render()  # computes and caches the alignment
    rendered = timed(cached_render, args.repeat)
    result = compare.compare_documents(earlier=earlier, later=later)
    print(f"rows: {dict(result.counts)}, moved {result.moved}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for label, (median, worst, cpu), budget in (
        ("first computation", first, 1000),
        ("cached render    ", rendered, 150),
    ):
        print(
            f"{label}: median {median:.0f} ms wall ({cpu:.0f} ms CPU), max {worst:.0f} ms"
            f" (budget {budget})"
        )
    print(f"page size: {len(cached_render().content) // 1024} KiB")


if __name__ == "__main__":
    main()
