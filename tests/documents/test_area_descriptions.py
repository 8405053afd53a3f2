"""The shipped areas' descriptions and tagging rules point readers at sections of the
Guidelines ("2015 IV.C.2.b.i–ii; 1997 IV.2.3.a"): every section they name is there (an
outside reader found "1997 IV.3.a", which never existed)."""

import json
import re

import pytest
from django.conf import settings

GUIDELINES = ("1978", "1997", "2015")
CITED = re.compile(
    r"\b(1978|1997|2015)\b((?:[ ,;]+(?:and )?[IVX]+(?:\.[A-Za-z0-9]+)*(?:[–-][A-Za-z0-9]+)?)+)"
)
PINPOINT = re.compile(r"[IVX]+(?:\.[A-Za-z0-9]+)*")


def cited(text):
    """(year, pinpoint) for each Guidelines section ``text`` names; a range names its first."""
    for match in CITED.finditer(text):
        for pinpoint in PINPOINT.findall(match.group(2)):
            yield match.group(1), pinpoint


def pinpoints():
    found = {}
    for year in GUIDELINES:
        path = settings.ARCHIVE_FIXTURE_DIR / "sections" / f"guidelines-{year}.json"
        if path.exists():
            found[year] = {row["fields"].get("pinpoint") for row in json.loads(path.read_text())}
    return found


def test_the_pattern_finds_what_a_description_cites():
    assert list(cited("interoperability (2015 III.B; 1997 IV.3.a).")) == [
        ("2015", "III.B"),
        ("1997", "IV.3.a"),
    ]
    assert list(cited("(2015 IV.A.2, IV.C.2.b.i–ii, IV.D.4)")) == [
        ("2015", "IV.A.2"),
        ("2015", "IV.C.2.b.i"),
        ("2015", "IV.D.4"),
    ]


@pytest.mark.parametrize("field", ["description", "tagging_rules"])
def test_every_section_an_area_names_exists(field):
    sections = pinpoints()
    assert set(sections) >= {"1997", "2015"}
    areas = json.loads((settings.ARCHIVE_FIXTURE_DIR / "areas.json").read_text())
    missing = [
        (area["fields"]["slug"], year, pinpoint)
        for area in areas
        for year, pinpoint in cited(area["fields"].get(field, ""))
        if year in sections and pinpoint not in sections[year]
    ]
    assert missing == []
