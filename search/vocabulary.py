"""The archive's vocabulary with word frequencies, for spelling suggestions, and the acronyms
its texts define (``search.acronyms``), read in the same pass."""

from collections import Counter

from django.db import connection, transaction

from documents.models import Document, DocumentRights
from search.acronyms import count_definitions
from search.models import EntryKind, SearchAcronym, SearchEntry, SearchWord
from search.query import words_of
from search.sql import POSTGRES_STEM_WORDS

BATCH = 5_000


def count_words(texts):
    counts = Counter()
    for text in texts:
        counts.update(w for w in words_of(text) if 3 <= len(w) <= 40 and w.isalpha())
    return counts


def replace_vocabulary(counts, acronyms=None):
    """Replace the vocabulary with ``counts``, and the acronyms with ``acronyms`` (a Counter
    of (acronym, form); None leaves them as they are)."""
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (
                SearchWord(word=word, frequency=n, initial=word[0], length=len(word))
                for word, n in counts.items()
            ),
            batch_size=BATCH,
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(POSTGRES_STEM_WORDS)
        if acronyms is not None:
            SearchAcronym.objects.all().delete()
            SearchAcronym.objects.bulk_create(
                SearchAcronym(acronym=acronym, form=form[:300], occurrences=n)
                for (acronym, form), n in acronyms.items()
            )


def rebuild_vocabulary(progress=None):
    """Count the words of every published entry, and the acronyms their texts define;
    returns the number of distinct words."""
    entries = SearchEntry.objects.filter(published=True)
    total = entries.count()
    counts, acronyms = Counter(), Counter()
    # The acronyms come from what the public may read (not the text of a copyrighted
    # document's sections: ``SearchEntry.objects.public()``).
    restricted = set(
        Document.objects.filter(rights=DocumentRights.COPYRIGHTED).values_list("pk", flat=True)
    )
    rows = entries.values_list("kind", "document_id", "title", "body").iterator(chunk_size=BATCH)
    for done, (kind, document_id, title, body) in enumerate(rows, 1):
        counts.update(count_words((title, body)))
        if kind != EntryKind.SECTION or document_id not in restricted:
            acronyms.update(count_definitions((body,)))
        if progress and done % BATCH == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    replace_vocabulary(counts, acronyms)
    return len(counts)
