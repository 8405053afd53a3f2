"""The text importer's parser, checked against every real source file and random input.

Pure Python: no Django and no database are needed (run with ``-p no:django``).
"""

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from documents.importer.parser import (
    _MARKDOWN_ITALIC,
    ParsedSection,
    ParsedText,
    ParseError,
    normalise_whitespace,
    parse_text,
    read_source,
    reassemble,
)

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
SOURCE_FILES = sorted(SOURCES.glob("*.txt"))
# The texts in one-paragraph-a-line form; the others keep the line wrapping of their source.
UNWRAPPED_FILES = [
    path for path in SOURCE_FILES if path.read_text(encoding="utf-8").startswith("title: ")
]
ANCHOR = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ROMAN_CHAPTERS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def source(stem: str) -> str:
    return read_source((SOURCES / f"{stem}.txt").read_text(encoding="utf-8")).text


def parsed(stem: str) -> ParsedText:
    return parse_text(source(stem))


def by_pinpoint(text: ParsedText) -> dict[str, ParsedSection]:
    return {section.pinpoint: section for section in text.sections}


def top_level(text: ParsedText) -> list[str]:
    return [section.pinpoint for section in text.sections if section.parent is None]


def parent_of(text: ParsedText, section: ParsedSection) -> ParsedSection | None:
    return None if section.parent is None else text.sections[section.parent]


MARKER_CHARACTERS = set("*#|<>")


def characters(text: str) -> str:
    return "".join(text.split())


def is_subsequence(small: str, large: str) -> bool:
    it = iter(large)
    return all(char in it for char in small)


def assert_invariants(result: ParsedText, text: str) -> None:
    # Only whitespace changes (wrapped lines are joined) ...
    printed = characters(reassemble(result))
    if MARKER_CHARACTERS.isdisjoint(text):
        assert printed == characters(text)
    else:  # ... and markers are dropped: nothing is ever added
        assert is_subsequence(printed, characters(text))
    sections = result.sections
    pinpoints = [s.pinpoint for s in sections]
    anchors = [s.anchor for s in sections]
    assert len(set(pinpoints)) == len(pinpoints)
    assert len(set(anchors)) == len(anchors)
    assert all(ANCHOR.fullmatch(anchor) for anchor in anchors), anchors
    path: list[int] = []  # the ancestors of the next section, if it is nested
    for index, section in enumerate(sections):
        if section.parent is None:
            assert section.level == 0
        else:
            assert 0 <= section.parent < index
            assert section.level == sections[section.parent].level + 1
        # Document order is the tree's pre-order: a parent is still "open" at its child.
        while path and path[-1] != section.parent:
            path.pop()
        assert section.parent is None or path, f"section {index} is cut off from its parent"
        path.append(index)
        if section.run_in:
            assert section.label and section.body and not section.heading
        assert section.label or section.heading or section.pinpoint.startswith("¶")


# --- Every real file ------------------------------------------------------------------------


def test_the_sources_are_there():
    assert len(SOURCE_FILES) >= 12


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda path: path.stem)
def test_every_source_file_parses_with_the_invariants(path):
    raw = path.read_text(encoding="utf-8")
    src = read_source(raw)
    assert list(src.header)[:2] == ["title", "date"]
    assert {"issuer", "source", "completeness"} <= set(src.header)
    assert raw.endswith(src.text) and raw.startswith(("title: ", "---\ntitle: "))
    result = parse_text(src.text)
    assert result.sections
    assert_invariants(result, src.text)
    assert parse_text(src.text) == result  # deterministic


def without_markers(text: str) -> str:
    """The source text as the importer must keep it: Markdown markers, links' addresses and
    table rules off, a table's cells in order, its header's placeholder cells ("Col2") left out."""
    text = re.sub(r"\*\*|</?(?:span|u|sup)[^>]*>", "", text)
    text = re.sub(r"\[([^\[\]]+)\]\(https?://[^\s()]*\)", r"\1", text)  # a link: its words
    text = _MARKDOWN_ITALIC.sub(r"\1\2", text)  # italic stars: their words
    text = re.sub(r"^#+[ \t]*$", "", text, flags=re.M)
    lines = []
    for line in text.split("\n"):
        if not line.startswith("|"):
            lines.append(line)
        elif not re.fullmatch(r"\|(?:-+\|)+", line):
            cells = line.strip("|").split("|")
            header = not lines or not lines[-1].startswith("\t")
            kept = [c for c in cells if not re.fullmatch(r"Col\d+", c)]
            lines.append("\t" + ("|".join(kept) if header else "".join(cells)))
    return "\n".join(lines)


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda path: path.stem)
def test_every_source_file_keeps_every_character_but_markers(path):
    text = read_source(path.read_text(encoding="utf-8")).text
    printed = reassemble(parse_text(text))
    assert characters(printed) == characters(without_markers(text))


