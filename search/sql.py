"""The SQL that keeps ``search_entry`` in step with the archive, per database, as it stands
now: ``rebuild_search_index`` uses the fill statements.

The migrations hold frozen copies of the statements as they were when each was written
(0002 the tables, triggers and fill; 0003 the areas): a migration never imports this module,
so editing it changes nothing an old migration does. A change to the SQL here goes in a new
migration as well.
"""

from documents.models import CooperationArea, Document, Quote, Section

DOCUMENT = Document._meta.db_table
SECTION = Section._meta.db_table
QUOTE = Quote._meta.db_table
OFFICIAL = Quote._meta.get_field("official").related_model._meta.db_table
AREA = CooperationArea._meta.db_table
# The tag tables: entry kind → (through table, the tagged object's column).
AREA_TAGS = {
    "document": (Document.areas.through._meta.db_table, "document_id"),
    "section": (Section.areas.through._meta.db_table, "section_id"),
    "quote": (Quote.areas.through._meta.db_table, "quote_id"),
}

# A section is titled by its heading; a heading-less section whose label names it ("Article
# 5" of the Treaty) by its label, so that "Article 5" finds and titles the article itself.
NAMING_LABELS = ("Article ", "Annex", "Chapter ", "Part ")


def section_title(row, percent="%"):
    """SQL for the title of the section ``row`` ("s", "NEW") in the index; ``percent`` is
    "%%" in a statement run with parameters."""
    named = "\n                   OR ".join(
        f"{row}.label LIKE '{word}{percent}'" for word in NAMING_LABELS
    )
    return (
        f"(CASE WHEN {row}.heading = '' AND ({named})\n"
        f"                THEN {row}.label ELSE {row}.heading END)"
    )


SPEAKER = (
    f"(SELECT trim(o.name || ' ' || o.description) FROM {OFFICIAL} o WHERE o.id = q.official_id)"
)

# Fill the index from the archive's tables (rebuild_search_index, the migration). Each takes
# an id range so a rebuild can report progress.
FILL = {
    "document": f"""
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'document', d.id, d.id, d.status = 'published', d.date,
               trim(d.title || ' ' || d.short_title), d.summary_text
        FROM {DOCUMENT} d WHERE d.id >= %s AND d.id < %s""",
    "section": f"""
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'section', s.id, s.document_id, d.status = 'published', d.date,
               {section_title("s", "%%")}, s.body
        FROM {SECTION} s JOIN {DOCUMENT} d ON d.id = s.document_id
        WHERE s.id >= %s AND s.id < %s""",
    "quote": f"""
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, {SPEAKER}, q.text
        FROM {QUOTE} q JOIN {DOCUMENT} d ON d.id = q.document_id
        WHERE q.id >= %s AND q.id < %s""",
}
FILL_TABLES = {"document": DOCUMENT, "section": SECTION, "quote": QUOTE}

SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"

