"""Build the bulk download files (/data/): JSON Lines and CSV of the published archive."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from api import bulk


class Command(BaseCommand):
    help = (
        "Write the published archive as JSON Lines and CSV files (documents, sections, quotes, "
        "events) with a manifest of sizes, record counts and SHA-256, atomically, into "
        "BULK_DATA_DIR. Publishing or withdrawing a document rebuilds them too."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Write here instead of BULK_DATA_DIR.")
        parser.add_argument("--no-progress", action="store_true", help="No progress bars.")

    def handle(self, *args, directory=None, no_progress=False, **options):
        bars = []

        def progress(name, total):
            bar = tqdm(
                total=total,
                desc=f"{name:<9}",
                unit=" rows",
                file=self.stderr._out,
                disable=no_progress,
                leave=True,
            )
            bars.append(bar)
            return bar.update

        try:
            manifest = bulk.build(directory=directory, progress=progress)
        finally:
            for bar in bars:
                bar.close()
        for entry in manifest["files"]:
            self.stdout.write(
                f"{entry['file']:<16} {entry['records']:>8} records {entry['size']:>12,} bytes"
                f"  sha256 {entry['sha256']}"
            )
        self.stdout.write(self.style.SUCCESS(f"Built at {manifest['built_at']}."))
