"""Documents: the change form, import, publish and withdraw."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from reversion_compare.admin import CompareVersionAdmin

from documents import services
from documents.admin import maintenance
from documents.admin.common import (
    URL_FIELDS,
    HelpTextsAsText,
    LineEndsField,
    PublicationGuardMixin,
    SectionChoicesMixin,
    can_publish,
)
from documents.admin.conflicts import ConflictGuardInlineMixin, ConflictGuardMixin
from documents.admin.tags import DocumentAreaInline, stamp_inline_reviews
from documents.importer.parser import ParseError
from documents.models import (
    Document,
    Quote,
    Section,
)
from documents.services import SectionRemovalRefused, SourceHeaderError, looks_like_source_file


class YearListFilter(admin.SimpleListFilter):
    """Filter by the year of the document's date (the date hierarchy drills down further)."""

    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


class SectionInline(ConflictGuardInlineMixin, HelpTextsAsText, admin.TabularInline):
    """The document's outline. Sections come from the importer; body and areas are edited on
    each section's own page (the change link), which keeps this form's cost fixed however many
    sections a document has."""

    model = Section
    fk_name = "document"
    extra = 0
    fields = ["order", "pinpoint", "label", "heading"]
    readonly_fields = ["order", "pinpoint", "label"]
    show_change_link = True
    can_delete = False  # removing a section goes through its own page, which keeps its URL
    classes = ["collapse"]

    def has_add_permission(self, request, obj=None):
        return False


