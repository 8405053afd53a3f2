from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Archive"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from reversion.signals import post_revision_commit

        from documents.cache import bump_generation
        from documents.revisions import record_versions_for_revision

        # A revision that changes a document's text records its next version ("cite this
        # version"; documents/revisions.py).
        post_revision_commit.connect(record_versions_for_revision, dispatch_uid="versions")

        # Any change to the archive makes every cached public page stale (documents/cache.py).
        for model in self.get_models():
            post_save.connect(bump_generation, sender=model, dispatch_uid=f"bump-{model}")
            post_delete.connect(bump_generation, sender=model, dispatch_uid=f"bump-d-{model}")
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                m2m_changed.connect(bump_generation, sender=through, dispatch_uid=f"bump-{through}")
