from django.urls import path, register_converter

from documents import feeds
from documents.converters import CitationFormatConverter, DatabaseIntConverter
from documents.views import (
    about,
    areas,
    catalogue,
    compare,
    history,
    people,
    permalinks,
    reader,
)

register_converter(CitationFormatConverter, "citefmt")
# Every number in a public URL: one too large for the database is a 404, not an overflow.
register_converter(DatabaseIntConverter, "dbint")

app_name = "documents"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("about/", about.about, name="about"),
    path("documents/", catalogue.document_list, name="document-list"),
    path("documents/<slug:slug>/", reader.document_detail, name="document-detail"),
    path("documents/<slug:slug>/cite.<citefmt:fmt>", reader.document_cite, name="document-cite"),
    path("documents/<slug:slug>/tei.xml", reader.document_tei, name="document-tei"),
    path(
        "documents/<slug:slug>/versions/<dbint:number>/",
        history.document_version,
        name="document-version",
    ),
    path(
        "documents/<slug:slug>/versions/<dbint:number>/changes/",
        history.document_changes,
        name="document-changes",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/versions/<dbint:number>/",
        history.section_version,
        name="section-version",
    ),
    # The links by global revision id made before versions were numbered per document.
    path(
        "documents/<slug:slug>/revisions/<dbint:revision>/",
        history.legacy_revision,
        name="document-revision",
    ),
    path(
        "documents/<slug:slug>/revisions/<dbint:revision>/changes/",
        history.legacy_revision_changes,
        name="document-revision-changes",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/revisions/<dbint:revision>/",
        history.legacy_revision,
        name="section-revision",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/",
        reader.section_detail,
        name="section-detail",
    ),
    path(
        "documents/<slug:slug>/sections/<slug:anchor>/cite.<citefmt:fmt>",
        reader.section_cite,
        name="section-cite",
    ),
    path("d/<dbint:public_id>", permalinks.document_short_link, name="document-short"),
    path("d/<dbint:public_id>/<slug:anchor>", permalinks.document_short_link, name="section-short"),
    path("q/<dbint:public_id>", permalinks.quote_short_link, name="quote-short"),
    # The same with a slash added (as a student may type or a mailer may append one).
    path("d/<dbint:public_id>/", permalinks.document_short_link),
    path("d/<dbint:public_id>/<slug:anchor>/", permalinks.document_short_link),
    path("q/<dbint:public_id>/", permalinks.quote_short_link),
    path("feeds/documents/", feeds.LatestDocumentsFeed(), name="feed-documents"),
    path("feeds/areas/<slug:slug>/", feeds.AreaDocumentsFeed(), name="feed-area"),
    path("areas/", areas.area_list, name="area-list"),
    path("areas/<slug:slug>/", areas.area_detail, name="area-detail"),
    path("areas/<slug:slug>/through-time/", areas.area_story, name="area-story"),
    path("timeline/", areas.timeline, name="timeline"),
    path("officials/", people.official_list, name="official-list"),
    path("quotes/", people.quote_list, name="quote-list"),
    path("organizations/<slug:slug>/", catalogue.organization_detail, name="organization-detail"),
    path("series/<slug:slug>/", catalogue.series_detail, name="series-detail"),
    path("officials/<slug:slug>/", people.official_detail, name="official-detail"),
    path("quotes/<dbint:public_id>/", people.quote_detail, name="quote-detail"),
    path("quotes/<dbint:public_id>/cite.<citefmt:fmt>", people.quote_cite, name="quote-cite"),
    path("compare/<slug:earlier>...<slug:later>/", compare.comparison, name="compare"),
    path(
        "compare/<slug:earlier>...<slug:later>/cite.<citefmt:fmt>",
        compare.comparison_cite,
        name="compare-cite",
    ),
    path("events/<slug:slug>/", areas.event_detail, name="event-detail"),
]
