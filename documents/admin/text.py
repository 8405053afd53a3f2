"""Sections and quotes, each edited on its own page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from documents import services
from documents.admin.common import (
    HelpTextsAsText,
    OwnChangesHistoryMixin,
    PublicationGuardMixin,
    RevertThisObjectOnlyMixin,
    SectionChoicesMixin,
)
from documents.admin.conflicts import ConflictCheckedForm, ConflictGuardMixin
from documents.admin.tags import SectionAreaInline, stamp_inline_reviews
from documents.models import (
    Document,
    Quote,
    Section,
    SectionAlias,
    pinpoint_name,
)

# The fields that place a section in its document. The importer sets them; changing one by hand
# reorders the text, moves the section under another parent or changes its citation.
STRUCTURE_FIELDS = ["order", "level", "pinpoint", "anchor", "parent"]
UNLOCK_PARAMETER = "unlock"  # ?unlock=structure


class SectionForm(ConflictCheckedForm):
    """The section form's checks of the structural fields, when it holds them (the add form,
    or the change form unlocked): another section of the document already with this anchor,
    order or pinpoint (the database's constraints leave out the document, which the change
    form does not hold: a 500; a pinpoint is not a constraint, and a duplicate corrupted the
    next import), and a parent that would put the section under itself (the public pages then
    never answered). Only what this editor changed is checked: existing data a load or an
    import wrote (a load checks whole documents, not one row) never blocks a text edit."""

    CHECKED = (
        ("anchor", "address"),
        ("order", "place in the reading order"),
        ("pinpoint", "citation"),
    )

    def clean(self):
        cleaned = super().clean()
        document = cleaned.get("document") or getattr(self.instance, "document", None)
        if document is None:
            return cleaned
        others = Section.objects.filter(document=document).exclude(pk=self.instance.pk)
        for name, what in self.CHECKED:
            value = cleaned.get(name)
            if name not in self.fields or name not in self.changed_data or value in ("", None):
                continue
            clash = others.filter(**{name: value}).first()
            if clash is not None:
                self.add_error(
                    name,
                    f"{pinpoint_name(clash.pinpoint)} of this document already has this {what} "
                    f"({value}): two sections cannot share it.",
                )
        anchor = cleaned.get("anchor")
        if "anchor" in self.fields and "anchor" in self.changed_data and anchor:
            alias = SectionAlias.objects.filter(document=document, anchor=anchor).first()
            if alias is not None and alias.section_id != self.instance.pk:
                self.add_error(
                    "anchor",
                    "This was the address of another section of this document, and cited "
                    "links to it still lead there: choose another anchor.",
                )
        parent = cleaned.get("parent")
        if (
            "parent" in self.fields
            and "parent" in self.changed_data
            and parent
            and self.instance.pk
        ):
            seen, ancestor = {self.instance.pk}, parent
            while ancestor is not None:
                if ancestor.pk in seen:
                    self.add_error(
                        "parent",
                        f"{pinpoint_name(ancestor.pinpoint)} is already under this one: a section "
                        "cannot be its own parent, however far up.",
                    )
                    break
                seen.add(ancestor.pk)
                ancestor = ancestor.parent
        return cleaned


@admin.register(Section)
class SectionAdmin(
    OwnChangesHistoryMixin,
    RevertThisObjectOnlyMixin,
    PublicationGuardMixin,
    ConflictGuardMixin,
    HelpTextsAsText,
    CompareVersionAdmin,
):
    """The form is for the text: label, heading, body, areas. The structural fields sit apart,
    folded and read-only, until an editor deliberately unlocks them."""

    form = SectionForm
    kept_on_revert = ("document", *STRUCTURE_FIELDS)
    list_display = ["__str__", "document", "order", "label"]
    list_filter = [("document", admin.RelatedOnlyFieldListFilter), "areas"]
    list_select_related = ["document"]
    search_fields = ["pinpoint", "heading", "body", "document__title"]
    autocomplete_fields = ["document", "parent"]
    inlines = [SectionAreaInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is SectionAreaInline.model:
            stamp_inline_reviews(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def structure_unlocked(self, request, obj):
        return obj is None or request.GET.get(UNLOCK_PARAMETER) == "structure"

    def get_fieldsets(self, request, obj=None):
        # ConflictGuardMixin adds the hidden version field to whatever this returns.
        text = (None, {"fields": ["document", "label", "heading", "body"]})
        if self.structure_unlocked(request, obj):
            description = (
                "Set by the importer. Changing them reorders the text, moves the section or "
                "changes its citation (pinpoint) and its address (anchor)."
            )
            if obj is not None:
                description += " Unlocked for this edit."
            structure = {"fields": STRUCTURE_FIELDS, "description": description}
        else:
            structure = {
                "fields": STRUCTURE_FIELDS,
                "classes": ["collapse"],
                "description": format_html(
                    "Set by the importer, and read-only here: changing them reorders the text, "
                    "moves the section or changes its citation and address. "
                    '<a href="?{}=structure">Unlock the structure for this edit</a>',
                    UNLOCK_PARAMETER,
                ),
            }
        return [text, ("Place in the document", structure)]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("document")
        if not self.structure_unlocked(request, obj):
            fields += STRUCTURE_FIELDS
        return fields

    # Deleting a section of a published or withdrawn document is for publishers; editors
    # delete a draft's (services.may_remove_sections, which an import follows too).
    def has_delete_permission(self, request, obj=None):
        if obj is not None and not services.may_remove_sections(request.user, obj.document):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.delete_sections(Section.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        documents = Document.objects.filter(sections__in=queryset).distinct().only("status")
        if not all(services.may_remove_sections(request.user, d) for d in documents):
            raise PermissionDenied(
                "Only publishers delete sections of published or withdrawn documents."
            )
        services.delete_sections(queryset)


@admin.register(Quote)
class QuoteAdmin(
    SectionChoicesMixin,
    OwnChangesHistoryMixin,
    RevertThisObjectOnlyMixin,
    PublicationGuardMixin,
    ConflictGuardMixin,
    HelpTextsAsText,
    CompareVersionAdmin,
):
    kept_on_revert = ("document", "public_id")
    list_display = [
        "__str__",
        "official",
        "attribution",
        "attribution_basis",
        "document",
        "display_date",
    ]
    list_filter = ["attribution", "areas"]
    list_select_related = ["official", "document"]
    search_fields = ["text", "official__name", "official__description", "context"]
    date_hierarchy = "date"
    autocomplete_fields = ["official", "document", "about_document", "about_section", "areas"]
    readonly_fields = ["public_id"]

    @admin.display(description="Date", ordering="date")
    def display_date(self, obj):
        return obj.display_date
