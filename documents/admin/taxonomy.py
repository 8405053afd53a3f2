"""Areas, organizations, series, officials and events: the vocabulary documents refer to."""

from django.contrib import admin
from django.db.models import Count

from documents.admin.common import URL_FIELDS
from documents.models import (
    CooperationArea,
    Event,
    Official,
    Organization,
    Series,
)


@admin.register(CooperationArea)
class CooperationAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "edition_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(edition_count=Count("documents"))

    @admin.display(description="Editions", ordering="edition_count")
    def edition_count(self, obj):
        return obj.edition_count


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ["__str__", "name", "description", "organization"]
    list_filter = [("organization", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["name", "description", "role", "slug"]
    autocomplete_fields = ["organization"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "display_date"]
    list_filter = ["areas"]
    search_fields = ["title", "description"]
    date_hierarchy = "date"
    autocomplete_fields = ["documents", "areas"]
    prepopulated_fields = {"slug": ["title"]}

    @admin.display(description="Date", ordering="date")
    def display_date(self, obj):
        return obj.display_date