@pytest.mark.parametrize("path", UNWRAPPED_FILES, ids=lambda path: path.stem)
def test_every_source_file_is_printed_back_line_for_line(path):
    text = read_source(path.read_text(encoding="utf-8")).text
    printed = reassemble(parse_text(text))
    assert [line for line in printed.split("\n") if line.strip()] == [
        line for line in text.split("\n") if line.strip()
    ]


@pytest.mark.parametrize("path", SOURCE_FILES, ids=lambda path: path.stem)
def test_every_source_file_fits_the_section_columns(path):
    # The limits of documents.models.Section.
    for section in parse_text(read_source(path.read_text(encoding="utf-8")).text).sections:
        assert len(section.label) <= 40
        assert len(section.pinpoint) <= 120
        assert len(section.heading) <= 400
        assert len(section.anchor) <= 120


# --- Spot checks: the 2015 Guidelines -------------------------------------------------------

GUIDELINES_2015 = "2015-04-27-guidelines-japan-us-defense-cooperation"


def test_2015_guidelines_chapters_and_front_matter():
    result = parsed(GUIDELINES_2015)
    assert top_level(result) == ROMAN_CHAPTERS
    assert (
        result.front_matter == "The Guidelines for Japan-U.S. Defense Cooperation\n\nApril 27, 2015"
    )
    sections = by_pinpoint(result)
    assert sections["I"].heading == "Defense Cooperation and the Aim of the Guidelines"
    assert sections["VIII"].label == "VIII."
    assert sections["VIII"].heading == "Processes for Review"
    assert sections["VIII"].body.startswith("The SCC, assisted by an appropriate subordinate body")


def test_2015_guidelines_sub_levels():
    result = parsed(GUIDELINES_2015)
    sections = by_pinpoint(result)

    air = sections["IV.A.2"]
    assert (air.label, air.heading, air.level, air.anchor) == (
        "2.",
        "Air and Missile Defense",
        2,
        "iv-a-2",
    )
    assert parent_of(result, air).pinpoint == "IV.A"

    missiles = sections["IV.C.2.b.ii"]
    assert missiles.label == "ii."
    assert missiles.heading == "Operations to Counter Ballistic Missile Attacks"
    assert missiles.level == 4
    assert missiles.anchor == "iv-c-2-b-ii"
    assert [parent_of(result, missiles).pinpoint] == ["IV.C.2.b"]

    # "v." after "iv." is the roman five; "c." then continues the letters.
    assert sections["IV.C.2.b.v"].heading == "Cross-Domain Operations"
    assert sections["IV.C.2.c"].heading == "Operational Support Activities"
    assert sections["IV.C.2.c.i"].heading == "Communications and Electronics"
    assert sections["IV.D.4"].heading == "Operations to Counter Ballistic Missile Attacks"
    assert sections["V.A.8"].heading == "Logistic support"

    cyber = sections["VI.B"]
    assert cyber.heading == "Cooperation on Cyberspace"
    assert "\n- maintain a posture to monitor their respective networks and systems;\n" in (
        cyber.body
    )
    assert sections["VI"].body == ""  # the chapter heading is followed directly by "A."


def test_2015_guidelines_run_in_paragraphs():
    sections = by_pinpoint(parsed(GUIDELINES_2015))
    premise = sections["II.A"]
    assert premise.label == "A."
    assert premise.heading == ""
    assert premise.run_in
    assert premise.body.startswith("The rights and obligations under the Treaty of Mutual")
    assert [sections[f"II.{letter}"].run_in for letter in "ABCD"] == [True] * 4
    assert "II.E" not in sections


