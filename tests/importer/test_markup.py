"""Hard-wrapped text (PDF reprints) and Markdown/HTML markers (web pages) in the importer.

What an editor notices: a pasted PDF text comes out as whole paragraphs with its headings,
a web page's bold and underlined lines become headings without their markers, and no word
is changed. Pure Python: no database.
"""

import re

import pytest

from documents.importer.parser import ParseError, parse_text, read_source, reassemble


def sections(text):
    return [(s.pinpoint, s.heading, s.body) for s in parse_text(text).sections]


def characters(text):
    return "".join(text.split())


# --- Hard-wrapped text ----------------------------------------------------------------------

WRAPPED = """(June 29, 2006)
The two leaders agreed that the partnership stands as one of the most
accomplished bilateral relationships in history and heralded a new
Alliance of Global Cooperation.
1. The Alliance Based on Universal Values and Common Interests
The United States and Japan stand together not only against mutual threats
but also for the advancement of universal values such as (a) freedom and
(b) human dignity, and for rules-
based order in the Asia-Pacific region.
They share interests in winning the war on terrorism and in maintaining
stability.
2. Bilateral Cooperation
The President welcomed the progress achieved during their tenures, and
reaffirmed that Article 5 of the Treaty applies.
"""


def test_a_wrapped_paragraph_is_one_paragraph_and_its_words_are_kept():
    result = parse_text(WRAPPED)
    assert result.front_matter == "(June 29, 2006)"
    assert sections(WRAPPED) == [
        (
            "¶1",
            "",
            "The two leaders agreed that the partnership stands as one of the most "
            "accomplished bilateral relationships in history and heralded a new "
            "Alliance of Global Cooperation.",
        ),
        (
            "1",
            "The Alliance Based on Universal Values and Common Interests",
            "The United States and Japan stand together not only against mutual threats "
            "but also for the advancement of universal values such as (a) freedom and "
            "(b) human dignity, and for rules-based order in the Asia-Pacific region.\n\n"
            "They share interests in winning the war on terrorism and in maintaining "
            "stability.",
        ),
        (
            "2",
            "Bilateral Cooperation",
            "The President welcomed the progress achieved during their tenures, and "
            "reaffirmed that Article 5 of the Treaty applies.",
        ),
    ]
    assert characters(reassemble(result)) == characters(WRAPPED)


def test_a_heading_wrapped_over_two_lines_and_a_lone_heading():
    text = (
        "I. Strengthening Security and Defense Cooperation\n"
        "(1) Implementation of the 2015 Guidelines for U.S.-Japan Defense Planning\n"
        "Cooperation\n"
        "The Ministers reaffirmed the two Governments' unwavering commitment to\n"
        "continue implementation of the 2015 Guidelines and to strengthen the\n"
        "Alliance in every respect.\n"
        "Economic Relations\n"
        "The United States and Japan represent a large share of the world economy\n"
        "and pledged to strengthen domestic and global demand.\n"
    )
    result = parse_text(text)
    headings = [(s.pinpoint, s.heading) for s in result.sections]
    assert headings == [
        ("I", "Strengthening Security and Defense Cooperation"),
        (
            "I.1",
            "Implementation of the 2015 Guidelines for U.S.-Japan Defense Planning Cooperation",
        ),
        ("I.1, Economic Relations", "Economic Relations"),
    ]


def test_an_editors_note_in_brackets_stands_as_its_own_paragraph():
    text = (
        "I. Overview\n"
        "The Ministers called for the steady implementation of the construction\n"
        "plan and for peace and security.\n"
        '[one line illegible in source extraction (text layer garbled): "Th Mi i t"]\n'
        "Training Area in 2016, the single largest land return in Okinawa since\n"
        "1972, was welcomed by both sides in every respect and at every level.\n"
    )
    body = parse_text(text).sections[0].body.split("\n\n")
    assert body[1] == '[one line illegible in source extraction (text layer garbled): "Th Mi i t"]'
    assert body[2].startswith("Training Area in 2016")


