"""The two databases' stemmers in Python, and where SQLite's parts from PostgreSQL's.

PostgreSQL's ``english`` configuration is Snowball English; SQLite FTS5's ``porter`` is
Porter's original algorithm. Porter's gives some two-letter words the stem of longer,
unrelated words that Snowball keeps apart: "use", "used", "uses" and "using" become "us",
the word "US" (and "U.S." written without dots) that "U.S." searches for; "one" becomes
"on", "are" "ar", "ties" "ti". SQLite's main index keeps only stems, so its match alone
cannot tell them apart: the SQLite backend looks such words up in its index of the words
as written (``search.backends.as_written``), and the highlighter does not mark one for the
other.
"""

from functools import lru_cache

import snowballstemmer

# The two-letter stems of the shipped archive's words that the two stemmers disagree on
# (tests/search/test_tokens.py checks the set against PostgreSQL's own stemmer). Other
# two-letter stems are alike on both ("its" is "it", "doing" "do", "ups" "up").
CONFLATED = frozenset(
    ["ab", "ag", "ar", "ei", "ev", "ey", "ga", "ha", "hi", "hn", "li", "on", "sc", "ti", "us", "wa"]
)

# The endings Porter's first step takes off (and its last, a final "e"): the inflections
# that make a word of a conflated stem ("use", "uses", "used", "using"; "ties", "tied").
_INFLECTIONS = ("", "e", "s", "es", "ed", "ing", "ies", "ied", "eing")


@lru_cache(maxsize=2)
def _stemmer(algorithm):
    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=65_536)
def stem(algorithm, word):
    # The Snowball stemmers are pure Python (~20 µs a word, and far more on a busy
    # machine): the archive's words recur, so each is stemmed once per process.
    return _stemmer(algorithm).stemWord(word)


@lru_cache(maxsize=4_096)
def written_forms(word):
    """The words as written that SQLite's match of ``word`` stands for where Porter's stem
    of it is a conflated one: "us" → ("us",); "use" → ("use", "used", "uses", "using"), not
    "us"; "one" → ("one", "ones"), not "on". None for every other word, whose stem is
    enough."""
    if word in CONFLATED:
        return (word,)
    root = stem("porter", word)
    if root not in CONFLATED:
        return None
    forms = {word} | {root + ending for ending in _INFLECTIONS}
    return tuple(sorted(f for f in forms if f != root and stem("porter", f) == root))


def conflated_apart(word, stem_, other):
    """Whether the words ``word`` and ``other``, of the same Porter stem ``stem_``, are apart
    all the same: one is the conflated two-letter word itself, the other a longer word ("us"
    and "use")."""
    return stem_ in CONFLATED and (word == stem_) != (other == stem_)
