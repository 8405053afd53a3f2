from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents import services
from documents.importer.parser import ParseError
from documents.models import Document


class Command(BaseCommand):
    help = (
        "Split a plain-text document into sections by its printed numbering and store them "
        "on an existing document. Re-importing the same text changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file.")
        parser.add_argument("--document", required=True, help="The slug of the document.")
        parser.add_argument(
            "--source-header",
            action="store_true",
            help="The file starts with a provenance header (title:, date:, source:, "
            "completeness:) and a '---' line, as the files in fixtures/sources/ do; the header "
            "is stored as the document's provenance.",
        )

    def handle(self, *args, file, document, source_header=False, **options):
        try:
            target = Document.objects.get(slug=document)
        except Document.DoesNotExist as exc:
            raise CommandError(f"No document with the slug {document!r}.") from exc
        path = Path(file)
        try:
            raw = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded)."
            ) from exc
        try:
            if source_header:
                report = services.import_source_file(target, raw)
            else:
                report = services.import_document_text(target, raw)
        except ParseError as exc:
            raise CommandError(f"Nothing was imported. {path}: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"{target.slug}: {report}."))