def test_list_items_in_wrapped_text_keep_their_own_lines():
    text = (
        "(1) Alliance Responses\n"
        "The Ministers confirmed their shared intent to develop specific measures\n"
        "and actions to further strengthen the Alliance, including through\n"
        "reviewing roles, missions, and capabilities.\n"
        "The Ministers gave the following guidance to their staffs and to all of\n"
        "the relevant offices:\n"
        "- Accelerate implementation of the 2015 Guidelines for U.S.-Japan Defense\n"
        "Cooperation; and,\n"
        "- Explore new and expanded activities in various areas.\n"
    )
    (section,) = parse_text(text).sections
    assert section.body.split("\n")[2:] == [
        "The Ministers gave the following guidance to their staffs and to all of the "
        "relevant offices:",
        "- Accelerate implementation of the 2015 Guidelines for U.S.-Japan Defense Cooperation; "
        "and,",
        "- Explore new and expanded activities in various areas.",
    ]


def test_text_in_one_line_paragraphs_is_read_as_before():
    text = "Title\n\nI. One\n\nFirst paragraph.\nSecond line kept.\n"
    assert sections(text) == [("I", "One", "First paragraph.\nSecond line kept.")]


# --- Markers --------------------------------------------------------------------------------

WEB_PAGE = """President Biden is honored to welcome Prime Minister Suga
Yoshihide for the first visit of his presidency. Today,
the United States and Japan renew an Alliance.

**<span style="text-decoration: underline">THE ALLIANCE: FORGING A FREE
AND OPEN INDO-PACIFIC</span>**

The U.S.-Japan Alliance is unwavering, and we are prepared for the
21<sup>st</sup> century, with **every** capability.

**<u>Cooperation for Peace</u>**
 The two leaders expressed their shared desire for bilateral security
and defense cooperation.

**Leading on Innovation,** **Economic Security, and Climate Action**

## Looking Forward

We pledge to work together.

###
"""


def test_bold_and_underlined_lines_become_headings_without_their_markers():
    assert sections(WEB_PAGE) == [
        (
            "¶1",
            "",
            "President Biden is honored to welcome Prime Minister Suga Yoshihide for the first "
            "visit of his presidency. Today, the United States and Japan renew an Alliance.",
        ),
        (
            "THE ALLIANCE: FORGING A FREE AND OPEN INDO-PACIFIC",
            "THE ALLIANCE: FORGING A FREE AND OPEN INDO-PACIFIC",
            "The U.S.-Japan Alliance is unwavering, and we are prepared for the 21st century, "
            "with every capability.",
        ),
        (
            "Cooperation for Peace",
            "Cooperation for Peace",
            "The two leaders expressed their shared desire for bilateral security and defense "
            "cooperation.",
        ),
        (
            "Leading on Innovation, Economic Security, and Climate Action",
            "Leading on Innovation, Economic Security, and Climate Action",
            "",
        ),
        ("Looking Forward", "Looking Forward", "We pledge to work together."),
    ]
    printed = reassemble(parse_text(WEB_PAGE))
    assert "*" not in printed and "<" not in printed and "#" not in printed


TABLE = """Fig. 1 Functions and Fields
|Functions and Fields|Col2|Col3|Examples of Items|
|---|---|---|---|
|Cooperation by either Government|Search and rescue||• Search operations • Information sharing|
||Noncombatant evacuation||• Transportation of noncombatants|
|Japan's support for U.S. Forces|Rear area support|Supplies|• Provision of materials|
|||Transportation|• Land, sea and air transportation|
||Use of facilities||• Use of SDF facilities|
"""


