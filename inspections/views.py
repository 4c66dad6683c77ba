import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.models import Region

from . import changes, chart_text, charts, national
from .caching import cached, page_cached


@require_GET
@page_cached
def home(request: HttpRequest) -> HttpResponse:
    """The national picture: current grades for England and by region, the share judged good or
    outstanding since 2013, the latest reports and the authorities judged inadequate."""
    today = timezone.localdate()
    # Aggregated over every authority: built once per data version (and day), not per request.
    context = cached(request, "national-picture", lambda: national_context(today), today)
    return render(request, "inspections/home.html", context)


def national_context(today: dt.date) -> dict:
    picture = national.national_picture(today=today)
    return {
        "picture": picture,
        "regions_figure": charts.grade_shares_by_area(
            "Current overall effectiveness: England and its regions",
            [picture.england, *picture.regions],
            picture.grade_columns,
        ),
        "regions_caption": chart_text.regions_caption(
            picture.england, picture.regions, picture.grade_columns
        ),
        "over_time_figure": charts.good_or_outstanding_over_time(
            "Authorities judged good or outstanding overall, since 2013",
            picture.over_time,
            boundaries=national.FRAMEWORK_CHANGES,
        ),
        "over_time_caption": chart_text.over_time_caption(picture.over_time),
        "changes": changes.latest_changes(),
        "regions": Region.choices,
    }


@require_GET
def current_grades_csv(request: HttpRequest) -> HttpResponse:
    """The regions chart's counts as CSV: England, then each region."""
    picture = national.national_picture(today=timezone.localdate())
    table = chart_text.regions_table(
        [picture.england, *picture.regions], picture.columns, national.STANDING_LABELS
    )
    return chart_text.csv_response(table, "current-overall-effectiveness.csv")


@require_GET
def good_or_outstanding_csv(request: HttpRequest) -> HttpResponse:
    """The over-time chart's points as CSV, one row per date."""
    picture = national.national_picture(today=timezone.localdate())
    table = chart_text.over_time_table(picture.over_time)
    return chart_text.csv_response(table, "good-or-outstanding-over-time.csv")
