"""What the archive is full of — abbreviations with dots, hyphenated compounds, acronyms,
numbers and article references — found the same way on SQLite and PostgreSQL (CI runs the
suite on both): the query and the index are split into the same tokens.

Each case: a query, the rows a reader expects it to find, and the rows it must not find.
The rows are short passages of the kind the fixtures hold (real sentences' shapes: "the
U.S.-Japan Alliance", "Japan-U.S. Security Treaty", "Article 5", "the 2+2").
"""

import pytest

from search.engine import search
from tests.factories import DocumentFactory, SectionFactory

pytestmark = pytest.mark.django_db

ROWS = {
    "alliance": "The U.S.-Japan Alliance is the cornerstone of peace and security in the region.",
    "treaty": "Under the Japan-U.S. Security Treaty both governments consult regularly.",
    "forces": "U.S. forces in Japan will cooperate with the Self-Defense Forces.",
    "undotted": "US and Japan share roles in missile defense.",
    "un": "Activities under the U.N. Charter, including peacekeeping operations.",
    "un-caps": "UN peacekeeping operations continue.",
    "terror": "Bilateral counter-terrorism cooperation will be strengthened.",
    "closed": "Counterterrorism remains a priority of both governments.",
    "two": "The 2+2 confirmed the roles of the two governments.",
    "scc": "The SCC approved the plan.",
    "bmd": "Cooperation on BMD and ISR continues.",
    "sofa": "Matters related to the SOFA are discussed in the Joint Committee.",
    "article": "Article 5 of the Treaty applies to the Senkaku Islands.",
    "articles": "Article 6 concerns facilities and areas.",
    "roman": "The President reaffirmed that Article V applies to the Senkaku Islands.",
    "year": "In April 2015 the Ministers approved the new Guidelines.",
    "cyber": "Cooperation on cyberspace and space will be expanded.",
    "realign": "The realignment of forces in Okinawa will proceed.",
    "plain": "The two governments will consult with us on planning.",
    # SQLite's stemmer makes "use", "used" and "using" the stem "us": the word "us" (and
    # so "U.S.", which also finds "US") must not find them, nor "-US" leave them out.
    "use": "Japan will use missile defense systems in the U.N. operations.",
    "using": "Using the facilities, the units used missile defense drills.",
}

CASES = [
    # query, expected (all found), not expected
    # the two spellings of the relationship find each other, not the names apart
    ("U.S.-Japan alliance", {"alliance"}, {"treaty", "plain"}),
    ("U.S.-Japan", {"alliance", "treaty"}, {"forces", "undotted"}),
    ("Japan-U.S.", {"treaty", "alliance"}, {"forces", "undotted"}),
    # typed with the dash the archive's pages print ("U.S.–Japan alliance documents")
    ("U.S.–Japan alliance", {"alliance"}, {"treaty", "plain"}),
    ("Japan–U.S.", {"treaty", "alliance"}, {"forces", "undotted"}),
    ("counter‑terrorism", {"terror", "closed"}, {"bmd"}),
    # "U.S." also finds "US" written without dots; the index is not case-sensitive, so it
    # finds the pronoun "us" as well (4 times in the fixtures, against 319 "U.S."; see
    # docs/search.md, "Tokens").
    ("U.S.", {"alliance", "treaty", "forces", "undotted", "plain"}, {"un", "use", "using"}),
    ("US", {"alliance", "treaty", "forces", "undotted", "plain"}, {"un", "use", "using"}),
    ("us", {"undotted", "plain"}, {"use", "using", "forces"}),
    ("missile -US", {"use", "using"}, {"undotted"}),
    ("missile -U.S.", {"use", "using"}, {"undotted"}),
    ("U.N. -us", {"un", "use"}, set()),
    ("U.S. forces", {"forces"}, {"alliance"}),
    ("U.N.", {"un", "un-caps"}, {"forces"}),
    ("UN peacekeeping", {"un", "un-caps"}, set()),
    ("counter-terrorism", {"terror", "closed"}, {"bmd"}),
    ('"counter-terrorism cooperation"', {"terror"}, {"closed"}),
    ("2+2", {"two"}, {"year", "article"}),
    ("SCC", {"scc"}, {"sofa"}),
    ("BMD", {"bmd"}, {"scc"}),
    ("ISR", {"bmd"}, {"scc"}),
    ("SOFA", {"sofa"}, {"scc"}),
    # an article is numbered both ways in the archive ("Article 5" in the Treaty and the SCC
    # statements, "Article V" in the leaders'): each finds the other, not the next article
    ('"Article 5"', {"article", "roman"}, {"articles"}),
    ("Article 5", {"article", "roman"}, {"articles"}),
    ("Article V", {"article", "roman"}, {"articles"}),
    ("Art. 6", {"articles"}, {"article", "roman"}),
    ("2015", {"year"}, {"article"}),
    ("cyber", {"cyber"}, {"realign"}),
    ("realign", {"realign"}, {"cyber"}),
]


@pytest.fixture
def rows():
    document = DocumentFactory(title="Tokens", summary="")
    return {
        name: SectionFactory(document=document, anchor=name, heading="", body=body)
        for name, body in ROWS.items()
    }


@pytest.mark.parametrize(("text", "expected", "unexpected"), CASES, ids=[c[0] for c in CASES])
def test_the_archive_s_tokens_are_found(rows, text, expected, unexpected):
    results = search(text)
    assert not results.error
    found = {
        hit.url.rstrip("/").rsplit("/", 1)[-1] for hit in results.hits if hit.kind == "section"
    }
    assert expected <= found, f"{text!r} missed {expected - found}"
    assert not found & unexpected, f"{text!r} found {found & unexpected}"


@pytest.mark.parametrize(
    ("text", "row", "marked"),
    [
        ("U.S.-Japan", "alliance", ["U.S.-Japan"]),
        ("Japan-U.S.", "treaty", ["Japan-U.S."]),  # with the initialism's full stop
        ("Japan-U.S.", "alliance", ["U.S.-Japan"]),
        ("counter-terrorism", "terror", ["counter-terrorism"]),
        ("2+2", "two", ["2+2"]),
        ("cyber", "cyber", ["cyberspace"]),
        ('"Article 5"', "article", ["Article 5"]),
        ("U.N. OR us", "use", ["U.N."]),  # not "use", which SQLite's stemmer makes "us"
    ],
)
def test_highlights_mark_the_token_as_written(rows, text, row, marked):
    hit = next(h for h in search(text).hits if h.url.rstrip("/").endswith("/" + row))
    assert [hit.snippet[m.start : m.end] for m in hit.matches if m.field == "snippet"] == marked
