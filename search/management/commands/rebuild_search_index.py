"""Rebuild the search index and the vocabulary from the archive's tables.

The index normally stays in step by itself (database triggers); rebuild after restoring a
database dump, after changing the search migrations, or to refresh the spelling vocabulary.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from documents.cache import bump_generation
from search import sql
from search.models import SearchEntry
from search.progress import Progress
from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = "Rebuild the full-text search index and the spelling vocabulary."

    def add_arguments(self, parser):
        parser.add_argument(
            "--vocabulary-only", action="store_true", help="Only recount the vocabulary."
        )

    def handle(self, *args, vocabulary_only=False, **options):
        if not vocabulary_only:
            bars = {}

            def report(kind, done, total):
                bar = bars.get(kind)
                if bar is None:
                    bar = bars[kind] = Progress(self.stdout, f"{kind}s", total)
                if done >= total:
                    bar.done()
                else:
                    bar.update(done)

            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_entry")
                sql.fill(cursor, batch=20_000, progress=report)
                if connection.vendor == "postgresql":
                    cursor.execute("ANALYZE search_entry")
            self.stdout.write(f"Indexed {SearchEntry.objects.count():,} entries.")
        bar = Progress(self.stdout, "vocabulary", 1)

        def vocabulary_progress(done, total):
            bar.total = max(total, 1)
            if done < total:
                bar.update(done)

        words = rebuild_vocabulary(vocabulary_progress)
        bar.done()
        # Cached pages were made from the index and the vocabulary as they were: a search that
        # found nothing would keep showing no "did you mean" until the next edit.
        bump_generation()
        self.stdout.write(self.style.SUCCESS(f"Vocabulary: {words:,} distinct words."))
