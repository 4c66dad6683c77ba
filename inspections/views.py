from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.models import Region

from . import changes, charts, national


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The national picture: current grades for England and by region, the share judged good or
    outstanding since 2013, the latest reports and the authorities judged inadequate."""
    picture = national.national_picture(today=timezone.localdate())
    regions_figure = charts.grade_shares_by_area(
        "Current overall effectiveness: England and its regions",
        [picture.england, *picture.regions],
        picture.grade_columns,
    )
    over_time_figure = charts.good_or_outstanding_over_time(
        "Authorities judged good or outstanding overall, since 2013",
        picture.over_time,
        boundaries=national.FRAMEWORK_CHANGES,
    )
    return render(
        request,
        "inspections/home.html",
        {
            "picture": picture,
            "regions_figure": regions_figure,
            "over_time_figure": over_time_figure,
            "changes": changes.latest_changes(),
            "regions": Region.choices,
        },
    )
