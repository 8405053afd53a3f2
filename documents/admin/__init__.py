"""The editors' admin.

Every change to a document, its sections or quotes is kept as a revision, with its author:
the "History" button shows them and compares any two. Editors add and change everything but
cannot publish, withdraw or delete a published document, nor remove its sections (by deleting
them, by importing a text or by restoring a version that lacks them); publishers
(``documents.publish_document``) may publish and withdraw, and remove those sections. Nothing
publishes by accident: a new document is a draft, and the status changes only through the
publish and withdraw actions (publishers only): the change form shows it read-only, and
History → revert and "Recover deleted" put the documents' publication state back after
restoring a revision. Two editors cannot silently overwrite each other: a save from a form
opened before someone else's save is refused with what changed, and nothing is lost
(conflicts.py).
"""

from django.contrib import admin  # noqa: E402

from documents.admin import compare, document, tags, taxonomy, text  # noqa: F401  (registers the admins)
from documents.admin.common import LabelledAutocompleteJsonView  # noqa: E402


def autocomplete_view(request):
    return LabelledAutocompleteJsonView.as_view(admin_site=admin.site)(request)


admin.site.autocomplete_view = autocomplete_view
