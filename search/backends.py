"""One backend per database behind the same three calls: ``stats``, ``ranked`` and
``by_date``. Each compiles a parsed :class:`~search.query.Query` to its own syntax, quoting
every word itself; user text never reaches SQL except as quoted words made of letters and
digits, passed as parameters.

The match set is bounded: statistics (the total and the facet counts) are taken over the
first ``CAP + 1`` matches in storage order, so "more than 5,000" costs the same as 5,001.
Relevance is computed for the first ``RANK_CAP`` matches plus the first ``TITLE_CAP`` entries
whose title or heading holds every searched word; a title or heading hit always ranks above a
body-only hit. Below ``RANK_CAP`` matches the ranking is exact; above it, a word in most of the
archive carries no information in itself, and the order is decided by titles and headings and
then by the weighted rank of the first matches.
"""

import copy
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import connection

from documents.cache import archive_generation, in_process
from documents.models import CooperationArea, Document, Official, Organization, Quote, Section
from search import prepared
from search.acronyms import glossary
from search.models import SearchAcronym, SearchEntry, SearchWord
from search.query import STOP_WORDS, Query
from search.sql import POSTGRES_WORD_STEM
from search.stems import prefix_form, written_forms

# Matches counted (totals and facets) before saying "more than" (SEARCH_COUNT_CAP; see
# docs/search.md for what 5,000 and 10,000 cost at a million sections).
CAP = settings.SEARCH_COUNT_CAP
RANK_CAP = 2_000  # matches ranked, in storage order, besides the title and heading hits
TITLE_CAP = 200  # title and heading hits ranked first
TITLE_SCAN = 1_000  # with exclusions: title and heading hits checked against the whole query

# The entry's columns the statistics read from each match.
MATCH_FIELDS = ("id", "kind", "object_id", "document_id", "date")

SECTION_TABLE = Section._meta.db_table
QUOTE_TABLE = Quote._meta.db_table


@dataclass
class Row:
    entry_id: int
    kind: str
    object_id: int
    document_id: int
    in_title: bool
    title: str
    body: str
    anchor: str | None  # a section's
    pinpoint: str | None
    public_id: int | None  # a quote's
    document: Document | None = None  # the entry's document, read with the row


@dataclass
class Scored:
    """A relevance candidate: its text-relevance score (higher is better), its title when
    the title or heading holds every searched word, and whether it has a body."""

    entry_id: int
    in_title: bool
    score: float
    title: str | None
    has_body: bool


@dataclass
class Statistics:
    rows: list = field(default_factory=list)  # (facet, key, count, label, slug)
    scored: list | None = None  # [Scored]: the first RANK_CAP matches, when scored here
    # {entry id: page row} of the entries that may be on the page asked for, when they were
    # read with the statistics (``PostgresBackend.few``); ``Backend.page`` reads the others.
    pages: dict | None = None
    # The query's words the vocabulary holds, when the statistics asked it (for "did you
    # mean"; None: not asked).
    known: set | None = None


def scored_of(values):
    return Scored(*values)


# A page row: the entry, its link (a section's anchor and pinpoint, a quote's public id) and
# its document's id (the document comes from ``Lookups``). Each page statement selects
# ``e.id AS entry_id``, its ``entry_in_title`` and these. The links are scalar subqueries
# rather than outer joins: the same rows, and half the planning time (0.7 against 1.3 ms at
# a million sections), which a rare word's search pays every time.
_SECTION_LINK = (
    f"SELECT {{}} FROM {SECTION_TABLE} s WHERE e.kind = 'section' AND s.id = e.object_id"
)
PAGE_COLUMNS = f"""
    e.kind AS entry_kind, e.object_id AS entry_object_id, e.title AS entry_title,
    e.body AS entry_body, ({_SECTION_LINK.format("s.anchor")}) AS entry_anchor,
    ({_SECTION_LINK.format("s.pinpoint")}) AS entry_pinpoint,
    (SELECT q.public_id FROM {QUOTE_TABLE} q WHERE e.kind = 'quote' AND q.id = e.object_id)
        AS entry_public_id,
    e.document_id AS entry_document_id
"""


def sql_of(queryset):
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


@cache
def public_entries():
    """``SearchEntry.objects.public()``, built once per process (~0.25 ms a search): a
    queryset is never changed in place — every filter makes a new one — and this one is
    never evaluated itself."""
    return SearchEntry.objects.public()


ENTRY_TABLE = SearchEntry._meta.db_table
_PUBLIC_SELECT = f'SELECT "{ENTRY_TABLE}"."id" AS "id" FROM "{ENTRY_TABLE}" WHERE '


@cache
def public_where():
    """(SQL, params) of the condition of ``public_entries()``, compiled once per process,
    its values written in as the driver quotes them (they are the same for every search: a
    plan made once, ``search.prepared``, then knows them, and uses the partial index of the
    restricted documents); None if the ORM's statement does not have the expected shape (the
    search then compiles its statements through the ORM, as it does with filters)."""
    sql, params = sql_of(public_entries().values("id"))
    if not sql.startswith(_PUBLIC_SELECT) or any(
        clause in sql for clause in (" ORDER BY ", " LIMIT ", " GROUP BY ")
    ):
        return None
    condition = connection.ops.compose_sql(sql[len(_PUBLIC_SELECT) :], params)
    return condition.replace("%", "%%"), []


