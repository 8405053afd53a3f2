"""What a reader sees marked in a hit: the words and phrases searched for, wherever the text
has curly quotes, dashes or accented letters."""

import pytest

from search.highlight import Highlighter
from search.query import parse


def marked(text, query, vendor="sqlite", how="snippet"):
    passage, spans = getattr(Highlighter(parse(query), vendor), how)(text)
    return [passage[start:end] for start, end in spans]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        (
            "Japan’s “host nation support” continues.",
            '"host nation support"',
            ["host nation support"],
        ),
        # A dash is not a word: the databases find the phrase across it, and so it is marked.
        (
            "Host nation — support, host nation's support",
            '"host nation support"',
            ["Host nation — support"],
        ),
        ("The Alliance’s roles — and missions — set.", "roles missions", ["roles", "missions"]),
        ("Talks in Tōkyō and TOKYO.", "tokyo", ["Tōkyō", "TOKYO"]),
        ("Talks in Tokyo – and Tōkyō.", "tōkyō", ["Tokyo", "Tōkyō"]),
        ("Cooperation “in space” and cyberspace", "cyber", ["cyberspace"]),
        ("Planning’s plans: bilateral planning.", '"bilateral planning"', ["bilateral planning"]),
        # An initialism is marked with its last full stop ("Japan-U.S" and an unmarked "."
        # before); a sentence's full stop after a word is not.
        ("The Japan-U.S. alliance and the U.N.", "U.S.-Japan alliance", ["Japan-U.S.", "alliance"]),
        ("Forces of the U.S. and the U.N.", "U.N.", ["U.N."]),
        ("We plan. Then plan B.", "plan", ["plan", "plan"]),
    ],
)
def test_the_words_searched_are_marked_in_text_with_typographic_characters(
    vendor, text, query, expected
):
    assert marked(text, query, vendor) == expected
    assert marked(text, query, vendor, how="title") == expected


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_curly_quotes_and_dashes_mark_what_straight_ones_mark(vendor):
    """Typographic punctuation is not part of any word: the same words are marked, at the
    same places, as in the text with straight quotes and hyphens."""
    curly = "The “U.S.–Japan” alliance’s planning — bilateral planning — continues"
    straight = 'The "U.S.-Japan" alliance\'s planning - bilateral planning - continues'
    for query in ['"bilateral planning"', "alliance", "planning", "japan"]:
        highlighter = Highlighter(parse(query), vendor)
        assert highlighter.snippet(curly)[1] == highlighter.snippet(straight)[1]
        assert highlighter.title(curly)[1] == highlighter.title(straight)[1]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_phrase_is_marked_only_where_no_word_lies_between_its_words(vendor):
    text = "Host nation's support, then CYBER host nation support, and Host Nation Support."
    assert marked(text, '"host nation support"', vendor) == [
        "host nation support",
        "Host Nation Support",
    ]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_a_long_text_s_snippet_is_the_passage_around_its_match(vendor):
    """Eight words before the first match, thirty-six in all, cut with "…" on both sides,
    however far into a long section the match lies."""
    before = " ".join(f"w{i}" for i in range(1, 2001))
    after = " ".join(f"x{i}" for i in range(1, 1001))
    text = f"{before} on Cyberspace. {after}"
    passage, spans = Highlighter(parse("cyberspace"), vendor).snippet(text)
    assert passage == (
        "… w1994 w1995 w1996 w1997 w1998 w1999 w2000 on Cyberspace. "
        + " ".join(f"x{i}" for i in range(1, 28))
        + " …"
    )
    assert [passage[start:end] for start, end in spans] == ["Cyberspace"]


@pytest.mark.parametrize("vendor", ["sqlite", "postgresql"])
def test_the_snippet_shows_the_passage_with_the_most_terms(vendor):
    filler = " ".join(f"w{i}" for i in range(1, 101))
    text = f"Okinawa first. {filler} Later Okinawa and cyberspace together. {filler}"
    passage, spans = Highlighter(parse("okinawa cyberspace"), vendor).snippet(text)
    assert [passage[start:end] for start, end in spans] == ["Okinawa", "cyberspace"]
    assert passage.startswith("… w94 w95 w96 w97 w98 w99 w100 Later Okinawa")
