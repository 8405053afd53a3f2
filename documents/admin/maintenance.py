"""Two jobs an editor used to need a shell for, as admin pages: rebuild the search index, and
export the archive to the fixture files (for the editor to review and commit)."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.management import call_command
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from documents.archive import export_changes
from search.models import SearchEntry


def _confirm(model_admin, request, *, title, action, explanation, button):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "action": action,
        "explanation": explanation,
        "button": button,
    }
    return TemplateResponse(request, "admin/documents/document/maintenance.html", context)


def _back_to_documents():
    return redirect(reverse("admin:documents_document_changelist"))


def reindex(model_admin, request):
    """Rebuild the full-text index and the spelling vocabulary (search's own command)."""
    if request.method != "POST":
        return _confirm(
            model_admin,
            request,
            title="Rebuild the search index",
            action="reindex",
            explanation=[
                "The index follows every save by itself. Rebuild it after importing a new "
                "text (the spelling suggestions, “did you mean …”, are only recounted here), "
                "or if search results look out of date.",
                "It takes a few seconds for the archive as it is; searches keep working "
                "meanwhile and see the new index when it is complete.",
            ],
            button="Rebuild the search index",
        )
    call_command("rebuild_search_index", stdout=io.StringIO())
    count = SearchEntry.objects.count()
    model_admin.message_user(
        request,
        f"Rebuilt the search index: {count:,} documents, sections and quotes are searchable, "
        "and the spelling suggestions are up to date.",
        messages.SUCCESS,
    )
    return _back_to_documents()


def export(model_admin, request):
    """Write the archive to the fixture files; they still have to be committed."""
    directory = Path(settings.ARCHIVE_FIXTURE_DIR)
    if request.method != "POST":
        return _confirm(
            model_admin,
            request,
            title="Export the archive to the fixture files",
            action="export",
            explanation=[
                f"This writes the whole archive, as it is in the database now, to the fixture "
                f"files in {directory.name}/ on the server (one file per kind of record, one "
                f"per document's sections).",
                "Exporting does not publish anything and does not put the change in the "
                "repository: after exporting, review the difference (git diff fixtures/) and "
                "commit the files, as docs/curation.md describes.",
            ],
            button="Export to the fixture files",
        )
    try:
        changed = export_changes(directory)
    except OSError as exc:
        model_admin.message_user(
            request,
            f"Nothing was exported: cannot write to {directory.name}/ ({exc.strerror}).",
            messages.ERROR,
        )
        return _back_to_documents()
    if changed:
        listed = ", ".join(changed[:12]) + (
            f" and {len(changed) - 12} more" if len(changed) > 12 else ""
        )
        model_admin.message_user(
            request,
            f"Exported the archive: {len(changed)} fixture file(s) changed in {directory.name}/ "
            f"({listed}). They are not committed yet: review them with “git diff fixtures/” and "
            "commit them.",
            messages.SUCCESS,
        )
    else:
        model_admin.message_user(
            request,
            f"Exported the archive: the fixture files in {directory.name}/ already matched the "
            "database; there is nothing to commit.",
            messages.INFO,
        )
    return _back_to_documents()
