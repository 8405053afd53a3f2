"""Whether both databases find the same: the number of entries a one-word search finds, for
every word of the archive's vocabulary, on this database; and the words where two such
runs differ.

    ALLIANCE_VAR_DIR=var/parity DJANGO_DEBUG=1 python bench/db_parity.py totals sqlite.json
    DATABASE_URL=postgres://…/parity DJANGO_DEBUG=1 python bench/db_parity.py totals pg.json
    python bench/db_parity.py compare sqlite.json pg.json

Load the real archive into each database first (``manage.py migrate && manage.py
load_archive && manage.py rebuild_search_index``). Not part of the test suite.
"""

import argparse
import json
import os
import sys
from pathlib import Path


def totals(path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    import django

    django.setup()
    from django.db import connection

    from search.engine import search
    from search.models import SearchWord

    words = sorted(SearchWord.objects.values_list("word", flat=True))
    found = {word: search(word).total for word in words}
    Path(path).write_text(json.dumps({"vendor": connection.vendor, "totals": found}))
    print(f"{connection.vendor}: {len(found):,} words searched; written to {path}")


def compare(first, second, limit):
    a, b = (json.loads(Path(p).read_text()) for p in (first, second))
    words = sorted(set(a["totals"]) & set(b["totals"]))
    differ = [w for w in words if a["totals"][w] != b["totals"][w]]
    print(f"{len(words):,} words in both; {len(differ)} found a different number of entries")
    differ.sort(key=lambda w: -abs(a["totals"][w] - b["totals"][w]))
    print(f"{'word':20} {a['vendor']:>10} {b['vendor']:>10}")
    for word in differ[:limit]:
        print(f"{word:20} {a['totals'][word]:>10} {b['totals'][word]:>10}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("totals", help="search every word of the vocabulary here")
    run.add_argument("output")
    both = sub.add_parser("compare", help="the words two runs disagree on")
    both.add_argument("first")
    both.add_argument("second")
    both.add_argument("--limit", type=int, default=60)
    args = parser.parse_args()
    if args.command == "totals":
        totals(args.output)
    else:
        compare(args.first, args.second, args.limit)


if __name__ == "__main__":
    main()
