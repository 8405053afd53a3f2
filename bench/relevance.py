"""Relevance against judged research queries: nDCG@10 and the rank of the first relevant
entry, for this project's search and for a plain BM25 baseline on the same rows.

    ALLIANCE_VAR_DIR=var/relevance DJANGO_DEBUG=1 python bench/relevance.py     # SQLite
    DATABASE_URL=postgres://…/alliance_relevance DJANGO_DEBUG=1 python bench/relevance.py

Load the real archive first (``manage.py migrate && manage.py load_archive`` on a database
of its own). The judgments are ``bench/relevance/judgments.json`` (see its README). The
baseline is SQLite FTS5's ``bm25()`` over the published entries of ``search_entry`` (copied
into an in-memory FTS5 table with the same tokenizer), the query's words OR-ed, title and
body weighted equally: what a plain BM25 engine does with a query string. Not part of the
test suite.
"""

import argparse
import json
import math
import os
import sqlite3
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from documents.models import Document, Quote, Section  # noqa: E402
from search.engine import search  # noqa: E402
from search.models import SearchEntry  # noqa: E402
from search.query import words_of  # noqa: E402

JUDGMENTS = Path(__file__).resolve().parent / "relevance" / "judgments.json"
K = 10


def entry_keys():
    """(kind, object_id) → the judgments' target key."""
    keys = {}
    for section in Section.objects.select_related("document"):
        keys[("section", section.pk)] = f"section:{section.document.slug}/{section.anchor}"
    for document in Document.objects.all():
        keys[("document", document.pk)] = f"document:{document.slug}"
    for quote in Quote.objects.all():
        keys[("quote", quote.pk)] = f"quote:{quote.public_id}"
    return keys


def ours(text, keys):
    results = search(text)
    return [keys.get((hit.kind, hit.object_id)) for hit in results.hits[:K]]


class Baseline:
    """Plain BM25: FTS5 over the same published entries, OR of the query's words."""

    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE f USING fts5(title, body, kind UNINDEXED, oid UNINDEXED, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        rows = SearchEntry.objects.filter(published=True).values_list(
            "title", "body", "kind", "object_id"
        )
        self.db.executemany("INSERT INTO f VALUES (?, ?, ?, ?)", list(rows))

    def __call__(self, text, keys):
        words = list(dict.fromkeys(words_of(text)))
        if not words:
            return []
        expression = " OR ".join(f'"{word}"' for word in words)
        rows = self.db.execute(
            "SELECT kind, oid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT ?", (expression, K)
        ).fetchall()
        return [keys.get((kind, int(oid))) for kind, oid in rows]


def ndcg(ranked, relevant):
    dcg = sum((2 ** relevant.get(key, 0) - 1) / math.log2(i + 2) for i, key in enumerate(ranked))
    ideal = sorted(relevant.values(), reverse=True)[:K]
    idcg = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def first_relevant(ranked, relevant):
    return next((i + 1 for i, key in enumerate(ranked) if relevant.get(key)), None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print each query's scores")
    parser.add_argument(
        "--judgments",
        type=Path,
        default=JUDGMENTS,
        help="a judgments file (default: the first reader's; judgments-blind.json is the blind "
        "second reader's)",
    )
    args = parser.parse_args()
    queries = json.loads(args.judgments.read_text())["queries"]
    keys = entry_keys()
    baseline = Baseline()
    scores = {"this project": [], "BM25 baseline": []}
    firsts = {"this project": [], "BM25 baseline": []}
    for item in queries:
        relevant = item["relevant"]
        for name, ranking in (("this project", ours), ("BM25 baseline", baseline)):
            ranked = ranking(item["q"], keys)
            scores[name].append(ndcg(ranked, relevant))
            firsts[name].append(first_relevant(ranked, relevant))
        if args.verbose:
            print(
                f"  {item['q'][:44]!r:<48} nDCG@10 {scores['this project'][-1]:.2f} "
                f"(BM25 {scores['BM25 baseline'][-1]:.2f})  first relevant at "
                f"{firsts['this project'][-1]} (BM25 {firsts['BM25 baseline'][-1]})"
            )
    print(
        f"{connection.vendor}; {args.judgments.name}: {len(queries)} judged queries; "
        f"{SearchEntry.objects.filter(published=True).count()} published entries"
    )
    header = (
        f"{'ranking':<15} {'nDCG@10':>8} {'MRR':>6} {'first@1':>8} {'median first':>13} "
        f"{'none in 10':>11}"
    )
    print(header)
    print("-" * len(header))
    for name in scores:
        ranks = firsts[name]
        found = [r for r in ranks if r]
        print(
            f"{name:<15} {statistics.mean(scores[name]):8.3f} "
            f"{statistics.mean(1 / r if r else 0 for r in ranks):6.3f} "
            f"{sum(r == 1 for r in ranks):>5}/{len(ranks):<2} "
            f"{statistics.median(found) if found else float('nan'):13.1f} "
            f"{sum(r is None for r in ranks):>11}"
        )


if __name__ == "__main__":
    main()