# --- Spot checks: the 1997 Guidelines -------------------------------------------------------

GUIDELINES_1997 = "1997-09-23-guidelines-japan-us-defense-cooperation"


def test_1997_guidelines_chapters():
    result = parsed(GUIDELINES_1997)
    assert top_level(result) == ROMAN_CHAPTERS[:7]
    assert result.front_matter == "THE GUIDELINES FOR JAPAN-U.S. DEFENSE COOPERATION"
    sections = by_pinpoint(result)
    assert sections["I"].heading == "THE AIM OF THE GUIDELINES"
    assert sections["IV"].heading == "ACTIONS IN RESPONSE TO AN ARMED ATTACK AGAINST JAPAN"
    # 160 characters, but all capitals: a heading, not a run-in paragraph.
    assert sections["V"].heading.startswith("COOPERATION IN SITUATIONS IN AREAS SURROUNDING")
    assert sections["V"].heading.endswith("(SITUATIONS IN AREAS SURROUNDING JAPAN)")
    assert sections["VII"].heading == "TIMELY AND APPROPRIATE REVIEW OF THE GUIDELINES"


def test_1997_guidelines_sub_levels():
    sections = by_pinpoint(parsed(GUIDELINES_1997))
    assert [p for p in sections if p.startswith("II.")] == ["II.1", "II.2", "II.3", "II.4"]
    assert sections["II.1"].run_in
    assert sections["II.1"].body.startswith("The rights and obligations under the Treaty")
    assert sections["III.2"].heading == "Various Types of Security Cooperation"
    assert sections["IV.2"].heading == "When an Armed Attack against Japan Takes Place"
    assert sections["IV.2.1"].label == "(1)"
    assert sections["IV.2.1"].heading == "Principles for Coordinated Bilateral Actions"
    assert sections["IV.2.1.a"].run_in
    assert sections["IV.2.2.d"].heading == "Responses to Other Threats"
    check = sections["IV.2.2.d.i"]
    assert check.label == "i." and check.run_in and check.level == 4
    assert check.body.startswith("The Self-Defense Forces will have primary responsibility")
    assert sections["IV.2.3.e.v"].heading == "Medical Services"
    assert sections["V.2.2.b"].heading == "Rear Area Support"
    assert sections["VI.1.3"].heading == "Establishment of Common Procedures"
    assert sections["VI.2"].heading == "Bilateral Coordination Mechanism"


# --- Spot checks: other documents -----------------------------------------------------------


def test_1960_treaty_articles():
    result = parsed("1960-01-19-treaty-of-mutual-cooperation-and-security-art5-6")
    assert [(s.pinpoint, s.anchor, s.label, s.heading) for s in result.sections] == [
        ("Article 5", "article-5", "Article 5", ""),
        ("Article 6", "article-6", "Article 6", ""),
    ]
    article5 = result.sections[0]
    assert not article5.run_in
    assert article5.body.startswith("Each Party recognizes that an Armed Attack")
    assert article5.body.count("\n\n") == 1  # two paragraphs
    assert result.front_matter.startswith("Treaty of Mutual Cooperation and Security")
    assert "\n\nArticle 5\n\nEach Party recognizes" in reassemble(result)


def test_2005_statement_numbered_paragraphs_continue_across_headings():
    result = parsed("2005-02-19-scc-joint-statement-common-strategic-objectives")
    numbered = [s for s in result.sections if s.label]
    assert [s.pinpoint for s in numbered] == [str(n) for n in range(1, 17)]
    assert all(s.parent is None and s.run_in for s in numbered)
    assert [s.heading for s in result.sections if not s.label] == [
        "Working Together on Challenges Facing the World Today",
        "Common Strategic Objectives",
        "Strengthening of U.S.-Japan Security and Defense Cooperation",
    ]
    assert top_level(result)[:3] == [
        "1",
        "Working Together on Challenges Facing the World Today",
        "2",
    ]
    ten = by_pinpoint(result)["10"]
    assert ten.body.startswith("In the region, common strategic objectives include:\n- Ensure")
    assert ten.body.endswith("\n- Maintain the security of maritime traffic.")
    assert result.front_matter == (
        "Joint Statement U.S.-Japan Security Consultative Committee\n\n"
        "(Washington, DC, February 19, 2005)"
    )


