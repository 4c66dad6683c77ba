from django.contrib import admin
from django.urls import include, path

from authorities import compare
from inspections import views as inspection_views
from opendata.api import api

admin.site.site_header = "Children's services inspections: data entry"
admin.site.site_title = "Inspections admin"

urlpatterns = [
    path("", inspection_views.home, name="home"),
    path("authorities/", include("authorities.urls")),
    path("compare/", compare.compare, name="compare"),
    path("compare/search/", compare.compare_search, name="compare-search"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("opendata.urls")),
]
