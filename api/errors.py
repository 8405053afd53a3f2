"""The API's one mapping of errors: the domain's NotFound / Moved / Gone become JSON 404 /
301 / 410 (the tombstone's data in the body), as the pages map them to HTML. Every error is
JSON with a ``detail`` message; none is an HTML page."""

from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api import links
from documents.citations import absolute_url
from documents.exceptions import Gone, Moved, NotFound
from documents.models import Document


def exception_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, NotFound):
        return Response({"detail": exc.message}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, Moved):
        location = moved_location(request, exc, getattr(context.get("view"), "kwargs", {}))
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{location}?{query}" if query else location)
    if isinstance(exc, Gone):
        from api.serializers import TombstoneSerializer

        data = {
            "detail": "This document was withdrawn from the archive.",
            "tombstone": TombstoneSerializer(exc.record, context={"request": request}).data,
        }
        return Response(data, status=status.HTTP_410_GONE)
    if isinstance(exc, Http404):
        return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"parameters": exc.detail}
        errors = {name: _messages(value) for name, value in errors.items()}
        detail = "Some parameters were not understood: " + ", ".join(sorted(errors)) + "."
        return Response({"detail": detail, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def moved_location(request, moved, kwargs):
    """The record a Moved leads to: a renamed document's section keeps its anchor (and so
    stays a section record); otherwise the target's own record."""
    target = moved.target
    if moved.renamed and isinstance(target, Document) and "anchor" in kwargs:
        path = reverse(
            "api:section-detail", kwargs={"slug": target.slug, "anchor": kwargs["anchor"]}
        )
        return absolute_url(request, path)
    return links.api_url(request, target)


def _messages(value):
    if isinstance(value, dict):
        return [message for item in value.values() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def not_found(request, path=""):
    """Any address under /api/ that names no endpoint: a JSON 404, not the site's HTML page."""
    return JsonResponse(
        {"detail": "No such API endpoint. The endpoints are listed at /api/v1/."}, status=404
    )
