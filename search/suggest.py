"""'Did you mean …?' from the archive's own vocabulary (the ``search_word`` table).

A word the archive does not hold is compared with the words of the same initial and a
similar length (the most frequent 1,500), by edit distance; the closest word wins, and of
those the most frequent; the comparison stops at the first word one edit away.

Only a search that found nothing asks, after its statistics: one statement for which of
its words the vocabulary knows, and, for the words it does not, the candidates. Asking
inside the statistics statement (an arm read only when nothing matched) made every search
pay for planning it: 0.5 of a rare word's 1.2 ms statement at a million sections.

A word's candidates are read from the index (initial, frequency, word, length) in that
order, so the look-up stops at 1,500 words whatever the vocabulary's size. Each process keeps
them, by initial and range of lengths, until the archive changes (``rebuild_search_index``
is such a change), up to ``KEPT_WORDS`` words, the ranges used least recently dropped first.
"""

import threading
from collections import OrderedDict

from django.db import connection

from documents.cache import in_process
from search.models import SearchWord

MAX_CANDIDATES = 1_500  # the most frequent words of the right shape
KEPT_WORDS = 200_000  # candidate words each process keeps, across its shapes


def edit_distance(a, b, limit):
    """Damerau-Levenshtein distance (adjacent swaps count once), or limit + 1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2 = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def allowed_distance(word):
    return 1 if len(word) <= 5 else 2


def checked(words):
    """The words worth checking: the first eight, of three to forty letters, not numbers."""
    return list(dict.fromkeys(w for w in words[:8] if 3 <= len(w) <= 40 and not w.isdigit()))


def lookup(words):
    """The ``words`` the vocabulary holds, in one statement."""
    if not words:
        return set()
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {table} WHERE word IN ({', '.join(['%s'] * len(words))})", words
        )
        return {row[0] for row in cursor.fetchall()}


def letters(word):
    """The letters of ``word`` as bits of an int (ASCII letters each a bit of their own;
    other characters may share one, which only lets more candidates through)."""
    mask = 0
    for character in word:
        mask |= 1 << (ord(character) & 63)
    return mask


class Candidates:
    """Candidates read from the vocabulary: {(initial, shortest, longest): [(word, its
    letters)], the most frequent MAX_CANDIDATES words of that initial and those lengths, most
    frequent first}."""

    def __init__(self):
        self.kept = OrderedDict()
        self.words = 0
        self.lock = threading.Lock()

    def of(self, word, limit):
        """The candidates for ``word``: its initial, ``limit`` letters longer or shorter."""
        key = (word[0], len(word) - limit, len(word) + limit)
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
                return found
        found = self.read(*key)
        with self.lock:
            if key not in self.kept:
                self.kept[key] = found
                self.words += _size(found)
            while self.words > KEPT_WORDS and len(self.kept) > 1:
                _, dropped = self.kept.popitem(last=False)
                self.words -= _size(dropped)
        return found

    def read(self, initial, shortest, longest):
        table = SearchWord._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT word, frequency FROM {table} WHERE initial = %s AND length >= %s "
                f"AND length <= %s ORDER BY frequency DESC, word LIMIT {MAX_CANDIDATES}",
                [initial, shortest, longest],
            )
            rows = cursor.fetchall()
        # Words of one frequency in code-point order, whatever the database's collation
        # (PostgreSQL's en_US sorts "ß" as "ss"): the closest word's ties are broken so.
        rows.sort(key=lambda row: (-row[1], row[0]))
        return [(word, letters(word)) for word, _ in rows]


def _size(words):
    """What a range counts against KEPT_WORDS: its words, and at least one (a range with no
    words is kept too, and made-up initials are many)."""
    return max(1, len(words))


@in_process
def candidates():
    """This process's Candidates for the archive as it is now (new when it has changed)."""
    return Candidates()


def closest(word, candidates):
    """The candidate closest to ``word`` within its allowed distance (the most frequent of
    the closest: ``candidates`` come most frequent first), or None."""
    limit = allowed_distance(word)
    best = None
    mask = letters(word)
    for candidate, candidate_letters in candidates:
        if (candidate_letters ^ mask).bit_count() > 2 * limit:
            continue  # too many different letters to be within the distance
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
            if distance == 1:
                break  # the candidates come most frequent first: none can beat it
    return best[1] if best else None


def suggest(words, known=None):
    """{misspelt word: correction} for the words the vocabulary lacks (``known``: the words
    it holds, of ``words`` or more, when already asked)."""
    words = checked(words)
    held = lookup(words) if known is None else known
    lacking = [word for word in words if word not in held]
    found = {}
    kept = candidates() if lacking else None
    for word in lacking:
        correction = closest(word, kept.of(word, allowed_distance(word)))
        if correction:
            found[word] = correction
    return found
