"""Comparing two documents section by section (for example the 1997 and 2015 Guidelines).

The alignment is computed, then corrected by editors:

1. Every section is reduced to its heading words, the weighted words of its text (TF-IDF over
   both documents) and its cooperation areas. Candidate pairs are the pairs that share a word;
   each is scored by heading overlap, text similarity (cosine) and shared areas, averaged over
   the signals both sections have.
2. The best-scoring pairs are taken greedily, one partner per section, above ``THRESHOLD``;
   then sections whose parents were paired with each other get a second chance with a bonus
   (so "II.1" finds "II.A" when the texts are close enough).
3. Editors' corrections (``AlignmentCorrection``) come first: a confirmed or re-paired pair is
   fixed before the computation, an unpaired pair or section is kept out of it.
4. A pair is *moved* when it falls outside the longest run of pairs that keep their relative
   order in both documents; *kept* when heading and text are the same, else *changed*; a
   pair of two headings without text is *headings* (neither kept nor changed text).
   Unpaired later sections are *new*, unpaired earlier sections *dropped*, unless an editor
   says an earlier section is *merged* into a later one (or a later section *split* from an
   earlier one) that has its own partner.

The result (pairs, scores and word diffs) is cached per archive generation (documents/cache.py),
so an editor's correction or any change to either text is seen at once. This module returns
data; it never builds HTML.
"""

import difflib
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.utils.functional import cached_property

from documents import selectors
from documents.cache import archive_generation, per_generation, release
from documents.models import AlignmentCorrection, CooperationArea, Document, Section

THRESHOLD = 0.3
PARENT_BONUS = 0.15
MIN_WITH_BONUS = 0.2  # a pair helped by its parents still needs this much on its own
TOP_TERMS = 40  # the weightiest words of a section that find its candidates
MIN_COSINE = 0.12  # below this, and with no heading word shared, a pair is not a candidate
WEIGHTS = {"heading": 0.45, "body": 0.45, "areas": 0.10}
CACHE_VERSION = 6
CACHE_SECONDS = 60 * 60 * 24

STOPWORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "will",
        "its",
        "are",
        "not",
        "any",
        "such",
        "shall",
        "their",
        "which",
        "these",
        "other",
        "also",
        "into",
        "upon",
        "each",
        "may",
        "can",
        "has",
        "have",
        "been",
        "both",
        "under",
        "them",
        "they",
        "than",
        "when",
        "where",
        "more",
        "all",
        "two",
        "well",
        "including",
        "through",
        "order",
        "between",
        "japan",
        "united",
        "states",
    ]
)


class ComparisonError(Exception):
    """A comparison that cannot be made."""


class SameDocument(ComparisonError):
    """A document compared with itself."""

    def __init__(self, document):
        super().__init__(document.slug)
        self.document = document


# --- The alignment on plain data (no database) -------------------------------------------


@dataclass(frozen=True)
class SectionText:
    """What the alignment sees of a section."""

    pk: int
    order: int
    heading: str
    body: str
    area_ids: frozenset = frozenset()
    parent_pk: int | None = None


@dataclass(frozen=True)
class Pair:
    earlier: int | None  # section pk, or None for a new section
    later: int | None  # section pk, or None for a dropped section
    score: float = 0.0
    moved: bool = False
    corrected: str = ""  # the editor's action ("confirm", "pair", "merge", "split"), if any
    # "kept", "changed", "headings" (two headings without text), "new", "dropped", "merged"
    # (an earlier section carried within a later one that has its own partner), "split"
    # (a later section drawn from an earlier one that has its own partner)
    status: str = ""


_TOKEN = re.compile(r"[a-z0-9]{3,}")


def _words(text, _stems={}):  # noqa: B006 - a deliberate per-process memo of stems
    words = []
    for word in _TOKEN.findall(text.lower()):
        stem = _stems.get(word)
        if stem is None:
            if word in STOPWORDS:
                stem = ""
            elif len(word) > 4 and word[-1] == "s" and word[-2] != "s":
                stem = word[:-1]  # "logistics" and "logistic", "operations" and "operation"
            else:
                stem = word
            if len(_stems) < 200_000:
                _stems[word] = stem
        if stem:
            words.append(stem)
    return words


def _normalize(text):
    return " ".join((text or "").split())