def test_news_article_is_split_into_paragraphs():
    result = parsed("2014-10-08-defense-news-new-guidelines-for-military-partnerships")
    title = "Tokyo and Washington Writing New Guidelines for Military Partnerships"
    assert result.front_matter == f"{title}\n\n{title}"  # the repost repeats the title
    assert [s.pinpoint for s in result.sections] == [f"¶{n}" for n in range(1, 9)]
    assert [s.anchor for s in result.sections] == [f"p{n}" for n in range(1, 9)]
    assert all(s.label == s.heading == "" and s.level == 0 for s in result.sections)
    assert result.sections[0].body.startswith("American and Japanese officials are in talks")
    # The reposting page's residue ("Leave a Reply" ...) is not part of the article.
    assert result.sections[-1].body.startswith("The paper comes just after")
    assert "Leave a Reply" not in reassemble(result)


def test_1996_declaration_headings_between_numbered_paragraphs():
    result = parsed("1996-04-17-japan-us-joint-declaration-on-security")
    assert result.front_matter == (
        "JAPAN-U.S. JOINT DECLARATION ON SECURITY\n\n- ALLIANCE FOR THE 21ST CENTURY -"
        "\n\n17 April 1996"
    )
    sections = by_pinpoint(result)
    assert [p for p in top_level(result) if p.isdigit()] == [str(n) for n in range(1, 10)]
    assert sections["THE REGIONAL OUTLOOK"].level == 0
    assert sections["4.a"].label == "(a)"
    assert [p for p in sections if p.startswith("5.")] == ["5.a", "5.b", "5.c", "5.d", "5.e"]
    assert sections["9"].body.endswith("Prime Minister of Japan\nPresident of the United States")


def test_saco_report_introduction_headings_and_second_part():
    result = parsed("1996-12-02-saco-final-report")
    sections = by_pinpoint(result)
    assert result.front_matter == "The SACO Final Report\n\n(December 2, 1996)"
    assert [p for p in sections if p.startswith("¶")] == [f"¶{n}" for n in range(1, 10)]
    assert sections["Return Land"].heading == "Return Land:"
    assert "— Northern Training Area\nReturn major portion" in sections["Return Land"].body
    futenma = sections["The SACO Final Report on Futenma Air Station"]
    assert (
        futenma.body
        == "(an integral part of the SACO Final Report)\n(Tokyo, Japan, December 2, 1996)"
    )
    children = [s.pinpoint for s in result.sections if parent_of(result, s) == futenma]
    assert children == ["1", "2", "3", "4", "5"]
    assert sections["4.a"].run_in
    assert sections["4.a"].body.startswith("Pile Supported Pier Type (using floating modules)")


def test_roadmap_overview_is_a_section_and_numbering_nests_under_its_heading():
    result = parsed("2006-05-01-us-japan-roadmap-for-realignment-implementation")
    sections = by_pinpoint(result)
    assert result.front_matter == (
        "United States–Japan Roadmap for Realignment Implementation\n\n"
        "(Washington, DC, May 1, 2006)"
    )
    assert top_level(result) == [
        "Overview",
        "Finalization of Realignment Initiatives",
        "Key Implementation Details",
    ]
    frf = sections["1.a"]
    assert (frf.label, frf.heading, frf.level) == ("(a)", "Futenma Replacement Facility (FRF)", 2)
    assert parent_of(result, parent_of(result, frf)).heading == "Key Implementation Details"
    assert "\n  - Camp Kuwae: Total return.\n" in sections["1.c"].body  # indentation kept
    assert sections["6"].body.endswith("(Attached conceptual diagram omitted)")


def test_unnumbered_joint_statement():
    result = parsed("2006-05-01-scc-joint-statement")
    assert result.front_matter == (
        "United States-Japan Security Consultative Committee Document\n\nJoint Statement"
        "\n\n(May 1, 2006)"
    )
    assert [s.pinpoint for s in result.sections] == ["¶1", "¶2", "¶3", "¶4", "¶5"]


