"""What matched, and where: the offsets of a query's matches in a hit's title and body, and
the passage of the body shown as its snippet.

Computed in Python from the same tokens the databases index (runs of letters and digits;
see ``search.query``) and the same stemmer each database uses (PostgreSQL's ``english``
configuration is Snowball English; SQLite FTS5's ``porter`` is Porter's original algorithm),
so a phrase is marked where the phrase is, never as its lone words, and "U.S.-Japan" is
marked whole. Returns data: plain text and ``(start, end)`` spans, never HTML.
"""

import re
from bisect import bisect_left
from dataclasses import dataclass

from search.query import WORD_RE, fold
from search.stems import prefix_form, written_forms
from search.stems import stem as _stem

# A word character (a letter or digit) outside ASCII.
_NON_ASCII_LETTER = re.compile(r"[^\W_\x00-\x7f]")

SNIPPET_WORDS = 36  # words in a snippet
LEAD_WORDS = 8  # words shown before the first match in the snippet
ELLIPSIS = "…"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # folded
    stem: str | None  # None: cannot match any searched word


class Highlighter:
    """Finds a parsed query's positive terms in texts, as each database would match them."""

    def __init__(self, query, vendor):
        self.vendor = vendor
        self.algorithm = "english" if vendor == "postgresql" else "porter"
        self.terms = []
        for clause in query.clauses:
            for term in clause:
                stems = tuple(self.stem(word) for word in term.words)
                self.terms.append((term, stems))
        # A word and its stem share their first two letters (the stemmers cut and change
        # endings), so a token whose first two letters begin no searched word cannot match
        # and is not stemmed.
        self.initials = {w[:2] for term, _ in self.terms for w in term.words}
        # In ASCII text the tokens that could match are found by one regular expression,
        # and only they are folded and stemmed (the rest only give the snippet its words).
        self._candidates_re = re.compile(
            r"(?<![^\W_])(?:"
            + "|".join(re.escape(i) for i in sorted(self.initials, key=len, reverse=True))
            + ")",
            re.IGNORECASE,
        )

    def stem(self, word):
        return _stem(self.algorithm, word)

    def tokens(self, text):
        out = []
        for match in WORD_RE.finditer(text or ""):
            word = fold(match.group())
            if word:
                stem = self.stem(word) if word[:2] in self.initials else None
                out.append(Token(match.start(), match.end(), word, stem))
        return out

    def _scan(self, text):
        """(bounds, candidates): every token's (start, end), and {index: Token} for the
        tokens that could match a searched word (those with a stem)."""
        if not text.isascii() and _NON_ASCII_LETTER.search(text):
            # A word with a letter outside ASCII ("Tōkyō") is folded before it is compared:
            # every token is read, but only the candidates are folded, stemmed and kept as
            # Tokens. (Curly quotes and dashes, which make most real texts non-ASCII, are
            # not words: such a text takes the way below.)
            bounds, candidates = [], {}
            for match in WORD_RE.finditer(text):
                word = match.group()
                word = word.lower() if word.isascii() else fold(word)
                if not word:
                    continue
                if word[:2] in self.initials:
                    candidates[len(bounds)] = Token(*match.span(), word, self.stem(word))
                bounds.append(match.span())
            return bounds, candidates
        bounds = [match.span() for match in WORD_RE.finditer(text)]
        candidates = {}
        if self.initials:
            starts = [start for start, _ in bounds]
            for match in self._candidates_re.finditer(text):
                index = bisect_left(starts, match.start())
                start, end = bounds[index]
                word = text[start:end].lower()
                if word[:2] in self.initials:
                    candidates[index] = Token(start, end, word, self.stem(word))
        return bounds, candidates

    def _word_matches(self, token, word, stem, prefix):
        if token.word == word:
            return True
        if self.algorithm == "porter":
            # SQLite's "us" is not "use", nor "ties" "time": the backend matches such a word
            # by its forms as written (``search.stems``), and so is it marked
            forms = written_forms(word)
            if forms is not None:
                return token.word in forms or (prefix and token.word.startswith(prefix_form(word)))
        if token.stem is not None and token.stem == stem:
            return True
        return prefix and (
            token.word.startswith(word) or (token.stem is not None and token.stem.startswith(stem))
        )

    def spans_of(self, tokens):
        """[(start, end, term index)] of every match of every positive term."""
        return self._found(dict(enumerate(tokens)))

    def _found(self, candidates, text=""):
        """``spans_of`` over the tokens that could match, by their index in the text (a
        token that cannot match any searched word cannot be part of a match). A match that
        ends an initialism in ``text`` takes its last full stop ("U.S." rather than "U.S"
        followed by an unmarked "." for "U.S.-Japan")."""
        found = []
        order = sorted(candidates)
        for index, (term, stems) in enumerate(self.terms):
            size = len(term.words)
            for i in order:
                for j, (word, stem) in enumerate(zip(term.words, stems, strict=True)):
                    token = candidates.get(i + j)
                    last = j == size - 1
                    if token is None or not self._word_matches(
                        token, word, stem, term.prefix and last
                    ):
                        break
                else:
                    end = candidates[i + size - 1].end
                    found.append((candidates[i].start, _past_initialism(text, end), index))
        return found

    def title(self, text):
        """(text, [(start, end)]): the whole title with its matches."""
        text = text or ""
        _, candidates = self._scan(text)
        return text, _merge((s, e) for s, e, _ in self._found(candidates, text))

    def snippet(self, text, words=SNIPPET_WORDS):
        """(passage, [(start, end)]): about ``words`` words of ``text`` around the part that
        holds the most different terms (the earliest such part), with "…" where cut."""
        text = text or ""
        bounds, candidates = self._scan(text)
        if not bounds:
            return text.strip(), []
        found = self._found(candidates, text)
        first = 0
        if found:
            starts = {start: i for i, (start, _) in enumerate(bounds)}
            best = None
            for start, _, _ in sorted(found):
                at = max(0, starts[start] - LEAD_WORDS)
                window_start = bounds[at][0]
                window_end = bounds[min(len(bounds), at + words) - 1][1]
                terms = {t for s, e, t in found if s >= window_start and e <= window_end}
                score = (-len(terms), at)
                if best is None or score < best[0]:
                    best = (score, at)
            first = best[1]
        last = min(len(bounds), first + words) - 1
        cut_start = 0 if first == 0 else bounds[first][0]
        cut_end = len(text) if last == len(bounds) - 1 else _past_initialism(text, bounds[last][1])
        passage = text[cut_start:cut_end]
        lead = len(passage) - len(passage.lstrip())
        passage = passage.strip()
        shift = cut_start + lead
        spans = [(s - shift, e - shift) for s, e, _ in found if s >= cut_start and e <= cut_end]
        if cut_start > 0:
            passage = f"{ELLIPSIS} {passage}"
            spans = [(s + 2, e + 2) for s, e in spans]
        if cut_end < len(text):
            passage = f"{passage} {ELLIPSIS}"
        return passage, _merge(spans)


def _past_initialism(text, end):
    """``end``, or one past it when the word ending there is the last letter of an initialism
    ("U.S", "U.N") followed by its full stop."""
    if end < len(text) and text[end] == "." and end >= 2 and text[end - 2] == ".":
        return end + 1
    return end


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
