"""Absolute URLs of an object: its canonical page (what a citation points to), its short link
and its API record."""

from django.urls import reverse

from documents.citations import absolute_url
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


def page_url(request, obj):
    return absolute_url(request, obj.get_absolute_url())


def api_path(obj):
    if isinstance(obj, Document):
        return reverse("api:document-detail", kwargs={"slug": obj.slug})
    if isinstance(obj, Section):
        kwargs = {"slug": obj.document.slug, "anchor": obj.anchor}
        return reverse("api:section-detail", kwargs=kwargs)
    if isinstance(obj, Quote):
        return reverse("api:quote-detail", kwargs={"public_id": obj.public_id})
    names = {
        CooperationArea: "api:area-detail",
        Official: "api:official-detail",
        Organization: "api:organization-detail",
        Series: "api:series-detail",
        Event: "api:event-detail",
    }
    return reverse(names[type(obj)], kwargs={"slug": obj.slug})


def api_url(request, obj):
    return absolute_url(request, api_path(obj))


def short_url(request, obj):
    if isinstance(obj, Document):
        return absolute_url(request, reverse("documents:document-short", args=[obj.public_id]))
    return absolute_url(request, reverse("documents:quote-short", args=[obj.public_id]))
