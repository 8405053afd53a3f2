"""Split the plain text of an alliance document into the sections it prints.

The input is the format of ``fixtures/sources/*.txt``: paragraphs are single lines separated
by blank lines, list items are lines starting with "- " (indented for deeper items), and
headings stand on their own lines. The module is pure Python: no Django, no I/O.

How ``parse_text`` works
------------------------
1. **Check the text.** Empty or whitespace-only text and control characters (anything but
   newline and tab; "\\r\\n" is turned into "\\n") raise ``ParseError``.

2. **Blocks.** The lines are grouped into blocks: runs of non-blank lines. A line that
   starts with a printed number ("IV.", "b.", "(2)", "Article 5" ...) always starts a new
   block, even without a blank line before it.

3. **Front matter.** The top of the text is a run of short "title" blocks (no line ends
   like a sentence): the title, a subtitle, a date line. They are the front matter. One
   exception: after the first block, a lone heading line directly followed by body text
   ("Overview" in the 2006 Roadmap) is already the first section.

4. **Structured or not.** A text is structured if it has printed numbering, or at least
   two unnumbered headings. An unstructured text (a news article) becomes one section per
   paragraph ("¶1", "¶2" ...); a lone heading-like line in it (a web page's "Leave a
   Reply") is just a paragraph.

5. **Sections.** In a structured text every numbered line opens a section. Where it goes
   is decided by a stack of the numbering levels currently open, innermost last:

   * A label *continues* an open level if it is the next value of that level's scheme
     ("C." after "B.", "iii." after "ii."). Deeper levels are closed. The innermost
     level is tried first, which resolves the roman/letter ambiguity by expectation:
     "i." after "h." is the letter i, "i." anywhere else starts a roman level.
   * Otherwise it *opens* a new level below the innermost one, but only if it is the
     first value of its scheme ("A.", "1.", "a.", "i.", "(1)", "(a)", "(i)"; any
     "Article N") and that scheme is not already open.
   * Otherwise the numbering cannot be resolved and ``ParseError`` names the line and
     what was expected. Nothing is guessed.

   Labels count only at the start of a line. Roman numerals go up to 39, so "L.", "C.",
   "D." and "M." are always letters; articles are numbered in arabic ("Article 5").

   The text after a label is the section's heading if it is short (at most 150
   characters) and does not end like a sentence, or if it is all capitals; otherwise it
   is a run-in paragraph, the first paragraph of the section's body.

   An **unnumbered heading** is a short title-case (or all-capitals) line that does not
   end like a sentence and is followed by body text or a numbered line; parenthesised
   lines directly under it (a dateline) belong to its body. It becomes a section nested
   in the innermost open numbered section that has a heading, or at the top level; a
   run-in numbered paragraph cannot contain a heading. It does not interrupt the
   numbering of its siblings ("3." after the heading "THE REGIONAL OUTLOOK" still
   continues "2."), and numbering that starts fresh after it is nested under it ("1." to
   "6." under "Key Implementation Details"). Numbering deeper than the heading is closed
   by it: "(b)" cannot continue an "(a)" that came before the heading.

   Paragraphs before the first section of a structured text (the introduction of the
   SACO report) become "¶" sections; any other paragraph belongs to the body of the
   section above it.

6. **Citations.** ``pinpoint`` joins the labels of the numbered ancestors without their
   dots and brackets ("IV.C.2.b.ii", "4.a", "Article 5"); unnumbered headings use their
   heading text ("Return Land") and paragraphs "¶1". ``anchor`` is the pinpoint as a
   lowercase ASCII slug ("iv-c-2-b-ii", "p1"). Both are made unique within the document
   with " (2)" / "-2" suffixes.

``reassemble`` prints front matter, labels, headings and bodies back; whitespace aside it
gives back the input text exactly.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field, replace

__all__ = [
    "ParseError",
    "ParsedSection",
    "ParsedText",
    "SourceFile",
    "normalise_whitespace",
    "parse_text",
    "read_source",
    "reassemble",
]

# A numbered heading's text is at most this long (a longer line is a run-in paragraph) ...
MAX_HEADING = 150
# ... unless it is all capitals, as the chapter titles of the 1997 Guidelines are.
MAX_CAPS_HEADING = 300
# Pinpoints and anchors must fit the archive's database columns.
MAX_PINPOINT_HEADING = 80
MAX_ANCHOR = 100


class ParseError(ValueError):
    """A text or source file that cannot be split into sections.

    ``message`` says what is wrong; ``line`` is the 1-based line number it concerns (in the
    text given to ``parse_text``, or in the file given to ``read_source``), or None.
    """

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"line {line}: {message}")

    def shifted(self, offset: int) -> "ParseError":
        """The same error with its line counted ``offset`` lines further down (in a file)."""
        return ParseError(self.message, None if self.line is None else self.line + offset)


@dataclass(frozen=True)
class SourceFile:
    header: dict[str, str]  # ordered as in the file
    text: str  # everything after the '---' line, verbatim
    text_line: int = 1  # the file's line number of the text's first line


@dataclass(frozen=True)
class ParsedSection:
    label: str  # numbering as printed: "IV.", "b.", "(1)", "Article 5"; "" if unnumbered
    heading: str  # heading text as printed, without the label; "" if none
    body: str  # the section's own paragraphs, joined by "\n\n"; lines verbatim
    level: int  # 0 at the top level
    parent: int | None  # index of the parent in ParsedText.sections
    pinpoint: str  # citation path: "IV.C.2.b.ii", "Article 5", "¶3", "Return Land"
    anchor: str  # URL fragment derived from the pinpoint: "iv-c-2-b-ii"
    # True when the first paragraph of the body is printed on the label's line
    # ("1. Today, the Prime Minister ..."), so that ``reassemble`` can print it there.
    run_in: bool = False


@dataclass(frozen=True)
class ParsedText:
    front_matter: str  # title and date lines before the first section, joined by "\n\n"
    sections: list[ParsedSection]  # document order; a parent comes before its children


def normalise_whitespace(s: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return " ".join(s.split())


# --- Source files -------------------------------------------------------------------------

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(.*)")
_REQUIRED_KEYS = ("title", "date")


def read_source(raw: str) -> SourceFile:
    """Split a source file into its ``key: value`` header and the text after ``---``."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    header: dict[str, str] = {}
    position = 0
    number = 0
    date_line = 0
    opening = raw.split("\n", 1)[0].rstrip("\r")
    if opening.strip() == "---":  # a YAML-style opening line, as Markdown tools write it
        position = raw.find("\n") + 1 if "\n" in raw else len(raw)
        number = 1
    while position < len(raw):
        end = raw.find("\n", position)
        next_position = len(raw) if end == -1 else end + 1
        line = raw[position:next_position].rstrip("\r\n")
        number += 1
        if line.strip() == "---":
            if not header:
                raise ParseError("no 'key: value' header before the '---' line", number)
            _check_required_keys(header, number)
            _check_date(header["date"], date_line)
            return SourceFile(header=header, text=raw[next_position:], text_line=number + 1)
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            shown = line if len(line) <= 40 else line[:40] + "..."
            raise ParseError(f"expected a 'key: value' header line or '---', got {shown!r}", number)
        key = match.group(1)
        if key in header:
            raise ParseError(f"header key {key!r} is repeated", number)
        header[key] = match.group(2).strip()
        if key == "date":
            date_line = number
        position = next_position
    if not header:
        raise ParseError("not a source file: it has no 'key: value' header")
    raise ParseError("the header is not closed by a '---' line")


