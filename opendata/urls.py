from django.urls import path, re_path
from django.views.decorators.http import require_GET

from . import downloads, embeds
from .feeds import ChangesFeed

FORMAT = r"(?P<fmt>csv|json)"

app_name = "opendata"
urlpatterns = [
    re_path(
        rf"^downloads/national/(?P<table>[-a-z]+)\.{FORMAT}$",
        downloads.national_download,
        name="national-download",
    ),
    re_path(
        rf"^downloads/authorities\.{FORMAT}$",
        downloads.authorities_download,
        name="authorities-download",
    ),
    re_path(
        rf"^downloads/authorities/(?P<slug>[-a-zA-Z0-9_]+)\.{FORMAT}$",
        downloads.timeline_download,
        name="timeline-download",
    ),
    path("feeds/changes/", require_GET(ChangesFeed()), name="feed"),
    path("feeds/regions/<str:region>/", require_GET(ChangesFeed()), name="feed-region"),
    path("feeds/authorities/<slug:slug>/", require_GET(ChangesFeed()), name="feed-authority"),
    path("embed/authorities/<slug:slug>/", embeds.embed_authority, name="embed-authority"),
    path("embed/compare/", embeds.embed_compare, name="embed-compare"),
    re_path(rf"^downloads/compare\.{FORMAT}$", downloads.compare_download, name="compare-download"),
]