def _heading(text):
    """A heading as compared: capitals are typography ("BASIC PREMISES AND PRINCIPLES", as
    the 1997 text sets its chapter headings, is "Basic Premises and Principles")."""
    return _normalize(text).casefold()


def _vectors(items, df, n_docs):
    """Unit TF-IDF vectors of the sections' text, cut to their weightiest words."""
    idf = {word: math.log((n_docs + 1) / n) for word, n in df.items()}
    vectors = []
    for words in items:
        counts = Counter(words)
        weights = [((1 + math.log(c)) * idf[w] if c > 1 else idf[w], w) for w, c in counts.items()]
        top = heapq.nlargest(TOP_TERMS, weights)
        norm = math.sqrt(sum(v * v for v, _ in top)) or 1.0
        vectors.append({w: v / norm for v, w in top if v > 0})
    return vectors


def _jaccard(a, b):
    if not a and not b:
        return None
    return len(a & b) / len(a | b)


def score_pairs(earlier, later, wanted=(), extra=None):
    """{(i, j): score} for every candidate pair (indexes into ``earlier`` and ``later``).

    The ``wanted`` pairs (an editor's) are scored whether candidates or not, those that are not
    into the ``extra`` dict: a pair an editor made was shown as "0% alike" when it shared too
    few words to be a candidate, and it must not become one for the computation."""
    wanted_by_earlier = defaultdict(set)
    for i, j in wanted:
        wanted_by_earlier[i].add(j)
    body_words = [_words(s.body) for s in (*earlier, *later)]
    df = Counter(w for words in body_words for w in set(words))
    vectors = _vectors(body_words, df, len(body_words))
    earlier_vectors, later_vectors = vectors[: len(earlier)], vectors[len(earlier) :]
    headings = [frozenset(_words(s.heading)) for s in (*earlier, *later)]
    earlier_headings, later_headings = headings[: len(earlier)], headings[len(earlier) :]

    plain = [_normalize(s.heading).lower() for s in (*earlier, *later)]
    plain_headings, later_plain = plain[: len(earlier)], plain[len(earlier) :]

    postings = defaultdict(list)  # word → [(later index, weight)]
    heading_postings = defaultdict(list)
    for j, vector in enumerate(later_vectors):
        for word, weight in vector.items():
            postings[word].append((j, weight))
        for word in later_headings[j]:
            heading_postings[word].append(j)

    scores = {}
    for i, vector in enumerate(earlier_vectors):
        cosines = defaultdict(float)
        for word, weight in vector.items():
            for j, other in postings.get(word, ()):
                cosines[j] += weight * other
        # Pairs sharing too little text and no heading word cannot reach the threshold.
        candidates = {j for j, cosine in cosines.items() if cosine >= MIN_COSINE}
        for word in earlier_headings[i]:
            candidates.update(heading_postings.get(word, ()))
        outside = wanted_by_earlier.get(i, set()) - candidates
        candidates |= outside
        a = earlier[i]
        for j in candidates:
            b = later[j]
            signals = []
            if plain_headings[i] and later_plain[j]:
                if plain_headings[i] == later_plain[j]:
                    heading = 1.0
                else:
                    heading = _jaccard(earlier_headings[i], later_headings[j]) or 0.0
                signals.append(("heading", heading))
            if vector and later_vectors[j]:
                signals.append(("body", min(1.0, cosines.get(j, 0.0))))
            areas = _jaccard(a.area_ids, b.area_ids)
            if areas is not None:
                signals.append(("areas", areas))
            if not any(name != "areas" for name, _ in signals):
                continue  # shared areas alone do not make a pair
            total = sum(WEIGHTS[name] for name, _ in signals)
            score = sum(WEIGHTS[name] * value for name, value in signals) / total
            if j in outside:
                if extra is not None:
                    extra[(i, j)] = score
            else:
                scores[(i, j)] = score
    return scores


