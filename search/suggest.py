"""'Did you mean …?' from the archive's own vocabulary (the ``search_word`` table).

A word the archive does not hold is compared with the words of the same initial and a
similar length (the most frequent 1,500), by edit distance; the closest word wins, and of
those the most frequent. The candidates are read in that order from an index (initial,
frequency, word, length), so the look-up stops at 1,500 words whatever the vocabulary's
size, and the comparison stops at the first word one edit away.
"""

from django.db import connection

from search.models import SearchWord

MAX_CANDIDATES = 1_500  # the most frequent words of the right shape


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
    """(SQL, params) of the vocabulary rows ``corrections`` needs, as rows of the search's
    statistics ('suggest', word, frequency, asked, NULL): the words known (asked = ''), and
    for each word the vocabulary lacks the most frequent words of its initial and a close
    length. The search runs it in its statistics statement, only when nothing matched, so a
    search that finds nothing costs one statement. None when no word is worth checking."""
    words = checked(words)
    if not words:
        return None
    table = SearchWord._meta.db_table
    parts = [f"SELECT 'suggest', word, frequency, '', NULL FROM {table} WHERE word IN "
             f"({', '.join(['%s'] * len(words))})"]  # fmt: skip
    params = list(words)
    for index, word in enumerate(words):
        limit = allowed_distance(word)
        parts.append(
            f"SELECT * FROM (SELECT 'suggest', word, frequency, CAST(%s AS TEXT), NULL "
            f"FROM {table} WHERE initial = %s AND length >= %s AND length <= %s "
            f"AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.word = %s) "
            f"ORDER BY frequency DESC, word LIMIT {MAX_CANDIDATES}) AS c{index}"
        )  # a known word needs no candidates: the condition is checked once, first
        params += [word, word[0], len(word) - limit, len(word) + limit, word]
    return " UNION ALL ".join(parts), params


def corrections(words, rows):
    """{misspelt word: correction} from the rows of ``lookup(words)``."""
    found = {}
    known = {word for _, word, _, asked, _ in rows if asked == ""}
    shapes = {}
    for _, candidate, frequency, asked, _ in rows:
        if asked:
            shapes.setdefault(asked, []).append((candidate, frequency))
    for candidates in shapes.values():
        candidates.sort(key=lambda item: (-item[1], item[0]))  # most frequent first
    for word in checked(words):
        if word in known:
            continue
        limit = allowed_distance(word)
        best = None
        letters = set(word)
        for candidate, frequency in shapes.get(word, []):
            if len(set(candidate) ^ letters) > 2 * limit:
                continue  # too many different letters to be within the distance
            distance = edit_distance(word, candidate, limit)
            if distance <= limit:
                key = (distance, -frequency, candidate)
                if best is None or key < best[0]:
                    best = (key, candidate)
                if distance == 1:
                    break  # the candidates come most frequent first: none can beat it
        if best:
            found[word] = best[1]
    return found


def suggest(words):
    """{misspelt word: correction} for the words the vocabulary lacks, in one statement of
    its own (the search asks ``lookup`` inside its statistics instead)."""
    query = lookup(words)
    if query is None:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(*query)
        return corrections(words, cursor.fetchall())
