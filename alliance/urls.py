from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from documents.sitemaps import SITEMAPS

admin.site.site_header = "Alliance Archive — curation"
admin.site.site_title = "Alliance Archive admin"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("", include("documents.urls")),
]
