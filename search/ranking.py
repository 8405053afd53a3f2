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

from search.query import STOP_WORDS

MAX_COMBINATIONS = 8  # spellings of the query tried (a clause's alternatives multiply)


def _content(tokens_or_words):
    return [t for t in tokens_or_words if (t if isinstance(t, str) else t.word) not in STOP_WORDS]


def title_tier(title, query, highlighter):
    """3, 2 or 1 for a title holding every searched word (see the module's docstring)."""
    tokens = _content(highlighter.tokens(title))
    best = 1
    for terms in islice(product(*query.clauses), MAX_COMBINATIONS):
        words = [w for term in terms for w in term.words if w not in STOP_WORDS]
        prefixes = [term.prefix and i == len(term.words) - 1 for term in terms
                    for i, w in enumerate(term.words) if w not in STOP_WORDS]  # fmt: skip
        if not words or len(words) > len(tokens):
            continue
        stems = [highlighter.stem(w) for w in words]

        def run_at(start, words=words, stems=stems, prefixes=prefixes):
            return all(
                highlighter._word_matches(tokens[start + i], word, stem, prefix)
                for i, (word, stem, prefix) in enumerate(zip(words, stems, prefixes, strict=True))
            )

        if len(words) == len(tokens) and run_at(0):
            return 3
        if any(run_at(start) for start in range(len(tokens) - len(words) + 1)):
            best = 2
    return best


def order(scored, query, highlighter):
    """The candidates' entry ids, best first."""

    def key(candidate):
        tier = title_tier(candidate.title, query, highlighter) if candidate.in_title else 0
        return (-tier, not candidate.has_body, -candidate.score, candidate.entry_id)

    return [candidate.entry_id for candidate in sorted(scored, key=key)]
