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

from itertools import islice, product
from typing import NamedTuple

from search.query import STOP_WORDS, WORD_RE, fold

MAX_COMBINATIONS = 8  # spellings of the query tried (a clause's alternatives multiply)


def spellings(query, highlighter):
    """The query's spellings (one word from each clause's alternatives), each as the words
    that are not stop words, their stems and whether each is a prefix (three tuples):
    worked out once per search, not once per title (a common word brings 2,000 titles to
    place)."""
    out = []
    for terms in islice(product(*query.clauses), MAX_COMBINATIONS):
        words = [(w, term.prefix and i == len(term.words) - 1) for term in terms
                 for i, w in enumerate(term.words) if w not in STOP_WORDS]  # fmt: skip
        if words:
            stems = tuple(highlighter.stem(word) for word, _prefix in words)
            out.append((tuple(w for w, _ in words), stems, tuple(p for _, p in words)))
    return out


class TitleWord(NamedTuple):
    """A title's word as the highlighter compares it (a Token without its offsets)."""

    word: str  # folded
    stem: str | None  # None where the word cannot match a searched one


def title_words(title, highlighter):
    """The title's words that are not stop words, folded, each with its stem where it could
    match a searched word."""
    initials, out = highlighter.initials, []
    for word in WORD_RE.findall(title or ""):
        word = fold(word)
        if word and word not in STOP_WORDS:
            out.append(TitleWord(word, highlighter.stem(word) if word[:2] in initials else None))
    return out


def title_tier(title, spelled, highlighter):
    """3, 2 or 1 for a title holding every searched word (see the module's docstring);
    ``spelled``: ``spellings(query, highlighter)``."""
    tokens = title_words(title, highlighter)
    matches = highlighter._word_matches
    best = 1
    for words, stems, prefixes in spelled:
        if len(words) > len(tokens):
            continue
        if len(words) == len(tokens) and all(map(matches, tokens, words, stems, prefixes)):
            return 3
        if best < 2:
            for start in range(len(tokens) - len(words) + 1):
                if all(map(matches, tokens[start:], words, stems, prefixes)):
                    best = 2
                    break
    return best


def order(scored, query, highlighter):
    """The candidates' entry ids, best first."""
    spelled = spellings(query, highlighter)

    def key(candidate):
        tier = title_tier(candidate.title, spelled, highlighter) if candidate.in_title else 0
        return (-tier, not candidate.has_body, -candidate.score, candidate.entry_id)

    return [candidate.entry_id for candidate in sorted(scored, key=key)]