def _kept_order(pairs):
    """The pairs (earlier index, later index) outside the longest run that keeps its order in
    both documents: those are the moved ones."""
    ordered = sorted(pairs, key=lambda p: p[1])
    # Longest increasing subsequence of earlier indexes, O(n log n), with back-pointers.
    tails, tail_at, back = [], [], [None] * len(ordered)
    for k, (i, _j) in enumerate(ordered):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < i:
                lo = mid + 1
            else:
                hi = mid
        back[k] = tail_at[lo - 1] if lo > 0 else None
        if lo == len(tails):
            tails.append(i)
            tail_at.append(k)
        else:
            tails[lo] = i
            tail_at[lo] = k
    in_order = set()
    k = tail_at[-1] if tail_at else None
    while k is not None:
        in_order.add(ordered[k])
        k = back[k]
    return {p for p in pairs if p not in in_order}


def _match(earlier, later, scores, matched_e, matched_l, forbidden, alone_e, alone_l):
    """Pair sections greedily by score, best first, into ``matched_e``/``matched_l`` (index →
    partner index; pairs already there are kept), leaving out the ``forbidden`` pairs and the
    sections kept ``alone``; then give a second chance to sections whose parents were paired
    with each other."""

    def take(candidates):
        span_e, span_l = max(len(earlier), 1), max(len(later), 1)
        ranked = sorted(
            candidates.items(),
            key=lambda kv: (-kv[1], abs(kv[0][0] / span_e - kv[0][1] / span_l), kv[0]),
        )
        for (i, j), score in ranked:
            if score < THRESHOLD or i in matched_e or j in matched_l:
                continue
            if (i, j) in forbidden or i in alone_e or j in alone_l:
                continue
            matched_e[i], matched_l[j] = j, i

    take(scores)
    # Second chance for sections whose parents were paired with each other.
    index_e = {s.pk: i for i, s in enumerate(earlier)}
    index_l = {s.pk: j for j, s in enumerate(later)}
    parent_of_e = {i: index_e.get(s.parent_pk) for i, s in enumerate(earlier)}
    parent_of_l = {j: index_l.get(s.parent_pk) for j, s in enumerate(later)}
    bonus = {}
    for (i, j), score in scores.items():
        if i in matched_e or j in matched_l:
            continue
        pe, pl = parent_of_e[i], parent_of_l[j]
        if score >= MIN_WITH_BONUS and pe is not None and matched_e.get(pe, -1) == pl:
            bonus[(i, j)] = score + PARENT_BONUS
    take(bonus)


