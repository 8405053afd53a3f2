"""'Did you mean …?' from the archive's own vocabulary (the ``search_word`` table).

A word the archive does not hold is compared with the words of the same initial and a
similar length (the most frequent 1,500), by edit distance; the most frequent close word
wins.
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


def suggest(words):
    """{misspelt word: correction} for the words the vocabulary lacks, in one statement: the
    words known, and for each word the most frequent words of its shape."""
    corrections = {}
    words = list(dict.fromkeys(w for w in words[:8] if 3 <= len(w) <= 40 and not w.isdigit()))
    if not words:
        return corrections
    table = SearchWord._meta.db_table
    parts = [f"SELECT word, frequency, '' AS asked FROM {table} WHERE word IN "
             f"({', '.join(['%s'] * len(words))})"]  # fmt: skip
    params = list(words)
    for index, word in enumerate(words):
        limit = allowed_distance(word)
        parts.append(
            f"SELECT * FROM (SELECT word, frequency, CAST(%s AS TEXT) AS asked FROM {table} "
            "WHERE initial = %s AND length >= %s AND length <= %s "
            f"AND NOT EXISTS (SELECT 1 FROM {table} k WHERE k.word = %s) "
            f"ORDER BY frequency DESC LIMIT {MAX_CANDIDATES}) AS c{index}"
        )  # a known word needs no candidates: the condition is checked once, first
        params += [word, word[0], len(word) - limit, len(word) + limit, word]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    known = {word for word, _, asked in rows if asked == ""}
    shapes = {}
    for candidate, frequency, asked in rows:
        if asked:
            shapes.setdefault(asked, []).append((candidate, frequency))
    for word in words:
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
        if best:
            corrections[word] = best[1]
    return corrections
