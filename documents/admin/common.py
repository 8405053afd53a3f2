"""Shared by the admin modules."""

import json

from django import forms
from django.contrib import messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db import models
from django.shortcuts import redirect
from django.utils.html import escape

from documents import services
from documents.models import Section

# Links typed without a scheme are taken as https (Django 6's default).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def can_publish(request):
    return services.may_publish(request.user)


class PublicationGuardMixin:
    """History → revert and "Recover deleted" restore a whole revision, and a revision of a
    document (or of a section or quote, which carry their document) holds its status. The
    status is not the text: it changes only through the publish and withdraw actions, so after
    the revision is restored the documents' publication state is put back as it was (a
    recovered document comes back as a draft) — before the form is shown and before it saves.

    A section the revision brings back from deletion gets back its area tags and the quotes'
    links to it, as they were when it was deleted (``services.restore_section_links``): the
    revision holds the section, not them. Restoring a whole revision deletes the sections of
    its documents added since: for a published or withdrawn document that is a publisher's
    (``services.revert_refusal``), as a section's delete and an import are.
    """

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        if self._restores_whole_revision(version):
            refusal = services.revert_refusal(request.user, version.revision)
            if refusal:
                # (an editor, sections of a published document added since the version)
                self.message_user(request, refusal, messages.ERROR)
                opts = self.model._meta
                current = self.model._default_manager.filter(pk=version.object_id).exists()
                view = "history" if current else "recoverlist"
                args = [version.object_id] if current else []
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_{view}", *args)
        request._publication_states = services.publication_states(version.revision)
        request._section_addresses = services.section_addresses(request._publication_states)
        request._document_addresses = services.document_addresses(request._publication_states)
        request._sections_brought_back = services.deleted_sections_in(version.revision)
        request._restoring_revision = True  # the form shows an old version: no conflict check
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        states = getattr(request, "_publication_states", None)
        if states is not None:  # inside a revert: the revision was just restored
            services.keep_publication_states(states)
            services.keep_section_addresses(request._section_addresses)
            services.keep_document_addresses(request._document_addresses)
            services.restore_section_links(request._sections_brought_back)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _restores_whole_revision(self, version):
        """Whether the view restores the whole revision (and so deletes the sections of its
        documents added since): a document's does; a section's or quote's restores its own
        words only (``RevertThisObjectOnlyMixin``), unless it was deleted."""
        if not isinstance(self, RevertThisObjectOnlyMixin):
            return True
        return not version._model._default_manager.filter(pk=version.object_id).exists()


class RevertThisObjectOnlyMixin:
    """History → revert on a section's or a quote's page restores that section's or quote's
    own words alone. Their revisions carry their whole document (so that a version pins the
    text), and django-reversion's revert restores the whole revision: reverting one section
    put every other section of the document back too, and deleted those added since, losing
    other editors' later work without a word.

    What is restored is the object's own fields, except its place (``kept_on_revert``: a
    section's order, anchor, pinpoint and parent belong to the document's current outline,
    and an old order could clash with a section added since) and links to objects that are
    gone. An object that no longer exists ("Recover deleted") is restored with its revision,
    as before."""

    kept_on_revert = ()

    def _reversion_revisionform_view(self, request, version, template_name, extra_context=None):
        revision = version.revision
        keep = {"id", *self.kept_on_revert}
        model = version._model

        def restore_this_object_only(delete=False):
            current = model._default_manager.filter(pk=version.object_id).first()
            if current is None:
                return type(revision).revert(revision, delete=delete)
            fields = {f.attname: f for f in model._meta.concrete_fields}
            for attname, value in version.field_dict.items():
                field = fields.get(attname)  # (many-to-many values are not restored)
                if field is None or field.name in keep:
                    continue
                if field.is_relation and value is not None:
                    target = field.related_model._default_manager
                    if not target.filter(pk=value).exists():
                        continue  # what it pointed to is gone: keep the current link
                setattr(current, attname, value)
            current.save()

        revision.revert = restore_this_object_only
        return super()._reversion_revisionform_view(request, version, template_name, extra_context)


class OwnChangesHistoryMixin:
    """A section's or quote's History lists the revisions that changed it (and the first that
    holds it), not every revision of its document: each of those carries all its sections and
    quotes, so a section's History listed every edit anywhere in the document."""

    def _get_action_list(self, request, object_id, extra_context=None):
        actions = super()._get_action_list(request, object_id, extra_context=extra_context)
        oldest_first = sorted(actions, key=lambda action: action["version"].pk)
        kept, previous = set(), object()
        for action in oldest_first:
            state = _stored_fields(action["version"])
            if state != previous:
                kept.add(action["version"].pk)
            previous = state
        return [action for action in actions if action["version"].pk in kept]


def _stored_fields(version):
    """What a version stored of its object (the serialized fields), to compare versions."""
    try:
        return json.loads(version.serialized_data)[0]["fields"]
    except (ValueError, LookupError, TypeError):
        return version.serialized_data


def section_choice_label(section):
    """A section as an editor picks it, with its document: "II.1" alone was one of a dozen."""
    document = section.document
    return f"{document.short_title or document.title} — {section}"


class SectionChoicesMixin:
    """Every choice of a section (a quote's "about section", an alignment correction's
    sections, a tag's section) names its document, in the form as in its autocomplete
    (``LabelledAutocompleteJsonView``)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.related_model is Section:
            field.queryset = field.queryset.select_related("document")
            field.label_from_instance = section_choice_label
        return field


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, with a section named with its document."""

    def get_queryset(self):
        queryset = super().get_queryset()
        # (The view's own ``model`` is not set: the admin it searches is ``model_admin``.)
        section = self.model_admin.model is Section
        return queryset.select_related("document") if section else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Section):
            result["text"] = section_choice_label(obj)
        return result


def escaped_help_texts(model):
    """The model's help texts as text: Django's admin renders a help text as HTML, so a help
    text that mentions ``<em>`` or ``/d/<id>`` would open tags or lose its words."""
    return {
        field.name: escape(field.help_text)
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "")
    }


class LineEndsField(forms.CharField):
    """A text area's value with the line ends the archive stores ("\n"): browsers send
    "\r\n", so a form saved unchanged rewrote every multi-line field (History said
    "Changed Provenance notes", and the export showed a diff nobody made)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class HelpTextsAsText:
    """Mix into a ModelAdmin or an inline: its forms show the model's help texts as written,
    for editable and read-only fields alike (both read the form's ``Meta.help_texts``), and
    their text areas keep the archive's line ends (``LineEndsField``)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.TextField) and not db_field.choices:
            kwargs.setdefault("form_class", LineEndsField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        kwargs.setdefault("help_texts", escaped_help_texts(self.model))
        return super().get_form(request, obj, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("help_texts", escaped_help_texts(self.model))
        return super().get_formset(request, obj, **kwargs)
