"""Sections and quotes, each edited on its own page."""

from django.contrib import admin
from django.utils.html import format_html
from reversion_compare.admin import CompareVersionAdmin

from documents import services
from documents.admin.common import (
    HelpTextsAsText,
    PublicationGuardMixin,
    RevertThisObjectOnlyMixin,
)
from documents.admin.conflicts import ConflictGuardMixin
from documents.admin.tags import SectionAreaInline, stamp_inline_reviews
from documents.models import (
    Quote,
    Section,
)

# The fields that place a section in its document. The importer sets them; changing one by hand
# reorders the text, moves the section under another parent or changes its citation.
STRUCTURE_FIELDS = ["order", "level", "pinpoint", "anchor", "parent"]
UNLOCK_PARAMETER = "unlock"  # ?unlock=structure


@admin.register(Section)
class SectionAdmin(
    RevertThisObjectOnlyMixin,
    PublicationGuardMixin,
    ConflictGuardMixin,
    HelpTextsAsText,
    CompareVersionAdmin,
):
    """The form is for the text: label, heading, body, areas. The structural fields sit apart,
    folded and read-only, until an editor deliberately unlocks them."""

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

    def delete_model(self, request, obj):
        services.delete_sections(Section.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_sections(queryset)


@admin.register(Quote)
class QuoteAdmin(
    RevertThisObjectOnlyMixin,
    PublicationGuardMixin,
    ConflictGuardMixin,
    HelpTextsAsText,
    CompareVersionAdmin,
):
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
