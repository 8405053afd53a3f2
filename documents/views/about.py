"""The About page: what the archive is, its editorial policy, and how to report an error."""

from django.conf import settings
from django.shortcuts import render

from documents.models import Document


def about(request):
    context = {
        "curator": settings.ALLIANCE_CURATOR,
        "contact_email": settings.ALLIANCE_CONTACT_EMAIL,
        "corrections_url": settings.ALLIANCE_CORRECTIONS_URL,
        "rights": [label for _value, label in Document._meta.get_field("rights").choices],
    }
    return render(request, "documents/about.html", context)
