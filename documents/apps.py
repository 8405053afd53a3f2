from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Archive"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import (
            m2m_changed,
            post_delete,
            post_save,
            pre_delete,
            pre_save,
        )
        from reversion.signals import post_revision_commit

        from alliance.db import install_read_deadline
        from documents import checks  # noqa: F401  (registers the system checks)
        from documents.cache import bump_generation, release
        from documents.models import keep_summary_text
        from documents.revisions import record_versions_for_revision
        from documents.services import (
            keep_a_deleted_sections_address,
            remember_a_deleted_sections_links,
        )

        # The code's release keys the cached renderings: taken as the process starts, from
        # the files it runs (documents/cache.py).
        release()

        # A revision that changes a document's text records its next version ("cite this
        # version"; documents/revisions.py).
        post_revision_commit.connect(record_versions_for_revision, dispatch_uid="versions")

        # However a section goes (the admin, an import, a History revert), a published
        # section's address stays, leading to its document (documents/services.py).
        pre_delete.connect(
            keep_a_deleted_sections_address, sender="documents.Section", dispatch_uid="alias"
        )
        # ... and its area tags and the quotes about it come back if the section does.
        pre_delete.connect(
            remember_a_deleted_sections_links, sender="documents.Section", dispatch_uid="links"
        )

        # The search index holds a summary's words, not its markup (documents/models.py).
        pre_save.connect(keep_summary_text, sender="documents.Document", dispatch_uid="summary")

        # A statement that gets no answer fails after DATABASE_READ_TIMEOUT (alliance/db.py).
        connection_created.connect(install_read_deadline, dispatch_uid="db-read-deadline")

        # Any change to the archive makes every cached public page stale (documents/cache.py).
        for model in self.get_models():
            if model._meta.label == "documents.DeletedSectionLinks":
                continue  # editors' bookkeeping, on no page
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"bump-d-{model}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(bump_generation, sender=through, dispatch_uid=f"bump-{through}")