def test_other_statements_top_levels():
    assert top_level(parsed("2005-10-29-scc-transformation-and-realignment-for-the-future")) == [
        "I",
        "II",
        "III",
    ]
    assert (
        top_level(parsed("2007-05-01-scc-joint-statement-alliance-transformation"))
        == ROMAN_CHAPTERS[:6]
    )
    stronger = parsed("2015-04-27-scc-joint-statement-stronger-alliance")
    assert top_level(stronger) == ["1", "2", "3", "4", "5"]
    assert stronger.sections[0].heading == "OVERVIEW"
    assert stronger.front_matter.endswith("The New Guidelines for Japan-U.S. Defense Cooperation")


# --- Numbering rules on small texts ---------------------------------------------------------


def pinpoints(text: str) -> list[str]:
    return [s.pinpoint for s in parse_text(text).sections]


def test_letter_i_after_h_and_roman_i_elsewhere():
    letters = "\n\n".join(f"{c}. Item {c}" for c in "ABCDEFGH")
    text = f"I. Part One\n\n{letters}\n\nI. Item Nine\n\nII. Part Two\n\nA. First"
    result = parse_text(text)
    assert [s.pinpoint for s in result.sections][-3:] == ["I.I", "II", "II.A"]
    lower = "a. One\n\nb. Two\n\ni. Sub one\n\nii. Sub two\n\nc. Three"
    assert pinpoints(lower) == ["a", "b", "b.i", "b.ii", "c"]
    with pytest.raises(ParseError):
        parse_text("1. One\n\nh. Eight")  # "h." cannot open a level


def test_roman_v_and_x_continue_roman_levels():
    chapters = "\n\n".join(f"{numeral}. Chapter" for numeral in ROMAN_CHAPTERS + ["IX", "X"])
    assert pinpoints(chapters) == ROMAN_CHAPTERS + ["IX", "X"]


def test_heading_or_run_in_paragraph():
    result = parse_text(
        "1. Air and Missile Defense\n\n"
        "2. Today, the Prime Minister and the President met.\n\n"
        "3. The leaders agreed on the following:\n- first\n- second\n\n"
        "4. OUTLOOK FOR THE REGION.\n\n"
        f"5. {'A long sentence without a full stop ' * 5}"
    )
    kinds = [(s.heading != "", s.run_in) for s in result.sections]
    assert kinds == [(True, False), (False, True), (False, True), (True, False), (False, True)]
    assert result.sections[2].body == "The leaders agreed on the following:\n- first\n- second"


def test_label_alone_on_its_line():
    result = parse_text("Article 1\n\nThe Parties undertake.\n\nArticle 3\n\nMore.")
    assert [(s.pinpoint, s.body) for s in result.sections] == [
        ("Article 1", "The Parties undertake."),
        ("Article 3", "More."),  # excerpts may skip articles
    ]


def test_unnumbered_heading_keeps_sibling_numbering():
    result = parse_text("1. Text one.\n\n(a) Sub.\n\nBackground\n\nParagraph.\n\n2. Text two.")
    assert [(s.pinpoint, s.level) for s in result.sections] == [
        ("1", 0),
        ("1.a", 1),
        ("Background", 0),
        ("2", 0),
    ]
    assert result.sections[2].body == "Paragraph."


def test_unnumbered_heading_inside_a_numbered_chapter():
    result = parse_text(
        "I. CHAPTER\n\nIntro.\n\nSpecial Topics\n\nText.\n\nA. Topic\n\nText.\n\nII. NEXT"
    )
    assert [(s.pinpoint, s.level, s.parent) for s in result.sections] == [
        ("I", 0, None),
        ("I, Special Topics", 1, 0),
        ("I.A", 2, 1),
        ("II", 0, None),
    ]


def test_unnumbered_text_with_two_headings_is_structured():
    result = parse_text(
        "Title\n\nIntro paragraph.\n\nFirst Part\n\nText one.\n\nSecond Part\n\nText two."
    )
    assert result.front_matter == "Title"
    assert [(s.pinpoint, s.heading, s.body) for s in result.sections] == [
        ("¶1", "", "Intro paragraph."),
        ("First Part", "First Part", "Text one."),
        ("Second Part", "Second Part", "Text two."),
    ]


def test_a_lone_heading_like_line_in_plain_text_is_a_paragraph():
    result = parse_text("Title\n\nFirst paragraph.\n\nLeave a Reply\n\nLast paragraph.")
    assert [(s.pinpoint, s.heading, s.body) for s in result.sections] == [
        ("¶1", "", "First paragraph."),
        ("¶2", "", "Leave a Reply"),
        ("¶3", "", "Last paragraph."),
    ]