class QuoteInline(
    SectionChoicesMixin, ConflictGuardInlineMixin, HelpTextsAsText, admin.TabularInline
):
    """Quotes that appear in the document; each is edited on its own page (new ones are added
    below, in AddQuoteInline)."""

    model = Quote
    fk_name = "document"
    extra = 0
    # The note beside the basis: "inferred" needs one, and the model's check names it.
    fields = [
        "text",
        "official",
        "attribution",
        "attribution_basis",
        "attribution_note",
        "display_date",
    ]
    readonly_fields = ["official", "display_date"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official")

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Date")
    def display_date(self, obj):
        return obj.display_date


class AddQuoteInline(SectionChoicesMixin, HelpTextsAsText, admin.StackedInline):
    """Add the quotes found in this document without leaving it: blank forms only (the quotes
    already recorded are listed above), so the form's cost does not grow with the quotes."""

    model = Quote
    fk_name = "document"
    extra = 0
    verbose_name = "new quote"
    verbose_name_plural = "Add quotes that appear in this document"
    fields = [
        "text",
        "official",
        "attribution",
        ("date", "date_precision"),
        "context",
        "about_section",
        "areas",
    ]
    autocomplete_fields = ["official", "about_section", "areas"]
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class ImportTextForm(forms.Form):
    file = forms.FileField(required=False, help_text="A UTF-8 plain-text file.")
    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 20}), help_text="Or paste the text."
    )
    source_header = forms.BooleanField(
        required=False,
        label="The text starts with a source header",
        help_text="Lines such as “title: …”, “date: …”, “source: …”, “completeness: …”, then a "
        "line “---”, as in the files of fixtures/sources/. The header is recorded as the "
        "document’s provenance (Source, Completeness, Provenance notes), not as its text.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("text")
        if not upload and not text:
            raise forms.ValidationError("Upload a file or paste the text.")
        if upload:
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(
                    f"The file is not UTF-8 text (byte {exc.start} cannot be decoded)."
                ) from exc
        if not cleaned.get("source_header") and looks_like_source_file(cleaned["text"]):
            raise forms.ValidationError(
                "Nothing was imported: the text starts with a source header (“key: value” "
                "lines and “---”). Tick “The text starts with a source header” to record it as "
                "the document’s provenance; otherwise it would become part of the public text."
            )
        return cleaned


class WithdrawForm(forms.Form):
    withdrawn_reason = LineEndsField(
        label="Why are they withdrawn?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown on the tombstone page that replaces each document.",
    )


@admin.register(Document)
class DocumentAdmin(
    PublicationGuardMixin, ConflictGuardMixin, HelpTextsAsText, CompareVersionAdmin
):
    formfield_overrides = URL_FIELDS
    list_display = ["title", "kind", "display_date", "status", "series", "edition_label"]
    list_filter = [
        "kind",
        "status",
        "areas",
        YearListFilter,
        ("series", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["series"]
    search_fields = ["title", "short_title", "slug", "summary"]
    date_hierarchy = "date"
    autocomplete_fields = ["issuers", "publisher", "series"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["public_id", "checksum", "front_matter"]
    inlines = [DocumentAreaInline, SectionInline, QuoteInline, AddQuoteInline]
    change_form_template = "admin/documents/document/change_form.html"
    change_list_template = "admin/documents/document/change_list.html"
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["title", "short_title", "slug", "public_id", "kind", "status"]}),
        ("Date", {"fields": ["date", "date_precision"]}),
        (
            "Description",
            {
                "fields": [
                    "issuers",
                    "publisher",
                    "series",
                    "edition_label",
                    "language",
                    "summary",
                ]
            },
        ),
        (
            "Text and provenance",
            {
                "fields": [
                    "text_held",
                    "front_matter",
                    "rights",
                    "attribution",
                    "source_url",
                    "archived_url",
                    "source_description",
                    "reprinted_in",
                    "reprint_part",
                    "completeness",
                    "source_notes",
                    "retrieved_on",
                    "checksum",
                    "provenance_notes",
                ]
            },
        ),
        ("Withdrawal", {"fields": ["withdrawn_reason"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Date", ordering="date")
    def display_date(self, obj):
        return obj.display_date

    def save_formset(self, request, form, formset, change):
        if formset.model is DocumentAreaInline.model:
            stamp_inline_reviews(request, formset)
        else:
            super().save_formset(request, form, formset, change)

    def get_readonly_fields(self, request, obj=None):
        # The status changes only through the publish and withdraw actions (publishers only),
        # which record who did it and when; the change form shows it and never sets it.
        return [*super().get_readonly_fields(request, obj), "status", "withdrawn_reason"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_publish(request):
            actions.pop("publish", None)
            actions.pop("withdraw", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Document.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if queryset.exclude(status=Document.Status.DRAFT).exists():
            raise PermissionDenied("Published and withdrawn documents cannot be deleted.")
        super().delete_queryset(request, queryset)

    @admin.action(description="Publish the selected documents")
    def publish(self, request, queryset):
        if not can_publish(request):
            raise PermissionDenied
        changed = services.publish_documents(queryset, user=request.user)
        for document in changed:
            self.log_change(request, document, "Published.")
        self.message_user(request, f"Published {len(changed)} document(s).", messages.SUCCESS)

    @admin.action(description="Withdraw the selected documents…")
    def withdraw(self, request, queryset):
        """Asks for the reason first: a tombstone must say why the document went."""
        if not can_publish(request):
            raise PermissionDenied
        form = WithdrawForm(request.POST if "withdraw_confirmed" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["withdrawn_reason"]
            changed = services.withdraw_documents(queryset, reason=reason, user=request.user)
            for document in changed:
                self.log_change(request, document, f"Withdrawn: {reason}")
            self.message_user(request, f"Withdrew {len(changed)} document(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "documents": queryset,
            "form": form,
            "title": "Withdraw documents",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/documents/document/withdraw.html", context)

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/import-text/",
                self.admin_site.admin_view(self.import_text_view),
                name="documents_document_import_text",
            ),
            path(
                "maintenance/reindex/",
                self.admin_site.admin_view(self.reindex_view),
                name="documents_document_reindex",
            ),
            path(
                "maintenance/export/",
                self.admin_site.admin_view(self.export_view),
                name="documents_document_export",
            ),
        ]
        return urls + super().get_urls()

    def reindex_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return maintenance.reindex(self, request)

    def export_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return maintenance.export(self, request)

    def _report_provenance(self, request, document, report):
        recorded = ", ".join(report.provenance_fields) or "nothing new"
        self.message_user(
            request, f"Recorded the source header as provenance: {recorded}.", messages.SUCCESS
        )
        for warning in report.header_warnings:
            self.message_user(request, warning, messages.WARNING)

    def import_text_view(self, request, object_id):
        document = get_object_or_404(Document, pk=object_id)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        form = ImportTextForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text, with_header = form.cleaned_data["text"], form.cleaned_data["source_header"]
            try:
                if with_header:
                    report = services.import_source_file(document, text, user=request.user)
                else:
                    report = services.import_document_text(document, text, user=request.user)
            except ParseError as exc:
                where = "source header" if isinstance(exc, SourceHeaderError) else "text"
                form.add_error(None, f"Nothing was imported. In the {where}, {exc}.")
            except SectionRemovalRefused as exc:  # an editor, a published document's sections
                form.add_error(None, str(exc))
            else:
                self.log_change(request, document, f"Imported text: {report}")
                self.message_user(request, f"Imported the text: {report}.", messages.SUCCESS)
                if with_header:
                    self._report_provenance(request, document, report)
                return redirect(reverse("admin:documents_document_change", args=[document.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": document,
            "form": form,
            "title": f"Import text into “{document}”",
            "may_remove_sections": services.may_remove_sections(request.user, document),
        }
        return TemplateResponse(request, "admin/documents/document/import_text.html", context)