def align(earlier, later, corrections=()):
    """Align two documents' sections (``SectionText`` lists in document order).

    ``corrections``: (action, earlier pk or None, later pk or None[, note]) from editors. Returns
    ``Pair``s in reading order: the later document's order, each dropped (or merged) section
    placed after the row of the earlier section before it (or of the section it merged into).
    """
    index_e = {s.pk: i for i, s in enumerate(earlier)}
    index_l = {s.pk: j for j, s in enumerate(later)}
    matched_e, matched_l = {}, {}  # index → partner index
    corrected = {}
    forbidden, alone_e, alone_l = set(), set(), set()
    merged_into, split_from = {}, {}  # a section carried within another (which has a partner)
    # The pairs first, whatever order the corrections were saved in: a section an editor
    # paired is neither merged into another nor split from one (the admin refuses both; a
    # merge saved before a pair of its section showed the section twice).
    pairing = ("confirm", "pair")
    ordered = sorted(corrections, key=lambda c: c[0] not in pairing)
    for action, e_pk, l_pk, *_ in ordered:  # (and the editor's note, if given)
        i, j = index_e.get(e_pk), index_l.get(l_pk)
        if action in pairing:
            if i is None or j is None or i in matched_e or j in matched_l:
                continue
            matched_e[i], matched_l[j] = j, i
            corrected[(i, j)] = action
        elif action == "merge":
            if i is not None and j is not None and i not in matched_e and i not in merged_into:
                merged_into[i] = j
                alone_e.add(i)
        elif action == "split":
            if i is not None and j is not None and j not in matched_l and j not in split_from:
                split_from[j] = i
                alone_l.add(j)
        elif i is not None and j is not None:
            forbidden.add((i, j))
        elif i is not None:
            alone_e.add(i)
        elif j is not None:
            alone_l.add(j)

    editors = {*corrected, *merged_into.items(), *((i, j) for j, i in split_from.items())}
    extra = {}  # the editors' pairs the computation would not consider: how alike they are
    scores = score_pairs(earlier, later, wanted=editors, extra=extra)
    _match(earlier, later, scores, matched_e, matched_l, forbidden, alone_e, alone_l)
    confirmed = [pair for pair, action in corrected.items() if action == "confirm"]
    if confirmed:
        # "Confirmed" says the computation made the pair and an editor checked it: a pair it
        # does not make is the editor's own, and is shown so ("paired by an editor"). The
        # computation is taken with every other correction (a pair re-made elsewhere frees
        # its partner for the computation's next choice), the confirmations alone left out.
        computed_e, computed_l = {}, {}
        for (i, j), action in corrected.items():
            if action == "pair":
                computed_e[i], computed_l[j] = j, i
        _match(earlier, later, scores, computed_e, computed_l, forbidden, alone_e, alone_l)
        for i, j in confirmed:
            if computed_e.get(i) != j:
                corrected[(i, j)] = "pair"
    scores.update(extra)
    # A merge into (or a split from) a section left without a partner of its own is a pair:
    # the two are each other's counterpart (and the row does not say "which is paired with
    # another section" of a section that is not).
    for i, j in list(merged_into.items()):
        if j not in matched_l and i not in matched_e:
            matched_e[i], matched_l[j] = j, i
            corrected[(i, j)] = "pair"
            del merged_into[i]
    for j, i in list(split_from.items()):
        if i not in matched_e and j not in matched_l:
            matched_e[i], matched_l[j] = j, i
            corrected[(i, j)] = "pair"
            del split_from[j]

    pairs = set(matched_e.items())
    moved = _kept_order(pairs)
    rows_by_later = {}
    for i, j in pairs:
        a, b = earlier[i], later[j]
        if not (_normalize(a.body) or _normalize(b.body)):
            # Two headings without text: nothing was kept or changed but the heading, so the
            # pair is not counted as an unchanged (or changed) section.
            status, score = "headings", (1.0 if _heading(a.heading) == _heading(b.heading) else 0)
        else:
            same = (_heading(a.heading), _normalize(a.body)) == (
                _heading(b.heading),
                _normalize(b.body),
            )
            status, score = ("kept", 1.0) if same else ("changed", 0)
        rows_by_later[j] = Pair(
            a.pk,
            b.pk,
            round(score or scores.get((i, j), 0.0), 3),
            (i, j) in moved,
            corrected.get((i, j), ""),
            status,
        )
    for j, i in split_from.items():
        rows_by_later[j] = Pair(
            earlier[i].pk, later[j].pk, round(scores.get((i, j), 0.0), 3), False, "split", "split"
        )
    rows = []
    after = defaultdict(list)  # later index (or -1) → dropped or merged earlier sections
    last_partner = -1
    for i, section in enumerate(earlier):
        if i in merged_into:
            j = merged_into[i]
            score = round(scores.get((i, j), 0.0), 3)
            after[j].append(Pair(section.pk, later[j].pk, score, False, "merge", "merged"))
        elif i in matched_e:
            last_partner = matched_e[i]
        else:
            after[last_partner].append(Pair(section.pk, None, status="dropped"))
    rows.extend(after[-1])
    for j, section in enumerate(later):
        rows.append(rows_by_later.get(j) or Pair(None, section.pk, status="new"))
        rows.extend(after[j])
    return rows


# --- Word differences within a pair --------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?;:]+\s*|\n\s*")
# A lone letter before a full stop: an initial ("U." and "S." of "U.S.", "Japan-U.S."), not
# the end of a sentence.
_INITIAL = re.compile(r"(?:^|[^\w])[^\W\d_]$")
# ...of a dotted chain: the letter after it has its own full stop ("U." of "U.S."), or the
# letter before it did ("S." of "U.S."). "Article V." and "Annex A." end a sentence.
_NEXT_INITIAL = re.compile(r"[^\W\d_]\.")


def _sentences(text):
    """The text's sentences, each with the marks and spaces after it (they join back to the
    text). "U.S." (an initial in a dotted chain) does not end one: split there, a removed
    sentence about "U.S. Forces" was shown as three removals with the new text's sentences
    between them. "Article V." does end one."""
    sentences, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        mark = end.group()
        if (
            mark.rstrip(" ") == "."
            and end.end() < len(text)
            and _INITIAL.search(text[max(start, end.start() - 2) : end.start()])
            and (
                text[end.start() - 2 : end.start() - 1] == "."
                or _NEXT_INITIAL.match(text, end.end())
            )
        ):
            continue
        sentences.append(text[start : end.end()])
        start = end.end()
    if start < len(text):
        sentences.append(text[start:])
    return sentences


