"""PostgreSQL: index the same tokens the query side and SQLite's FTS5 see.

PostgreSQL's text-search parser reads "U.S." and "U.S.-Japan" as the token ``u.s``, "Japan-
U.S." as ``japan-u``, ``japan``, ``u`` (the "s" lost), and "2+2" as ``2``, ``+2``, while a
query is split into words of letters and digits ("u s japan"): "U.S.-Japan alliance" found
nothing; and the ``english`` configuration drops stop words, "s" among them, so the phrase
"u s" became the lone letter "u", and "US" vanished from the index. The vectors are now
built from the text with every run of characters other than letters and digits turned into
a space (what FTS5's unicode61 tokenizer does), with the configuration ``search_english``:
PostgreSQL's English Snowball stemmer without a stop list — FTS5 has none either, and the
query parser drops very common words itself, outside phrases, on both databases. Every
entry's vectors are rebuilt (``vector`` set to NULL makes the trigger recompute them).

The SQL is frozen here (see 0002). Nothing changes on SQLite, whose tokenizer already splits
text this way.
"""

from django.db import migrations

FORWARD = [
    "CREATE TEXT SEARCH DICTIONARY search_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION search_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION search_english ALTER MAPPING REPLACE english_stem "
    "WITH search_stem",
    """CREATE FUNCTION search_tokens(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g')
    $$""",
    """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.body IS DISTINCT FROM OLD.body OR NEW.vector IS NULL THEN
            NEW.title_vector := to_tsvector('search_english', search_tokens(NEW.title));
            NEW.vector := setweight(NEW.title_vector, 'A') || setweight(
                to_tsvector('search_english', search_tokens(NEW.body)),
                CASE WHEN NEW.kind = 'section' THEN 'C' ELSE 'B' END::"char");
            -- Every pair of lexemes at neighbouring positions ("unit_state"): a phrase query
            -- looks its pairs up here instead of checking the positions of every entry that
            -- merely holds all its words.
            NEW.phrase_vector := COALESCE((
                SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || '_' || b.lexeme))
                FROM (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) a
                JOIN (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) b
                  ON b.p = a.p + 1
            ), ''::tsvector);
        END IF;
        RETURN NEW;
    END $$""",
    "UPDATE search_entry SET vector = NULL",
]

BACKWARD = [
    """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.body IS DISTINCT FROM OLD.body OR NEW.vector IS NULL THEN
            NEW.title_vector := to_tsvector('english', NEW.title);
            NEW.vector := setweight(NEW.title_vector, 'A') || setweight(
                to_tsvector('english', NEW.body),
                CASE WHEN NEW.kind = 'section' THEN 'C' ELSE 'B' END::"char");
            NEW.phrase_vector := COALESCE((
                SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || '_' || b.lexeme))
                FROM (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) a
                JOIN (SELECT t.lexeme, p FROM unnest(NEW.vector) t, unnest(t.positions) p) b
                  ON b.p = a.p + 1
            ), ''::tsvector);
        END IF;
        RETURN NEW;
    END $$""",
    "UPDATE search_entry SET vector = NULL",
    "DROP FUNCTION IF EXISTS search_tokens(text)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS search_english",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS search_stem",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in FORWARD:
            cursor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in BACKWARD:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_areas")]

    operations = [migrations.RunPython(forward, backward)]
