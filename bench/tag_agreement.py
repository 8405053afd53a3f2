"""Agreement of the archive's reviewed area tags with a second reader's, on a random sample.

Two steps, no database needed (it reads the fixtures). Each reading is a *round* with a
folder of its own, docs/review/round-<N>/, so that earlier rounds stay as they were judged:

    .venv/bin/python bench/tag_agreement.py sample --round 2 --seed 23 [--size 80]
        writes docs/review/round-2/sample.json: the sampled sections' texts, their place in
        the document (the headings above them), the taxonomy with its descriptions and the
        tagging rules of docs/curation.md, and NOT the archive's tags; give it to the second
        reader, who fills in docs/review/round-2/answers.json
        ({"answers": {"<document>#<anchor>": ["slug", ...]}}).

    .venv/bin/python bench/tag_agreement.py score --round 2 [3 4 …]
        compares the answers with the archive's reviewed tags as they stood when the round's
        sample was committed (git), and for several rounds also pooled, and prints
        precision  = shared tags / the archive's tags       (target >= 0.90)
        missing    = second reader's tags the archive lacks / the second reader's tags
                                                            (target <= 0.10)
        both strict (same area) and lenient (a parent and its sub-area count as agreeing).
"""

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
REVIEW = ROOT / "docs" / "review"
CURATION = ROOT / "docs" / "curation.md"


def round_dir(number):
    return REVIEW / f"round-{number}"


def tagging_rules():
    """The tagging code, as docs/curation.md states it (between its two markers)."""
    text = CURATION.read_text(encoding="utf-8")
    start, end = "<!-- tagging-rules:start -->", "<!-- tagging-rules:end -->"
    return text[text.index(start) + len(start) : text.index(end)].strip()


def place(sections, key):
    """The headings above a section, outermost first ("IV.C When an armed attack …")."""
    document = key.split("#")[0]
    trail = []
    parent = sections[key]["parent"]
    while parent:
        above = sections[f"{document}#{parent[0]}"]
        trail.append(f"{above['pinpoint']} {above['heading']}".strip())
        parent = above["parent"]
    return list(reversed(trail))


def fixture_texts(commit=None):
    """The section fixture files' texts: as they are now, or as ``commit`` had them."""
    if commit is None:
        return [
            path.read_text(encoding="utf-8")
            for path in sorted((FIXTURES / "sections").glob("*.json"))
        ]

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout

    names = git("ls-tree", "--name-only", commit, "fixtures/sections/").split()
    return [git("show", f"{commit}:{name}") for name in sorted(names) if name.endswith(".json")]