class Lookups:
    """Every document (the hits' documents), and what the facets name and group by: each
    document's kind and issuers, and the names and slugs of the areas, issuers and
    officials. Read in five statements and kept by each process until the archive changes
    (``lookups``): the statistics count matches by document, area and official id, and
    ``rows`` turns those counts into the facets' rows; a page's rows name their document's
    id, and ``document`` gives it (the page statement read every column of every hit's
    document: 0.24 of its 0.53 ms at a million sections)."""

    def __init__(self):
        self.objects = {document.pk: document for document in Document.objects.all()}
        self.documents = {pk: (document.kind, []) for pk, document in self.objects.items()}
        for document_id, organization_id in Document.issuers.through.objects.values_list(
            "document_id", "organization_id"
        ):
            if document_id in self.documents:
                self.documents[document_id][1].append(organization_id)
        self.areas = {
            pk: (name, slug)
            for pk, name, slug in CooperationArea.objects.values_list("pk", "name", "slug")
        }
        self.organizations = {
            pk: (name, slug)
            for pk, name, slug in Organization.objects.values_list("pk", "name", "slug")
        }
        self.officials = {
            pk: (name or description, slug)
            for pk, name, description, slug in Official.objects.values_list(
                "pk", "name", "description", "slug"
            )
        }

    def unknown(self, needed):
        """The (facet, id) of ``needed`` that are not known here: a document, area or
        official saved by another process within ``ARCHIVE_GENERATION_TTL``, or one that
        the index still names after it was deleted (which the facets and pages leave out,
        as a join would)."""
        known = {"document": self.documents, "area": self.areas, "official": self.officials}
        return {
            (facet, int(key))
            for facet, key, *_ in needed
            if facet in known and int(key) not in known[facet]
        }

    def document(self, pk):
        """The document ``pk``, a copy of this process's own (``own_copy``)."""
        return own_copy(self.objects[pk])

    def rows(self, counted):
        """The statistics' rows (facet, key, count, label, slug): ``counted``'s totals, types
        and years as they are; its areas and officials named; its documents counted by kind
        and by issuer (a document with two issuers counts under each)."""
        out, kinds, issuers = [], {}, {}
        for row in counted:
            facet, key, count = row[:3]
            if facet == "document":
                kind, organizations = self.documents.get(int(key), (None, ()))
                if kind is not None:
                    kinds[kind] = kinds.get(kind, 0) + count
                for organization in organizations:
                    issuers[organization] = issuers.get(organization, 0) + count
            elif facet in ("area", "official"):
                named = (self.areas if facet == "area" else self.officials).get(int(key))
                if named is not None:
                    out.append((facet, key, count, *named))
            else:
                out.append(row)
        out += [("kind", kind, count, None, None) for kind, count in kinds.items()]
        out += [
            ("issuer", str(pk), count, *self.organizations[pk]) for pk, count in issuers.items()
        ]
        return out


def own_copy(document):
    """A copy of a document the process's searches share, for one page (which may annotate
    it): its fields and state copied as ``Model.__getstate__`` copies them, without the
    pickling protocol that ``copy.copy`` goes through (a fifth of a rare word's Python
    time)."""
    clone = Document.__new__(Document)
    clone.__dict__.update(document.__dict__)
    clone._state = copy.copy(document._state)
    clone._state.fields_cache = document._state.fields_cache.copy()
    return clone


@in_process
def acronyms():
    """{acronym: (spelled-out words, …)} as the published texts define them
    (``search.acronyms``), read once per change of the archive."""
    return glossary(SearchAcronym.objects.values_list("acronym", "form", "occurrences"))


# This process's Lookups, the generation they were read at, and what they were read again
# for and did not find either (not read again for it until the archive changes).
_lookups = [None, None, set()]


def lookups(needed=()):
    """The Lookups of the archive as it is now, read again when it has changed, or when
    ``needed`` ((facet, key) pairs) names a document, area or official they do not know."""
    generation = archive_generation()
    found = _lookups[1] if _lookups[0] == generation else None
    absent = _lookups[2] if found is not None else set()
    missing = found.unknown(needed) - absent if found is not None else set()
    if found is None or missing:
        found = Lookups()
        _lookups[:] = [generation, found, absent | found.unknown(needed)]
    return found


