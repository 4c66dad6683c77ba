from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from authorities import compare
from inspections import views as inspection_views
from opendata.api import read_only_urls

admin.site.site_header = "Children's services inspections: data entry"
admin.site.site_title = "Inspections admin"

urlpatterns = [
    path("", inspection_views.home, name="home"),
    path(
        "national/current-grades.csv",
        inspection_views.current_grades_csv,
        name="current-grades-csv",
    ),
    path(
        "national/good-or-outstanding.csv",
        inspection_views.good_or_outstanding_csv,
        name="good-or-outstanding-csv",
    ),
    path("authorities/", include("authorities.urls")),
    path("compare/", compare.compare, name="compare"),
    path("compare/search/", compare.compare_search, name="compare-search"),
    path("compare/grades.csv", compare.compare_csv, name="compare-csv"),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="accessibility.html"),
        name="accessibility",
    ),
    path("admin/", admin.site.urls),
    path("api/", read_only_urls()),
    path("", include("opendata.urls")),
]
