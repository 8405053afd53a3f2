"""The search index: one row per searchable document, section and quote.

Rows are written by database triggers (created in ``search/migrations``), never by Python:
every write to the archive's tables — a save in the admin, the importer, a
``queryset.update()`` that publishes or withdraws — keeps the index in step in the same
transaction. The full-text structures themselves are vendor-specific and invisible to the
ORM: a weighted ``tsvector`` column with GIN indexes on PostgreSQL, an FTS5 table on SQLite.
"""

from django.db import models


class EntryKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    SECTION = "section", "Section"
    QUOTE = "quote", "Quote"


class SearchEntryQuerySet(models.QuerySet):
    def public(self):
        """What public search may find: entries of published documents, without the section
        text of documents whose rights keep it staff-only (their record and their quotes
        stay searchable) — the rule the pages and the API follow
        (``Document.text_is_public``, ``SectionQuerySet.text_public``)."""
        from documents.models import Document, DocumentRights

        restricted = Document.objects.filter(rights=DocumentRights.COPYRIGHTED).values("pk")
        return self.filter(published=True).exclude(
            kind=EntryKind.SECTION, document_id__in=restricted
        )


class SearchEntry(models.Model):
    Kind = EntryKind

    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    object_id = models.BigIntegerField()
    document_id = models.BigIntegerField(help_text="The document the entry is or belongs to.")
    published = models.BooleanField(default=False)
    date = models.DateField(help_text="The document's date; a quote's own date.")
    title = models.TextField(blank=True, help_text="Weighted high: title, heading or speaker.")
    body = models.TextField(blank=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        db_table = "search_entry"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique"),
        ]
        indexes = [
            models.Index(fields=["document_id"], name="search_entry_document"),
            models.Index(fields=["date"], name="search_entry_date"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class SearchWord(models.Model):
    """The archive's vocabulary with word frequencies, for "did you mean" suggestions, and
    on PostgreSQL each word's stem as its index holds it, from which a search tells
    beforehand that its matches are few (``search.backends.PostgresBackend.bound``; empty
    on SQLite).

    Rebuilt by ``manage.py rebuild_search_index``.
    """

    word = models.CharField(max_length=60, unique=True)
    frequency = models.PositiveIntegerField()
    initial = models.CharField(max_length=1)
    length = models.PositiveSmallIntegerField()
    stem = models.CharField(max_length=60, db_index=True, default="")

    class Meta:
        db_table = "search_word"
        # "Did you mean": the most frequent words of an initial, read in order; the length
        # is filtered in the index (search.suggest).
        indexes = [
            models.Index(
                fields=["initial", "-frequency", "word", "length"], name="search_word_frequent"
            )
        ]

    def __str__(self):
        return self.word


class SearchAcronym(models.Model):
    """An acronym the published texts define, with its spelled-out form and how many times
    they define it so (``search.acronyms``). Rebuilt with the vocabulary."""

    acronym = models.CharField(max_length=8)
    form = models.CharField(max_length=300, help_text="The spelled-out words, folded.")
    occurrences = models.PositiveIntegerField()

    class Meta:
        db_table = "search_acronym"
        constraints = [
            models.UniqueConstraint(fields=["acronym", "form"], name="search_acronym_unique")
        ]

    def __str__(self):
        return f"{self.acronym}: {self.form}"