def _check_required_keys(header: dict[str, str], line: int) -> None:
    for key in _REQUIRED_KEYS:
        if not header.get(key):
            raise ParseError(f"the header closed here has no {key!r}", line)


# "2015-04-27", "2014-10" or "1997", optionally followed by a note ("2014-10 (month; ...)").
_HEADER_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:\s+\(.*\))?")


def _check_date(value: str, line: int) -> None:
    match = _HEADER_DATE.fullmatch(value)
    if match is not None:
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            datetime.date(year, month or 1, day or 1)
        except ValueError:
            match = None
    if match is None:
        raise ParseError(
            f"cannot read the date {value!r}: write it as YYYY-MM-DD, YYYY-MM or YYYY", line
        )


# --- Checking the text and splitting it into blocks ----------------------------------------

# C0 and C1 control characters except tab and newline, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _checked_lines(text: str) -> list[str]:
    # A byte-order mark (as some editors save UTF-8) is not text: left in, it hid the first
    # line's label ("\ufeffI. Overview" is not "I.").
    text = text.removeprefix("\ufeff")
    if not text:
        raise ParseError("the text is empty")
    text = text.replace("\r\n", "\n")
    bad = _FORBIDDEN.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ParseError(f"control character U+{ord(bad.group()):04X} in the text", line)
    if not text.strip():
        raise ParseError("the text contains only whitespace")
    return text.split("\n")


