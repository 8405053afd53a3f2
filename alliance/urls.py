from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Alliance Archive — curation"
admin.site.site_title = "Alliance Archive admin"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("documents.urls")),
]
