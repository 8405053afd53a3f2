"""What the archive is full of — abbreviations with dots, hyphenated compounds, acronyms,
numbers and article references — found the same way on SQLite and PostgreSQL (CI runs the
suite on both): the query and the index are split into the same tokens.

Each case: a query, the rows a reader expects it to find, and the rows it must not find.
The rows are short passages of the kind the fixtures hold (real sentences' shapes: "the
U.S.-Japan Alliance", "Japan-U.S. Security Treaty", "Article 5", "the 2+2").
"""

import json
import sqlite3

import pytest
from django.conf import settings
from django.db import connection

from search.engine import search
from search.query import words_of
from search.stems import written_forms
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
    # Other two-letter words Porter's stemmer conflates with words PostgreSQL's keeps apart
    # ("one" is "on", "ties" "ti"), and some both stem the same way ("its" is "it").
    "one": "One of the priorities rests on logistics.",
    "ties": "Economic ties deepen the partnership.",
    "its": "Japan will strengthen its capabilities.",
    "time": "In time, the partnership grows.",
    "doing": "In doing so, the Alliance adapts.",
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
    # written without dots, as a reader types it: the archive's dotted spelling too
    ("US-Japan alliance", {"alliance"}, {"treaty", "plain"}),
    ("Japan-US", {"treaty", "alliance"}, {"forces", "undotted"}),
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
    # the same stems as PostgreSQL's where both stemmers agree: no word is lost
    ("IT", {"its"}, {"one"}),
    ("alliance -IT", {"doing"}, {"its"}),
    ("DO", {"doing"}, {"its"}),
    ("TI", set(), {"ties"}),
    ("ON", {"cyber", "one"}, {"ties"}),
    # and the other way round: a word of such a stem is not the two-letter word
    ("use", {"use", "using"}, {"undotted", "plain"}),
    ("one", {"one"}, {"cyber", "bmd"}),
    ("cooperation -one", {"cyber", "bmd"}, set()),
    ("ties", {"ties"}, {"time"}),
    ("ate", set(), {"plain", "forces"}),  # not "at": Porter's stem of "ate"
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
        ("US-Japan", "alliance", ["U.S.-Japan"]),
        ("counter-terrorism", "terror", ["counter-terrorism"]),
        ("2+2", "two", ["2+2"]),
        ("cyber", "cyber", ["cyberspace"]),
        ("one", "one", ["One"]),  # not "on", which SQLite's stemmer makes the same stem
        ('"Article 5"', "article", ["Article 5"]),
    ],
)
def test_highlights_mark_the_token_as_written(rows, text, row, marked):
    hit = next(h for h in search(text).hits if h.url.rstrip("/").endswith("/" + row))
    assert [hit.snippet[m.start : m.end] for m in hit.matches if m.field == "snippet"] == marked


def test_a_heading_holding_a_conflated_stem_is_no_title_hit():
    """A heading "Use of Facilities" holds the stem "us" in SQLite's main index: for "U.S." it is a
    section that mentions the U.S. in its text, not one headed so, and ranks as one."""
    document = DocumentFactory(title="Tokens", summary="")
    use = SectionFactory(
        document=document, anchor="use", heading="Use of Facilities", body="U.S. forces."
    )
    headed = SectionFactory(
        document=document, anchor="headed", heading="U.S. Forces", body="Forces in Japan."
    )
    SectionFactory(document=document, anchor="mentions", heading="", body="U.S. and U.S. forces.")
    hits = [h for h in search("U.S.").hits if h.kind == "section"]
    order = [h.url.rstrip("/").rsplit("/", 1)[-1] for h in hits]
    assert order.index(headed.anchor) == 0
    assert not next(h for h in hits if h.url.endswith(use.anchor + "/")).in_title


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own stemmer")
def test_a_word_of_a_two_letter_stem_stands_for_what_postgresql_matches():
    """For every word of the shipped archive that SQLite's stemmer (Porter's, in FTS5) gives a
    stem of two letters, the forms as written it is looked up by are those of its stem class
    that PostgreSQL's stemmer (Snowball's) gives its own stem: "use" stands for "used", not
    "us"; "its" for "it"."""
    words = set()
    for path in (settings.BASE_DIR / "fixtures" / "sections").glob("*.json"):
        for record in json.loads(path.read_text()):
            fields = record["fields"]
            words.update(words_of(fields.get("heading", "") + " " + fields.get("body", "")))
    words = sorted(words)
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE t USING fts5(w, tokenize='porter unicode61')")
    fts.executemany("INSERT INTO t (rowid, w) VALUES (?, ?)", enumerate(words))
    fts.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    porter = {words[doc]: stem for doc, stem in fts.execute("SELECT doc, term FROM v")}
    short = [w for w in words if len(porter.get(w, "")) == 2 and porter[w].isalpha()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ts_lexize('search_stem', w) FROM unnest(%s::text[]) AS w", [short]
        )
        snowball = {w: tuple(lexemes or ()) for w, lexemes in cursor.fetchall()}
    wrong = []
    for word in short:
        forms = written_forms(word)
        assert forms is not None, word
        for other in short:
            if porter[other] == porter[word]:
                expected = snowball[other] == snowball[word]
                if (other in forms) != expected:
                    wrong.append((word, other, expected))
    assert not wrong
