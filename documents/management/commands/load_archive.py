from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.archive import ArchiveLoadError, load_archive
from documents.models import Document


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

    def handle(self, *args, dir=None, if_empty=False, **options):
        self.verbosity = options["verbosity"]
        directory = dir or settings.ARCHIVE_FIXTURE_DIR
        if if_empty and Document.objects.exists():
            count = Document.objects.count()
            self.stdout.write(f"The archive is already loaded ({count} documents); left as is.")
            return
        try:
            report = load_archive(directory, progress=self._progress)
        except ArchiveLoadError as exc:
            raise CommandError(f"Nothing was loaded. {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded the archive: {report}."))

    def _progress(self, name):
        if self.verbosity > 1:
            self.stdout.write(f"  loaded {name}")
