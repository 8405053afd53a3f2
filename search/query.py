"""The search query language, parsed in Python so both databases share it.

A user's string becomes a :class:`Query` (or a :class:`QueryError` with a message meant for
the user). Only words made of letters and digits ever reach the database, each one quoted
by the backend, so no string a user types can be read as database or FTS syntax.

The language:

- ``defense cooperation``: every word must match (stemmed: "cooperate" finds "cooperation");
- ``"bilateral planning"``: a phrase, its words next to each other in that order;
- ``japan OR korea``: either; ``OR`` binds its neighbours before the implicit AND, so
  ``space OR cyber defense`` means (space or cyber) and defense;
- ``-okinawa`` or ``-"host nation"``: exclude.

Tokens are what both databases index (see docs/search.md, "Tokens"): runs of letters and
digits, everything else separates them, so "U.S.-Japan" is the phrase *u s japan* on both
sides of the match. A search of one bare word of four letters or more also finds the words
it begins ("cyber" finds "cyberspace"); a hyphenated compound also finds its closed form
("counter-terrorism" finds "counterterrorism"); an abbreviation also finds its undotted
form ("U.S." finds "US", "U.N." finds "UN", and the other way round, inside a compound too:
"US-Japan" finds "U.S.-Japan"); a compound of two
names finds them the other way round too ("U.S.-Japan" finds "Japan-U.S."); "Article 5" is
that phrase and also finds "Article V" (and the other way round).

Anything else (parentheses, ``*``, ``:``, ``^``, ``NEAR``, SQL) is read as plain words or
ignored punctuation.
"""

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 500
MAX_TERMS = 16
MAX_PHRASE_WORDS = 12

# Words too common to search for on their own (PostgreSQL's English stop list, which the
# PostgreSQL backend would drop anyway). Dropped from bare words on both databases so a query
# finds the same things everywhere; kept inside phrases.
STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for
    from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own s same she should so some such t than
    that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why will
    with you your yours yourself yourselves
    """.split()  # noqa: SIM905
)

WORD_RE = re.compile(r"[^\W_]+")


class QueryError(ValueError):
    """The query cannot be searched; ``str(error)`` is a message for the user."""


PREFIX_MIN = 4  # a bare word this long or longer also finds the words it begins


@dataclass(frozen=True)
class Term:
    """One word, or a phrase of several words in order.

    ``prefix``: the last word also matches the words it begins. ``variant``: an alternative
    spelling added by the parser (the closed form of a compound, the undotted form of an
    abbreviation), not something the user typed.
    """

    words: tuple[str, ...]
    prefix: bool = False
    variant: bool = False
    shown: str = field(default="", compare=False)  # as the user typed it ("U.S.-Japan")

    @property
    def is_phrase(self):
        return len(self.words) > 1

    def __str__(self):
        if self.shown:
            return self.shown
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass
class Query:
    """All ``clauses`` must match (each clause: any of its terms); no ``excluded`` may."""

    clauses: list[tuple[Term, ...]]
    excluded: list[Term] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def words(self):
        """The distinct words searched for (not the excluded ones), for suggestions."""
        seen = []
        for clause in self.clauses:
            for term in clause:
                for word in term.words:
                    if word not in seen:
                        seen.append(word)
        return seen

    def __str__(self):
        parts = [" OR ".join(str(t) for t in clause if not t.variant) for clause in self.clauses]
        parts += [f"-{term}" for term in self.excluded if not term.variant]
        return " ".join(parts)


def clean_text(value):
    """Drop control characters (NUL included) and fold compatibility forms; no DB ever sees
    them, whatever the field."""
    value = unicodedata.normalize("NFKC", str(value))
    return "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in value if ch != "\x00"
    )


def fold(word):
    """Lower-case and strip accents, as the SQLite tokenizer does ("Tōkyō" → "tokyo")."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_of(text):
    return [fold(w) for w in WORD_RE.findall(text) if fold(w)]


