"""The query language, parsed in Python the same way for both databases."""

import pytest

from search.query import MAX_TERMS, QueryError, parse


def words(*items):
    return tuple(items)


def shape(clauses):
    """The clauses as the words the user typed (without the parser's added variants)."""
    return [tuple(t.words for t in clause if not t.variant) for clause in clauses]


def shape_terms(terms):
    return [t.words for t in terms if not t.variant]


def test_words_must_all_match():
    query = parse("Defense  cooperation")
    assert shape(query.clauses) == [(words("defense"),), (words("cooperation"),)]
    assert shape_terms(query.excluded) == []


def test_quoted_phrase_keeps_its_words_together_even_unclosed():
    assert shape(parse('"bilateral planning" okinawa').clauses)[0] == (
        words("bilateral", "planning"),
    )
    assert shape(parse('"bilateral planning').clauses) == [(words("bilateral", "planning"),)]
    assert shape(parse("“curly quotes”").clauses) == [(words("curly", "quotes"),)]


def test_or_joins_neighbours_before_and():
    query = parse("space OR cyber defense")
    assert shape(query.clauses) == [(words("space"), words("cyber")), (words("defense"),)]
    # lowercase "or" is a (stop) word, not an operator; a dangling OR is ignored
    assert shape(parse("space or cyber").clauses) == [(words("space"),), (words("cyber"),)]
    assert shape(parse("OR space OR").clauses) == [(words("space"),)]


def test_exclusions():
    query = parse('alliance -okinawa -"host nation"')
    assert shape(query.clauses) == [(words("alliance"),)]
    assert shape_terms(query.excluded) == [words("okinawa"), words("host", "nation")]


def test_punctuation_inside_a_word_makes_a_phrase():
    assert shape(parse("U.S.-Japan").clauses) == [(words("u", "s", "japan"),)]


def test_stop_words_are_dropped_outside_phrases():
    assert shape(parse("the alliance").clauses) == [(words("alliance"),)]
    assert shape(parse('"defense of japan"').clauses) == [(words("defense", "of", "japan"),)]


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
    assert shape(parse("coop\x00eration\x07japan\x1b").clauses) == [
        (words("cooperation"),),
        (words("japan"),),
    ]


def test_long_queries_are_cut_with_a_notice():
    query = parse("alliance " * 1000)
    assert shape(query.clauses) == [(words("alliance"),)]
    assert any("500 characters" in notice for notice in query.notices)
    many = parse(" ".join(f"word{n}" for n in range(40)))
    assert sum(len(c) for c in many.clauses) == MAX_TERMS
    assert any("16 terms" in notice for notice in many.notices)


def test_accents_are_folded():
    assert shape(parse("Tōkyō").clauses) == [(words("tokyo"),)]


def variants(text):
    return [[(t.words, t.prefix) for t in clause] for clause in parse(text).clauses]


def test_prefixes_compounds_and_abbreviations_get_their_variants():
    assert variants("cyber") == [[(("cyber",), True)]]
    assert variants("cyber defense") == [[(("cyber",), False)], [(("defense",), False)]]
    assert variants("cyber -space") == [[(("cyber",), False)]]
    # nor is an excluded word: its prefix cost GIN a read of every word it begins
    assert [(t.words, t.prefix) for t in parse("security -cooperation").excluded] == [
        (("cooperation",), False)
    ]
    assert variants("ISR SOFA 2015") == [[(("isr",), False)], [(("sofa",), False)],
                                         [(("2015",), False)]]  # fmt: skip
    assert variants("U.S.") == [[(("u", "s"), False), (("us",), False)]]
    assert variants("US") == [[(("us",), False), (("u", "s"), False)]]
    assert variants("Japan-U.S.") == [
        [
            (("japan", "u", "s"), False),
            (("japan", "us"), False),
            (("u", "s", "japan"), False),  # the same relationship, named the other way
            (("us", "japan"), False),
        ]
    ]
    assert variants("counter-terrorism") == [
        [(("counter", "terrorism"), False), (("counterterrorism",), False)]
    ]
    assert variants('"cyber"') == [[(("cyber",), False)]]  # quoted: the word itself
    assert str(parse("U.S.-Japan cyber")) == "U.S.-Japan cyber"


def test_an_article_number_is_a_phrase_that_also_finds_the_other_numbering():
    assert variants("Article 5") == [[(("article", "5"), False), (("article", "v"), False)]]
    assert variants("art. VI facilities") == [
        [(("article", "vi"), False), (("article", "6"), False)],
        [(("facilities",), False)],
    ]
    assert variants('"Article 5"') == [[(("article", "5"), False), (("article", "v"), False)]]
    assert str(parse("Article 5 Senkaku")) == "Article 5 Senkaku"  # as typed
    # Not an article number: the words as usual.
    assert variants("article of cooperation") == [[(("article",), False)],
                                                  [(("cooperation",), False)]]  # fmt: skip
    assert variants("Article 99") == [[(("article",), False)], [(("99",), False)]]


def test_common_words_left_out_are_named_with_the_phrase_that_keeps_them():
    # the heading reads "results for Acquisition Cross-Servicing Agreement": the notice says
    # where "and" went, and how to search for it
    query = parse("Acquisition and Cross-Servicing Agreement")
    assert str(query) == "Acquisition Cross-Servicing Agreement"
    assert query.notices == [
        "“and” is too common to search for and was left out; a phrase in quotes keeps it: "
        '"Acquisition and Cross-Servicing Agreement".'
    ]
    assert parse("defense of japan OR korea").notices == [
        "“of” is too common to search for and was left out; a phrase in quotes keeps it."
    ]
    assert parse('"defense of japan"').notices == []
    assert parse("japan -the").notices == []


def test_a_lower_case_or_is_named_with_the_capitals_that_make_it_either():
    assert parse("japan or korea").notices == [
        "“or” is too common to search for and was left out; a phrase in quotes keeps it, and "
        "OR in capitals finds either word."
    ]


def test_a_two_letter_part_of_a_compound_in_small_letters_finds_the_dotted_spelling():
    assert ("u", "s", "japan") in [term.words for term in parse("us-japan").clauses[0]]


@pytest.mark.parametrize(
    ("typed", "heading"),
    [
        ("BMD, SOFA", "BMD SOFA"),  # not "bmd SOFA": the comma is not part of the word
        ("(SOFA) Okinawa!", "SOFA Okinawa"),
        ("Tōkyō, Futenma.", "Tōkyō Futenma"),
        ("-SOFA Okinawa", "Okinawa -SOFA"),
        ("Japan's U.S.-Japan", "Japan's U.S.-Japan"),
    ],
)
def test_the_results_heading_names_each_word_as_it_was_typed(typed, heading):
    assert str(parse(typed)) == heading
