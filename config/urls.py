from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView, TemplateView

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
    # Browsers ask for /favicon.ico where a page names no icon (the admin's). Lazy: the icon's
    # hashed static name is known only once collectstatic has run.
    path(
        "favicon.ico",
        RedirectView.as_view(
            url=lazy(static, str)("favicon.svg"), http_method_names=["get", "head"]
        ),
        name="favicon",
    ),
    path("api/", read_only_urls()),
    path("", include("opendata.urls")),
]
