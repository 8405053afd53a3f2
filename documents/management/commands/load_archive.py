from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.archive import ArchiveLoadError, load_archive
from documents.archive_update import ArchiveUpdateConflict, update_archive
from documents.cache import bump_generation
from documents.models import Document
from search.vocabulary import rebuild_vocabulary


class Command(BaseCommand):
    help = "Load the curated archive (fixtures/*.json) in one transaction: all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Fixture directory (default: fixtures/).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already holds documents (used by `make run`, "
            "so a second run never overwrites an editor's work).",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Bring a database that already holds the archive to the fixtures' state: add "
            "new records, rewrite changed ones, remove sections the fixtures dropped. Refuses, "
            "writing nothing, if that would overwrite records changed in the database since "
            "the fixtures were last loaded or exported.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="With --update: overwrite those newer database changes with the fixtures.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="With --update: only say what would change."
        )

    def handle(self, *args, dir=None, if_empty=False, update=False, **options):
        self.verbosity = options["verbosity"]
        directory = dir or settings.ARCHIVE_FIXTURE_DIR
        if (options["overwrite"] or options["dry_run"]) and not update:
            raise CommandError("--overwrite and --dry-run go with --update.")
        if update:
            return self._update(
                directory, overwrite=options["overwrite"], dry_run=options["dry_run"]
            )
        if if_empty and Document.objects.exists():
            count = Document.objects.count()
            self.stdout.write(
                f"The archive is already loaded ({count} documents); left as is. "
                "`manage.py load_archive --update` brings it to the fixtures' state."
            )
            return
        try:
            report = load_archive(directory, progress=self._progress)
        except ArchiveLoadError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded the archive: {report}."))
        self._recount_vocabulary()

    def _update(self, directory, *, overwrite, dry_run):
        try:
            plan = update_archive(
                directory, overwrite=overwrite, dry_run=dry_run, progress=self._progress
            )
        except ArchiveUpdateConflict as exc:
            raise CommandError(f"Nothing was updated. {exc}") from exc
        except ArchiveLoadError as exc:
            raise CommandError(f"Nothing was updated. {exc}") from exc
        for label, items in [
            ("new", plan.new),
            ("changed", plan.changed),
            ("removed", plan.removed_sections),
            (
                "only in the database (kept; export to add them to the fixtures)",
                plan.only_in_database,
            ),
        ]:
            if items and (self.verbosity > 1 or dry_run):
                self.stdout.write(f"  {label}: {', '.join(items)}")
        if plan.conflicts:
            self.stdout.write(
                self.style.WARNING(f"Overwrote newer database changes: {', '.join(plan.conflicts)}")
            )
        if dry_run:
            self.stdout.write(f"Would update the archive: {plan}. Nothing was written.")
        elif plan.has_changes:
            self.stdout.write(self.style.SUCCESS(f"Updated the archive: {plan}."))
            self._recount_vocabulary()
        else:
            self.stdout.write(f"The archive already matches the fixtures: {plan}.")

    def _recount_vocabulary(self):
        # The search index follows the tables by itself (triggers); the spelling vocabulary
        # behind "did you mean" is counted from it, so a fresh load counts it too: a first
        # deployment or a restore (migrate, then load_archive) had no suggestions at all.
        words = rebuild_vocabulary()
        bump_generation()  # a search page cached in between would keep no suggestions
        if self.verbosity > 1:
            self.stdout.write(f"  counted the vocabulary: {words:,} distinct words")

    def _progress(self, name):
        if self.verbosity > 1:
            self.stdout.write(f"  loaded {name}")
