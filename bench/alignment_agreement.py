"""Agreement of the 1997 → 2015 comparison with a blind second reader's correspondence.

    DJANGO_DEBUG=1 .venv/bin/python bench/alignment_agreement.py

Loads the curated archive into a throw-away SQLite database, aligns the 1997 and 2015
Guidelines twice — by the computation alone and with the editors' corrections
(fixtures/alignments.json) — and compares each with docs/review/alignment-1997-2015/
reader.md: per 1997 section, the same partner (or both none); and of the reader's pairs, how
many the page shows. Prints the figures and the sections where they differ.
"""

import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = ROOT / "docs" / "review" / "alignment-1997-2015" / "reader.md"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
os.environ["ALLIANCE_VAR_DIR"] = tempfile.mkdtemp(prefix="alignment-agreement-")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from documents import compare  # noqa: E402
from documents.archive import load_archive  # noqa: E402
from documents.models import Document  # noqa: E402

ROW = re.compile(r"^\| ([IVX][^|]*?) \| ([^|]+?) \| ([^|]+?) \|")


def reader_pairs():
    """{1997 pinpoint: 2015 pinpoint or None} and {1997 pinpoint: confidence}."""
    pairs, confidence = {}, {}
    for line in READER.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            earlier, later, sure = (part.strip() for part in match.groups())
            pairs[earlier] = None if later == "none" else later
            confidence[earlier] = sure
    return pairs, confidence


def page_pairs(earlier, later, *, corrected):
    sections = compare.document_sections([earlier, later])
    corrections = compare.corrections_between(earlier, later) if corrected else ()
    by_pk = {s.pk: s for s in (*sections[earlier.pk], *sections[later.pk])}
    rows = compare.align(
        compare._section_texts(sections[earlier.pk]),
        compare._section_texts(sections[later.pk]),
        corrections,
    )
    # A merged section (carried within a later section paired with another) has no partner of
    # its own: the reader's "none (merged)". A split row is the later section's, not a pair.
    return {
        by_pk[row.earlier].pinpoint: by_pk[row.later].pinpoint
        if row.later and row.status != "merged"
        else None
        for row in rows
        if row.earlier and row.status != "split"
    }


def main():
    call_command("migrate", verbosity=0)
    load_archive(settings.ARCHIVE_FIXTURE_DIR)
    earlier = Document.objects.get(slug="guidelines-1997")
    later = Document.objects.get(slug="guidelines-2015")
    reader, confidence = reader_pairs()
    reader_paired = {(a, b) for a, b in reader.items() if b}
    print(f"second reader: {len(reader)} sections of 1997, {len(reader_paired)} pairs")
    for label, corrected in (("computation alone", False), ("with corrections", True)):
        ours = page_pairs(earlier, later, corrected=corrected)
        agree = sum(ours.get(section, "?") == partner for section, partner in reader.items())
        shown = {(a, b) for a, b in ours.items() if b}
        print(
            f"{label:18} agreement {agree}/{len(reader)} ({agree / len(reader):.0%}); "
            f"the reader's pairs shown {len(reader_paired & shown)}/{len(reader_paired)}; "
            f"pairs shown that the reader does not make {len(shown - reader_paired)}"
        )
        for section, partner in reader.items():
            if ours.get(section, "?") != partner:
                print(
                    f"    {section:10} page {ours.get(section)!s:10} reader {partner!s:10}"
                    f" ({confidence[section]})"
                )


if __name__ == "__main__":
    main()
