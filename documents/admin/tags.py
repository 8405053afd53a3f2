"""Area tags and their review: the keyword pass suggests, a person accepts or rejects.

Suggestions are listed in *Section area tags* (filtered to "suggested" by default) and on each
section's change page, with the words that triggered them; each has an *Accept* and a
*Reject* button: one click, one POST, and the reviewer and time are recorded. The buttons
submit a small form of their own (not the change form), so a click never saves or discards
anything else on the page.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from documents import services
from documents.admin.common import SectionChoicesMixin
from documents.admin.conflicts import RowsGoneInlineFormSet
from documents.models import DocumentArea, SectionArea, TagStatus


class AreaTagForm(forms.ModelForm):
    """A tag set to "reviewed" in a form is stamped when saved (services.stamp_review); the
    provisional time here only lets the model's own validation pass.

    ``seen_status`` is the status the editor saw when the page was loaded: a tag another
    editor accepted since (with its Accept button) is not set back to "suggested" by a save of
    the older page, which silently undid the review."""

    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_status"].initial = self.instance.status if self.instance.pk else ""

    def clean(self):
        cleaned = super().clean()
        seen = (self.data.get(self.add_prefix("seen_status")) or "").strip()
        current = self.instance.status  # as saved now (the row is read when the page posts)
        if self.instance.pk and seen and seen != current and "status" in cleaned:
            if cleaned["status"] == seen:
                cleaned["status"] = current  # not this editor's change: keep the other's
            elif cleaned["status"] != current:
                self.add_error(
                    "status",
                    f"Another editor set this tag to “{self.instance.get_status_display()}” "
                    "since you opened the page: check it and save again.",
                )
        if cleaned.get("status") == TagStatus.REVIEWED and self.instance.reviewed_at is None:
            self.instance.reviewed_at = timezone.now()
        # Another editor may have added the same tag since this page was opened (the form's
        # own unique check leaves out the section or document, which it does not hold).
        owner = "section" if isinstance(self.instance, SectionArea) else "document"
        owner_id = getattr(self.instance, f"{owner}_id", None)
        area = cleaned.get("area")
        if owner_id and area is not None:
            others = type(self.instance).objects.filter(**{f"{owner}_id": owner_id}, area=area)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "area",
                    f"This {owner} is already tagged “{area}” (perhaps by another editor since "
                    "you opened the page): reload to see it.",
                )
        return cleaned


def review_buttons(tag, model_name):
    """The Accept / Reject buttons of one tag (they submit the page's #area-review form)."""
    if tag.pk is None:
        return "—"
    buttons = []
    for action, label in (("accept", "Accept"), ("reject", "Reject")):
        if action == "accept" and tag.status == TagStatus.REVIEWED:
            continue
        # The status the editor sees, so that a click on a page loaded before another
        # editor's review is refused rather than undo it.
        url = reverse(f"admin:documents_{model_name}_{action}", args=[tag.pk])
        url = f"{url}?was={tag.status}"
        buttons.append(
            format_html(
                '<button type="submit" form="area-review" formaction="{}" class="button">'
                "{}</button>",
                url,
                label,
            )
        )
    return format_html(" ".join(["{}"] * len(buttons)), *buttons)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


class TagReviewMixin:
    """Accept/reject views for an area tag admin (SectionArea or DocumentArea)."""

    def get_urls(self):
        from django.urls import path

        name = self.model._meta.model_name
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/accept/", wrap(self.accept_view), name=f"documents_{name}_accept"),
            path("<int:pk>/reject/", wrap(self.reject_view), name=f"documents_{name}_reject"),
            *super().get_urls(),
        ]

    def _tag(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.model.objects.select_related("area"), pk=pk)

    def _changelist(self):
        name = self.model._meta.model_name
        return reverse(f"admin:documents_{name}_changelist")

    @staticmethod
    def _what(tag):
        return getattr(tag, "section", None) or tag.document

    def accept_view(self, request, pk):
        return require_POST(self._accept)(request, pk)

    def reject_view(self, request, pk):
        return require_POST(self._reject)(request, pk)

    def _accept(self, request, pk):
        tag = self._tag(request, pk)
        if refused := self._changed_since(request, tag, "accepted"):
            return refused
        services.accept_area_tag(tag, user=request.user)
        # In the tag's History and the admin's recent actions, as any other change.
        self.log_change(request, tag, f"Accepted “{tag.area}” on {self._what(tag)}.")
        self.message_user(request, f"Accepted “{tag.area}” on {self._what(tag)}.", messages.SUCCESS)
        return _back(request, self._changelist())

    def _changed_since(self, request, tag, action):
        """A click from a page that showed the tag in another state (another editor reviewed
        it since): refused with what happened, nothing changed."""
        was = request.GET.get("was")
        if not was or was == tag.status:
            return None
        who = f" by {tag.reviewed_by.get_username()}" if tag.reviewed_by else ""
        self.message_user(
            request,
            f"Not {action}: “{tag.area}” on {self._what(tag)} was set to "
            f"“{tag.get_status_display()}”{who} since you opened the page. Look at it again.",
            messages.WARNING,
        )
        return _back(request, self._changelist())

    def _reject(self, request, pk):
        tag = self._tag(request, pk)
        if not self.has_delete_permission(request, tag):
            raise PermissionDenied
        if refused := self._changed_since(request, tag, "rejected"):
            return refused
        self.log_deletions(request, self.model.objects.filter(pk=tag.pk))  # who rejected it
        services.reject_area_tag(tag, user=request.user)
        self.message_user(request, f"Rejected “{tag.area}” on {self._what(tag)}.", messages.SUCCESS)
        return _back(request, self._changelist())


