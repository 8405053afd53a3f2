"""Shared by the admin modules."""

from django.db import models
from django.utils.html import escape

# Links typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def can_publish(request):
    return request.user.has_perm("documents.publish_document")


def escaped_help_texts(model):
    """The model's help texts as text: Django's admin renders a help text as HTML, so a help
    text that mentions ``<em>`` or ``/d/<id>`` would open tags or lose its words."""
    return {
        field.name: escape(field.help_text)
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "")
    }


class HelpTextsAsText:
    """Mix into a ModelAdmin or an inline: its forms show the model's help texts as written,
    for editable and read-only fields alike (both read the form's ``Meta.help_texts``)."""

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("help_texts", escaped_help_texts(self.model))
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("help_texts", escaped_help_texts(self.model))
        return super().get_formset(request, obj, **kwargs)