_WORDS = re.compile(r"\s+|\S+\s*")


def _opcodes(a, b):
    """The edits from ``a`` to ``b`` (sentences or words), compared without the spaces after
    them: "S." at the end of one text and "S. " within the other are the same word (the 1997
    and 2015 Guidelines' "U.S." was shown as removed and added)."""
    a, b = [x.rstrip() for x in a], [x.rstrip() for x in b]
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def _word_level(old, new, out):
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.append(("same", "".join(b[j1:j2])))  # as the later text spaces them
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", "".join(b[j1:j2])))


def word_diff(old, new):
    """[(op, text)] with op in ("same", "del", "ins"): sentences are matched first, then the
    words of each changed sentence with its counterpart, so the cost stays near linear in the
    length of the text (a word diff of whole 300-word sections at once is quadratic)."""
    a, b = _sentences(old or ""), _sentences(new or "")
    out = []
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        if tag == "equal":
            out.append(("same", "".join(b[j1:j2])))
            continue
        pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(pairs):
            _word_level(a[i1 + k], b[j1 + k], out)
        if i1 + pairs < i2:
            out.append(("del", "".join(a[i1 + pairs : i2])))
        if j1 + pairs < j2:
            out.append(("ins", "".join(b[j1 + pairs : j2])))
    merged = []
    for op, text in out:
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


# --- The alignment of two documents in the database ---------------------------------------


def _section_texts(sections):
    return [
        SectionText(
            s.pk,
            s.order,
            s.heading,
            s.body,
            frozenset(area.pk for area in s.area_list),
            s.parent_id,
        )
        for s in sections
    ]


SECTION_FIELDS = ["id", "document_id", "parent_id", "order", "label", "pinpoint", "heading"]


def section_areas(section_ids):
    """{section id: [areas]} for public pages, in two queries (areas are few and shared)."""
    through = Section.areas.through
    fields = {f.related_model: f.attname for f in through._meta.fields if f.is_relation}
    links = through.objects.filter(**{f"{fields[Section]}__in": section_ids})
    if any(f.name == "status" for f in through._meta.fields):
        links = links.filter(status="reviewed")  # public pages show reviewed tags only
    pairs = list(links.values_list(fields[Section], fields[CooperationArea]))
    areas = CooperationArea.objects.in_bulk({area_id for _, area_id in pairs})
    by_section = defaultdict(list)
    for section_id, area_id in pairs:
        by_section[section_id].append(areas[area_id])
    return by_section


def document_sections(documents):
    """Both documents' sections in order (with ``area_list``), in three queries."""
    sections = list(
        Section.objects.filter(document__in=documents)
        .only(*SECTION_FIELDS, "anchor", "body")
        .order_by("document_id", "order")
    )
    areas = section_areas([s.pk for s in sections])
    by_document = {document.pk: [] for document in documents}
    documents_by_pk = {document.pk: document for document in documents}
    for section in sections:
        section.document = documents_by_pk[section.document_id]
        section.area_list = sorted(areas.get(section.pk, []), key=lambda a: a.name)
        by_document[section.document_id].append(section)
    return by_document


def corrections_between(earlier, later):
    """Editors' corrections for this pair of documents, oriented earlier → later: (action,
    earlier section pk, later section pk, note)."""
    rows = AlignmentCorrection.objects.filter(
        earlier_document__in=[earlier, later], later_document__in=[earlier, later]
    ).order_by("pk")
    result = []
    for row in rows.values_list(
        "action", "earlier_document_id", "earlier_section_id", "later_section_id", "note"
    ):
        action, earlier_document_id, e_pk, l_pk, note = row
        if earlier_document_id != earlier.pk:
            e_pk, l_pk = l_pk, e_pk
            # A section merged into one of the other text is, read the other way, a section
            # split from it (and the other way round).
            action = {"merge": "split", "split": "merge"}.get(action, action)
        result.append((action, e_pk, l_pk, note))
    return result


@dataclass
class CachedRow:
    status: str
    earlier: int | None
    later: int | None
    score: float
    moved: bool
    corrected: str
    heading_diff: list
    body_diff: list
    note: str = ""  # the editor's note on a pair they confirmed or made