def _joined_letters(words):
    """Runs of single letters joined ("u", "s", "japan" → "us", "japan"), or None."""
    out, run = [], []
    for word in [*words, None]:
        if word is not None and len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) > 1:
            out.append("".join(run))
        else:
            out += run
        run = []
        if word is not None:
            out.append(word)
    return tuple(out) if len(out) < len(words) else None


def _abbreviation(part):
    """Whether ``part`` is an abbreviation of two capitals written without dots ("US")."""
    return len(part) == 2 and part.isalpha() and part.isupper()


def _short(part):
    """Whether ``part`` of a compound is a word of two letters ("US", "us", "UN")."""
    return len(part) == 2 and part.isalpha() and part.isascii()


def spelled_out(source, acronyms):
    """The spelled-out forms a bare token stands for too: "BMD" also finds "ballistic missile
    defense", which the archive's texts abbreviate so. Only an acronym of three letters or
    more typed in capitals ("sofa" or "jet" in small letters may be the word itself)."""
    letters = source.strip(".,;:!?()[]{}'’")  # "BMD," in "BMD, SOFA"
    if not acronyms or len(letters) < 3 or not letters.isupper() or not letters.isalpha():
        return ()
    return acronyms.get(letters, ())


def bare_terms(source, words, acronyms=None):
    """The terms a bare (unquoted) token stands for: what was typed, then its variants.
    ``acronyms``: {acronym: (spelled-out words, …)} as the archive's texts define them
    (``search.acronyms``); an acronym of three letters or more typed in capitals also finds
    its spelled-out form."""
    # Shown as typed ("Futenma", not "futenma"; "BMD" for "BMD," in "BMD, SOFA"): a token of
    # one word is shown as its word was typed, without the punctuation around it.
    if len(words) > 1:
        shown = source
    else:
        word_typed = WORD_RE.search(source)
        shown = word_typed.group() if word_typed and fold(word_typed.group()) == words[0] else ""
    typed = Term(tuple(words), shown=shown)
    if len(words) == 1:
        word = words[0]
        if len(word) >= PREFIX_MIN and word.isalpha() and not source.isupper():  # not "SOFA"
            typed = Term(typed.words, prefix=True, shown=shown)
        terms = [typed]
        # "US", "UN": an abbreviation written without dots also finds "U.S.", "U.N.".
        if _abbreviation(source):
            terms.append(Term(tuple(word), variant=True))
        terms += [Term(form, variant=True) for form in spelled_out(source, acronyms)]
        return terms
    terms = [typed]
    joined = _joined_letters(words)
    if joined:  # "U.S." also finds "US"; "U.S.-Japan" also "US-Japan"
        terms.append(Term(joined, variant=True))
    parts = [part for part in re.split(r"-+", source) if part]
    if len(parts) > 1 and all(WORD_RE.fullmatch(p) for p in parts):
        # "US-Japan" also finds "U.S.-Japan" (the archive's spelling, 57 entries against 1):
        # an abbreviation inside a compound, as on its own, finds its dotted form; in a
        # compound a part of two letters is one whatever its case ("us-japan")
        dotted = [tuple(fold(p)) if _short(p) else (fold(p),) for p in parts]
        if any(len(d) > 1 for d in dotted):
            terms.append(Term(tuple(w for d in dotted for w in d), variant=True))
            if len(parts) == 2 and all(p[0].isupper() for p in parts):
                terms.append(Term((*dotted[1], *dotted[0]), variant=True))
    if len(parts) == 2 and all(p[0].isupper() for p in parts):
        # "U.S.-Japan" and "Japan-U.S." name the same relationship: each finds the other
        swapped = tuple(words_of(parts[1]) + words_of(parts[0]))
        terms.append(Term(swapped, variant=True))
        joined_swapped = _joined_letters(swapped)
        if joined_swapped:
            terms.append(Term(joined_swapped, variant=True))
    if (
        len(parts) == len(words)
        and all(len(p) > 1 and p.isalpha() for p in parts)
        and not any(map(_abbreviation, parts))  # "usjapan" is no word
    ):
        # "counter-terrorism" also finds "counterterrorism"
        terms.append(Term(("".join(words),), variant=True))
    return terms