class Backend:
    vendor = ""

    def match(self, entries, query: Query, *, title_only=False):
        raise NotImplementedError

    def year(self, column):
        raise NotImplementedError

    def session(self):
        """The context the search's statements run in."""
        return nullcontext()

    def matches(self, entries, query, *, by_date=False, scored=False):
        """The columns the statistics read from each match (``scored``: and what the
        candidates' scores need)."""
        return self.match(entries, query).values(*MATCH_FIELDS)

    def matches_sql(self, entries, query, *, by_date=False, scored=False, limit):
        """(SQL, params) of the first ``limit`` rows of ``matches``."""
        return sql_of(self.matches(entries, query, by_date=by_date, scored=scored)[:limit])

    def scan_by_date(self, query):
        """Whether a search narrowed by years should read those years' entries and test each
        one, rather than find the query's entries by the word index (PostgresBackend)."""
        return False

    def area_filter(self, entries, area):
        """Entries tagged with ``area`` or one of its sub-areas (public tags only)."""
        raise NotImplementedError

    def area_arm(self):
        """The area facet's rows over the matches ``m``: each area (an entry's own, or its
        areas' parent) with the number of matches in it, its name and slug."""
        raise NotImplementedError

    def candidates(self, query):
        """(SQL, params): the statistics' rows ('candidate', id, flags, title, score) of the
        first RANK_CAP matches, over ``m``: flags 2 = the title or heading holds every
        positive term, 1 = the entry has text."""
        raise NotImplementedError

    def title_hits(self, entries, query, scored, *, complete):
        """The candidates (``Scored``, from the statistics) with their title and heading
        hits marked, and the title hits that are not among them (only when they are not all
        the matches: ``complete`` false)."""
        raise NotImplementedError

    def few(self, entries, query, *, prefetch):
        """(Statistics, known): the statistics of a search the vocabulary tells has few
        matches, read with the page rows of its first ``prefetch`` in relevance order, or
        None; and the query's words the vocabulary holds, or None (PostgresBackend)."""
        return None, None

    def stats(self, entries, query, *, by_date=False, ranked=True, prefetch=0):
        """The statistics over the first CAP + 1 matches, in one statement (``Statistics``):
        the total, every facet count, and the names and slugs of the facets' areas, issuers
        and officials (no look-up afterwards) as rows (facet, key, count, label, slug); and
        the first RANK_CAP matches scored for relevance (``ranked``: the relevance order's
        candidates, whose title hits ``title_hits`` marks). ``by_date``: see
        ``scan_by_date``. ``prefetch``: the number of matches, in relevance order, the page
        asked for reaches (``few`` reads their rows with the statistics)."""
        known = None
        if ranked and not by_date:
            few, known = self.few(entries, query, prefetch=prefetch)
            if few is not None:
                return few
        m_sql, params = self.matches_sql(
            entries, query, by_date=by_date, scored=ranked, limit=CAP + 1
        )
        candidates_sql, candidates_params = self.candidates(query) if ranked else ("", [])
        # The facets are counted over the matches' own columns, by document (``md``), by
        # quote and by area id; their names, slugs and each document's kind and issuers come
        # from ``FacetLabels``, kept per process until the archive changes. Joining the
        # documents, issuers, organizations, officials and areas in the statement cost more
        # to plan than to run: 0.37 of a rare word's 0.46 ms planning, and 0.25 of its
        # 0.46 ms execution, at a million sections.
        sql = f"""
            WITH m AS MATERIALIZED ({m_sql})
            SELECT 'total', '', COUNT(*), NULL, NULL FROM m
            UNION ALL SELECT 'type', m.kind, COUNT(*), NULL, NULL FROM m GROUP BY m.kind
            UNION ALL SELECT 'year', CAST({self.year("m.date")} AS TEXT), COUNT(*), NULL, NULL
                FROM m GROUP BY {self.year("m.date")}
            UNION ALL SELECT 'document', CAST(m.document_id AS TEXT), COUNT(*), NULL, NULL
                FROM m GROUP BY m.document_id
            UNION ALL SELECT 'official', CAST(q.official_id AS TEXT), COUNT(*), NULL, NULL
                FROM m JOIN {QUOTE_TABLE} q ON m.kind = 'quote' AND q.id = m.object_id
                GROUP BY q.official_id
            UNION ALL {self.area_arm()}
            {candidates_sql}
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *candidates_params])
            rows = cursor.fetchall()
        result = Statistics(scored=[] if candidates_sql else None, known=known)
        counted = []
        for row in rows:
            if row[0] == "candidate":
                _, key, flags, title, score = row
                result.scored.append(
                    Scored(int(key), bool(flags & 2), float(score), title, bool(flags & 1))
                )
            else:
                counted.append(row)
        result.rows = lookups(counted).rows(counted)
        return result

    def page(self, ids, prefetched=None):
        """The rows of the page's entries, in the order given; those in ``prefetched``
        ({entry id: page row}, read with the statistics: ``Statistics.pages``) are not read
        again."""
        if not ids:
            return []
        prefetched = prefetched or {}
        missing = [entry_id for entry_id in ids if entry_id not in prefetched]
        read = {}
        if missing:
            read = {row[0]: row for row in _fetch(*self.page_sql(missing))}
        found = (prefetched.get(entry_id) or read.get(entry_id) for entry_id in ids)
        return self._rows([row for row in found if row is not None])

    def page_sql(self, ids):
        """(SQL, params): the page rows (``PAGE_COLUMNS``) of the entries ``ids``."""
        raise NotImplementedError

    def _page_rows(self, sql, params):
        return self._rows(_fetch(sql, params))

    def _rows(self, rows):
        """``Row``s of the page rows ``rows`` (entry id, in title, ``PAGE_COLUMNS``), each
        with its document; a row whose document is gone is left out."""
        found = lookups([("document", row[9]) for row in rows])
        page, copies = [], {}  # the page's hits of one document share its copy
        for row in rows:
            entry_id, in_title, kind, object_id, title, body, anchor, pinpoint, public_id = row[:9]
            if row[9] not in found.objects:
                continue  # deleted since it was indexed (as the join to it would leave it out)
            if row[9] not in copies:
                copies[row[9]] = found.document(row[9])
            document = copies[row[9]]
            page.append(
                Row(
                    entry_id,
                    kind,
                    object_id,
                    document.pk,
                    bool(in_title),
                    title,
                    body,
                    anchor,
                    pinpoint,
                    public_id,
                    document,
                )
            )
        return page


_TSQUERY = "to_tsquery('search_english', %s)"


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class PostgresBackend(Backend):
    vendor = "postgresql"
    # The planner's settings for search (random_page_cost, work_mem) are set once per
    # connection, with JIT off, in ``search.apps`` (see ``POSTGRES_SETTINGS`` there).

    def match_columns(self, query, *, scored):
        """({name: SQL}, params): the columns ``matches`` reads besides MATCH_FIELDS."""
        # Each entry carries its areas with their parents (search_entry.areas, migration
        # 0003): the area facet is counted from the matches' own rows.
        select, params = {"areas": "search_entry.areas"}, []
        if scored:
            # What the candidates need, read with the match's row: its title when the title
            # or heading holds every positive term, whether it has text, and its score.
            # Reading the first RANK_CAP rows again for them took 14 of the 89 ms of
            # "U.S.-Japan alliance" at a million sections (their rows are spread over the
            # table).
            # The numbering is the order of ``m``, whose first RANK_CAP rows are the
            # candidates, as long as nothing reorders the rows after it: the filters add no
            # DISTINCT (search.filters; tested).
            first = f"ROW_NUMBER() OVER () <= {RANK_CAP}"
            select["hit_title"] = (
                f"CASE WHEN {first} AND search_entry.title_vector @@ "
                "to_tsquery('search_english', %s) THEN search_entry.title END"
            )
            select["has_body"] = "pg_column_size(search_entry.body) > 1"
            select["score"] = (
                f"CASE WHEN {first} THEN "
                "ts_rank(search_entry.vector, to_tsquery('search_english', %s), 1) END"
            )
            params = [self.tsquery(query, positive_only=True), self.tsquery(query)]
        return select, params

    def matches(self, entries, query, *, by_date=False, scored=False):
        select, params = self.match_columns(query, scored=scored)
        return (
            self.match(entries, query, by_date=by_date)
            .extra(select=select, select_params=params)
            .values(*MATCH_FIELDS, *select)
        )

    def matches_sql(self, entries, query, *, by_date=False, scored=False, limit):
        """Without filters, the statement ``matches`` compiles to, written here: the ORM
        took 0.18 ms to build and compile it, a fifth of a search that finds nothing at a
        million sections (the same rows: tested)."""
        public = public_where() if entries is public_entries() else None
        if public is None:
            return super().matches_sql(entries, query, by_date=by_date, scored=scored, limit=limit)
        select, select_params = self.match_columns(query, scored=scored)
        where, where_params = self.conditions(query, by_date=by_date)
        columns = ", ".join(
            [f'"{ENTRY_TABLE}"."{name}" AS "{name}"' for name in MATCH_FIELDS]
            + [f'({sql}) AS "{name}"' for name, sql in select.items()]
        )
        condition = " AND ".join([f"({public[0]})", *(f"({sql})" for sql in where)])
        return (
            f'SELECT {columns} FROM "{ENTRY_TABLE}" WHERE {condition} LIMIT {int(limit)}',
            [*select_params, *public[1], *where_params],
        )

    # A search whose matches the vocabulary bounds to FEW or fewer is read in one statement
    # with the rows of its page (``few``).
    FEW = 200

    def bound(self, query):
        """(SQL, params) of the most entries ``query`` can match by the vocabulary's
        frequencies, or None when no word of it can be bounded.

        A word matches no more entries than the vocabulary's words of its stem occur (for a
        prefix, the words whose stems its stem begins; stems as PostgreSQL's index holds
        them, ``search.sql.POSTGRES_WORD_STEM``); a term no more than its rarest word; a
        clause no more than its alternatives together, the query than its rarest clause. A
        word the vocabulary does not count (under three letters, with a digit, a stop word)
        bounds nothing. The vocabulary is rebuilt with the index, so an entry published since
        may hold words it has not counted: the bound is a forecast, which ``few`` checks."""
        slots, clauses = {}, []
        for clause in query.clauses:
            terms = []
            for term in clause:
                keys = []
                for position, word in enumerate(term.words):
                    if word in STOP_WORDS or not (3 <= len(word) <= 40 and word.isalpha()):
                        continue
                    key = (word, term.prefix and position == len(term.words) - 1)
                    keys.append(f"s{slots.setdefault(key, len(slots))}")
                terms.append(keys)
            if all(terms):
                clauses.append(" + ".join(f"LEAST({', '.join(keys)})" for keys in terms))
        if not clauses:
            return None
        table = SearchWord._meta.db_table
        stemmed = POSTGRES_WORD_STEM.format(word="%s")
        columns, params = [], []
        for (word, prefix), slot in slots.items():
            if prefix:
                # The stems from the word's up to the first that does not begin with it, in
                # the order of the index on ``stem`` that LIKE uses (by the bytes): a plan
                # made for any value reads that range of the index.
                condition = f"stem ~>=~ {stemmed} AND stem ~<~ ({stemmed} || chr(1114111))"
                params += [word] * 4
            else:
                condition = f"stem = {stemmed}"
                params += [word] * 2
            columns.append(
                f"COALESCE((SELECT SUM(frequency) FROM {table} WHERE {condition}), 0) AS s{slot}"
            )
        bound = "LEAST(" + ", ".join(f"({clause})" for clause in clauses) + ")"
        return f"SELECT {bound} FROM (SELECT {', '.join(columns)}) s", params

    def few(self, entries, query, *, prefetch):
        """(Statistics, known): the statistics of a search with few matches, with the page
        rows of its first ``prefetch`` in relevance order, in one statement, or None when
        they are many or it is not asked; and the query's words the vocabulary holds, or None
        when it is not asked.

        The statement first bounds the matches by the vocabulary (``bound``). Up to FEW, it
        reads every match, with what the facets count and the relevance order ranks, and
        the page rows of those that can be among the first ``prefetch``: every title or
        heading hit (they come first, in tiers worked out in Python: ``search.ranking``) and
        the first ``prefetch`` of the others, ordered as ``ranking.order`` orders them.
        Past FEW it reads nothing more, and the statistics are read as usual. Either way it
        says which of the query's words the vocabulary holds, for "did you mean".

        A rare word's search so takes one statement, not two (the statistics, then the
        page), and none of the facets' arms is planned (docs/search.md)."""
        # Only where its plan is kept (``search.prepared``: a connection kept between
        # requests, no transaction open): planned for each search, the one statement took as
        # long as the two it replaces. And only without filters and phrases: the planner
        # weighs a filter's index (an area's entries) or a phrase's pairs against the words'
        # index with the values in hand, and a plan made for any values read a word of a few
        # percent of the entries in full beside a rare phrase (12-28 ms against 1.5).
        if entries is not public_entries() or not prepared.usable() or self.phrase_pairs(query):
            return None, None
        bound_sql = self.bound(query)
        if bound_sql is None:
            return None, None
        bound_sql, bound_params = bound_sql
        # No more than the relevance order ranks (RANK_CAP), nor than the statistics count
        # (CAP): past either, they count and rank the first matches in storage order.
        few = min(self.FEW, RANK_CAP, CAP)
        m_sql, params = self.matches_sql(entries, query, scored=True, limit=few + 1)
        # In a plan made for any value, ``to_tsquery`` of a parameter is not worked out while
        # planning: as a subquery it is worked out once, not three times for every match
        # (0.3 of a rare word's 1.0 ms).
        m_sql = m_sql.replace(_TSQUERY, f"(SELECT {_TSQUERY})")
        words = SearchWord._meta.db_table
        sql = f"""
            WITH b AS MATERIALIZED (
                SELECT ({bound_sql}) AS bound,
                    ARRAY(SELECT word FROM {words} WHERE word = ANY(%s)) AS known
            )
            SELECT b.bound, b.known, f.* FROM b LEFT JOIN LATERAL (
                SELECT m.id, m.kind, m.document_id, CAST({self.year("m.date")} AS TEXT),
                    m.areas,
                    (SELECT q.official_id FROM {QUOTE_TABLE} q
                        WHERE m.kind = 'quote' AND q.id = m.object_id),
                    m.hit_title, m.has_body, CAST(m.score AS TEXT),
                    e.id AS entry_id, FALSE AS entry_in_title, {PAGE_COLUMNS}
                FROM (
                    SELECT m.*, ROW_NUMBER() OVER (
                        PARTITION BY m.hit_title IS NULL
                        ORDER BY m.has_body DESC, m.score DESC, m.id
                    ) AS place
                    FROM ({m_sql}) m
                    WHERE b.bound <= {few}
                ) m
                LEFT JOIN search_entry e
                    ON e.id = m.id AND (m.hit_title IS NOT NULL OR m.place <= %s)
            ) f ON TRUE
        """
        # Only searches with few matches run it past the bound: one plan suits them all, and
        # is kept by the connection.
        rows = prepared.fetch(sql, [*bound_params, list(query.words), *params, int(prefetch)])
        bound, known = rows[0][0], set(rows[0][1])
        rows = [row[2:] for row in rows if row[2] is not None]
        if bound > few or len(rows) > few:
            return None, known
        tallies = {}

        def tally(facet, key):
            tallies[facet, key] = tallies.get((facet, key), 0) + 1

        scored, pages = [], {}
        for row in rows:
            entry_id, kind, document_id, year, areas, official, title, has_body, score = row[:9]
            tally("type", kind)
            tally("year", year)
            tally("document", str(document_id))
            if official is not None:
                tally("official", str(official))
            for area in areas or ():
                tally("area", str(area))
            scored.append(Scored(entry_id, title is not None, float(score), title, has_body))
            if row[9] is not None:
                pages[entry_id] = row[9:]
        counted = [("total", "", len(rows), None, None)]
        counted += [(facet, key, count, None, None) for (facet, key), count in tallies.items()]
        statistics = Statistics(
            rows=lookups(counted).rows(counted), scored=scored, pages=pages, known=known
        )
        return statistics, known

    def area_arm(self):
        return """
            SELECT 'area', CAST(x.area AS TEXT), COUNT(*), NULL, NULL
                FROM m CROSS JOIN LATERAL unnest(m.areas) AS x(area)
                GROUP BY x.area"""

    def area_filter(self, entries, area):
        # One GIN condition: an entry's areas include its areas' parents.
        return entries.extra(where=["search_entry.areas @> ARRAY[%s]::bigint[]"], params=[area.pk])

    def candidates(self, query):
        """The first RANK_CAP matches, scored in the statistics' statement itself (the scan
        that counts them yields them: a phrase's positions are checked once per search, and
        up to RANK_CAP matches the search needs no second statement to rank them). Each
        row is ('candidate', id, flags, title, score): flags 2 = the title or heading holds
        every positive term (the title hits of ``titled``), 1 = the entry has text; the
        title only for the title hits; ``ts_rank`` as text (it round-trips exactly)."""
        sql = f"""
            UNION ALL SELECT 'candidate', CAST(c.id AS TEXT),
                    CASE WHEN c.hit_title IS NOT NULL THEN 2 ELSE 0 END
                    + CASE WHEN c.has_body THEN 1 ELSE 0 END,
                    c.hit_title, CAST(c.score AS TEXT)
                FROM (SELECT * FROM m LIMIT {RANK_CAP}) c
        """
        return sql, []

    def tsquery(self, query: Query, *, positive_only=False):
        def term(t):
            words = [f"'{w}'" for w in t.words]
            if t.prefix:
                words[-1] += ":*"
            return "(" + " <-> ".join(words) + ")"

        parts = ["(" + " | ".join(term(t) for t in clause) + ")" for clause in query.clauses]
        if not positive_only:
            parts += [f"!{term(t)}" for t in query.excluded]
        return " & ".join(parts)

    MAX_PAIRS = 12

    def phrase_pairs(self, query):
        """The neighbouring-word pairs that narrow the search, by clause: for each clause with
        a phrase among its alternatives ("U.S.-Japan" is four phrases: u s japan, us japan,
        japan u s, japan us; "U.S." is the phrase u s and the word us), (the clause, the
        pairs of each phrase alternative, the alternatives of no pair). A match holds, for
        each such clause, every pair of one of its phrases or one of its other alternatives.
        A prefix's last word makes no pair (its endings are open)."""
        groups, count = [], 0
        for clause in query.clauses:
            alternatives, singles = [], []
            for term in clause:
                words = term.words[:-1] if term.prefix else term.words
                pairs = list(dict.fromkeys(zip(words, words[1:], strict=False)))
                if pairs:
                    alternatives.append(pairs)
                else:
                    singles.append(term)
            size = sum(len(pairs) for pairs in alternatives)
            if alternatives and count + size <= self.MAX_PAIRS:
                groups.append((clause, alternatives, singles))
                count += size
        return groups

    def _pairs_tsquery(self, groups):
        """(SQL, params): the phrase_vector tsquery of ``groups`` (lists of alternatives'
        pairs): ((a_b & b_c) | (ab_c)) & (d_e). Each word's lexeme is the one the index made
        of it (``to_tsvector`` with the index's configuration: a word of letters and digits
        such as "mig29s" goes to the ``simple`` dictionary, not the stemmer)."""
        rows = [
            (c, a, x, y)
            for c, alternatives in enumerate(groups)
            for a, pairs in enumerate(alternatives)
            for x, y in pairs
        ]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
        sql = f"""(
            SELECT string_agg(k.q, ' & ')::tsquery FROM (
                SELECT '(' || string_agg(t.q, ' | ') || ')' AS q FROM (
                    SELECT s.c, '(' || string_agg(
                        quote_literal(s.a || '_' || s.b), ' & ') || ')' AS q
                    FROM (SELECT v.c, v.alt,
                            (SELECT string_agg(l.lexeme, '')
                               FROM unnest(to_tsvector('search_english', v.x)) l) AS a,
                            (SELECT string_agg(l.lexeme, '')
                               FROM unnest(to_tsvector('search_english', v.y)) l) AS b
                          FROM (VALUES {values}) AS v(c, alt, x, y)) s
                    GROUP BY s.c, s.alt) t
                GROUP BY t.c) k)"""
        return sql, [value for row in rows for value in row]

    # A word is "common" for scan_by_date when frequency² > this × (CAP + 1) × entries: reading
    # a year range's entries and testing each costs ~4 µs an entry and stops after CAP + 1
    # matches (about (CAP + 1) × entries / frequency entries read), reading the word's GIN
    # posting list and the range's bitmap costs ~0.7 µs per entry holding the word
    # (measured at a million sections: "security", in 70 % of entries, 1990–1999: 38–71 ms
    # against 222 ms; "okinawa", in 11 %, stays with the index).
    BY_DATE_FACTOR = 6

    def scan_by_date(self, query):
        """True for one common word (no phrase, no alternatives, nothing excluded), judged by
        the vocabulary's frequencies: the planner ANDs the word's GIN bitmap with the date
        index, and for a word in most entries reading the range and testing each entry until
        CAP + 1 match is several times faster. Its statistics are not told how common a word
        is, and for a rare word the bitmap is right. One look-up in the vocabulary."""
        terms = [term for clause in query.clauses for term in clause]
        if len(terms) != 1 or query.excluded or len(terms[0].words) != 1:
            return False
        frequency, entries = self.frequencies(terms[0].words)
        frequency = frequency.get(terms[0].words[0])
        if not frequency or entries <= 0:
            return False
        return frequency**2 > self.BY_DATE_FACTOR * (CAP + 1) * entries

    def frequencies(self, words):
        """({word: occurrences} from the vocabulary, for the words it knows; the planner's
        count of the index's entries, 0 or less before the table was first analyzed). One
        look-up."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT word, frequency FROM {SearchWord._meta.db_table} WHERE word = ANY(%s)
                UNION ALL SELECT NULL, reltuples::bigint FROM pg_class
                    WHERE oid = %s::regclass""",
                [sorted(set(words)), SearchEntry._meta.db_table],
            )
            rows = cursor.fetchall()
        entries = max([n for word, n in rows if word is None] or [0])
        return {word: n for word, n in rows if word is not None}, entries

    # A clause is "common" when the words the word index would read for it (per alternative,
    # its rarest word) occur more often than this share of the entries.
    COMMON_CLAUSE = 0.1

    def common_clauses(self, clauses):
        """The ids of the clauses whose words are common, judged by the vocabulary's
        frequencies (words of one or two letters, which it does not count, are common; a
        word it does not know is rare). One look-up."""
        words = [word for clause in clauses for term in clause for word in term.words]
        frequency, entries = self.frequencies(words)
        if entries <= 0:
            return set()

        def occurrences(word):
            return entries if len(word) < 3 else frequency.get(word, 0)

        common = set()
        for clause in clauses:
            cost = sum(min(occurrences(word) for word in term.words) for term in clause)
            if cost > self.COMMON_CLAUSE * entries:
                common.add(id(clause))
        return common

    def match(self, entries, query, *, title_only=False, by_date=False, date_order=False):
        where, params = self.conditions(
            query, title_only=title_only, by_date=by_date, date_order=date_order
        )
        return entries.extra(where=where, params=params)

    def conditions(self, query, *, title_only=False, by_date=False, date_order=False):
        """([SQL], params): what an entry matching ``query`` meets, ANDed (see ``match``)."""
        where, params = [], []
        groups = [] if title_only else self.phrase_pairs(query)
        if groups:
            # The GIN index on phrase_vector narrows the candidates to entries holding, for
            # each clause with a phrase, every pair of one of its phrases. A clause whose
            # alternatives are all phrases joins one condition; a clause with a word among
            # them ("U.S.": the phrase u s or the word us) is a condition of its own, the pairs
            # or the word, which the planner reads as the OR of the two indexes (at a million
            # sections "U.S. forces" took 270 ms with the word index alone: u, s and forces
            # are in 200,000 entries, u s in a tenth of them).
            phrased = [alternatives for _, alternatives, singles in groups if not singles]
            if phrased:
                sql, pairs = self._pairs_tsquery(phrased)
                where.append(f"search_entry.phrase_vector @@ {sql}")
                params += pairs
            for _, alternatives, singles in groups:
                if not singles:
                    continue
                sql, pairs = self._pairs_tsquery([alternatives])
                where.append(
                    f"""(search_entry.phrase_vector @@ {sql}
                            OR search_entry.vector @@ to_tsquery('search_english', %s))"""
                )
                params += [*pairs, self.tsquery(Query(clauses=[tuple(singles)]))]
        if title_only:
            # Every positive term in the title or heading; the entry's vector holds the title,
            # so it matches too unless an excluded term is in the body (see ``titled``).
            where.append("search_entry.title_vector @@ to_tsquery('search_english', %s)")
            return where, [*params, self.tsquery(query, positive_only=True)]
        if not groups and not by_date:
            where.append("search_entry.vector @@ to_tsquery('search_english', %s)")
            return where, [*params, self.tsquery(query)]
        # The clauses the pairs narrow are not asked of the word index: their pairs find
        # their entries, and the word index would read every entry of their words (u, s,
        # japan and us were 92 of the 155 ms "U.S.-Japan alliance" took at a million
        # sections; "united states" 137 ms of GIN work for 3,000 entries the pair index gave
        # in 1 ms). Nor are the other clauses that are common words ('alliance "bilateral
        # planning"' 38 -> 10 ms). The word index is asked for the rest, which the planner
        # ANDs with the pairs (a rare word beside "U.S.-Japan": 7 ms, against 60-80 testing
        # every entry the pairs give), and the whole query is checked on the rows, with the
        # function behind @@ so the planner cannot ask the word index for it. A common word
        # in a year range (scan_by_date) is found by the date index and checked so too.
        paired = {id(clause) for clause, _, _ in groups}
        plain = [clause for clause in query.clauses if id(clause) not in paired]
        # A page in date order (``by_date``) keeps every plain clause in the word index:
        # the planner weighs reading the date index in order and testing each entry, which
        # it can only estimate from a condition it can read ("counter-terrorism okinawa",
        # newest first: 13 ms so, 163 with "okinawa" left to the pairs).
        # And a clause with a word among its phrases ("U.S.": u s, or us) is narrowed only as
        # far as that word is rare, so the other clauses stay in the word index then too
        # ("U.N. alliance": "un" is in 18,500 entries; 44 ms so, 113 with "alliance" left to
        # the rows).
        weak = any(singles for _, _, singles in groups)
        narrow = plain and not (by_date or date_order or weak)
        common = self.common_clauses(plain) if narrow else set()
        rest = [clause for clause in plain if id(clause) not in common]
        if rest and not by_date:
            where.append("search_entry.vector @@ to_tsquery('search_english', %s)")
            params.append(self.tsquery(Query(clauses=rest)))
        where.append("ts_match_vq(search_entry.vector, to_tsquery('search_english', %s))")
        return where, [*params, self.tsquery(query)]

    def year(self, column):
        return f"EXTRACT(YEAR FROM {column})::int"

    def _decorate(self, ranked_sql):
        """The page's rows with their text; highlights are found in Python
        (``search.highlight``), from the same tokens the index holds."""
        return f"""
            SELECT e.id AS entry_id, r.in_title AS entry_in_title, {PAGE_COLUMNS}
            FROM ({ranked_sql}) r JOIN search_entry e ON e.id = r.id
            ORDER BY r.position
        """

    def titled(self, entries, query):
        """The title and heading hits: up to TITLE_CAP entries whose title or heading holds
        every positive term, found by the GIN index on ``title_vector``.

        With exclusions, the whole query is checked on the first TITLE_SCAN of them only
        (bounded work, like the statistics): an excluded word that is in most bodies would
        otherwise send the check through every title hit (5,000 rows, 40 ms, for "security
        -cooperation -defense"), and asking the GIN index instead costs a full scan of the
        excluded words' entries (90 ms).
        """
        titled = self.match(entries, query, title_only=True)
        if not query.excluded:
            return sql_of(titled.values("id")[:TITLE_CAP])
        scan_sql, params = sql_of(
            titled.extra(select={"vector": "search_entry.vector"}).values("id", "vector")[
                :TITLE_SCAN
            ]
        )
        sql = f"""SELECT x.id FROM ({scan_sql}) x
            WHERE x.vector @@ to_tsquery('search_english', %s) LIMIT {TITLE_CAP}"""
        return sql, [*params, self.tsquery(query)]

    def title_hits(self, entries, query, scored, *, complete):
        # The statistics marked the candidates' title hits; every title hit is a match, so
        # only when the matches are more than the candidates can one be missing from them.
        if complete:
            return scored
        return scored + self.scored(
            entries, query, candidates=[candidate.entry_id for candidate in scored]
        )

    def scored(self, entries, query, *, candidates=()):
        """[Scored] for the title and heading hits that are not among the candidates the
        statistics scored (``candidates``, their ids): needed only when the matches are
        more than the candidates, since every title hit is a match."""
        t_sql, t_params = self.titled(entries, query)
        sql = f"""
            WITH t AS MATERIALIZED ({t_sql})
            SELECT t.id, TRUE, ts_rank(e.vector, to_tsquery('search_english', %s), 1),
                e.title, pg_column_size(e.body) > 1
            FROM t JOIN search_entry e ON e.id = t.id
            WHERE t.id <> ALL(%s::bigint[])
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [*t_params, self.tsquery(query), list(candidates)])
            return [scored_of(row) for row in cursor.fetchall()]

    def page_sql(self, ids):
        sql = f"""
            SELECT e.id AS entry_id, FALSE AS entry_in_title, {PAGE_COLUMNS}
            FROM unnest(%s::bigint[]) WITH ORDINALITY AS p(id, position)
            JOIN search_entry e ON e.id = p.id
            ORDER BY p.position
        """
        return sql, [list(ids)]

    def by_date(self, entries, query, *, offset, limit, newest):
        order = "DESC" if newest else "ASC"
        m_sql, m_params = sql_of(
            self.match(entries, query, date_order=True)
            .order_by("-date" if newest else "date", "id")
            .values("id", "date")[offset : offset + limit]
        )
        ranked_sql = f"""
            SELECT m.id, FALSE AS in_title,
                ROW_NUMBER() OVER (ORDER BY m.date {order}, m.id) AS position
            FROM ({m_sql}) m
        """
        return self._page_rows(self._decorate(ranked_sql), m_params)


class SQLiteBackend(Backend):
    # FTS5 computes bm25() only while matching: the statistics' walk of the matches scores
    # them (``matches``), and the title hits are a walk of their own (``title_hits``).
    vendor = "sqlite"
    WEIGHTS = "10.0, 1.0"  # bm25 weights: title (or heading, or speaker), body

    def fts(self, query: Query, *, title_only=False):
        term = _fts_term
        positive = " AND ".join(
            "(" + " OR ".join(term(t) for t in clause) + ")" for clause in query.clauses
        )
        # A title or heading holding every positive term matches them all: the column filter
        # alone finds the title hits, without walking the body's doclists as well.
        expression = f"(title : ({positive}))" if title_only else f"({positive})"
        for t in query.excluded:
            if not _forms(t):  # left out by ``as_written`` instead
                expression = f"({expression} NOT {term(t)})"
        return expression

    def match(self, entries, query, *, title_only=False):
        where, params = as_written(query, title_only=title_only)
        return entries.extra(
            tables=["search_fts"],
            where=["search_fts.rowid = search_entry.id", "search_fts MATCH %s", *where],
            params=[self.fts(query, title_only=title_only), *params],
        )

    def year(self, column):
        return f"CAST(substr({column}, 1, 4) AS INTEGER)"

    def matches(self, entries, query, *, by_date=False, scored=False):
        if not scored:
            return super().matches(entries, query)
        # bm25() of every match the statistics read (CAP + 1 at most), which costs less than
        # walking the first RANK_CAP matches again to score them: "united states" 7 ms
        # against 3 + 7 at 200,000 sections. Lower is better: negated.
        # With one clause, whether the title or heading holds it too: bm25() with the body
        # weighing nothing is below zero exactly when the title holds one of the clause's
        # terms, and FTS5 computes it from what the walk already read (its IDFs are kept for
        # the statement), so no walk of the titles is needed for the candidates.
        # The candidates' title and whether they have text come with the match's row (a
        # second look-up of 2,000 entries for them cost 0.7 of the 7 ms of "bilateral
        # planning" at 200,000 sections).
        select = {
            "score": f"-bm25(search_fts, {self.WEIGHTS})",
            "has_body": "search_entry.body <> ''",
        }
        if _titled_by_statistics(query):
            select["in_title"] = "bm25(search_fts, 1.0, 0.0) < 0"
        return (
            self.match(entries, query)
            .extra(select=select)
            .values("id", "kind", "object_id", "document_id", "date", "title", *select)
        )

    def candidates(self, query):
        # The title or heading of each (short), kept for the title hits; the score stays a
        # REAL (SQLite's union has no column types).
        in_title = (
            "CASE WHEN c.in_title THEN 2 ELSE 0 END + " if _titled_by_statistics(query) else ""
        )
        sql = f"""
            UNION ALL SELECT 'candidate', CAST(c.id AS TEXT),
                    {in_title}CASE WHEN c.has_body THEN 1 ELSE 0 END, c.title, c.score
                FROM (SELECT * FROM m LIMIT {RANK_CAP}) c
        """
        return sql, []

    def title_hits(self, entries, query, scored, *, complete):
        """The first TITLE_CAP title and heading hits, found by the column filter (a walk of
        its own), marked among the candidates; with one clause the statistics marked them
        already, and when the candidates are all the matches nothing is left to find. When
        the candidates are not all the matches, some title hits may be beyond them: the walk
        then scores every title hit (bm25() of the title's match), as the candidates could
        not be (asking FTS5 for the whole query's bm25() of given rows runs the query once
        per row: 500 ms for 200 rows)."""
        hits = {}
        if not (complete and _titled_by_statistics(query)):
            titled = self.match(entries, query, title_only=True)
            if not complete:
                titled = titled.extra(select={"score": f"-bm25(search_fts, {self.WEIGHTS})"})
            columns = ["id"] if complete else ["id", "score"]
            t_sql, t_params = sql_of(titled.values(*columns)[:TITLE_CAP])
            with connection.cursor() as cursor:
                cursor.execute(t_sql, t_params)
                hits = {row[0]: row for row in cursor.fetchall()}
            for candidate in scored:
                candidate.in_title = candidate.entry_id in hits
                if candidate.in_title and not complete:
                    candidate.score = hits[candidate.entry_id][1]
        for candidate in scored:
            if not candidate.in_title:
                candidate.title = None
        # With every match a candidate nothing lies beyond them (an entry published between
        # the two statements is not counted: SQLite gives them no common snapshot).
        beyond = set() if complete else hits.keys() - {c.entry_id for c in scored}
        if not beyond:
            return scored
        ids = ", ".join(["%s"] * len(beyond))
        sql = f"SELECT e.id, e.title, e.body <> '' FROM search_entry e WHERE e.id IN ({ids})"
        with connection.cursor() as cursor:
            cursor.execute(sql, sorted(beyond))
            rows = cursor.fetchall()
        return scored + [
            Scored(id_, True, hits[id_][1], title, bool(has_body)) for id_, title, has_body in rows
        ]

    # Each entry's public areas, with their parents, are rows of ``search_entry_area``
    # (migration 0011): the facet is one join of the matches to it, and the filter one lookup
    # by area (the three tag tables and the areas twice cost 2.5 of the 16 ms "bilateral
    # planning" took at 200,000 sections, and 3 of a rare word's 7).
    # CROSS JOIN keeps the matches the outer loop: left to choose, the planner may read the
    # whole table by area and look each row up in the matches (3 ms of a search that
    # matches nothing).
    def area_arm(self):
        return """
            SELECT 'area', CAST(x.area_id AS TEXT), COUNT(*), NULL, NULL
                FROM m CROSS JOIN search_entry_area x ON x.entry_id = m.id
                GROUP BY x.area_id"""

    def area_filter(self, entries, area):
        return entries.extra(
            where=[
                "search_entry.id IN (SELECT entry_id FROM search_entry_area WHERE area_id = %s)"
            ],
            params=[area.pk],
        )

    def page_sql(self, ids):
        values = ", ".join(["(%s, %s)"] * len(ids))
        sql = f"""
            WITH p(id, position) AS (VALUES {values})
            SELECT e.id AS entry_id, 0 AS entry_in_title, {PAGE_COLUMNS}
            FROM p JOIN search_entry e ON e.id = p.id
            ORDER BY p.position
        """
        return sql, [x for i, id_ in enumerate(ids) for x in (id_, i)]

    def by_date(self, entries, query, *, offset, limit, newest):
        order = "DESC" if newest else "ASC"
        ids_sql, params = sql_of(
            self.match(entries, query)
            .order_by("-date" if newest else "date", "id")
            .values("id", "date")[offset : offset + limit]
        )
        page_sql = f"""
            ids AS MATERIALIZED ({ids_sql}),
            page AS MATERIALIZED (
                SELECT id, 0 AS in_title,
                    ROW_NUMBER() OVER (ORDER BY date {order}, id) AS position
                FROM ids
            )
        """
        return self._decorate(query, page_sql, params)

    def _decorate(self, query, page_sql, params):
        """The page's rows with their text; highlights are found in Python
        (``search.highlight``)."""
        sql = f"""
            WITH {page_sql}
            SELECT e.id AS entry_id, page.in_title AS entry_in_title, {PAGE_COLUMNS}
            FROM page JOIN search_entry e ON e.id = page.id
            ORDER BY page.position
        """
        return self._page_rows(sql, params)


# SQLite's stemmer (Porter's) gives some two-letter words the stem of longer, unrelated words
# that PostgreSQL's keeps apart ("us" and "use", "on" and "one": ``search.stems``), and the
# main index keeps only stems, so its match alone cannot tell them apart. A word whose stem
# has two letters is looked up in the index of the words as written too
# (``search_fts_words``, migration 0013), by the forms PostgreSQL's match of it stands for
# (``search.stems.written_forms``: "us" by "us" alone, "use" by "use", "used", "uses",
# "using", not "us"; "it" by "it" and "its", which both stemmers join): an entry matches a
# clause holding such words only where the index as written holds one of their forms, or the
# main index one of the clause's other terms; an excluded such word leaves out the entries
# holding its forms as written. Each look-up (one per such clause and per such excluded
# word) is read once per statement, not once per row.
_AS_WRITTEN = (
    "search_entry.id IN (SELECT rowid FROM search_fts_words WHERE search_fts_words MATCH %s)"
)
_STEMMED = "search_entry.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"


def _forms(term):
    """The forms as written a one-word term of a conflated stem stands for, else None."""
    return written_forms(term.words[0]) if len(term.words) == 1 else None


def _forms_expression(terms):
    """The FTS5 expression of the terms' forms as written (a prefix term keeps its prefix)."""
    forms = []
    for term in terms:
        forms += [f'"{form}"' for form in _forms(term)]
        if term.prefix:
            forms.append(f'"{prefix_form(term.words[0])}" *')
    return " OR ".join(dict.fromkeys(forms))


def conflates(query):
    """Whether any clause of ``query`` holds such a word: its main-index match then says
    nothing of which words, as written, it found (nor whether a title holds them)."""
    return any(_forms(t) for clause in query.clauses for t in clause)


def _fts_term(term):
    return '"' + " ".join(term.words) + '"' + (" *" if term.prefix else "")


def _titled_by_statistics(query):
    """Whether the statistics' walk tells the title hits (by bm25() of the title alone): with
    one clause, and no conflated word, whose stem in a title ("Use of Facilities") is no hit
    for "U.S."."""
    return len(query.clauses) == 1 and not conflates(query)


def as_written(query, *, title_only=False):
    """(WHERE conditions, params) that keep an entry only where each clause holding a word of
    a conflated stem matches by that word's forms as written or by one of its other terms,
    and that leave out the entries holding an excluded such word's forms as written. Nothing
    for other queries."""
    column = "title : " if title_only else ""
    where, params = [], []
    for clause in query.clauses:
        written = [t for t in clause if _forms(t)]
        if not written:
            continue
        rest = [t for t in clause if not _forms(t)]
        arms = [_AS_WRITTEN]
        params.append(f"{column}({_forms_expression(written)})")
        if rest:
            arms.append(_STEMMED)
            params.append(f"{column}(" + " OR ".join(map(_fts_term, rest)) + ")")
        where.append("(" + " OR ".join(arms) + ")")
    for term in query.excluded:
        if _forms(term):
            where.append(f"NOT {_AS_WRITTEN}")
            params.append(_forms_expression([term]))
    return where, params


def get_backend():
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {connection.vendor}.")
