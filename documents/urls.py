from django.urls import path, register_converter

from documents import feeds, views
from documents.converters import CitationFormatConverter

register_converter(CitationFormatConverter, "citefmt")

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path("documents/<slug:slug>/cite.<citefmt:fmt>", views.document_cite, name="document-cite"),
    path(
        "documents/<slug:slug>/revisions/<int:revision>/",
        views.document_revision,
        name="document-revision",
    ),
    path(
        "documents/<slug:slug>/revisions/<int:revision>/changes/",
        views.document_changes,
        name="document-changes",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/revisions/<int:revision>/",
        views.section_revision,
        name="section-revision",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/",
        views.section_detail,
        name="section-detail",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/cite.<citefmt:fmt>",
        views.section_cite,
        name="section-cite",
    ),
    path("d/<int:public_id>", views.document_short_link, name="document-short"),
    path("d/<int:public_id>/<slug:anchor>", views.document_short_link, name="section-short"),
    path("q/<int:public_id>", views.quote_short_link, name="quote-short"),
    path("feeds/documents/", feeds.LatestDocumentsFeed(), name="feed-documents"),
    path("feeds/areas/<slug:slug>/", feeds.AreaDocumentsFeed(), name="feed-area"),
    path("areas/", views.area_list, name="area-list"),
    path("areas/<slug:slug>/", views.area_detail, name="area-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("officials/", views.official_list, name="official-list"),
    path("quotes/", views.quote_list, name="quote-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("series/<slug:slug>/", views.series_detail, name="series-detail"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
    path("quotes/<int:public_id>/", views.quote_detail, name="quote-detail"),
    path("quotes/<int:public_id>/cite.<citefmt:fmt>", views.quote_cite, name="quote-cite"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
]
