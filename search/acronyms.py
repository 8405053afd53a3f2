"""Acronyms as the archive's own texts define them: "Ballistic Missile Defense (BMD)",
"Status of Forces Agreement (SOFA)", "the Special Action Committee on Okinawa (SACO)".

A search for such an acronym, typed in capitals, also finds its spelled-out form
(``search.query.bare_terms``): a text that writes "ballistic missile defense" without the
letters is found by ``BMD``. The glossary is read off the published texts when the
vocabulary is (``rebuild_search_index``) and kept in ``search_acronym``; only what a text
itself defines is in it, nothing from a list made elsewhere.

A definition is a parenthesised acronym of three to eight capitals whose letters are, in
order, the first letters of the words just before it. Common words between them may be
skipped ("Special Action Committee on Okinawa"), or give their letter ("Status of Forces
Agreement"); a hyphenated word gives a letter for each part ("Self-Defense Forces"). Anything
else is no definition: "the South China Sea (COC)" is not one.
"""

import re
from collections import Counter

from search.query import STOP_WORDS, WORD_RE, fold

ACRONYM_RE = re.compile(r"\(([A-Z]{3,8})\)")
LOOK_BACK = 200  # characters before the parenthesis read for the spelled-out form
EXTRA_WORDS = 6  # common words a definition may skip, beyond one word per letter
MAX_FORMS = 2  # spelled-out forms searched for one acronym (the most frequent)


def definitions(text):
    """(acronym, spelled-out words) for each acronym ``text`` defines, in order."""
    for match in ACRONYM_RE.finditer(text or ""):
        acronym = match.group(1)
        before = text[max(0, match.start() - LOOK_BACK) : match.start()]
        tokens = WORD_RE.findall(before)[-(len(acronym) + EXTRA_WORDS) :]
        words = spelled_out(acronym.lower(), [fold(token) for token in tokens])
        if words:
            yield acronym, words


def spelled_out(letters, words):
    """The last words of ``words`` whose first letters spell ``letters``, common words
    between them allowed; None when they do not. A common word that could give its letter
    is first tried as skipped ("Acquisition and Cross-Servicing Agreement", not "and
    Cross-Servicing Agreement"), then as giving it ("Status of Forces Agreement")."""

    def start(i, j):
        # The index of the first word when letters[: i + 1] end at words[j], or None.
        if i < 0:
            return j + 1
        if j < 0:
            return None
        word = words[j]
        common = word in STOP_WORDS
        if common:
            found = start(i, j - 1)
            if found is not None:
                return found
        if word and word[0] == letters[i]:
            return start(i - 1, j - 1)
        return None

    first = start(len(letters) - 1, len(words) - 1)
    return None if first is None else tuple(words[first:])


def count_definitions(texts):
    """Counter of (acronym, spelled-out form as one string) over ``texts``."""
    counts = Counter()
    for text in texts:
        if text and "(" in text:
            counts.update((acronym, " ".join(words)) for acronym, words in definitions(text))
    return counts


def glossary(rows):
    """{acronym: (spelled-out words, …)}, the most frequent MAX_FORMS forms of each, from
    rows (acronym, form, occurrences)."""
    forms = {}
    for acronym, form, _ in sorted(rows, key=lambda row: (row[0], -row[2], row[1])):
        kept = forms.setdefault(acronym, [])
        if len(kept) < MAX_FORMS:
            kept.append(tuple(form.split()))
    return {acronym: tuple(kept) for acronym, kept in forms.items()}