def compute_alignment(*, earlier, later, sections):
    """The alignment with its word diffs, as plain data (what is cached)."""
    earlier_sections, later_sections = sections[earlier.pk], sections[later.pk]
    by_pk = {s.pk: s for s in (*earlier_sections, *later_sections)}
    corrections = corrections_between(earlier, later)
    pairs = align(
        _section_texts(earlier_sections),
        _section_texts(later_sections),
        corrections,
    )
    notes = {(e_pk, l_pk): note for _, e_pk, l_pk, note in corrections if note}
    rows = []
    for pair in pairs:
        heading_diff = body_diff = []
        if pair.status in ("changed", "headings"):
            a, b = by_pk[pair.earlier], by_pk[pair.later]
            changed = _heading(a.heading) != _heading(b.heading)
            heading_diff = word_diff(a.heading, b.heading) if changed else []
            body_diff = word_diff(a.body, b.body) if pair.status == "changed" else []
        rows.append(
            CachedRow(
                pair.status,
                pair.earlier,
                pair.later,
                pair.score,
                pair.moved,
                pair.corrected,
                heading_diff,
                body_diff,
                # the editor's note on a pair, a merged or split section, or a section that
                # has no counterpart (an "unpair" naming it alone)
                notes.get((pair.earlier, pair.later), ""),
            )
        )
    return rows


def cache_key(earlier, later, generation):
    return f"compare:v{CACHE_VERSION}:{generation}:{release()}:{earlier.pk}:{later.pk}"


def cached_alignment(*, earlier, later, sections):
    """The alignment from the cache, computed and stored on a miss."""
    key = cache_key(earlier, later, archive_generation())
    rows = cache.get(key)
    if rows is None:
        rows = compute_alignment(earlier=earlier, later=later, sections=sections)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


# --- The comparison a page shows -----------------------------------------------------------


@dataclass
class Row:
    status: str  # as Pair.status
    earlier: Section | None
    later: Section | None
    score: float
    moved: bool
    corrected: str
    heading_diff: list
    body_diff: list
    areas: list = field(default_factory=list)
    note: str = ""  # the editor's note on a pair they confirmed or made

    @property
    def anchor(self):
        if self.later is not None and self.status != "merged":
            return f"r-{self.later.anchor}"
        return f"r-was-{self.earlier.anchor}"

    @property
    def similarity(self):
        """The pair's score as a percentage; a changed pair is never "100 % alike"."""
        percent = round(self.score * 100)
        if self.score > 0:
            percent = max(percent, 1)  # texts that share a word are not "0% alike"
        return min(percent, 99) if self.status == "changed" else percent


@dataclass
class Comparison:
    earlier: Document
    later: Document
    rows: list  # the rows shown (filtered to ``area`` when given)
    all_counts: Counter
    counts: Counter
    moved: int
    confirmed: int
    only_in_later: list  # areas tagged in the later text and not in the earlier one
    only_in_earlier: list
    areas: list  # every area tagged in either text (for the filter)
    area: CooperationArea | None = None
    missing_text: list = field(default_factory=list)  # documents whose text is not held

    @property
    def comparable(self):
        return not self.missing_text

    @property
    def backwards(self):
        """The URL put the later document first (comparisons work in either order): a
        section of one text only is then "only in" it, not "new" or "dropped", which would
        read backwards in time."""
        return self.later.date < self.earlier.date


def _area_ids_of(area):
    return {area.pk, *(child.pk for child in area.children.all())}


def text_public(document):
    """Whether the archive holds the document's text and the public may read (so compare) it."""
    return document.text_held and selectors.text_is_public(document)


