"""sitemap.xml: every public page, with when it last changed."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from documents.models import (
    CooperationArea,
    Document,
    Event,
    Official,
    Organization,
    Quote,
    Section,
    Series,
)


class PagesSitemap(Sitemap):
    priority = 0.6

    def items(self):
        return [
            "documents:home",
            "documents:document-list",
            "documents:area-list",
            "documents:timeline",
            "documents:official-list",
            "documents:quote-list",
            "documents:about",
        ]

    def location(self, item):
        return reverse(item)


class ModelSitemap(Sitemap):
    def lastmod(self, obj):
        return obj.updated_at


class DocumentSitemap(ModelSitemap):
    priority = 0.8

    def items(self):
        return Document.objects.published().only("slug", "updated_at").order_by("public_id")


class SectionSitemap(ModelSitemap):
    priority = 0.5

    def items(self):
        # Only what a URL and a date need: the bodies are most of a section's bytes.
        return (
            Section.objects.published()
            .select_related("document")
            .only("anchor", "updated_at", "document__slug")
            .order_by("document", "order")
        )


class QuoteSitemap(ModelSitemap):
    def items(self):
        return Quote.objects.published().only("public_id", "updated_at").order_by("public_id")


class AreaSitemap(ModelSitemap):
    def items(self):
        return CooperationArea.objects.order_by("slug")


class OfficialSitemap(ModelSitemap):
    def items(self):
        return Official.objects.public().order_by("slug")


class OrganizationSitemap(ModelSitemap):
    def items(self):
        return Organization.objects.order_by("slug")


class SeriesSitemap(ModelSitemap):
    def items(self):
        return Series.objects.order_by("slug")


class EventSitemap(ModelSitemap):
    def items(self):
        return Event.objects.order_by("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "documents": DocumentSitemap,
    "sections": SectionSitemap,
    "quotes": QuoteSitemap,
    "areas": AreaSitemap,
    "officials": OfficialSitemap,
    "organizations": OrganizationSitemap,
    "series": SeriesSitemap,
    "events": EventSitemap,
}
