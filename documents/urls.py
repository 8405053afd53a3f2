from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="document-list"),
    path("documents/<slug:slug>/", views.document_detail, name="document-detail"),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/",
        views.section_detail,
        name="section-detail",
    ),
    path("areas/", views.area_list, name="area-list"),
    path("areas/<slug:slug>/", views.area_detail, name="area-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("officials/", views.official_list, name="official-list"),
    path("quotes/", views.quote_list, name="quote-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("series/<slug:slug>/", views.series_detail, name="series-detail"),
    path("officials/<slug:slug>/", views.official_detail, name="official-detail"),
    path("quotes/<int:public_id>/", views.quote_detail, name="quote-detail"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
]