SQLITE_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_entry', content_rowid='id',
        tokenize='{SQLITE_TOKENIZER}')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE OF title, body ON search_entry
    WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
        INSERT INTO search_fts (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    # Documents.
    f"""CREATE TRIGGER search_document_insert AFTER INSERT ON {DOCUMENT} BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                trim(NEW.title || ' ' || NEW.short_title), NEW.summary_text);
    END""",
    f"""CREATE TRIGGER search_document_update AFTER UPDATE ON {DOCUMENT} BEGIN
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.summary_text, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        UPDATE search_entry SET published = NEW.status = 'published',
            date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
        WHERE document_id = NEW.id AND kind <> 'document'
          AND (OLD.status IS NOT NEW.status OR OLD.date IS NOT NEW.date);
    END""",
    f"""CREATE TRIGGER search_document_delete AFTER DELETE ON {DOCUMENT} BEGIN
        DELETE FROM search_entry WHERE document_id = OLD.id;
    END""",
    # Sections (the importer's bulk renumbering touches no indexed column, so costs nothing).
    f"""CREATE TRIGGER search_section_insert AFTER INSERT ON {SECTION} BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'section', NEW.id, d.id, d.status = 'published', d.date,
               {section_title("NEW")}, NEW.body
        FROM {DOCUMENT} d WHERE d.id = NEW.document_id;
    END""",
    f"""CREATE TRIGGER search_section_update AFTER UPDATE OF heading, label, body, document_id
    ON {SECTION} BEGIN
        UPDATE search_entry SET title = {section_title("NEW")}, body = NEW.body,
            document_id = NEW.document_id,
            published = (SELECT d.status = 'published' FROM {DOCUMENT} d
                         WHERE d.id = NEW.document_id),
            date = (SELECT d.date FROM {DOCUMENT} d WHERE d.id = NEW.document_id)
        WHERE kind = 'section' AND object_id = NEW.id;
    END""",
    f"""CREATE TRIGGER search_section_delete AFTER DELETE ON {SECTION} BEGIN
        DELETE FROM search_entry WHERE kind = 'section' AND object_id = OLD.id;
    END""",
    # Quotes and the speakers they are attributed to.
    f"""CREATE TRIGGER search_quote_insert AFTER INSERT ON {QUOTE} BEGIN
        INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
        SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, {SPEAKER}, q.text
        FROM {QUOTE} q JOIN {DOCUMENT} d ON d.id = q.document_id WHERE q.id = NEW.id;
    END""",
    f"""CREATE TRIGGER search_quote_update AFTER UPDATE ON {QUOTE} BEGIN
        UPDATE search_entry SET document_id = NEW.document_id, date = NEW.date, body = NEW.text,
            title = (SELECT {SPEAKER} FROM {QUOTE} q WHERE q.id = NEW.id),
            published = (SELECT d.status = 'published' FROM {DOCUMENT} d
                         WHERE d.id = NEW.document_id)
        WHERE kind = 'quote' AND object_id = NEW.id;
    END""",
    f"""CREATE TRIGGER search_quote_delete AFTER DELETE ON {QUOTE} BEGIN
        DELETE FROM search_entry WHERE kind = 'quote' AND object_id = OLD.id;
    END""",
    f"""CREATE TRIGGER search_official_update AFTER UPDATE OF name, description ON {OFFICIAL}
    BEGIN
        UPDATE search_entry SET title = trim(NEW.name || ' ' || NEW.description)
        WHERE kind = 'quote' AND object_id IN (SELECT id FROM {QUOTE} WHERE official_id = NEW.id);
    END""",
]

SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS search_{name}"
        for name in [
            "fts_insert",
            "fts_delete",
            "fts_update",
            "document_insert",
            "document_update",
            "document_delete",
            "section_insert",
            "section_update",
            "section_delete",
            "quote_insert",
            "quote_update",
            "quote_delete",
            "official_update",
        ]
    ),
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN vector tsvector, ADD COLUMN title_vector tsvector, "
    "ADD COLUMN phrase_vector tsvector",
    # English stemming without a stop list (FTS5 has none; the query parser drops very common
    # words itself), over the tokens SQLite's unicode61 and the query parser see: runs of
    # letters and digits ("U.S.-Japan" → u s japan). Migration 0006.
    "CREATE TEXT SEARCH DICTIONARY search_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION search_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION search_english ALTER MAPPING REPLACE english_stem "
    "WITH search_stem",
    """CREATE FUNCTION search_tokens(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')
    $$""",
    # Titles and headings weigh A; a document's summary and a quote's text B; section bodies C.
    # Migration 0008: each lexeme is written into an array at its positions and the pairs
    # are read off it (a self-join with DISTINCT took a third longer). Migration 0012: a gap
    # of one position between the title and the text.
    """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        lexemes text[] := '{}';
        pairs text[] := '{}';
        item record;
        position int;
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.body IS DISTINCT FROM OLD.body OR NEW.vector IS NULL THEN
            NEW.title_vector := to_tsvector('search_english', search_tokens(NEW.title));
            -- The text's positions start at 2 (a placeholder word at 1, deleted): the text
            -- then begins one position after the title ends, not right after it, so that a
            -- phrase stays within one of them, as in FTS5's separate columns (migration 0012:
            -- "japan u s forces" found a heading ending "against Japan" over a text
            -- beginning "U.S. Forces").
            NEW.vector := setweight(NEW.title_vector, 'A') || setweight(
                ts_delete(to_tsvector('search_english', 'zqxgap ' || search_tokens(NEW.body)),
                          'zqxgap'),
                CASE WHEN NEW.kind = 'section' THEN 'C' ELSE 'B' END::"char");
            -- Every pair of lexemes at neighbouring positions ("unit_state"): a phrase query
            -- looks its pairs up here instead of checking the positions of every entry that
            -- merely holds all its words.
            FOR item IN SELECT t.lexeme, t.positions FROM unnest(NEW.vector) t LOOP
                FOREACH position IN ARRAY item.positions LOOP
                    lexemes[position] := item.lexeme;
                END LOOP;
            END LOOP;
            FOR position IN
                coalesce(array_lower(lexemes, 1), 1) .. coalesce(array_upper(lexemes, 1), 0) - 1
            LOOP
                IF lexemes[position] IS NOT NULL AND lexemes[position + 1] IS NOT NULL THEN
                    pairs := pairs || (lexemes[position] || '_' || lexemes[position + 1]);
                END IF;
            END LOOP;
            NEW.phrase_vector := array_to_tsvector(pairs);
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_vectors BEFORE INSERT OR UPDATE ON search_entry
       FOR EACH ROW EXECUTE FUNCTION search_entry_vectors()""",
    "CREATE INDEX search_entry_vector ON search_entry USING gin (vector)",
    "CREATE INDEX search_entry_title_vector ON search_entry USING gin (title_vector)",
    """CREATE FUNCTION search_sync_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE document_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            VALUES ('document', NEW.id, NEW.id, NEW.status = 'published', NEW.date,
                    trim(NEW.title || ' ' || NEW.short_title), NEW.summary_text);
            RETURN NEW;
        END IF;
        UPDATE search_entry SET title = trim(NEW.title || ' ' || NEW.short_title),
            body = NEW.summary_text, date = NEW.date, published = NEW.status = 'published'
        WHERE kind = 'document' AND object_id = NEW.id;
        IF OLD.status IS DISTINCT FROM NEW.status OR OLD.date IS DISTINCT FROM NEW.date THEN
            UPDATE search_entry SET published = NEW.status = 'published',
                date = CASE WHEN kind = 'section' THEN NEW.date ELSE date END
            WHERE document_id = NEW.id AND kind <> 'document';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER search_sync_document AFTER INSERT OR UPDATE OR DELETE ON {DOCUMENT}
       FOR EACH ROW EXECUTE FUNCTION search_sync_document()""",
    f"""CREATE FUNCTION search_sync_section() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE kind = 'section' AND object_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            SELECT 'section', NEW.id, d.id, d.status = 'published', d.date,
               {section_title("NEW")}, NEW.body
            FROM {DOCUMENT} d WHERE d.id = NEW.document_id;
            RETURN NEW;
        END IF;
        IF OLD.heading IS DISTINCT FROM NEW.heading OR OLD.body IS DISTINCT FROM NEW.body
           OR OLD.label IS DISTINCT FROM NEW.label
           OR OLD.document_id IS DISTINCT FROM NEW.document_id THEN
            UPDATE search_entry e SET
                title = {section_title("NEW")}, body = NEW.body,
                document_id = NEW.document_id, published = d.status = 'published', date = d.date
            FROM {DOCUMENT} d
            WHERE d.id = NEW.document_id AND e.kind = 'section' AND e.object_id = NEW.id;
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER search_sync_section AFTER INSERT OR UPDATE OR DELETE ON {SECTION}
       FOR EACH ROW EXECUTE FUNCTION search_sync_section()""",
    f"""CREATE FUNCTION search_sync_quote() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_entry WHERE kind = 'quote' AND object_id = OLD.id;
            RETURN OLD;
        ELSIF TG_OP = 'INSERT' THEN
            INSERT INTO search_entry (kind, object_id, document_id, published, date, title, body)
            SELECT 'quote', q.id, q.document_id, d.status = 'published', q.date, {SPEAKER}, q.text
            FROM {QUOTE} q JOIN {DOCUMENT} d ON d.id = q.document_id WHERE q.id = NEW.id;
            RETURN NEW;
        END IF;
        UPDATE search_entry e SET document_id = q.document_id, date = q.date, body = q.text,
            title = {SPEAKER}, published = d.status = 'published'
        FROM {QUOTE} q JOIN {DOCUMENT} d ON d.id = q.document_id
        WHERE q.id = NEW.id AND e.kind = 'quote' AND e.object_id = NEW.id;
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER search_sync_quote AFTER INSERT OR UPDATE OR DELETE ON {QUOTE}
       FOR EACH ROW EXECUTE FUNCTION search_sync_quote()""",
    f"""CREATE FUNCTION search_sync_official() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_entry SET title = trim(NEW.name || ' ' || NEW.description)
        WHERE kind = 'quote'
          AND object_id IN (SELECT id FROM {QUOTE} WHERE official_id = NEW.id);
        RETURN NEW;
    END $$""",
    f"""CREATE TRIGGER search_sync_official AFTER UPDATE OF name, description ON {OFFICIAL}
       FOR EACH ROW EXECUTE FUNCTION search_sync_official()""",
]