class SuggestedFirstFilter(admin.SimpleListFilter):
    """Status, showing the suggestions waiting for review unless asked otherwise."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*TagStatus.choices, ("all", "All")]

    def choices(self, changelist):
        value = self.value() or TagStatus.SUGGESTED
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or TagStatus.SUGGESTED
        if value in TagStatus.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(SectionArea)
class SectionAreaAdmin(SectionChoicesMixin, TagReviewMixin, admin.ModelAdmin):
    form = AreaTagForm
    list_display = ["section", "document", "area", "status", "trigger", "reviewer", "review"]
    list_filter = [
        SuggestedFirstFilter,
        ("section__document", admin.RelatedOnlyFieldListFilter),
        "area",
    ]
    list_select_related = ["section__document", "area", "reviewed_by"]
    search_fields = ["section__pinpoint", "section__heading", "area__name", "trigger"]
    autocomplete_fields = ["section", "area"]
    readonly_fields = ["reviewed_by", "reviewed_at", "trigger"]
    change_list_template = "admin/documents/sectionarea/change_list.html"

    @admin.display(description="Document", ordering="section__document__date")
    def document(self, obj):
        return obj.section.document

    @admin.display(description="Reviewed by")
    def reviewer(self, obj):
        if obj.status != TagStatus.REVIEWED:
            return "—"
        return f"{obj.reviewed_by or 'unknown'}, {obj.reviewed_at:%Y-%m-%d}"

    @admin.display(description="Review")
    def review(self, obj):
        return review_buttons(obj, "sectionarea")

    def save_model(self, request, obj, form, change):
        services.stamp_review(obj, user=request.user)
        super().save_model(request, obj, form, change)


@admin.register(DocumentArea)
class DocumentAreaAdmin(TagReviewMixin, admin.ModelAdmin):
    form = AreaTagForm
    list_display = ["document", "area", "status", "trigger", "review"]
    list_filter = [SuggestedFirstFilter, "area"]
    list_select_related = ["document", "area"]
    search_fields = ["document__title", "area__name"]
    autocomplete_fields = ["document", "area"]
    readonly_fields = ["reviewed_by", "reviewed_at", "trigger"]
    change_list_template = "admin/documents/sectionarea/change_list.html"

    @admin.display(description="Review")
    def review(self, obj):
        return review_buttons(obj, "documentarea")

    def save_model(self, request, obj, form, change):
        services.stamp_review(obj, user=request.user)
        super().save_model(request, obj, form, change)


class AreaTagInline(admin.TabularInline):
    """A section's or document's areas: status, what suggested it, who reviewed it, and the
    one-click Accept / Reject buttons. A tag added or set to "reviewed" here is stamped with
    the editor and the time when the form is saved."""

    form = AreaTagForm
    formset = RowsGoneInlineFormSet
    extra = 0
    fields = ["area", "status", "seen_status", "trigger", "reviewed_by", "reviewed_at", "review"]
    readonly_fields = ["trigger", "reviewed_by", "reviewed_at", "review"]
    autocomplete_fields = ["area"]

    @admin.display(description="Review")
    def review(self, obj):
        return review_buttons(obj, self.model._meta.model_name)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area", "reviewed_by")


class SectionAreaInline(AreaTagInline):
    model = SectionArea
    verbose_name = "area"
    verbose_name_plural = "areas (only reviewed ones are public)"


class DocumentAreaInline(AreaTagInline):
    model = DocumentArea
    verbose_name = "area"
    verbose_name_plural = "areas (only reviewed ones are public)"


def stamp_inline_reviews(request, formset):
    """Called from the owners' ``save_formset``: record who reviewed what they saved."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for tag in instances:
        services.stamp_review(tag, user=request.user)
        tag.save()
    formset.save_m2m()
