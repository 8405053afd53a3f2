from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import errors, views
from api.search_views import search_endpoint

app_name = "api"

router = SimpleRouter()
router.register("documents", views.DocumentViewSet, basename="document")
router.register("sections", views.SectionViewSet, basename="section")
router.register("areas", views.AreaViewSet, basename="area")
router.register("officials", views.OfficialViewSet, basename="official")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("events", views.EventViewSet, basename="event")
router.register("series", views.SeriesViewSet, basename="series")
router.register("organizations", views.OrganizationViewSet, basename="organization")

urlpatterns = [
    path("v1/", views.api_root, name="root"),
    path(
        "v1/documents/<slug:slug>/sections/<slug:anchor>/",
        views.section_detail,
        name="section-detail",
    ),
    path("v1/timeline/", views.timeline, name="timeline"),
    path("v1/search/", search_endpoint, name="search"),
    path("v1/changes/", views.changes, name="changes"),
    path("v1/schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path(
        "v1/reference/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema"),
        name="reference",
    ),
    path("v1/", include(router.urls)),
    # Anything else under /api/: a JSON 404, not the site's HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", errors.not_found),
]
