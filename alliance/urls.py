from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from alliance import views
from api import pages as data_pages
from documents.sitemaps import sitemap

handler400 = "alliance.views.bad_request"
handler500 = "alliance.views.server_error"

admin.site.site_header = "Alliance Archive — curation"
admin.site.site_title = "Alliance Archive admin"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("data/", data_pages.data_page, name="data"),
    path("data/<str:name>", data_pages.data_file, name="data-file"),
    path("", include("documents.urls")),
]
