"""PostgreSQL: a phrase no longer runs from an entry's title into its text.

An entry's vector is its title's and its text's concatenated, and concatenation numbered the
text's first word right after the title's last: ``"japan u s forces"`` found the 1997
Guidelines' IV.2.2.a, whose heading ends "…against Japan" and whose text begins "U.S.
Forces…" (FTS5 keeps them in separate columns, where a phrase stays in one). The text's
positions now start one further on, and the neighbouring-word pairs (0008) are read off the
same positions, so neither the phrase check nor the pair index joins the two. Every entry's
vectors are computed again (setting ``vector`` to NULL makes the trigger do it): seconds for
the shipped archive, about as long as indexing took for a large generated corpus.

The SQL is frozen here (see 0002). Nothing changes on SQLite.
"""

from django.db import migrations

FORWARD = """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        lexemes text[] := '{}';
        pairs text[] := '{}';
        item record;
        position int;
    BEGIN
        IF TG_OP = 'INSERT' OR NEW.title IS DISTINCT FROM OLD.title
           OR NEW.body IS DISTINCT FROM OLD.body OR NEW.vector IS NULL THEN
            NEW.title_vector := to_tsvector('search_english', search_tokens(NEW.title));
            NEW.vector := setweight(NEW.title_vector, 'A') || setweight(
                ts_delete(to_tsvector('search_english', 'zqxgap ' || search_tokens(NEW.body)),
                          'zqxgap'),
                CASE WHEN NEW.kind = 'section' THEN 'C' ELSE 'B' END::"char");
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
    END $$"""

# Back to 0008's function, which this one differs from only in the text's positions.
BACKWARD = """CREATE OR REPLACE FUNCTION search_entry_vectors() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        lexemes text[] := '{}';
        pairs text[] := '{}';
        item record;
        position int;
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
    END $$"""

RECOMPUTE = "UPDATE search_entry SET vector = NULL"


def run(function):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(function)
            cursor.execute(RECOMPUTE)

    return operation


class Migration(migrations.Migration):
    dependencies = [("search", "0011_sqlite_entry_areas")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
