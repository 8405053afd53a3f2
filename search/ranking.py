"""The relevance order, the same on both databases, in tiers a reader can follow:

3. the title or heading *is* the query ("Bilateral Planning" for "bilateral planning");
2. the title or heading holds the query's words together, in order;
1. the title or heading holds every word searched for;
0. the words are in the text only.

Within a tier, an entry with text comes before an empty one (a part heading whose
subsections hold the text), then the database's text-relevance score (``ts_rank`` with
titles weighing most on PostgreSQL, ``bm25()`` with the title ten times the body on
SQLite), then storage order. Documents (title, summary), sections (heading, text) and
quotes (speaker, words) are all entries of one index with a title and a text, so they are
ranked on this one scale.
"""

from functools import lru_cache
from itertools import islice, product
from typing import NamedTuple

from search.query import STOP_WORDS, WORD_RE, fold

MAX_COMBINATIONS = 8  # spellings of the query tried (a clause's alternatives multiply)


class Spellings(NamedTuple):
    """The query's spellings (one word from each clause's alternatives, stop words left
    out), worked out once per search, not once per title (a common word brings 2,000 titles
    to place): ``slots`` are the distinct (word, stem, prefix) searched for, and each
    spelling is a tuple of indexes into them."""

    slots: tuple
    spellings: list


def spellings(query, highlighter):
    slots, out = {}, []
    for terms in islice(product(*query.clauses), MAX_COMBINATIONS):
        words = [(w, term.prefix and i == len(term.words) - 1) for term in terms
                 for i, w in enumerate(term.words) if w not in STOP_WORDS]  # fmt: skip
        if words:
            spelling = tuple(
                slots.setdefault((word, highlighter.stem(word), prefix), len(slots))
                for word, prefix in words
            )
            out.append(spelling)
    return Spellings(tuple(slots), out)


class TitleWord(NamedTuple):
    """A title's word as the highlighter compares it (a Token without its offsets)."""

    word: str  # folded
    stem: str | None  # None where the word cannot match a searched one


@lru_cache(maxsize=8_192)
def title_words(title):
    """The title's words that are not stop words, folded (titles recur from search to
    search: the most recent 8,192 are kept, about 8 MB per process)."""
    return tuple(w for w in map(fold, WORD_RE.findall(title or "")) if w and w not in STOP_WORDS)


class TitlePlacer:
    """Places titles in tiers for one search. Each distinct title word is compared with the
    searched words once (``Highlighter._word_matches``, the highlighter's own comparison),
    and a title is then a sequence of the sets of searched words each of its words
    matches."""

    def __init__(self, spelled, highlighter):
        self.spelled = spelled
        self.highlighter = highlighter
        self._matches = {}

    def matches(self, word):
        found = self._matches.get(word)
        if found is None:
            highlighter = self.highlighter
            stem = highlighter.stem(word) if word[:2] in highlighter.initials else None
            token = TitleWord(word, stem)
            found = self._matches[word] = frozenset(
                index
                for index, slot in enumerate(self.spelled.slots)
                if highlighter._word_matches(token, *slot)
            )
        return found

    def tier(self, title):
        """3, 2 or 1 for a title holding every searched word (see the module's docstring)."""
        tokens = [self.matches(word) for word in title_words(title)]
        best = 1
        for spelling in self.spelled.spellings:
            size = len(spelling)
            if size > len(tokens):
                continue
            if size == len(tokens) and all(map(frozenset.__contains__, tokens, spelling)):
                return 3
            if best < 2:
                for start in range(len(tokens) - size + 1):
                    if all(map(frozenset.__contains__, tokens[start:], spelling)):
                        best = 2
                        break
        return best


def order(scored, query, highlighter):
    """The candidates' entry ids, best first."""
    placer = TitlePlacer(spellings(query, highlighter), highlighter)

    def key(candidate):
        tier = placer.tier(candidate.title) if candidate.in_title else 0
        return (-tier, not candidate.has_body, -candidate.score, candidate.entry_id)

    return [candidate.entry_id for candidate in sorted(scored, key=key)]