def test_a_heading_after_the_title_opens_the_first_section():
    result = parse_text("Title\n(May 1, 2006)\n\nOverview\n\nText.\n\n1. One\n\nText.")
    assert result.front_matter == "Title\n\n(May 1, 2006)"
    assert [(s.pinpoint, s.level) for s in result.sections] == [("Overview", 0), ("1", 1)]


def test_lines_run_together_still_split_at_labels():
    result = parse_text("I. One\nText.\nII. Two\nMore text.")
    assert [(s.pinpoint, s.heading, s.body) for s in result.sections] == [
        ("I", "One", "Text."),
        ("II", "Two", "More text."),
    ]


def test_crlf_is_accepted():
    text = "Title\r\n\r\nI. One\r\n\r\nText.\r\n"
    assert parse_text(text) == parse_text(text.replace("\r\n", "\n"))


def test_parse_error_shape():
    error = ParseError("something is wrong", 7)
    assert isinstance(error, ValueError)
    assert (error.message, error.line, str(error)) == (
        "something is wrong",
        7,
        "line 7: something is wrong",
    )
    assert str(ParseError("no line")) == "no line"


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty"),
        ("   \n\t\n  ", None, "whitespace"),
        ("I. One\n\nText\x00 here.", 3, "U+0000"),
        ("Title\n\nA lone \r carriage return.", 3, "U+000D"),
        ("Text with a \x0b vertical tab.", 1, "U+000B"),
        ("Text with \x85 NEL.", 1, "U+0085"),
    ],
)
def test_bad_text(text, line, words):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert words in caught.value.message


def test_out_of_sequence_numbering_names_the_line():
    with pytest.raises(ParseError) as caught:
        parse_text("I. A\n\nbody\n\nIII. C\n\nbody")
    assert caught.value.line == 5
    assert str(caught.value).startswith("line 5: ")
    assert "'III.'" in caught.value.message and "'II.'" in caught.value.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("3. Third\n\nText.", 1),  # numbering must start at a first value
        ("I. One\n\nB. Second letter first", 3),  # a new level starts at its first value
        ("1. One\n\na. Sub\n\n1. Again", 5),  # a scheme that is open cannot open again
        ("Article 5\n\nText.\n\nArticle 4\n\nText.", 5),  # articles only go up
        ("I. One\n\nIV. Four", 3),
    ],
)
def test_unresolvable_numbering(text, line):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert "expected" in caught.value.message


def test_read_source_keeps_the_text_verbatim():
    raw = "title: T\r\ndate: 2015-04-27\r\nsource: a: b\r\n---\r\nI. One\r\n\r\nText.  \r\n"
    src = read_source(raw)
    assert src.header == {"title": "T", "date": "2015-04-27", "source": "a: b"}
    assert src.text == "I. One\r\n\r\nText.  \r\n"


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        ("", None, "no 'key: value' header"),
        ("---\n---\nText.", 2, "no 'key: value' header"),
        ("---\nText.", 2, "expected a 'key: value' header line"),
        ("I. One\n\nText.", 1, "expected a 'key: value' header line"),
        ("title: T\ndate: 2015\nText.", 3, "expected a 'key: value' header line"),
        ("title: T\ndate: 2015\n", None, "not closed by a '---' line"),
        ("title: T\nsource: S\n---\nText.", 3, "no 'date'"),
        ("date: 2015\n---\nText.", 2, "no 'title'"),
        ("title: T\ntitle: U\ndate: 2015\n---\n", 2, "repeated"),
    ],
)
def test_read_source_rejects(raw, line, words):
    with pytest.raises(ParseError) as caught:
        read_source(raw)
    assert caught.value.line == line
    assert words in caught.value.message


def test_normalise_whitespace():
    assert normalise_whitespace("  a\n\n b\t c \u00a0d ") == "a b c d"
    assert normalise_whitespace("\n\t ") == ""


# --- Property tests -------------------------------------------------------------------------

