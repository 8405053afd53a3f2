"""The archive's vocabulary with word frequencies, for spelling suggestions."""

from collections import Counter

from django.db import transaction

from search.models import SearchEntry, SearchWord
from search.query import words_of

BATCH = 5_000


def count_words(texts):
    counts = Counter()
    for text in texts:
        counts.update(w for w in words_of(text) if 3 <= len(w) <= 40 and w.isalpha())
    return counts


def replace_vocabulary(counts):
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (
                SearchWord(word=word, frequency=n, initial=word[0], length=len(word))
                for word, n in counts.items()
            ),
            batch_size=BATCH,
        )


def rebuild_vocabulary(progress=None):
    """Count the words of every published entry; returns the number of distinct words."""
    entries = SearchEntry.objects.filter(published=True)
    total = entries.count()
    counts = Counter()
    rows = entries.values_list("title", "body").iterator(chunk_size=BATCH)
    for done, (title, body) in enumerate(rows, 1):
        counts.update(count_words((title, body)))
        if progress and done % BATCH == 0:
            progress(done, total)
    if progress:
        progress(total, total)
    replace_vocabulary(counts)
    return len(counts)
