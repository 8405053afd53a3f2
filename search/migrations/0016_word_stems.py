"""Each vocabulary word's stem (Snowball English, as PostgreSQL's ``search_english`` stems
it), so that a search on PostgreSQL can bound its matches by the vocabulary's frequencies
before it runs (``search.backends.PostgresBackend.bound``).

Stemmed by PostgreSQL's own Snowball dictionary (``search_stem``, migration 0006; a stop
word, which it drops, keeps the word), here for the words already there and then whenever the
vocabulary is written (``search.vocabulary``, ``search.sql.POSTGRES_STEM_WORDS``). SQLite's
search does not use the stems, and leaves them empty."""

from django.db import migrations, models


def stem_words(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE search_word "
        "SET stem = LEFT(COALESCE((ts_lexize('search_stem', word))[1], word), 60)"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0015_acronyms"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchword",
            name="stem",
            field=models.CharField(db_index=True, default="", max_length=60),
        ),
        migrations.RunPython(stem_words, migrations.RunPython.noop, elidable=True),
    ]
