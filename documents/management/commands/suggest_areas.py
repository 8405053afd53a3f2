from django.core.management.base import BaseCommand, CommandError

from documents.models import Document
from documents.tagging import tag_document_sections


class Command(BaseCommand):
    help = (
        "Tag a document's sections with the cooperation areas their wording names (a keyword "
        "pass, see documents/tagging.py). An editor then checks the tags in the admin."
    )

    def add_arguments(self, parser):
        parser.add_argument("--document", required=True, help="The slug of the document.")
        parser.add_argument("--dry-run", action="store_true", help="Only list the suggestions.")

    def handle(self, *args, document, dry_run=False, **options):
        try:
            target = Document.objects.get(slug=document)
        except Document.DoesNotExist as exc:
            raise CommandError(f"No document with the slug {document!r}.") from exc
        added = tag_document_sections(target, dry_run=dry_run)
        for pinpoint, slugs in added.items():
            self.stdout.write(f"  {pinpoint}: {', '.join(slugs)}")
        verb = "Would add" if dry_run else "Added"
        count = sum(len(slugs) for slugs in added.values())
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {count} area tag(s) to {len(added)} section(s).")
        )
