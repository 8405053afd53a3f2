"""What matched, and where: the offsets of a query's matches in a hit's title and body, and
the passage of the body shown as its snippet.

Computed in Python from the same tokens the databases index (runs of letters and digits;
see ``search.query``) and the same stemmer each database uses (PostgreSQL's ``english``
configuration is Snowball English; SQLite FTS5's ``porter`` is Porter's original algorithm),
so a phrase is marked where the phrase is, never as its lone words, and "U.S.-Japan" is
marked whole. Returns data: plain text and ``(start, end)`` spans, never HTML.
"""

import re
from dataclasses import dataclass
from functools import cache
from itertools import product

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
        self._initials_cased = {
            "".join(letters)
            for initial in self.initials
            for letters in product(*({c, c.upper()} for c in initial))
        }

    def stem(self, word):
        return _stem(self.algorithm, word)

    def _scan(self, text):
        """(candidates, adjacent): the tokens that could match a searched word (those with a
        stem), in order, and ``adjacent(a, b)``: whether candidate ``b`` is the word right
        after candidate ``a`` (a phrase's words must be). Only the candidates are read as
        words: a section of thousands of words is not cut into tokens to mark a few."""
        if not text.isascii() and _NON_ASCII_LETTER.search(text):
            # A word with a letter outside ASCII ("Tōkyō") is folded before it is compared:
            # every token is read, but only the candidates are folded, stemmed and kept as
            # Tokens. (Curly quotes and dashes, which make most real texts non-ASCII, are
            # not words: such a text takes the way below.)
            candidates, number, count = [], {}, 0
            for match in WORD_RE.finditer(text):
                word = match.group()
                word = word.lower() if word.isascii() else fold(word)
                if not word:
                    continue
                if word[:2] in self.initials:
                    number[match.start()] = count
                    candidates.append(Token(*match.span(), word, self.stem(word)))
                count += 1
            return candidates, lambda a, b: number[b.start] == number[a.start] + 1
        # The words that begin with a searched word's first letters in any case ("cy",
        # "Cy", "CY"), found by str.find: a tenth of a case-blind regular expression's time.
        starts = set()
        for initial in self._initials_cased:
            at = text.find(initial)
            while at != -1:
                if not at or not WORD_RE.match(text, at - 1):
                    starts.add(at)
                at = text.find(initial, at + 1)
        candidates = []
        for at in sorted(starts):
            start, end = WORD_RE.match(text, at).span()
            word = text[start:end].lower()
            if word[:2] in self.initials:
                candidates.append(Token(start, end, word, self.stem(word)))
        return candidates, lambda a, b: WORD_RE.search(text, a.end, b.start) is None

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

    def _found(self, candidates, adjacent, text):
        """[(start, end, term index)] of every match of every positive term among the
        candidates (a token that cannot match any searched word cannot be part of a match).
        A match that ends an initialism in ``text`` takes its last full stop ("U.S." rather
        than "U.S" followed by an unmarked "." for "U.S.-Japan")."""
        found = []
        count = len(candidates)
        for index, (term, stems) in enumerate(self.terms):
            size = len(term.words)
            for i in range(count - size + 1):
                for j, (word, stem) in enumerate(zip(term.words, stems, strict=True)):
                    token = candidates[i + j]
                    if (j and not adjacent(candidates[i + j - 1], token)) or not (
                        self._word_matches(token, word, stem, term.prefix and j == size - 1)
                    ):
                        break
                else:
                    end = candidates[i + size - 1].end
                    found.append((candidates[i].start, _past_initialism(text, end), index))
        return found

    def title(self, text):
        """(text, [(start, end)]): the whole title with its matches."""
        text = text or ""
        found = self._found(*self._scan(text), text)
        return text, _merge((s, e) for s, e, _ in found)

    def snippet(self, text, words=SNIPPET_WORDS):
        """(passage, [(start, end)]): about ``words`` words of ``text`` around the part that
        holds the most different terms (the earliest such part), with "…" where cut. The
        words are counted around the matches only."""
        text = text or ""
        first_word = WORD_RE.search(text)
        if first_word is None:
            return text.strip(), []
        found = self._found(*self._scan(text), text)
        cut_start = first_word.start()
        if found:
            best = None
            # The earliest window with every term found in the text is the best there is.
            most = len({t for _, _, t in found})
            for start, _, _ in sorted(found):
                if best is not None and -best[0][0] == most:
                    break
                lead = _words_before(text, start, LEAD_WORDS)
                window_start = lead[0][0] if lead else start
                window_end = _words_end(text, window_start, words)
                terms = {t for s, e, t in found if s >= window_start and e <= window_end}
                score = (-len(terms), window_start)
                if best is None or score < best[0]:
                    best = (score, window_end)
            cut_start, last_end = best[0][1], best[1]
        else:
            last_end = _words_end(text, cut_start, words)
        if WORD_RE.search(text, last_end) is None:
            cut_end = len(text)
        else:
            cut_end = _past_initialism(text, last_end)
        if cut_start == first_word.start():
            cut_start = 0
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


@cache
def _words_re(count):
    # Up to ``count`` words and what separates them, from a word's start (greedy: fewer
    # only where the text ends).
    return re.compile(rf"[^\W_]+(?:[\W_]+[^\W_]+){{0,{count - 1}}}")


def _words_end(text, start, count):
    """Where the ``count``-th word from ``start`` (a word's start) ends, or the last word."""
    return _words_re(count).match(text, start).end()


def _words_before(text, end, count):
    """The (start, end) of the last ``count`` words before ``end`` (a word's start): read
    back in growing stretches, never from the text's start unless they reach it."""
    reach = 12 * count
    while True:
        low = max(0, end - reach)
        found = [match.span() for match in WORD_RE.finditer(text, low, end)]
        if found and found[0][0] == low and low and WORD_RE.match(text, low - 1):
            found.pop(0)  # the tail of a word cut at ``low``
        if len(found) >= count or low == 0:
            return found[-count:] if count else []
        reach *= 4


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
