"""Short links that never change: /d/<public id>[/<anchor>] and /q/<public id>."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from documents.models import (
    Document,
    Quote,
)
from documents.views.common import gone, permanent_redirect


def document_short_link(request, public_id, anchor=None):
    """/d/<public id>[/<anchor>]: never changes; answers 301 to the current canonical URL."""
    document = get_object_or_404(Document.objects.public(), public_id=public_id)
    if document.status == Document.Status.WITHDRAWN:
        return gone(request, document)
    if anchor is None:
        return permanent_redirect(request, document.get_absolute_url())
    url = reverse("documents:section-detail", kwargs={"slug": document.slug, "anchor": anchor})
    return permanent_redirect(request, url)


def quote_short_link(request, public_id):
    quote = get_object_or_404(
        Quote.objects.exclude(document__status="draft").select_related("document"),
        public_id=public_id,
    )
    if quote.document.status == Document.Status.WITHDRAWN:
        return gone(request, quote.document)  # 410 at every address of a withdrawn quote
    return permanent_redirect(request, quote.get_absolute_url())
