from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from alliance import views
from documents.sitemaps import SITEMAPS

handler500 = "alliance.views.server_error"

admin.site.site_header = "Alliance Archive — curation"
admin.site.site_title = "Alliance Archive admin"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("", include("documents.urls")),
]
