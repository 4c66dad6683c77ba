"""The map (/map/?area=<judgement>&region=<code>): every current authority drawn on the server as
an SVG shape in its grade, linked to its page; the same rows as a table, its downloads
(/downloads/map.csv|json) and its embed (/embed/map/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from authorities.models import Region

from .. import downloads, embeds, geography, index_tables, provenance
from ..caching import cached, page_cached
from ..framing import embeddable
from ..queries import MAP_AREAS, MapQuery
from ..site import absolute
from ..table import Table

EMBED_TEMPLATE = "dashboard/embed.html"


def map_table(request: HttpRequest, query: MapQuery) -> Table:
    return index_tables.map_table(
        query.authorities(),
        query.area,
        query.area_label,
        query.region_label,
        lambda path: absolute(path, request),
    )


def map_context(request: HttpRequest, query: MapQuery) -> dict:
    """The map and its table: built once per data version for each area and region."""

    def build() -> dict:
        table = map_table(request, query)  # its rows are a list: the map and the table share it
        no_grade = (
            "No grade recorded, or no report"
            if query.area == "overall"
            else "Not graded at the latest inspection, or no report"
        )
        title = f"{query.area_label}: {query.region_label}"
        return {"map": geography.map_figure(title, table.rows, no_grade), "map_table": table}

    return cached(request, "map", build, query.area, query.region, absolute("/", request))


@require_safe
@page_cached
def england_map(request: HttpRequest) -> HttpResponse:
    query = MapQuery.from_request(request.GET)
    context = {
        "query": query,
        "area_choices": list(MAP_AREAS.items()),
        "region_choices": [("", "All of England"), *Region.choices],
        "london_url": downloads.with_query(reverse("map"), query.query | {"region": "GL"}),
        "england_url": downloads.with_query(
            reverse("map"), {k: v for k, v in query.query.items() if k != "region"}
        ),
        **map_context(request, query),
    }
    context["embed_height"] = embeds.map_frame_height(context["map"].view_box, context["map"].title)
    # A bad ?area= or ?region= is said on the page, which shows the default in its place.
    return render(request, "dashboard/map.html", context, status=400 if query.notes else 200)


@require_safe
@downloads.refusing_bad_queries
def map_download(request: HttpRequest, fmt: str) -> HttpResponse:
    query = MapQuery.from_request(request.GET, strict=True)
    view_path = downloads.with_query(reverse("map"), query.query)
    return downloads.download(request, map_table(request, query), fmt, view_path)


@require_safe
@page_cached
@embeddable
def embed_map(request: HttpRequest) -> HttpResponse:
    query = MapQuery.from_request(request.GET)
    context = map_context(request, query)
    return render(
        request,
        EMBED_TEMPLATE,
        {
            "title": context["map"].title,
            "map": context["map"],
            "notes": query.notes,
            "page_url": absolute(downloads.with_query(reverse("map"), query.query), request),
            "last_changed": provenance.last_changed(),
        },
        status=400 if query.notes else 200,
    )
