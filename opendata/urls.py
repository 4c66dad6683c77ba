from django.urls import re_path

from . import downloads

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
    re_path(rf"^downloads/compare\.{FORMAT}$", downloads.compare_download, name="compare-download"),
]