# --- Markup and wrapped lines --------------------------------------------------------------
#
# Editors paste text from PDFs and web pages. Before the text is split into blocks, two kinds
# of layout are turned into the one-paragraph-a-line form the rest of the parser reads. Only
# whitespace and markers change: every other character is kept, in order.
#
# * **Markers** (Markdown and the little HTML that web pages carry). A line of "#"s alone is a
#   press release's end mark ("###") and is dropped; "## Heading" is a heading. A line, or a run
#   of lines, wholly in bold or underline ("**...**", "<u>...</u>", <span style= "text-decoration:
#   underline">...</span>) is a heading. Bold and inline tags elsewhere ("21<sup>st</sup>") are
#   removed and their words kept, and so are a link's address ("[the Climate
#   Partnership](https://…)" is "the Climate Partnership") and italic stars ("security*.*" is
#   "security."; a footnote's star stays: see _MARKDOWN_ITALIC). A marker that
#   is never closed is an error. A Markdown table is read as an outline: each non-empty cell of
#   the columns before the last opens a heading one level below the cell to its left (an empty
#   cell repeats the one above, as merged cells come out of a PDF), and the last column is the
#   body, one "•" item a line. The header row stays in the text; a header cell "Col2" is a
#   converter's name for an unnamed column, not text, and is left out.
# * **Hard wrapping.** A text is hard-wrapped when lines inside paragraphs break before a
#   lower-case word. Its wrapped lines are joined with a space (no space after a hyphen or
#   dash at the end of a line: "rules-" + "based" is "rules-based"). If the text marks its
#   paragraphs with blank lines (a web page), those are the paragraphs. If it does not (a
#   PDF reprint), a paragraph ends at a line that ends a sentence and falls short of the
#   column width, or before a numbered line; a heading is a short title-case line at the
#   start of a paragraph, continued on the next line only if it filled its line. A line
#   wholly in square brackets ("[one line illegible ...]") is an editor's note and stands
#   as a paragraph of its own. List items ("- ", "• ") start a new line in their block.

# Block roles decided before the block heuristics run.
MARKED_HEADING = "marked"  # a heading marked up as one (Markdown, bold, underline)
TABLE_HEADING = "table"  # a cell of a table's leading columns; depth in _Line.depth
INFERRED_HEADING = "heading"  # a heading found in a hard-wrapped text
PARAGRAPH = "text"  # a paragraph of a hard-wrapped text: never a heading


@dataclass(frozen=True)
class _Line:
    text: str
    number: int  # 1-based number of the (first) physical line it comes from
    role: str | None = None
    depth: int = 0