# A token: an optional "-", then a quoted phrase (closing quote optional) or a run of
# non-space characters. Curly quotes count as quotes.
TOKEN_RE = re.compile(r'(-?)(?:["“”]([^"“”]*)["“”]?|([^\s"“”]+))')

# Articles are numbered both ways in the archive: the Treaty's own "Article 5", and the
# leaders' statements' "Article V". "Article 5" (or "Art. 5") is searched as that phrase and,
# as a variant, the other numbering; "Article V" the same the other way round.
ROMAN = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
]  # fmt: skip
ARTICLE_WORDS = ("article", "art")


def article_terms(word, number):
    """The terms for "Article <number>" (``number`` as typed: "5" or "V"), or None when
    ``number`` is not an article number."""
    folded = fold(number)
    if folded.isdigit() and 1 <= int(folded) <= len(ROMAN):
        other = ROMAN[int(folded) - 1]
    elif folded in ROMAN and (number.isupper() or len(folded) > 1):
        other = str(ROMAN.index(folded) + 1)
    else:
        return None
    return [
        Term(("article", folded), shown=f"{word} {number}"),
        Term(("article", other), variant=True),
    ]


_COMPOUND_DASH = re.compile(r"(?<=[^\W_]|\.)[\u2010\u2011\u2012\u2013\u2014\u2212](?=[^\W_])")


