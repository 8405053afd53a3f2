"""sitemap.xml: every public page, with when it last changed."""

import hashlib

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from documents.cache import kept_for_generation
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
    """Items are read in one query: a list (a queryset would be counted first, one more query
    per sitemap), with only what a URL and a date need."""

    def lastmod(self, obj):
        return obj.updated_at


class DocumentSitemap(ModelSitemap):
    priority = 0.8

    def items(self):
        return list(Document.objects.published().only("slug", "updated_at").order_by("public_id"))


class SectionSitemap(ModelSitemap):
    priority = 0.5

    def items(self):
        # Only what a URL and a date need: the bodies are most of a section's bytes.
        return list(
            Section.objects.published_text()
            .select_related("document")
            .only("anchor", "updated_at", "document__slug")
            .order_by("document", "order")
        )


class QuoteSitemap(ModelSitemap):
    def items(self):
        return list(Quote.objects.published().only("public_id", "updated_at").order_by("public_id"))


class AreaSitemap(ModelSitemap):
    def items(self):
        return list(CooperationArea.objects.only("slug", "updated_at").order_by("slug"))


class OfficialSitemap(ModelSitemap):
    def items(self):
        return list(Official.objects.public().only("slug", "updated_at").order_by("slug"))


class OrganizationSitemap(ModelSitemap):
    def items(self):
        return list(Organization.objects.only("slug", "updated_at").order_by("slug"))


class SeriesSitemap(ModelSitemap):
    def items(self):
        return list(Series.objects.only("slug", "updated_at").order_by("slug"))


class EventSitemap(ModelSitemap):
    def items(self):
        return list(Event.objects.only("slug", "updated_at").order_by("slug"))


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


def sitemap(request):
    """sitemap.xml: Django's sitemap view over SITEMAPS, rendered once per archive generation
    for each address it is asked at (every <loc> is absolute) and kept with its headers
    (Last-Modified, X-Robots-Tag). Every line of it is a row of the archive, the same for
    every reader until something is saved; a save makes it stale at once, like every page
    (documents/cache.py). Any other page than the first (?p=2, ?p=x: 404) is not kept."""
    if request.GET.get("p", "1") != "1":
        return sitemap_views.sitemap(request, sitemaps=SITEMAPS)
    address = f"{request.scheme}://{request.get_host()}"
    digest = hashlib.sha256(address.encode()).hexdigest()

    def render():
        return sitemap_views.sitemap(request, sitemaps=SITEMAPS).render()

    return kept_for_generation(f"sitemap:{digest}", render)