_END_MARK = re.compile(r"#{1,6}")
_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)[ \t#]*")
_INLINE_TAG = re.compile(r"</?(?:span|u|sup|sub|b|strong|i|em|ins)(?:\s[^<>]*)?>", re.IGNORECASE)
_EMPHASIS_TAG = re.compile(
    r"<(?:u|b|strong|ins|span\s+style=\"text-decoration:\s*underline;?\")>", re.IGNORECASE
)
_TOKEN = re.compile(r"\*\*|</?[A-Za-z][^<>]*>")
_TABLE_ROW = re.compile(r"\s*\|.*\|\s*")
_TABLE_RULE = re.compile(r"\s*:?-{3,}:?\s*")
_PLACEHOLDER_CELL = re.compile(r"Col\d+")
_LIST_ITEM = re.compile(r"\s*(?:[-•・] )")
_NOTE = re.compile(r"\[[^\[\]]*\]")
# A web page's link as its conversion wrote it: "[launched the Climate Partnership](https://…)".
_MARKDOWN_LINK = re.compile(r"\[([^\[\]]+)\]\((?:https?://|/)[^\s()]*\)")
# Markdown's italic as a web page's conversion wrote it: a pair of single stars, the first
# after a space or a mark and before a word, the second after the word(s) and before a space or
# a mark ("an *italic phrase* here"), or around one mark after a word ("security*.*", an italic
# full stop). A star otherwise (a footnote's mark: "the Treaty*, and the Agreement*,") is text.
_MARKDOWN_ITALIC = re.compile(
    r"(?<![\w*])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])|(?<=\w)\*([.,;:!?])\*(?![\w*])"
)
_MAX_MARKED_LINES = 6


def _strip_markers(text: str) -> str:
    text = _MARKDOWN_ITALIC.sub(r"\1\2", text.replace("**", ""))
    return _INLINE_TAG.sub("", _MARKDOWN_LINK.sub(r"\1", text))


def _marked_heading(lines: list[str], start: int) -> tuple[str, int] | None:
    """If a run of lines from ``start`` is wholly bold or underlined, its text and length."""
    first = lines[start].strip()
    if not (first.startswith("**") or _EMPHASIS_TAG.match(first)):
        return None
    depth, bold, outside = 0, False, False
    for count in range(_MAX_MARKED_LINES):
        if start + count >= len(lines) or not lines[start + count].strip():
            break
        position = 0
        line = lines[start + count]
        for token in _TOKEN.finditer(line):
            if (bold or depth) == 0 and line[position : token.start()].strip():
                outside = True
            position = token.end()
            if token.group() == "**":
                bold = not bold
            elif token.group().startswith("</"):
                depth -= 1
            elif _INLINE_TAG.fullmatch(token.group()):
                depth += 1
        if not (bold or depth) and line[position:].strip():
            outside = True
        if not bold and depth <= 0:
            if outside:
                return None  # bold words inside a sentence: not a heading
            run = lines[start : start + count + 1]
            text = " ".join(_strip_markers(part).strip() for part in run)
            return normalise_whitespace(text), count + 1
    raise ParseError("this marker is not closed ('**' or an HTML tag)", start + 1)


def _table(lines: list[str], start: int) -> tuple[list[_Line], int]:
    """Read a Markdown table starting at ``lines[start]``; returns its lines and length."""
    end = start
    while end < len(lines) and _TABLE_ROW.fullmatch(lines[end]):
        end += 1
    rows = [_cells(line) for line in lines[start:end]]
    if len(rows) < 2 or not all(_TABLE_RULE.fullmatch(cell) for cell in rows[1]):
        raise ParseError(
            "a table needs a header row, then a rule line such as '|---|---|'", start + 1
        )
    width = len(rows[0])
    header = [cell for cell in rows[0] if cell and not _PLACEHOLDER_CELL.fullmatch(cell)]
    out = [_Line(" | ".join(header), start + 1, PARAGRAPH)] if header else []
    opened = 0
    for offset, cells in enumerate(rows[2:], start=2):
        number = start + offset + 1
        if len(cells) != width:
            raise ParseError(
                f"this table row has {len(cells)} cells, the header has {width}", number
            )
        leading, body = cells[:-1], cells[-1]
        filled = [depth for depth, cell in enumerate(leading) if cell]
        if filled and filled[0] > opened:
            raise ParseError(
                "this table row leaves a cell empty with no row above to repeat", number
            )
        if not filled and not opened:
            raise ParseError("the table's first row has no heading cell", number)
        for depth in filled:
            out.append(_Line(leading[depth], number, TABLE_HEADING, depth))
        if filled:
            opened = filled[-1] + 1
        if body:
            items = [item.strip() for item in re.split(r"\s(?=• )", body)]
            out.append(_Line("\n".join(items), number, PARAGRAPH))
    return out, end - start


def _cells(row: str) -> list[str]:
    return [normalise_whitespace(cell) for cell in row.strip()[1:-1].split("|")]


def _marked_lines(lines: list[str]) -> list[_Line]:
    """Read the markers: headings and tables become roles, other markers are removed."""
    out: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if _TABLE_ROW.fullmatch(line):
            table, used = _table(lines, index)
            out += [_Line("", index + 1), *table, _Line("", index + used)]
            index += used
            continue
        if _END_MARK.fullmatch(stripped):
            out.append(_Line("", index + 1))
            index += 1
            continue
        atx = _ATX_HEADING.fullmatch(stripped)
        marked = _marked_heading(lines, index) if atx is None else (atx.group(1), 1)
        if marked is not None and marked[0]:
            out += [
                _Line("", index + 1),
                _Line(_strip_markers(marked[0]), index + 1, MARKED_HEADING),
            ]
            out.append(_Line("", index + marked[1]))
            index += marked[1]
            continue
        out.append(_Line(_strip_markers(line), index + 1))
        index += 1
    return out


def _is_wrapped(lines: list[_Line]) -> bool:
    """Whether lines inside paragraphs break before lower-case words (a hard-wrapped text)."""
    bounds = breaks = 0
    for line, following in zip(lines, lines[1:], strict=False):
        a, b = line.text.strip(), following.text.strip()
        if a and b and line.role is None and following.role is None:
            bounds += 1
            if not _ends_sentence(a) and b[0].islower():
                breaks += 1
    return breaks >= 1 and breaks >= bounds / 5


def _join(left: str, right: str) -> str:
    if left.endswith(("-", "–", "—")) and len(left) > 1 and not left[-2].isspace():
        return left + right
    return f"{left} {right}"


def _logical_lines(physical: list[str]) -> list[_Line]:
    """The text as the block reader expects it (see the comment above)."""
    lines = _marked_lines(physical)
    if not _is_wrapped(lines):
        return lines
    text_lines = [line.text.strip() for line in lines if line.role is None and line.text.strip()]
    lengths = sorted(len(text) for text in text_lines) or [0]
    width = lengths[int(len(lengths) * 0.9)]
    unwrapped = _unwrap(lines, width, infer=not _has_paragraph_breaks(lines))
    # A link or an italic whose words were wrapped over lines is whole only now.
    return [
        replace(line, text=_MARKDOWN_ITALIC.sub(r"\1\2", _MARKDOWN_LINK.sub(r"\1", line.text)))
        for line in unwrapped
    ]


def _has_paragraph_breaks(lines: list[_Line]) -> bool:
    """Whether blank lines separate paragraphs (rather than only stand around marked parts)."""
    previous_text = seen_blank = False
    for line in lines:
        if not line.text.strip():
            seen_blank = True
            continue
        is_text = line.role is None
        if is_text and previous_text and seen_blank:
            return True
        previous_text, seen_blank = is_text, False
    return False


def _unwrap(lines: list[_Line], width: int, *, infer: bool) -> list[_Line]:
    out: list[_Line] = []
    current: list = []  # [text, number, role, last physical line]

    def flush(blank: bool) -> None:
        if current:
            out.append(_Line(current[0], current[1], current[2]))
            current.clear()
        if blank:
            out.append(_Line("", out[-1].number if out else 1))

    for line in lines:
        text = line.text.rstrip()
        if line.role is not None or not text.strip():
            flush(blank=True)
            if line.role is not None:
                out.append(line)
                flush(blank=True)
            continue
        if not _LIST_ITEM.match(text):
            text = text.strip()
        if not current:
            current[:] = [text, line.number, _role(text, infer), text.strip()]
            continue
        decision = _continuation(current[0], current[2], current[3], text.strip(), width, infer)
        if decision == "join":
            current[0] = _join(current[0], text.strip())
            current[3] = text.strip()
            if current[2] == INFERRED_HEADING and not _heading_like(current[0]):
                current[2] = PARAGRAPH
            continue
        flush(blank=decision == "block")
        role = None if decision == "line" else _role(text, infer)
        current[:] = [text, line.number, role, text.strip()]
    flush(blank=False)
    return out


def _role(text: str, infer: bool) -> str | None:
    if not infer:
        return None
    return INFERRED_HEADING if _heading_like(text) else PARAGRAPH


def _heading_like(text: str) -> bool:
    """A line that may be a heading in a hard-wrapped text (which marks none)."""
    text = text.strip()
    if text.endswith(":") or _NOTE.fullmatch(text):
        return False
    label = _read_label(text)
    if label is not None:
        rest = label.rest
        return (
            bool(rest)
            and _is_numbered_heading(rest)
            and (_is_title_case(rest) or _is_all_caps(rest))
        )
    return _is_heading_line(text)


def _continuation(current: str, role: str | None, last: str, following: str, width: int, infer):
    """How ``following`` relates to the logical line so far: "join", "line" or "block"."""
    if _LIST_ITEM.match(following):
        return "line"
    if _NOTE.fullmatch(current.strip()) or _NOTE.fullmatch(following):
        return "block"
    if not infer:
        return "join"
    if _is_parenthetical(current) and _read_label(current) is None:
        return "block"  # a dateline: "(June 29, 2006)"
    if role == INFERRED_HEADING:
        # A heading that filled its line may go on; a line starting in lower case shows
        # that the "heading" was the first line of a paragraph ("On April 19, 2019, the").
        filled = len(last) >= 0.7 * width
        continues = following[0].islower() or _is_heading_line(following)
        return "join" if filled and continues and _read_label(following) is None else "block"
    if _ends_sentence(current, colon=True) and not current.rstrip(_CLOSERS).endswith(";"):
        if _read_label(following) is not None:
            return "block"
        starts = following[0]
        if len(last) < 0.9 * width and (starts.isupper() or starts.isdigit() or starts in "“\"‘'("):
            return "block"
    return "join"


@dataclass(frozen=True)
class _Label:
    text: str  # as printed: "IV.", "(a)", "Article 5"
    readings: tuple[tuple[str, int], ...]  # possible (scheme, value) pairs
    rest: str  # the rest of the line, stripped


@dataclass
class _Block:
    line: int  # 1-based number of its first line
    lines: list[str]
    label: _Label | None  # set when the first line starts with a printed number
    role: str | None = None  # see _Line.role
    depth: int = 0  # a table heading's column


def _split_blocks(lines: list[_Line]) -> list[_Block]:
    blocks: list[_Block] = []
    current = None
    for line in lines:
        if not line.text.strip():
            current = None
            continue
        label = None if line.role == TABLE_HEADING else _read_label(line.text)
        if current is None or label is not None or line.role is not None:
            current = _Block(line.number, [line.text], label, line.role, line.depth)
            blocks.append(current)
        else:
            current.lines.append(line.text)
    return blocks


# --- Printed numbering ---------------------------------------------------------------------

# The schemes, each named by its first label.
UPPER_ROMAN, UPPER_LETTER, ARABIC = "I.", "A.", "1."
LOWER_LETTER, LOWER_ROMAN = "a.", "i."
PAREN_ARABIC, PAREN_LETTER, PAREN_ROMAN = "(1)", "(a)", "(i)"
ARTICLE = "Article"
_NEW_LEVEL_HINT = "'A.', '1.', 'a.', 'i.', '(1)', '(a)' or '(i)'"
_START_HINT = "'I.', 'A.', '1.', 'a.', 'i.', '(1)', '(a)', '(i)' or 'Article N'"

# Only line-initial labels count, and they must be followed by whitespace or the line's end.
_LABEL = re.compile(
    r"(?:(?:Article|ARTICLE)[ \t]+(?P<article>[0-9]{1,4})"
    r"|\((?P<paren>[0-9]{1,3}|[a-z]|[ivx]{1,6})\)"
    r"|(?P<dotted>[0-9]{1,3}|[A-Z]|[a-z]|[IVX]{1,6}|[ivx]{1,6})\.)"
    r"(?=\s|$)"
)
# Roman numerals up to 39; "L.", "C.", "D.", "M." are always letters.
_ROMAN = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def _roman_value(token: str) -> int | None:
    upper = token.upper()
    if not _ROMAN.fullmatch(upper):
        return None
    values = [_ROMAN_VALUES[c] for c in upper]
    total = 0
    for value, following in zip(values, values[1:] + [0], strict=True):
        total += -value if value < following else value
    return total


def _read_label(line: str) -> _Label | None:
    match = _LABEL.match(line)
    if match is None:
        return None
    readings: list[tuple[str, int]] = []
    if match.group("article"):
        readings.append((ARTICLE, int(match.group("article"))))
    elif match.group("paren"):
        readings += _token_readings(match.group("paren"), PAREN_ARABIC, PAREN_LETTER, PAREN_ROMAN)
    else:
        token = match.group("dotted")
        if token.isupper():
            readings += _token_readings(token, ARABIC, UPPER_LETTER, UPPER_ROMAN)
        else:
            readings += _token_readings(token, ARABIC, LOWER_LETTER, LOWER_ROMAN)
    if not readings:  # "XXXX." or "IIV." is not a number
        return None
    return _Label(match.group(), tuple(readings), line[match.end() :].strip())


def _token_readings(token: str, arabic: str, letter: str, roman: str) -> list[tuple[str, int]]:
    if token.isdigit():
        return [(arabic, int(token))]
    readings = []
    value = _roman_value(token)
    if value:
        readings.append((roman, value))
    if len(token) == 1:
        readings.append((letter, ord(token.lower()) - ord("a") + 1))
    return readings


def _continues(scheme: str, current: int, value: int) -> bool:
    # Article numbers may skip: excerpts print "Article 5" and "Article 7".
    return value > current if scheme == ARTICLE else value == current + 1


def _starts(scheme: str, value: int) -> bool:
    return scheme == ARTICLE or value == 1


def _format_label(scheme: str, value: int) -> str:
    if scheme == ARTICLE:
        return f"Article {value}"
    if scheme in (UPPER_ROMAN, LOWER_ROMAN, PAREN_ROMAN):
        token = _to_roman(value)
    elif scheme in (UPPER_LETTER, LOWER_LETTER, PAREN_LETTER):
        token = chr(ord("a") + value - 1) if 1 <= value <= 26 else str(value)
    else:
        token = str(value)
    if scheme in (UPPER_ROMAN, UPPER_LETTER):
        token = token.upper()
    return f"({token})" if scheme.startswith("(") else f"{token}."


def _to_roman(value: int) -> str:
    tens, units = divmod(value, 10)
    digits = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    return "x" * tens + digits[units]


# --- Telling headings, titles and body text apart ------------------------------------------

_SENTENCE_END = (".", ":", ";", "?", "!")
_CLOSERS = "\"'”’)]"
# Words a title-case heading may leave in lower case.
_MINOR_WORDS = frozenset(
    {
        *("a", "an", "the", "and", "but", "or", "nor", "as", "than", "vs", "via", "per"),
        *("at", "by", "for", "from", "in", "into", "of", "off", "on", "onto", "over", "to"),
        *("up", "upon", "with", "within", "without", "against", "among", "between", "under"),
    }
)


def _ends_sentence(text: str, *, colon: bool = True) -> bool:
    ends = _SENTENCE_END if colon else tuple(p for p in _SENTENCE_END if p != ":")
    return text.rstrip(_CLOSERS).endswith(ends)


def _is_all_caps(text: str) -> bool:
    return sum(c.isupper() for c in text) >= 2 and not any(c.islower() for c in text)


def _is_title_case(text: str) -> bool:
    for word in text.split():
        core = word.strip("\"'“”‘’()[],:;")
        if core and core[0].islower() and core.lower() not in _MINOR_WORDS:
            return False
    return True


def _is_numbered_heading(rest: str) -> bool:
    """Whether the text after a label is a heading (else it is a run-in paragraph)."""
    if _is_all_caps(rest):
        return len(rest) <= MAX_CAPS_HEADING
    return len(rest) <= MAX_HEADING and not _ends_sentence(rest)


def _is_title_line(line: str) -> bool:
    """A short line that does not end like a sentence: a title, subtitle or date line."""
    text = line.strip()
    return len(text) <= MAX_HEADING and not _ends_sentence(text)


def _is_heading_line(line: str) -> bool:
    """A line that can be an unnumbered heading: "Overview", "Return Land:", "CONCLUSION"."""
    text = line.strip()
    return (
        bool(text)
        and not line[0].isspace()
        and text[0].isupper()
        and len(text) <= MAX_HEADING
        and not _ends_sentence(text, colon=False)
        and (_is_title_case(text) or _is_all_caps(text))
    )


def _is_parenthetical(line: str) -> bool:
    text = line.strip()
    return text.startswith("(") and text.endswith(")")


def _is_title_block(block: _Block) -> bool:
    if block.role in (MARKED_HEADING, TABLE_HEADING):
        return False
    return block.label is None and all(_is_title_line(line) for line in block.lines)


def _is_body_text(block: _Block) -> bool:
    """Text a heading can stand over: a numbered line, a paragraph or a list."""
    if block.role in (MARKED_HEADING, TABLE_HEADING):
        return False
    return (
        block.label is not None
        or not _is_title_block(block)
        or any(line.lstrip().startswith("- ") for line in block.lines)
    )


def _is_heading_block(blocks: list[_Block], index: int) -> bool:
    """An unnumbered heading, optionally with a parenthesised dateline under it."""
    block = blocks[index]
    if block.role in (MARKED_HEADING, TABLE_HEADING):
        return True
    if block.role == PARAGRAPH:
        return False
    return (
        block.label is None
        and _is_heading_line(block.lines[0])
        and all(_is_parenthetical(line) for line in block.lines[1:])
        and index + 1 < len(blocks)
        and _is_body_text(blocks[index + 1])
    )


# --- Building the sections -----------------------------------------------------------------


@dataclass
class _Draft:
    kind: str  # "numbered", "heading" or "paragraph"
    label: str
    heading: str
    paragraphs: list[str]
    level: int
    parent: int | None
    run_in: bool = False


@dataclass
class _Open:
    """An entry of the numbering stack."""

    index: int  # the section's index
    scheme: str | None  # None for an unnumbered heading
    value: int = 0
    division: bool = False  # a numbered section with a heading line, not a run-in paragraph


@dataclass
class _Builder:
    drafts: list[_Draft] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    table: list[int] = field(default_factory=list)  # open table headings, by column

    def add_paragraph_section(self, block: _Block) -> None:
        self.drafts.append(_Draft("paragraph", "", "", [_joined(block.lines)], 0, None))

    def add_body(self, block: _Block) -> None:
        self.drafts[-1].paragraphs.append(_joined(block.lines))

    def add_numbered(self, block: _Block) -> None:
        label = block.label
        assert label is not None
        scheme, value, parent = self._place(label, block.line)
        level = 0 if parent is None else self.drafts[parent].level + 1
        is_heading = _is_numbered_heading(label.rest)
        if is_heading:
            heading, first = label.rest, block.lines[1:]
        else:
            heading, first = "", [label.rest, *block.lines[1:]]
        paragraphs = [_joined(first)] if first else []
        draft = _Draft("numbered", label.text, heading, paragraphs, level, parent, not is_heading)
        self.stack.append(_Open(len(self.drafts), scheme, value, division=is_heading))
        self.drafts.append(draft)

    def _place(self, label: _Label, line: int) -> tuple[str, int, int | None]:
        """Find the label's scheme and parent, updating the stack (see the module docstring)."""
        for depth in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[depth]
            for scheme, value in label.readings:
                if scheme == entry.scheme and _continues(scheme, entry.value, value):
                    del self.stack[depth:]
                    return scheme, value, self.drafts[entry.index].parent
        open_schemes = {entry.scheme for entry in self.stack}
        for scheme, value in label.readings:
            if _starts(scheme, value) and scheme not in open_schemes:
                return scheme, value, self.stack[-1].index if self.stack else None
        raise ParseError(self._unexpected(label), line)

    def _unexpected(self, label: _Label) -> str:
        expected = [
            repr(_format_label(entry.scheme, entry.value + 1))
            for entry in reversed(self.stack)
            if entry.scheme is not None
        ]
        if not expected:
            return (
                f"numbering cannot start with {label.text!r}: expected the first item of a "
                f"scheme, such as {_START_HINT}"
            )
        return (
            f"{label.text!r} does not fit the numbering: expected {' or '.join(expected)}, "
            f"or a new level starting with {_NEW_LEVEL_HINT}"
        )

    def add_heading(self, block: _Block) -> None:
        # The parent is the innermost open numbered section that has a heading line.
        keep = len(self.stack)
        while keep and not self.stack[keep - 1].division:
            keep -= 1
        parent = self.stack[keep - 1].index if keep else None
        level = 0 if parent is None else self.drafts[parent].level + 1
        # Close what the heading ends: earlier unnumbered headings and any numbering deeper
        # than the heading. Numbering at the heading's own level stays open, so "3." after a
        # heading still continues "2.".
        self.stack[keep:] = [
            entry
            for entry in self.stack[keep:]
            if entry.scheme is not None and self.drafts[entry.index].level == level
        ]
        body = [_joined(block.lines[1:])] if len(block.lines) > 1 else []
        heading = block.lines[0].strip()
        self.stack.append(_Open(len(self.drafts), None))
        self.drafts.append(_Draft("heading", "", heading, body, level, parent))

    def add_table_heading(self, block: _Block) -> None:
        """A table cell: nested under the cell to its left (see _table)."""
        if block.depth == 0:
            self.add_heading(block)
            self.table = [len(self.drafts) - 1]
            return
        parent = self.table[block.depth - 1]
        del self.table[block.depth :]
        self.table.append(len(self.drafts))
        level = self.drafts[parent].level + 1
        self.drafts.append(_Draft("heading", "", block.lines[0].strip(), [], level, parent))


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def parse_text(text: str) -> ParsedText:
    """Split a document's text into front matter and sections (see the module docstring)."""
    blocks = _split_blocks(_logical_lines(_checked_lines(text)))
    is_heading = [_is_heading_block(blocks, i) for i in range(len(blocks))]
    front = _front_matter_length(blocks)
    structured = any(b.label for b in blocks) or sum(is_heading[front:]) >= 2
    if structured and _opens_first_section(blocks, front, is_heading):
        front -= 1
    front_matter = "\n\n".join(line.strip() for b in blocks[:front] for line in b.lines)

    builder = _Builder()
    for index in range(front, len(blocks)):
        block = blocks[index]
        if not structured:
            builder.add_paragraph_section(block)
        elif block.label is not None:
            builder.add_numbered(block)
        elif block.role == TABLE_HEADING:
            builder.add_table_heading(block)
        elif is_heading[index]:
            builder.add_heading(block)
        elif not builder.drafts or builder.drafts[-1].kind == "paragraph":
            builder.add_paragraph_section(block)
        else:
            builder.add_body(block)
    return ParsedText(front_matter, _finish(builder.drafts))


def _front_matter_length(blocks: list[_Block]) -> int:
    count = 0
    while count < len(blocks) and _is_title_block(blocks[count]):
        count += 1
    return count


def _opens_first_section(blocks: list[_Block], front: int, is_heading: list[bool]) -> bool:
    """Whether the last title block is really a lone heading over the first paragraph.

    The first block is always kept as the document's title.
    """
    if front < 2 or front == len(blocks):
        return False
    last = front - 1
    return is_heading[last] and len(blocks[last].lines) == 1 and blocks[front].label is None


# --- Pinpoints and anchors -----------------------------------------------------------------


def _finish(drafts: list[_Draft]) -> list[ParsedSection]:
    pinpoints = _unique(_pinpoints(drafts), " ({})")
    anchors = _unique([_slug(p) for p in pinpoints], "-{}")
    return [
        ParsedSection(
            label=d.label,
            heading=d.heading,
            body="\n\n".join(d.paragraphs),
            level=d.level,
            parent=d.parent,
            pinpoint=pinpoint,
            anchor=anchor,
            run_in=d.run_in,
        )
        for d, pinpoint, anchor in zip(drafts, pinpoints, anchors, strict=True)
    ]


def _pinpoints(drafts: list[_Draft]) -> list[str]:
    pinpoints = []
    paragraphs = 0
    for draft in drafts:
        if draft.kind == "paragraph":
            paragraphs += 1
            pinpoints.append(f"¶{paragraphs}")
            continue
        numbers = [_label_key(d.label) for d in _ancestors(drafts, draft) if d.kind == "numbered"]
        if draft.kind == "numbered":
            pinpoints.append(".".join([*numbers, _label_key(draft.label)]))
        else:
            heading = _heading_key(draft.heading)
            pinpoints.append(f"{'.'.join(numbers)}, {heading}" if numbers else heading)
    return pinpoints


def _ancestors(drafts: list[_Draft], draft: _Draft) -> list[_Draft]:
    """The draft's ancestors, outermost first."""
    ancestors = []
    parent = draft.parent
    while parent is not None:
        ancestors.append(drafts[parent])
        parent = drafts[parent].parent
    return ancestors[::-1]


def _label_key(label: str) -> str:
    """ "IV." -> "IV", "(a)" -> "a", "Article  5" -> "Article 5"."""
    return normalise_whitespace(label).strip(".()")


def _heading_key(heading: str) -> str:
    text = normalise_whitespace(heading).rstrip(":").strip()
    if len(text) <= MAX_PINPOINT_HEADING:
        return text
    cut = text[:MAX_PINPOINT_HEADING].rsplit(" ", 1)[0]
    return cut + "…"


def _slug(pinpoint: str) -> str:
    text = pinpoint.replace("¶", "p")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_ANCHOR:
        slug = slug[:MAX_ANCHOR].rsplit("-", 1)[0]
    return slug or "section"


def _unique(values: list[str], suffix: str) -> list[str]:
    """Make repeated values unique by adding suffix.format(2), suffix.format(3) ..."""
    taken = set(values)
    seen: set[str] = set()
    result = []
    for value in values:
        if value in seen:
            number = 2
            while value + suffix.format(number) in taken:
                number += 1
            value += suffix.format(number)
            taken.add(value)
        seen.add(value)
        result.append(value)
    return result


# --- Printing back -------------------------------------------------------------------------


def reassemble(parsed: ParsedText) -> str:
    """The text as printed: front matter, then each section's label, heading and body."""
    chunks = [parsed.front_matter] if parsed.front_matter else []
    for section in parsed.sections:
        if section.run_in and section.body:
            chunks.append(f"{section.label} {section.body}")
            continue
        head = " ".join(part for part in (section.label, section.heading) if part)
        chunks += [part for part in (head, section.body) if part]
    return "\n\n".join(chunks)