def parse(text, *, acronyms=None):
    """Parse a user's string into a :class:`Query`; raise :class:`QueryError` if nothing in it
    can be searched. ``acronyms``: see ``bare_terms``."""
    text = clean_text(text or "").strip()
    if not text:
        raise QueryError("Type one or more words to search for.")
    # A dash inside a compound is a hyphen ("U.S.–Japan", as the archive's own pages write it,
    # found 38 entries against 57 for "U.S.-Japan"); a dash before a word ("–word") is not.
    text = _COMPOUND_DASH.sub("-", text)
    notices = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(f"Only the first {MAX_QUERY_CHARS} characters of the query were used.")

    items = []  # ("term", negated, [Term, its variants …]) or ("or",)
    tokens = [
        (m.group(1) == "-", m.group(2), m.group(3), m.group(1) + (m.group(3) or ""))
        for m in TOKEN_RE.finditer(text)
    ]
    skip = False
    dropped = []  # common words left out, said so (the heading shows the query without them)
    for position, (negated, quoted, bare, _raw) in enumerate(tokens):
        if skip:
            skip = False
            continue
        if bare is not None and bare == "OR" and not negated:
            items.append(("or",))
            continue
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if (
            bare is not None
            and fold(bare.rstrip(".")) in ARTICLE_WORDS
            and following is not None
            and following[2] is not None
            and not following[0]
        ):
            terms = article_terms(bare, following[2].rstrip(".,;:"))
            if terms:
                items.append(("term", negated, terms))
                skip = True
                continue
        source = quoted if quoted is not None else bare
        words = words_of(source)
        abbreviation = quoted is None and len(bare) == 2 and bare.isalpha() and bare.isupper()
        if quoted is None and len(words) == 1 and words[0] in STOP_WORDS and not abbreviation:
            if not negated and words[0] not in dropped:
                dropped.append(words[0])
            continue  # but "US" is U.S.
        if quoted is not None and words and all(w in STOP_WORDS for w in words):
            notices.append(f"“{' '.join(words)}” is too common to search for and was left out.")
            continue
        if not words:
            continue
        if len(words) > MAX_PHRASE_WORDS:
            words = words[:MAX_PHRASE_WORDS]
            notices.append(f"Phrases are limited to {MAX_PHRASE_WORDS} words.")
        if quoted is not None:
            spaced = " ".join(source.split())
            terms = [
                Term(tuple(words), shown=f'"{spaced}"' if fold(spaced) == " ".join(words) else "")
            ]
            if len(words) == 2 and words[0] in ARTICLE_WORDS:  # "Article 5" also "Article V"
                numbered = article_terms(words[0], source.split()[-1].rstrip(".,;:"))
                terms += [term for term in numbered or [] if term.variant]
        else:
            terms = bare_terms(source, words, acronyms)
            spelled = spelled_out(source, acronyms) if len(words) == 1 else ()
            if spelled and not negated:
                forms = " and ".join(f"“{' '.join(form)}”" for form in spelled)
                notices.append(
                    f"{words[0].upper()} also finds {forms}, as the archive's texts spell it out."
                )
        items.append(("term", negated, terms))

    clauses, excluded = [], []
    pending_or = False
    for item in items:
        if item[0] == "or":
            pending_or = bool(clauses)  # a leading or doubled OR is just ignored
            continue
        _, negated, terms = item
        if negated:
            excluded += terms
            pending_or = False
        elif pending_or and clauses:
            clauses[-1] = (*clauses[-1], *terms)
            pending_or = False
        else:
            clauses.append(tuple(terms))

    terms = sum(len(c) for c in clauses) + len(excluded)
    if terms > MAX_TERMS:
        notices.append(f"Queries are limited to {MAX_TERMS} terms; the rest were left out.")
        clauses, excluded = _truncate(clauses, excluded)
    if not clauses:
        if excluded:
            raise QueryError(
                "Add at least one word to search for: excluding words (-word) only narrows a "
                "search."
            )
        raise QueryError(
            "Nothing to search for: type words made of letters or digits (very common words "
            "such as “the” are ignored)."
        )
    if dropped:
        listed = ", ".join(f"“{word}”" for word in dropped)
        one = len(dropped) == 1
        plain = all(bare is not None and bare != "OR" and not neg for neg, _q, bare, _r in tokens)
        phrase = " ".join(text.split())
        keep = "it" if one else "them"
        if "or" in dropped:  # "japan or korea": the reader meant either word
            keep = f"{keep}, and OR in capitals finds either word"
        elif plain and len(words_of(phrase)) <= MAX_PHRASE_WORDS:
            keep = f'{keep}: "{phrase}"'
        notices.append(
            f"{listed} {'is' if one else 'are'} too common to search for and "
            f"{'was' if one else 'were'} left out; a phrase in quotes keeps {keep}."
        )
    clauses = _dedupe(clauses)
    typed = [term for clause in clauses for term in clause if not term.variant]
    if len(typed) > 1 or excluded:
        # Only a one-word search is also a prefix ("cyber" finds "cyberspace"): a prefix of a
        # common word costs PostgreSQL's GIN index a full read of every matching word's
        # entries (2-5x the time of the word itself), and with more words the stems alone
        # narrow the search well.
        clauses = [
            tuple(Term(t.words, False, t.variant, t.shown) for t in clause) for clause in clauses
        ]
    # An excluded word is never a prefix either (a query with an exclusion is not a one-word
    # search): "-cooperation" as a prefix sent GIN through every word beginning "cooper", in
    # 700,000 entries at a million sections (460 ms for "security -cooperation -defense").
    excluded = [Term(t.words, False, t.variant, t.shown) for t in excluded]
    return Query(clauses=clauses, excluded=list(dict.fromkeys(excluded)), notices=notices)


def _truncate(clauses, excluded):
    kept, budget = [], MAX_TERMS
    for clause in clauses:
        if budget <= 0:
            break
        kept.append(clause[:budget])
        budget -= len(kept[-1])
    return kept, excluded[: max(budget, 0)]


def _dedupe(clauses):
    out = []
    for clause in clauses:
        clause = tuple(dict.fromkeys(clause))
        if clause not in out:
            out.append(clause)
    return out
