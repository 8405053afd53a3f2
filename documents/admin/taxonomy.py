"""Areas, organizations, series, officials and events: the vocabulary documents refer to."""

from django import forms
from django.contrib import admin
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.text import slugify

from documents.admin.common import URL_FIELDS, HelpTextsAsText
from documents.models import (
    CooperationArea,
    Event,
    Official,
    Organization,
    Series,
)


@admin.register(CooperationArea)
class CooperationAreaAdmin(HelpTextsAsText, admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description", "tagging_rules"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_search_results(self, request, queryset, search_term):
        """The areas found, those named by the term first: in the tag picker "space" offered
        Air and missile defense (its description says "airspace") first and Space fifth, so
        Enter tagged a section with the wrong area. Only the picker: the change list keeps the
        order its column headers set."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        match = getattr(request, "resolver_match", None)
        if term and match is not None and match.url_name == "autocomplete":
            named = Case(
                When(name__iexact=term, then=Value(0)),
                When(name__istartswith=term, then=Value(1)),
                When(name__icontains=term, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
            queryset = queryset.order_by(named, "name")
        return queryset, may_have_duplicates


@admin.register(Organization)
class OrganizationAdmin(HelpTextsAsText, admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(HelpTextsAsText, admin.ModelAdmin):
    list_display = ["title", "slug", "edition_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(edition_count=Count("documents"))

    @admin.display(description="Editions", ordering="edition_count")
    def edition_count(self, obj):
        return obj.edition_count


class OfficialForm(forms.ModelForm):
    """The slug may be left empty: it is then made from the name (or, for an anonymous
    official, the description as reported), as the page prefills it while typing."""

    class Meta:
        model = Official
        fields = ["name", "description", "slug", "role", "organization"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "The address /officials/<slug>/. Filled in from the name (or the description) "
                "if left empty."
            )

    def clean(self):
        cleaned = super().clean()
        if "slug" in self.fields and not cleaned.get("slug"):
            source = cleaned.get("name") or cleaned.get("description") or ""
            base = slugify(source)[:100].strip("-")
            if base:
                cleaned["slug"] = unique_slug(base, exclude=self.instance.pk)
                self.instance.slug = cleaned["slug"]
            else:
                self.add_error("slug", "Give a name, a description or a slug.")
        return cleaned


def unique_slug(base, *, exclude=None):
    taken = set(
        Official.objects.filter(slug__startswith=base)
        .exclude(pk=exclude)
        .values_list("slug", flat=True)
    )
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


@admin.register(Official)
class OfficialAdmin(HelpTextsAsText, admin.ModelAdmin):
    form = OfficialForm
    list_display = ["__str__", "name", "description", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name", "description", "role", "slug"]
    autocomplete_fields = ["organization"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Event)
class EventAdmin(HelpTextsAsText, admin.ModelAdmin):
    list_display = ["title", "display_date"]
    list_filter = ["areas"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["documents", "areas"]
    prepopulated_fields = {"slug": ["title"]}

    @admin.display(description="Date", ordering="date")
    def display_date(self, obj):
        return obj.display_date
