"""The two databases' stemmers in Python, and where SQLite's parts from PostgreSQL's.

PostgreSQL's ``english`` configuration is Snowball English; SQLite FTS5's ``porter`` is
Porter's original algorithm. Porter's gives some two-letter words the stem of longer,
unrelated words that Snowball keeps apart: "use", "used", "uses" and "using" become "us",
the word "US" (and "U.S." written without dots) that "U.S." searches for; "one" becomes
"on", "ate" "at", "ties" "ti". SQLite's main index keeps only stems, so its match alone
cannot tell them apart: the SQLite backend looks such words up in its index of the words
as written (``search.backends.as_written``) by the forms PostgreSQL would match, and the
highlighter marks those forms alone.
"""

from functools import lru_cache

import snowballstemmer

# The endings Porter's first step takes off (and its last, a final "e"): the inflections
# that make a word of a two-letter stem ("use", "uses", "used", "using"; "ties", "tied").
_INFLECTIONS = ("", "e", "s", "es", "ed", "ing", "ies", "ied", "eing")


@lru_cache(maxsize=2)
def _stemmer(algorithm):
    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=65_536)
def stem(algorithm, word):
    # The Snowball stemmers are pure Python (~20 µs a word, and far more on a busy
    # machine): the archive's words recur, so each is stemmed once per process.
    return _stemmer(algorithm).stemWord(word)


def _porter(word):
    # FTS5 keeps a word of two letters as it is (Python's Porter cuts "us" to "u")
    return word if len(word) <= 2 else stem("porter", word)


@lru_cache(maxsize=4_096)
def written_forms(word):
    """The words as written that PostgreSQL's match of ``word`` stands for, where SQLite's
    stem of it has two letters and so may stand for unrelated words too: "us" → ("us",),
    not "use"; "use" → "use", "used", "uses", "using" (and other inflections), not "us";
    "one" → "one", "ones", not "on"; "it" → "it", "its", which both stemmers join. None for
    every other word, whose stem is enough."""
    root = _porter(word)
    if len(root) != 2 or not root.isalpha():
        return None
    target = stem("english", word)
    forms = {word} | {
        form
        for form in (root + ending for ending in _INFLECTIONS)
        if _porter(form) == root and stem("english", form) == target
    }
    return tuple(sorted(forms))


def prefix_form(word):
    """What a one-word search's prefix is on PostgreSQL: its Snowball stem ("aging" → "age",
    which finds "aged", "ages")."""
    return stem("english", word)
