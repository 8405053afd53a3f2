"""A URLconf for the page-cache tests: a page of another app that reads a parameter it does
not declare, next to the archive's own pages."""

from django.http import HttpResponse
from django.urls import include, path


def echo(request):
    return HttpResponse(f"x={request.GET.get('x', '')}")


urlpatterns = [
    path("echo/", echo, name="echo"),
    path("", include("documents.urls")),
]