POSTGRES_BACKWARD = [
    f"DROP TRIGGER IF EXISTS search_sync_official ON {OFFICIAL}",
    f"DROP TRIGGER IF EXISTS search_sync_quote ON {QUOTE}",
    f"DROP TRIGGER IF EXISTS search_sync_section ON {SECTION}",
    f"DROP TRIGGER IF EXISTS search_sync_document ON {DOCUMENT}",
    "DROP TRIGGER IF EXISTS search_entry_vectors ON search_entry",
    "DROP FUNCTION IF EXISTS search_sync_official()",
    "DROP FUNCTION IF EXISTS search_sync_quote()",
    "DROP FUNCTION IF EXISTS search_sync_section()",
    "DROP FUNCTION IF EXISTS search_sync_document()",
    "DROP FUNCTION IF EXISTS search_entry_vectors()",
    "DROP FUNCTION IF EXISTS search_tokens(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_english",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS search_stem",
    "DROP INDEX IF EXISTS search_entry_phrase_vector",
    "DROP INDEX IF EXISTS search_entry_title_vector",
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS vector, DROP COLUMN IF EXISTS title_vector, "
    "DROP COLUMN IF EXISTS phrase_vector",
]


# PostgreSQL: each entry's cooperation areas, with their parent areas, denormalised into
# ``search_entry.areas`` (bigint[], GIN-indexed), so an area filter is an index condition like
# the words and the area facet is counted from the matches' own rows. Kept current by
# triggers: on inserting an entry, on the three tag tables (statement-level, with transition
# tables, so a bulk tagging is one UPDATE) and on an area's parent changing. Applied by
# ``migrations/0003_areas.py``; ``migrations/0004_reviewed_area_tags.py`` then replaces
# ``search_areas`` with one that counts sections' and documents' reviewed tags only.
AREA_TAG_UNION = "\n        UNION ALL ".join(
    f"SELECT cooperationarea_id AS area_id FROM {table} WHERE p_kind = '{kind}' AND {column} = p_id"
    for kind, (table, column) in AREA_TAGS.items()
)


