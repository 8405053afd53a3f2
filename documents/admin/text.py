"""Sections and quotes, each edited on its own page."""

from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

from documents import services
from documents.admin.tags import SectionAreaInline, stamp_inline_reviews
from documents.models import (
    Quote,
    Section,
)


@admin.register(Section)
class SectionAdmin(CompareVersionAdmin):
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

    def delete_model(self, request, obj):
        services.delete_sections(Section.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.delete_sections(queryset)


@admin.register(Quote)
class QuoteAdmin(CompareVersionAdmin):
    list_display = ["__str__", "official", "attribution", "document", "display_date"]
    list_filter = ["attribution", "areas"]
    list_select_related = ["official", "document"]
    search_fields = ["text", "official__name", "official__description", "context"]
    date_hierarchy = "date"
    autocomplete_fields = ["official", "document", "about_document", "about_section", "areas"]
    readonly_fields = ["public_id"]

    @admin.display(description="Date", ordering="date")
    def display_date(self, obj):
        return obj.display_date
