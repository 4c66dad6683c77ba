"""The home page (/): the national picture, its tables' downloads."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from authorities.models import Region
from inspections.models import SyncCheck

from .. import captions, charts, downloads, national, national_tables, newest
from ..caching import cached, page_cached
from ..site import absolute

#: The chart CSVs the home page linked before the downloads: each now names its national table.
OLD_CSV_TABLES = {"current-grades": "regions", "good-or-outstanding": "over-time"}


@require_safe
@page_cached
def home(request: HttpRequest) -> HttpResponse:
    """The national picture: current grades for England and by region, the share judged good or
    outstanding since 2009, the latest reports and the authorities judged inadequate."""
    today = timezone.localdate()
    # Aggregated over every authority: built once per data version (and day), not per request.
    context = cached(request, "national-picture", lambda: national_context(today), today)
    return render(request, "dashboard/home.html", context)


def national_context(today: dt.date) -> dict:
    picture = national.national_picture(today=today)
    last_check = SyncCheck.last()
    return {
        "picture": picture,
        "regions_figure": charts.grade_shares_by_area(
            "Current overall effectiveness: England and its regions",
            [picture.england, *picture.regions],
            picture.grade_columns,
        ),
        "regions_caption": captions.regions_caption(
            picture.england, picture.regions, picture.grade_columns
        ),
        "over_time_figure": charts.good_or_outstanding_over_time(
            f"Authorities judged good or outstanding overall, since {national.SERIES_STARTS.year}",
            picture.over_time,
            boundaries=national.FRAMEWORK_CHANGES,
        ),
        "over_time_caption": captions.over_time_caption(picture.over_time),
        "regions_table": national_tables.regions_table(picture),
        "over_time_table": national_tables.over_time_table(picture),
        "changes": newest.latest_changes(),
        "last_check": last_check,
        "recency": captions.recency_sentence(
            newest.latest_publication(),
            timezone.localdate(last_check.finished_at) if last_check else None,
        ),
        "regions": Region.choices,
    }


@require_safe
def national_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in national_tables.NATIONAL_TABLES:
        raise Http404(f"No national table called {table}.")
    # Every row (the page shows the first few of the lists).
    picture = national.national_picture(today=timezone.localdate(), rows=None)
    rows = national_tables.national_table(picture, table, lambda path: absolute(path, request))
    return downloads.download(request, rows, fmt, reverse("home"))


@require_safe
def old_national_csv(request: HttpRequest, old: str) -> HttpResponse:
    """/national/<old>.csv: moved to the national table's download."""
    path = reverse("national-download", args=[OLD_CSV_TABLES[old], "csv"])
    return HttpResponsePermanentRedirect(path)