def _area_tag_triggers():
    for kind, (table, column) in AREA_TAGS.items():
        refresh = f"""
            UPDATE search_entry e SET areas = search_areas('{kind}', e.object_id)
            WHERE e.kind = '{kind}' AND e.object_id IN (SELECT {column} FROM {{rows}});"""
        yield f"""CREATE FUNCTION search_sync_{kind}_areas() RETURNS trigger LANGUAGE plpgsql
        AS $$
        BEGIN
            IF TG_OP IN ('INSERT', 'UPDATE') THEN {refresh.format(rows="new_rows")}
            END IF;
            IF TG_OP IN ('DELETE', 'UPDATE') THEN {refresh.format(rows="old_rows")}
            END IF;
            RETURN NULL;
        END $$"""
        for event, referencing in (
            ("insert", "NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ):
            yield f"""CREATE TRIGGER search_sync_{kind}_areas_{event} AFTER {event.upper()}
                ON {table} REFERENCING {referencing}
                FOR EACH STATEMENT EXECUTE FUNCTION search_sync_{kind}_areas()"""


POSTGRES_AREAS_FORWARD = [
    "ALTER TABLE search_entry ADD COLUMN areas bigint[]",
    # The entry's areas and their parents, sorted, without duplicates; NULL when untagged.
    f"""CREATE FUNCTION search_areas(p_kind varchar, p_id bigint) RETURNS bigint[]
    LANGUAGE sql STABLE AS $$
        SELECT array_agg(DISTINCT v.area ORDER BY v.area)
        FROM ({AREA_TAG_UNION}) t
        JOIN {AREA} a ON a.id = t.area_id
        CROSS JOIN LATERAL (VALUES (a.id), (a.parent_id)) v(area)
        WHERE v.area IS NOT NULL
    $$""",
    """CREATE FUNCTION search_entry_areas() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.areas := search_areas(NEW.kind, NEW.object_id);
        RETURN NEW;
    END $$""",
    # A rebuild or a re-created entry finds its object's tags already there.
    """CREATE TRIGGER search_entry_areas BEFORE INSERT ON search_entry
       FOR EACH ROW EXECUTE FUNCTION search_entry_areas()""",
    *_area_tag_triggers(),
    # An area's new parent changes the entries tagged with it; the entries tagged with its
    # sub-areas hold it as their parent, so their rows are deleted too and made again.
    """CREATE FUNCTION search_sync_area_parent() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_entry SET areas = search_areas(kind, object_id)
        WHERE areas @> ARRAY[NEW.id];
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER search_sync_area_parent AFTER UPDATE OF parent_id ON {AREA}
       FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id)
       EXECUTE FUNCTION search_sync_area_parent()""",
    # The entries already tagged (the others stay NULL).
    "UPDATE search_entry e SET areas = search_areas(e.kind, e.object_id) WHERE "
    + " OR ".join(
        f"(e.kind = '{kind}' AND e.object_id IN (SELECT {column} FROM {table}))"
        for kind, (table, column) in AREA_TAGS.items()
    ),
    "CREATE INDEX search_entry_areas ON search_entry USING gin (areas)",
    # 0002 left this index to generate_corpus; phrase searches need it everywhere.
    "CREATE INDEX IF NOT EXISTS search_entry_phrase_vector ON search_entry "
    "USING gin (phrase_vector)",
]

POSTGRES_AREAS_BACKWARD = [
    f"DROP TRIGGER IF EXISTS search_sync_area_parent ON {AREA}",
    *(
        f"DROP TRIGGER IF EXISTS search_sync_{kind}_areas_{event} ON {table}"
        for kind, (table, _) in AREA_TAGS.items()
        for event in ("insert", "delete", "update")
    ),
    "DROP TRIGGER IF EXISTS search_entry_areas ON search_entry",
    "DROP FUNCTION IF EXISTS search_sync_area_parent()",
    *(f"DROP FUNCTION IF EXISTS search_sync_{kind}_areas()" for kind in AREA_TAGS),
    "DROP FUNCTION IF EXISTS search_entry_areas()",
    "DROP FUNCTION IF EXISTS search_areas(varchar, bigint)",
    "DROP INDEX IF EXISTS search_entry_areas",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS areas",
]


# SQLite: the same entries indexed a second time without stemming, by their words as written
# (``search_fts_words``): Porter's stemmer, which ``search_fts`` keeps only the stems of, makes
# "use", "used", "uses" and "using" the stem "us", which is also the word "US" (and "U.S."
# without dots): a word of two letters is looked up here as well (``search.backends``), as
# PostgreSQL's Snowball stemmer, which keeps "use", finds it. Only which entries hold a word
# is kept (``detail='column'``: no positions; a column filter still works). Kept current by
# triggers like ``search_fts``. Applied by ``migrations/0013_sqlite_words_as_written.py``.
SQLITE_WORDS_TOKENIZER = "unicode61 remove_diacritics 2"

SQLITE_WORDS_FORWARD = [
    f"""CREATE VIRTUAL TABLE search_fts_words USING fts5(
        title, body, content='search_entry', content_rowid='id',
        tokenize='{SQLITE_WORDS_TOKENIZER}', detail='column')""",
    """CREATE TRIGGER search_fts_words_insert AFTER INSERT ON search_entry BEGIN
        INSERT INTO search_fts_words (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_fts_words_delete AFTER DELETE ON search_entry BEGIN
        INSERT INTO search_fts_words (search_fts_words, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
    END""",
    """CREATE TRIGGER search_fts_words_update AFTER UPDATE OF title, body ON search_entry
    WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body BEGIN
        INSERT INTO search_fts_words (search_fts_words, rowid, title, body)
        VALUES ('delete', OLD.id, OLD.title, OLD.body);
        INSERT INTO search_fts_words (rowid, title, body) VALUES (NEW.id, NEW.title, NEW.body);
    END""",
    # The entries already there.
    "INSERT INTO search_fts_words (search_fts_words) VALUES ('rebuild')",
]

SQLITE_WORDS_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_words_update",
    "DROP TRIGGER IF EXISTS search_fts_words_delete",
    "DROP TRIGGER IF EXISTS search_fts_words_insert",
    "DROP TABLE IF EXISTS search_fts_words",
]


def statements(vendor, forward=True):
    if vendor == "postgresql":
        return POSTGRES_FORWARD if forward else POSTGRES_BACKWARD
    if vendor == "sqlite":
        return SQLITE_FORWARD if forward else SQLITE_BACKWARD
    raise NotImplementedError(f"Search supports PostgreSQL and SQLite, not {vendor}.")


def fill(cursor, *, batch=50_000, progress=None):
    """Index every document, section and quote (the index must be empty)."""
    for kind, sql in FILL.items():
        cursor.execute(
            f"SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM {FILL_TABLES[kind]}"
        )
        low, high = cursor.fetchone()
        start = low
        while start <= high and high:
            cursor.execute(sql, [start, start + batch])
            start += batch
            if progress:
                progress(kind, min(start, high + 1) - low, high + 1 - low)


# SQLite: each entry's public areas, with their parent areas, in ``search_entry_area``
# (entry, area) — the rows PostgreSQL keeps in ``search_entry.areas``: reviewed tags of
# documents and sections, every tag of a quote. The area facet is counted from it and the
# area filter reads it (by its area index), instead of joining the matches to the three tag
# tables and the areas twice at every search (2.5 of the 16 ms "bilateral planning" took at
# 200,000 sections). Kept current by triggers: on an entry's insert and delete, on the three
# tag tables (a new tag adds its rows; a removed or changed tag recomputes its object's
# rows) and on an area's parent changing. Applied by ``migrations/0011_sqlite_entry_areas.py``.
def _sqlite_area_rows(kind, where, tags="x"):
    """SELECT (entry, area) of the ``kind`` entries whose public tag ``tags`` meets
    ``where``: the tag's area and that area's parent."""
    table, column = AREA_TAGS[kind]
    public = f" AND {tags}.status = 'reviewed'" if kind != "quote" else ""
    return f"""SELECT e.id, f.id FROM {table} {tags}
            JOIN search_entry e ON e.kind = '{kind}' AND e.object_id = {tags}.{column}
            JOIN {AREA} a ON a.id = {tags}.cooperationarea_id
            JOIN {AREA} f ON f.id = a.id OR f.id = a.parent_id
            WHERE {where}{public}"""


def _sqlite_refresh(kind, object_id):
    """Statements recomputing the rows of the ``kind`` entry of ``object_id``."""
    _, column = AREA_TAGS[kind]
    return f"""DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT id FROM search_entry WHERE kind = '{kind}' AND object_id = {object_id});
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            {_sqlite_area_rows(kind, f"x.{column} = {object_id}")};"""


def _sqlite_area_triggers():
    for kind, (table, column) in AREA_TAGS.items():
        yield f"""CREATE TRIGGER search_{kind}_areas_insert AFTER INSERT ON {table} BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id)
            {_sqlite_area_rows(kind, "x.id = NEW.id")};
    END"""
        yield f"""CREATE TRIGGER search_{kind}_areas_delete AFTER DELETE ON {table} BEGIN
        {_sqlite_refresh(kind, f"OLD.{column}")}
    END"""
        yield f"""CREATE TRIGGER search_{kind}_areas_update AFTER UPDATE ON {table} BEGIN
        {_sqlite_refresh(kind, f"OLD.{column}")}
        {_sqlite_refresh(kind, f"NEW.{column}")}
    END"""


SQLITE_AREAS_FORWARD = [
    """CREATE TABLE search_entry_area (
        entry_id INTEGER NOT NULL, area_id INTEGER NOT NULL, PRIMARY KEY (entry_id, area_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX search_entry_area_area ON search_entry_area (area_id)",
    # A new entry (a rebuild, a re-created object) finds its object's tags already there.
    """CREATE TRIGGER search_entry_areas_insert AFTER INSERT ON search_entry BEGIN
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) """
    + "\n        UNION ALL ".join(
        _sqlite_area_rows(kind, f"x.{column} = NEW.object_id AND NEW.kind = '{kind}'")
        for kind, (_, column) in AREA_TAGS.items()
    )
    + """;
    END""",
    """CREATE TRIGGER search_entry_areas_delete AFTER DELETE ON search_entry BEGIN
        DELETE FROM search_entry_area WHERE entry_id = OLD.id;
    END""",
    *_sqlite_area_triggers(),
    # An area's new parent changes the entries tagged with it; the entries tagged with its
    # sub-areas hold it as their parent, so their rows are deleted too and made again.
    f"""CREATE TRIGGER search_area_parent AFTER UPDATE OF parent_id ON {AREA}
    WHEN OLD.parent_id IS NOT NEW.parent_id BEGIN
        DELETE FROM search_entry_area WHERE entry_id IN (
            SELECT entry_id FROM search_entry_area WHERE area_id = NEW.id);
        INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) """
    + "\n        UNION ALL ".join(
        _sqlite_area_rows(
            kind,
            f"x.{column} IN (SELECT {column} FROM {table} WHERE cooperationarea_id IN "
            f"(SELECT id FROM {AREA} WHERE id = NEW.id OR parent_id = NEW.id))",
        )
        for kind, (table, column) in AREA_TAGS.items()
    )
    + """;
    END""",
    # The entries already tagged.
    "INSERT OR IGNORE INTO search_entry_area (entry_id, area_id) "
    + "\n        UNION ALL ".join(_sqlite_area_rows(kind, "1") for kind in AREA_TAGS),
]

SQLITE_AREAS_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_area_parent",
    *(
        f"DROP TRIGGER IF EXISTS search_{kind}_areas_{event}"
        for kind in AREA_TAGS
        for event in ("insert", "delete", "update")
    ),
    "DROP TRIGGER IF EXISTS search_entry_areas_delete",
    "DROP TRIGGER IF EXISTS search_entry_areas_insert",
    "DROP TABLE IF EXISTS search_entry_area",
]


# Each vocabulary word's stem as PostgreSQL's index holds it: its Snowball dictionary
# ``search_stem`` (which gives a stop word nothing: the word itself is kept). Python's
# Snowball stemmer parts from it on a few words ("international": "internat" against
# "intern"), and the stems serve to bound a search's matches (``PostgresBackend.bound``).
POSTGRES_WORD_STEM = "LEFT(COALESCE((ts_lexize('search_stem', {word}))[1], {word}), 60)"
POSTGRES_STEM_WORDS = "UPDATE search_word SET stem = " + POSTGRES_WORD_STEM.format(word="word")
