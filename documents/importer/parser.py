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

import re
import unicodedata
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class SourceFile:
    header: dict[str, str]  # ordered as in the file
    text: str  # everything after the '---' line, verbatim


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
    while position < len(raw):
        end = raw.find("\n", position)
        next_position = len(raw) if end == -1 else end + 1
        line = raw[position:next_position].rstrip("\r\n")
        number += 1
        if line.strip() == "---":
            if not header:
                raise ParseError("no 'key: value' header before the '---' line", number)
            _check_required_keys(header)
            return SourceFile(header=header, text=raw[next_position:])
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            shown = line if len(line) <= 40 else line[:40] + "..."
            raise ParseError(f"expected a 'key: value' header line or '---', got {shown!r}", number)
        key = match.group(1)
        if key in header:
            raise ParseError(f"header key {key!r} is repeated", number)
        header[key] = match.group(2).strip()
        position = next_position
    if not header:
        raise ParseError("not a source file: it has no 'key: value' header")
    raise ParseError("the header is not closed by a '---' line")


def _check_required_keys(header: dict[str, str]) -> None:
    for key in _REQUIRED_KEYS:
        if not header.get(key):
            raise ParseError(f"the header has no {key!r}")


# --- Checking the text and splitting it into blocks ----------------------------------------

# C0 and C1 control characters except tab and newline, and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _checked_lines(text: str) -> list[str]:
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


def _split_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    current = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            current = None
            continue
        label = _read_label(line)
        if current is None or label is not None:
            current = _Block(number, [line], label)
            blocks.append(current)
        else:
            current.lines.append(line)
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
    return block.label is None and all(_is_title_line(line) for line in block.lines)


def _is_body_text(block: _Block) -> bool:
    """Text a heading can stand over: a numbered line, a paragraph or a list."""
    return (
        block.label is not None
        or not _is_title_block(block)
        or any(line.lstrip().startswith("- ") for line in block.lines)
    )


def _is_heading_block(blocks: list[_Block], index: int) -> bool:
    """An unnumbered heading, optionally with a parenthesised dateline under it."""
    block = blocks[index]
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


def _joined(lines: list[str]) -> str:
    return "\n".join(lines)


def parse_text(text: str) -> ParsedText:
    """Split a document's text into front matter and sections (see the module docstring)."""
    blocks = _split_blocks(_checked_lines(text))
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
