from django.contrib import admin
from django.urls import include, path

from opendata.api import read_only_urls

admin.site.site_header = "Children's services inspections: data entry"
admin.site.site_title = "Inspections admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", read_only_urls()),
    path("", include("opendata.urls")),
    path("", include("dashboard.urls")),
]
