"""The query language, parsed in Python the same way for both databases."""

import pytest

from search.query import MAX_TERMS, QueryError, Term, parse


def words(*items):
    return Term(tuple(items))


def test_words_must_all_match():
    query = parse("Defense  cooperation")
    assert query.clauses == [(words("defense"),), (words("cooperation"),)]
    assert query.excluded == []


def test_quoted_phrase_keeps_its_words_together_even_unclosed():
    assert parse('"bilateral planning" okinawa').clauses[0] == (words("bilateral", "planning"),)
    assert parse('"bilateral planning').clauses == [(words("bilateral", "planning"),)]
    assert parse("“curly quotes”").clauses == [(words("curly", "quotes"),)]


def test_or_joins_neighbours_before_and():
    query = parse("space OR cyber defense")
    assert query.clauses == [(words("space"), words("cyber")), (words("defense"),)]
    # lowercase "or" is a (stop) word, not an operator; a dangling OR is ignored
    assert parse("space or cyber").clauses == [(words("space"),), (words("cyber"),)]
    assert parse("OR space OR").clauses == [(words("space"),)]


def test_exclusions():
    query = parse('alliance -okinawa -"host nation"')
    assert query.clauses == [(words("alliance"),)]
    assert query.excluded == [words("okinawa"), words("host", "nation")]


def test_punctuation_inside_a_word_makes_a_phrase():
    assert parse("U.S.-Japan").clauses == [(words("u", "s", "japan"),)]


def test_stop_words_are_dropped_outside_phrases():
    assert parse("the alliance").clauses == [(words("alliance"),)]
    assert parse('"defense of japan"').clauses == [(words("defense", "of", "japan"),)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type one or more words"),
        ("   ", "Type one or more words"),
        ('"', "Nothing to search for"),
        ("- OR --", "Nothing to search for"),
        ("?!*^:()", "Nothing to search for"),
        ("the of and", "Nothing to search for"),
        ("-okinawa", "Add at least one word"),
        ('"of the"', "Nothing to search for"),
    ],
)
def test_unsearchable_input_gets_a_message(text, message):
    with pytest.raises(QueryError, match=message):
        parse(text)


def test_fts_and_sql_syntax_are_plain_words():
    query = parse('NEAR(alliance okinawa) title:guidelines alli* ^start "a" AND b; DROP TABLE x --')
    flat = [w for clause in query.clauses for term in clause for w in term.words]
    assert flat == [
        "near", "alliance", "okinawa", "title", "guidelines", "alli", "start", "b",
        "drop", "table", "x",
    ]  # fmt: skip
    assert all(w.isalnum() for w in flat)


def test_control_characters_and_nul_bytes_are_removed():
    # a NUL byte disappears; other control characters separate words
    assert parse("coop\x00eration\x07japan\x1b").clauses == [
        (words("cooperation"),),
        (words("japan"),),
    ]


def test_long_queries_are_cut_with_a_notice():
    query = parse("alliance " * 1000)
    assert query.clauses == [(words("alliance"),)]
    assert any("500 characters" in notice for notice in query.notices)
    many = parse(" ".join(f"word{n}" for n in range(40)))
    assert sum(len(c) for c in many.clauses) == MAX_TERMS
    assert any("16 terms" in notice for notice in many.notices)


def test_accents_are_folded():
    assert parse("Tōkyō").clauses == [(words("tokyo"),)]
