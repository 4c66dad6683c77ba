"""Every public page's addresses, in every format (the API and the feeds are opendata's)."""

from django.urls import path, re_path

from .pages import authority, compare, data, home, index, maps, statement

FORMAT = r"(?P<fmt>csv|json)"

urlpatterns = [
    path("", home.home, name="home"),
    re_path(
        rf"^downloads/national/(?P<table>[-a-z]+)\.{FORMAT}$",
        home.national_download,
        name="national-download",
    ),
    re_path(
        r"^national/(?P<old>current-grades|good-or-outstanding)\.csv$",
        home.old_national_csv,
        name="old-national-csv",
    ),
    path("authorities/", index.authority_list, name="index"),
    re_path(
        rf"^downloads/authorities\.{FORMAT}$",
        index.authorities_download,
        name="authorities-download",
    ),
    path("authorities/<slug:slug>/", authority.authority_detail, name="authority"),
    path("authorities/<slug:slug>/trajectory.csv", authority.trajectory_csv),
    re_path(
        rf"^downloads/authorities/(?P<slug>[-a-zA-Z0-9_]+)\.{FORMAT}$",
        authority.timeline_download,
        name="timeline-download",
    ),
    path("embed/authorities/<slug:slug>/", authority.embed_authority, name="embed-authority"),
    path("compare/", compare.compare, name="compare"),
    path("compare/search/", compare.compare_search, name="compare-search"),
    path("compare/grades.csv", compare.compare_csv),
    re_path(rf"^downloads/compare\.{FORMAT}$", compare.compare_download, name="compare-download"),
    path("embed/compare/", compare.embed_compare, name="embed-compare"),
    path("map/", maps.england_map, name="map"),
    re_path(rf"^downloads/map\.{FORMAT}$", maps.map_download, name="map-download"),
    path("embed/map/", maps.embed_map, name="embed-map"),
    path("accessibility/", statement.accessibility, name="accessibility"),
    path("data/", data.data_sources, name="data"),
    re_path(
        rf"^downloads/data-notes\.{FORMAT}$", data.data_notes_download, name="data-notes-download"
    ),
]
