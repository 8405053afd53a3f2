from django.conf import settings
from django.core.management.base import BaseCommand

from documents.archive import export_archive


class Command(BaseCommand):
    help = "Write the archive back to the fixture files (sorted and stable, for review as a diff)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="Fixture directory (default: fixtures/).")

    def handle(self, *args, dir=None, **options):
        directory = dir or settings.ARCHIVE_FIXTURE_DIR
        paths = export_archive(directory)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(paths)} fixture files to {directory}."))
