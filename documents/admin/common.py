"""Shared by the admin modules."""

from django.db import models

# Links typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def can_publish(request):
    return request.user.has_perm("documents.publish_document")