LINES = st.sampled_from(
    [
        "I. Overview",
        "II. Cooperation",
        "III.",
        "IV. Four",
        "V. FIVE",
        "A. Space",
        "B. The ministers met.",
        "C.",
        "H. Eight",
        "I. Nine",
        "1. Air and Missile Defense",
        "2. Today, the ministers met.",
        "3.",
        "12. Twelve",
        "a. Principles",
        "b.",
        "h. Eight",
        "i. Supply",
        "ii.",
        "v. Five",
        "(1) First",
        "(2)",
        "(a) The Prime Minister agreed.",
        "(b)",
        "(i) Roman",
        "Article 5",
        "Article 6",
        "ARTICLE 2 Heading",
        "Overview",
        "Key Implementation Details",
        "THE REGIONAL OUTLOOK",
        "Return Land:",
        "(Tokyo, Japan, December 2, 1996)",
        "- an item;",
        "  - a nested item",
        "— Northern Training Area",
        "The Ministers met.",
        "Body text without an ending",
        "",
        "",
        "   ",
        "\t",
        "¶",
        "X.",
        "L.",
        "iv. four",
        "\u2028",
        "I.\u00a0Non-breaking",
    ]
)


def check_property(text: str) -> None:
    try:
        result = parse_text(text)
    except ParseError as error:
        assert error.line is None or error.line >= 1
        return
    assert_invariants(result, text)
    assert parse_text(text) == result


@settings(max_examples=200, database=None, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=30)), max_size=25))
def test_any_document_like_text_parses_or_raises_parse_error(lines):
    check_property("\n".join(lines))


@settings(max_examples=200, database=None, deadline=None)
@given(st.text())
def test_any_text_parses_or_raises_parse_error(text):
    check_property(text)


# Well-formed outlines: every numbered line must land where its numbering says.
SCHEMES = ["I.", "A.", "1.", "a.", "i.", "(1)", "(a)", "(i)", "Article"]
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii"]
MAX_VALUE = 7  # letters stop at "g", so no label reads as both a letter and a roman numeral


def outline_label(scheme: str, value: int) -> str:
    if scheme == "Article":
        return f"Article {value}"
    token = {"I": ROMAN[value - 1], "A": "abcdefg"[value - 1], "1": str(value)}[
        scheme.strip(".()").upper()
    ]
    token = token.upper() if scheme in ("I.", "A.") else token
    return f"({token})" if scheme.startswith("(") else f"{token}."


@st.composite
def outlines(draw):
    """A numbered text and the pinpoint each numbered line must get."""
    lines = ["An Outline", "(1 January 2000)", ""]
    expected = []
    stack: list[tuple[str, int]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=30))):
        open_schemes = {scheme for scheme, _ in stack}
        unused = [scheme for scheme in SCHEMES if scheme not in open_schemes]
        can_continue = [depth for depth, (_, value) in enumerate(stack) if value < MAX_VALUE]
        if can_continue and (not unused or draw(st.booleans())):
            depth = draw(st.sampled_from(can_continue))
            scheme, value = stack[depth]
            del stack[depth:]
            stack.append((scheme, value + 1))
        else:
            stack.append((draw(st.sampled_from(unused)), 1))
        label = outline_label(*stack[-1])
        rest = draw(st.sampled_from(["", " Air and Missile Defense", " The Ministers met."]))
        lines += [label + rest, ""]
        if draw(st.booleans()):
            lines += ["A paragraph of body text.", "- a list item", ""]
        expected.append(".".join(outline_label(s, v).strip(".()") for s, v in stack))
    return "\n".join(lines), expected


@settings(max_examples=200, database=None, deadline=None)
@given(outlines())
def test_well_formed_outlines_nest_as_numbered(outline):
    text, expected = outline
    result = parse_text(text)
    assert [s.pinpoint for s in result.sections] == expected
    assert result.front_matter == "An Outline\n\n(1 January 2000)"
    assert_invariants(result, text)


def test_a_byte_order_mark_does_not_hide_the_first_heading():
    text = "\ufeffI. Overview\n\n1. The first paragraph.\n\nII. Next\n\nMore text.\n"
    parsed = parse_text(text)
    assert [s.pinpoint for s in parsed.sections][:2] == ["I", "I.1"]
    assert parsed.sections[0].heading == "Overview"
    assert "\ufeff" not in parsed.front_matter