def drawn_at(number):
    """The commit whose tags the round's sample was drawn against: the sample's own
    "drawn_against" (recorded when it is drawn; added by hand to round 1, which was committed
    in a merge), else the commit that added the sample."""
    recorded = json.loads((round_dir(number) / "sample.json").read_text(encoding="utf-8"))
    if recorded.get("drawn_against"):
        return recorded["drawn_against"]
    path = f"docs/review/round-{number}/sample.json"
    out = subprocess.run(
        ["git", "log", "--format=%H", "--diff-filter=A", "--", path],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    if not out:
        sys.exit(f"{path} is not committed: commit the sample before it is judged.")
    return out[-1]


def load_sections(commit=None):
    """{key: section record} and {key: set of reviewed area slugs}, key '<doc>#<anchor>'."""
    sections, tags = {}, {}
    for text in fixture_texts(commit):
        for record in json.loads(text):
            fields = record["fields"]
            if record["model"] == "documents.section":
                key = f"{fields['document'][0]}#{fields['anchor']}"
                sections[key] = fields
                tags.setdefault(key, set())
            elif record["model"] == "documents.sectionarea" and fields["status"] == "reviewed":
                anchor, document = fields["section"]
                tags.setdefault(f"{document}#{anchor}", set()).add(fields["area"][0])
    return sections, tags


def load_areas():
    records = json.loads((FIXTURES / "areas.json").read_text(encoding="utf-8"))
    return {
        r["fields"]["slug"]: {
            "name": r["fields"]["name"],
            "parent": r["fields"]["parent"][0] if r["fields"]["parent"] else None,
            "description": r["fields"]["description"],
        }
        for r in records
    }


def sample(number, size, seed):
    sections, _tags = load_sections()
    documents = {
        r["fields"]["slug"]: r["fields"]["title"]
        for r in json.loads((FIXTURES / "documents.json").read_text(encoding="utf-8"))
    }
    judged = {
        entry["key"]
        for earlier in REVIEW.glob("round-*/sample.json")
        for entry in json.loads(earlier.read_text(encoding="utf-8"))["sections"]
    }
    # Sections an earlier round judged are left out: the tags may since have moved towards
    # that reader's answers, and judging them again would overstate agreement.
    with_text = sorted(
        key for key, fields in sections.items() if fields["body"].strip() and key not in judged
    )
    chosen = sorted(random.Random(seed).sample(with_text, size))
    target = round_dir(number) / "sample.json"
    if target.exists():
        sys.exit(f"{target.relative_to(ROOT)} exists: a judged round is never redrawn.")
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "fixtures"], cwd=ROOT, capture_output=True, text=True
    ).stdout
    if dirty:
        sys.exit("Commit the fixtures first: a round is scored against committed tags.")
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps(
            {
                "instructions": (
                    "For each section, list the slugs of the cooperation areas it is about "
                    "(none, one or several), reading the text against the area descriptions "
                    "and the tagging rules below. 'place' gives the headings above the "
                    "section in its document, outermost first."
                ),
                "seed": seed,
                "drawn_against": head,
                "rules": tagging_rules(),
                "areas": load_areas(),
                "sections": [
                    {
                        "key": key,
                        "document": documents.get(key.split("#")[0], key.split("#")[0]),
                        "place": place(sections, key),
                        "pinpoint": sections[key]["pinpoint"],
                        "heading": sections[key]["heading"],
                        "body": sections[key]["body"],
                    }
                    for key in chosen
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Wrote {len(chosen)} sections to {target.relative_to(ROOT)}")


def score(numbers):
    """Scores each round against the tags as they stood when its sample was drawn (later
    revisions may have moved towards that reader's answers), then the rounds pooled."""
    areas = load_areas()

    def related(slug, others):
        """The same area, or a parent and one of its sub-areas."""
        parent = areas[slug]["parent"]
        return any(
            slug == other or parent == other or areas[other]["parent"] == slug for other in others
        )

    totals = dict.fromkeys(["sections", "ours", "theirs", "shared", "l_ours", "l_theirs"], 0)
    for number in numbers:
        folder = round_dir(number)
        answers = json.loads((folder / "answers.json").read_text(encoding="utf-8"))["answers"]
        drawn = json.loads((folder / "sample.json").read_text(encoding="utf-8"))["sections"]
        keys = [entry["key"] for entry in drawn]
        missing_keys = [key for key in keys if key not in answers]
        if missing_keys:
            sys.exit(f"No answer for {len(missing_keys)} sections, e.g. {missing_keys[0]}")
        unknown = {slug for key in keys for slug in answers[key] if slug not in areas}
        if unknown:
            sys.exit(f"Unknown area slugs in the answers: {sorted(unknown)}")
        commit = drawn_at(number)
        _sections, tags = load_sections(commit)
        counts = dict.fromkeys(totals, 0)
        counts["sections"] = len(keys)
        for key in keys:
            mine, second = tags.get(key, set()), set(answers[key])
            counts["ours"] += len(mine)
            counts["theirs"] += len(second)
            counts["shared"] += len(mine & second)
            counts["l_ours"] += sum(1 for slug in mine if related(slug, second))
            counts["l_theirs"] += sum(1 for slug in second if related(slug, mine))
        report(f"round {number} (tags of {commit[:7]})", counts)
        for name in totals:
            totals[name] += counts[name]
    if len(numbers) > 1:
        report(f"rounds {', '.join(map(str, numbers))} pooled", totals)


def report(label, c):
    print(
        f"{label}: {c['sections']} sections; archive tags {c['ours']}, "
        f"second reader's tags {c['theirs']}"
    )
    print(
        f"  strict   precision {c['shared'] / c['ours']:.3f}   "
        f"missing {(c['theirs'] - c['shared']) / c['theirs']:.3f}"
    )
    print(
        f"  lenient  precision {c['l_ours'] / c['ours']:.3f}   "
        f"missing {(c['theirs'] - c['l_theirs']) / c['theirs']:.3f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("sample")
    make.add_argument("--round", type=int, required=True)
    make.add_argument("--size", type=int, default=60)
    make.add_argument("--seed", type=int, required=True)
    scoring = sub.add_parser("score")
    scoring.add_argument("--round", type=int, nargs="+", required=True)
    args = parser.parse_args()
    if args.command == "sample":
        sample(args.round, args.size, args.seed)
    else:
        score(args.round)


if __name__ == "__main__":
    main()