@per_generation
def compare_documents(*, earlier, later, area=None):
    """The comparison of ``earlier`` with ``later`` (published documents), optionally only the
    rows whose sections (on either side) are tagged with ``area`` or one of its sub-areas.
    Kept until the archive changes: both documents' sections and their areas, read again for
    every page, were most of an uncached comparison's time (24 of 28 ms for 1997 → 2015)."""
    if earlier.pk == later.pk:
        raise SameDocument(earlier)
    missing = [d for d in (earlier, later) if not text_public(d)]
    sections = document_sections([earlier, later]) if not missing else {}
    if missing or not (sections[earlier.pk] or sections[later.pk]):
        missing = missing or [d for d in (earlier, later) if not sections[d.pk]]
        return Comparison(earlier, later, [], Counter(), Counter(), 0, 0, [], [], [], area, missing)
    cached = cached_alignment(earlier=earlier, later=later, sections=sections)
    by_pk = {s.pk: s for s in (*sections[earlier.pk], *sections[later.pk])}
    rows = []
    for c in cached:
        a, b = by_pk.get(c.earlier), by_pk.get(c.later)
        areas = {}
        for section in (a, b):
            if section is not None:
                areas.update((x.pk, x) for x in section.area_list)
        rows.append(
            Row(
                c.status,
                a,
                b,
                c.score,
                c.moved,
                c.corrected,
                c.heading_diff,
                c.body_diff,
                sorted(areas.values(), key=lambda x: x.name),
                c.note,
            )
        )
    earlier_areas = {x.pk: x for s in sections[earlier.pk] for x in s.area_list}
    later_areas = {x.pk: x for s in sections[later.pk] for x in s.area_list}
    all_areas = {**earlier_areas, **later_areas}
    shown = rows
    if area is not None:
        wanted = _area_ids_of(area)
        shown = [row for row in rows if wanted & {x.pk for x in row.areas}]

    def by_name(areas):
        return sorted(areas, key=lambda x: x.name)

    def only_in(these, others):
        """Areas of ``these`` that ``others`` has neither itself, nor as a parent or a
        sub-area ("Space" is not "only in" a text when the other has "Space and cyberspace")."""
        parents = {x.parent_id for x in others.values()}
        return by_name(
            x
            for pk, x in these.items()
            if pk not in others and x.parent_id not in others and pk not in parents
        )

    return Comparison(
        earlier=earlier,
        later=later,
        rows=shown,
        all_counts=Counter(row.status for row in rows),
        counts=Counter(row.status for row in shown),
        moved=sum(row.moved for row in shown),
        confirmed=sum(row.corrected in ("confirm", "pair") for row in shown),
        only_in_later=only_in(later_areas, earlier_areas),
        only_in_earlier=only_in(earlier_areas, later_areas),
        areas=by_name(all_areas.values()),
        area=area,
    )


class ComparisonPage:
    """A comparison as its page needs it: everything ``compare_documents`` gives but the rows,
    kept on its own (``comparison_summary``), with their number; the rows themselves (180 KB
    for 1997 → 2015, 1.7 ms to unpickle) are read only when asked for, which the page does
    only when their HTML, kept too, has to be rendered again."""

    def __init__(self, *, earlier, later, area=None):
        self.summary, self.row_count = comparison_summary(earlier=earlier, later=later, area=area)

    def __getattr__(self, name):
        return getattr(self.summary, name)

    @cached_property
    def rows(self):
        summary = self.summary
        return compare_documents(
            earlier=summary.earlier, later=summary.later, area=summary.area
        ).rows


@per_generation(read_only=True)
def comparison_summary(*, earlier, later, area=None):
    """(``compare_documents``' answer without its rows, the number of its rows)."""
    comparison = compare_documents(earlier=earlier, later=later, area=area)
    return replace(comparison, rows=[]), len(comparison.rows)


# --- Which comparisons to offer -----------------------------------------------------------


@dataclass
class Offer:
    earlier: Document
    later: Document

    @property
    def text_missing(self):
        return not (text_public(self.earlier) and text_public(self.later))


def natural_pairs(editions):
    """The comparisons a series offers: each edition with the next, and, where an edition
    without text lies between two held texts, those two texts (1997 → 2015 across the 2014
    interim report). ``editions`` in date order."""
    offers = [Offer(a, b) for a, b in zip(editions, editions[1:], strict=False)]
    held = [e for e in editions if e.text_held]
    seen = {(o.earlier.pk, o.later.pk) for o in offers}
    for a, b in zip(held, held[1:], strict=False):
        if (a.pk, b.pk) not in seen:
            offers.append(Offer(a, b))
    return sorted(offers, key=lambda o: (o.later.date, o.earlier.date))


def offers_for(*, document, editions):
    """The natural comparisons that include ``document``."""
    return [o for o in natural_pairs(editions) if document.pk in (o.earlier.pk, o.later.pk)]