def test_a_markdown_table_becomes_an_outline():
    result = parse_text(TABLE)
    assert (
        result.front_matter
        == "Fig. 1 Functions and Fields\n\nFunctions and Fields | Examples of Items"
    )
    tree = [(s.level, s.heading, s.body) for s in result.sections]
    assert tree == [
        (0, "Cooperation by either Government", ""),
        (1, "Search and rescue", "• Search operations\n• Information sharing"),
        (1, "Noncombatant evacuation", "• Transportation of noncombatants"),
        (0, "Japan's support for U.S. Forces", ""),
        (1, "Rear area support", ""),
        (2, "Supplies", "• Provision of materials"),
        (2, "Transportation", "• Land, sea and air transportation"),
        (1, "Use of facilities", "• Use of SDF facilities"),
    ]
    parents = [
        None if s.parent is None else result.sections[s.parent].heading for s in result.sections
    ]
    assert parents[5] == parents[6] == "Rear area support"
    assert parents[7] == "Japan's support for U.S. Forces"


# --- Bad input names the line ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("Title\n\n**A heading that is never closed\n\nText.", 3, "not closed"),
        ("Intro.\n\n<u>Underlined\nand open\n\nText.", 3, "not closed"),
        ("Title\n|a|b|\n|c|d|\n", 2, "rule line"),
        ("Title\n|a|b|\n|---|---|\n|c|d|e|\n", 4, "3 cells"),
        ("Title\n|a|b|c|\n|---|---|---|\n||x|y|\n", 4, "empty"),
        ("Title\n|a|b|c|\n|---|---|---|\n|||z|\n", 4, "no heading cell"),
    ],
)
def test_text_it_cannot_split_is_rejected_with_the_line(text, line, words):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_a_control_character_in_a_wrapped_text_names_its_line():
    text = "I. Overview\nThe Ministers met in\nWashington.\n(2) \x07Implementation\n"
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == 4


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        ("---\ntitle: T\ndate: 27 April 2015\n---\nText.", 3, "cannot read the date"),
        ("title: T\ndate: 2015-13-01\n---\nText.", 2, "cannot read the date"),
        ("---\ntitle: T\nno colon here\n---\nText.", 3, "expected a 'key: value' header"),
        ("---\ntitle: T\n---\nText.", 3, "no 'date'"),
    ],
)
def test_a_header_it_cannot_read_is_rejected_with_the_line(raw, line, words):
    with pytest.raises(ParseError) as caught:
        read_source(raw)
    assert caught.value.line == line
    assert words in caught.value.message


def test_a_yaml_style_header_is_read():
    src = read_source("---\ntitle: T\ndate: 2019-04-19\nrights_note: a: b\n---\nText.\n")
    assert src.header == {"title": "T", "date": "2019-04-19", "rights_note": "a: b"}
    assert src.text == "Text.\n"
    assert src.text_line == 6


def test_a_links_words_are_kept_and_its_address_dropped():
    text = (
        "The leaders [launched the U.S.-Japan Climate Partnership](https://example.gov/a_b.pdf) "
        "and a [fact sheet](/x/) [in brackets] today.\n"
    )
    [(_, _, body)] = sections(text)
    assert body == (
        "The leaders launched the U.S.-Japan Climate Partnership and a fact sheet [in brackets] "
        "today."
    )


def test_italic_stars_are_dropped_and_a_footnotes_star_kept():
    """The 2022 leaders' statement's conversion italicised a full stop: "energy security*.*"
    was imported as it stood."""
    text = (
        "The leaders support their energy security*.* They *reaffirmed the* Alliance* today, "
        "under the Treaty*, and the Agreement*, at rates 2*3*4.\n"
    )
    [(_, _, body)] = sections(text)
    assert body == (
        "The leaders support their energy security. They reaffirmed the Alliance* today, under "
        "the Treaty*, and the Agreement*, at rates 2*3*4."
    )


def test_no_word_is_invented_from_markers():
    stripped = re.sub(r"\*\*|</?(?:span|u|sup)[^>]*>|^#+ ?|\|?Col\d\|?", "", WEB_PAGE, flags=re.M)
    assert characters(reassemble(parse_text(WEB_PAGE))) == characters(stripped)
