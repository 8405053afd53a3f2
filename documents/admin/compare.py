"""Editors' corrections of computed comparisons (documents/compare.py, docs/compare.md)."""

from django.contrib import admin

from documents.admin.common import HelpTextsAsText, SectionChoicesMixin
from documents.admin.conflicts import ConflictGuardMixin
from documents.models import AlignmentCorrection


@admin.register(AlignmentCorrection)
class AlignmentCorrectionAdmin(
    SectionChoicesMixin, ConflictGuardMixin, HelpTextsAsText, admin.ModelAdmin
):
    """Confirm a computed pair, pair two sections the computation missed (re-pair), or unpair:
    forbid a pair, or, with one section only, say it has no counterpart; merge or split: a
    section carried within (or drawn from) one that has its own partner. "View on site" opens
    the comparison with the correction applied. A stale save is refused, as everywhere."""

    list_display = ["__str__", "earlier_document", "later_document", "action", "updated_at"]
    list_filter = ["action", ("earlier_document", admin.RelatedOnlyFieldListFilter)]
    list_select_related = [
        "earlier_document",
        "later_document",
        "earlier_section",
        "later_section",
    ]
    search_fields = [
        "earlier_section__pinpoint",
        "earlier_section__heading",
        "later_section__pinpoint",
        "later_section__heading",
        "note",
    ]
    autocomplete_fields = ["earlier_document", "later_document", "earlier_section", "later_section"]
    fieldsets = [
        (None, {"fields": ["earlier_document", "later_document", "action"]}),
        (
            "Sections",
            {
                "fields": ["earlier_section", "later_section", "note"],
                "description": "Confirm and pair name a section on each side; unpair names "
                "two sections that must not be paired, or one that has no counterpart; merge "
                "names an earlier section whose text the later one (paired with another) "
                "carries, split a later section drawn from the earlier one (paired with "
                "another).",
            },
        ),
    ]
