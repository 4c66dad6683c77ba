"""An authority's page (/authorities/<slug>/): its timeline and trajectory chart, the chart's
downloads and its embed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from authorities.models import Authority
from inspections import releases
from inspections.models import Inspection

from .. import (
    benchmarks,
    captions,
    charts,
    downloads,
    embeds,
    geography,
    inspection_tables,
    provenance,
    timeline,
)
from ..caching import cached, page_cached
from ..framing import embeddable
from ..queries import TimelineQuery
from ..site import absolute

EMBED_TEMPLATE = "dashboard/embed.html"


def timeline_of(slug: str) -> tuple[Authority, list, list, list]:
    """An authority (404 if unknown) with its inspections, visits and interventions: what its
    page and its embeddable chart both draw."""
    authority = get_object_or_404(Authority.objects.for_detail(), slug=slug)
    inspections = list(Inspection.objects.for_timeline_of(authority))
    visits = Inspection.objects.visits_of(authority)
    return authority, inspections, visits, list(authority.interventions.all())


def cached_trajectory(request, authority, inspections, visits, interventions, shown) -> dict:
    """The trajectory, built once per data version (and day: its lines run to today) for each
    authority and choice of lines."""
    today = timezone.localdate()
    return cached(
        request,
        "trajectory",
        lambda: trajectory(authority, inspections, visits, interventions, shown, today),
        authority.pk,
        tuple(shown),
        today,
    )


def trajectory(
    authority: Authority, inspections: list, visits, interventions, shown, today
) -> dict:
    """The rating trajectory and what it says in words and as tables: the authority page's
    chart, and its embeddable version's."""
    series = timeline.authority_series(inspections, authority.pk, shown)
    events = timeline.authority_events(authority, visits, interventions)
    return {
        "figure": charts.trajectory(
            f"{authority.name}: inspection judgements over time",
            series,
            events,
            boundaries=timeline.reorganisation_boundaries(authority),
            today=today,
        ),
        "figure_caption": captions.trajectory_caption(authority.name, series, events),
        "figure_table": inspection_tables.timeline_table(authority, inspections, shown),
        "events_table": inspection_tables.events_table(authority, events),
    }


def inspection_benchmarks(authority: Authority, inspections: list) -> dict:
    """England and the region at each published inspection on the timeline (predecessors'
    included, each against its own region): a sentence per inspection and the table."""
    places = (benchmarks.ENGLAND, "region")
    rows = benchmarks.inspection_benchmarks(inspections, places)
    return {
        "benchmark_sentences": [
            captions.benchmark_sentence(rows[i : i + len(places)])
            for i in range(0, len(rows), len(places))
        ],
        "benchmark_table": inspection_tables.benchmark_table(
            f"{authority.slug}-benchmarks",
            f"England and the region at each inspection of {authority.name}",
            rows,
        ),
    }


@require_safe
@page_cached
def authority_detail(request: HttpRequest, slug: str) -> HttpResponse:
    authority, inspections, visits, interventions = timeline_of(slug)
    query = TimelineQuery.from_request(request.GET)
    shown = query.shown
    own = [i for i in inspections if i.authority_id == authority.pk and i.published_on]
    drawn = cached_trajectory(request, authority, inspections, visits, interventions, shown)
    return render(
        request,
        "dashboard/authority.html",
        {
            "authority": authority,
            "current": own[-1] if own else None,
            "timeline": [
                {
                    "inspection": inspection,
                    "as_name": inspection.authority.name_on(inspection.published_on),
                    "is_predecessor": inspection.authority_id != authority.pk,
                    "judgements": inspection.judgements_by_area(),
                }
                for inspection in inspections
            ],
            "visits": visits,
            "interventions": interventions,
            # What the lists cover: an empty one (or year) is not read as none there.
            "visits_coverage": captions.visits_coverage_sentence(
                authority.name, visits, releases.visits_known_periods()
            ),
            "interventions_coverage": captions.interventions_coverage_sentence(
                authority.name, len(interventions)
            ),
            **drawn,
            "embed_height": embeds.frame_height(
                drawn["figure"], embeds.authority_heading(authority.name)
            ),
            "series_choices": [
                (k, timeline.series_label(k), k in shown) for k in timeline.SERIES_KEYS
            ],
            "view_query": query.query,
            "notes": query.notes,
            "trust": next((i for i in interventions if i.kind == "trust" and not i.ended_on), None),
            "neighbours": benchmarks.neighbours(authority),
            "locator": geography.locator(authority.ons_code) if authority.is_active else None,
            "compare_neighbours_url": benchmarks.compare_with_neighbours_url(authority),
            # Swept over every authority's reports: built once per data version for each.
            **cached(
                request,
                "inspection-benchmarks",
                lambda: inspection_benchmarks(authority, inspections),
                authority.pk,
            ),
        },
    )


@require_safe
@downloads.refusing_bad_queries
def timeline_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    authority = get_object_or_404(Authority.objects.for_detail(), slug=slug)
    query = TimelineQuery.from_request(request.GET, strict=True)
    inspections = list(Inspection.objects.for_timeline_of(authority))
    view_path = downloads.with_query(authority.get_absolute_url(), query.query)
    table = inspection_tables.timeline_table(authority, inspections, query.shown)
    return downloads.download(request, table, fmt, view_path)


@require_safe
def trajectory_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The old chart CSV (every judgement): now the authority's download with every series."""
    authority = get_object_or_404(Authority, slug=slug)
    path = reverse("timeline-download", args=[authority.slug, "csv"])
    query = urlencode({"show": timeline.SERIES_KEYS}, doseq=True)
    return HttpResponsePermanentRedirect(f"{path}?{query}")


@require_safe
@page_cached
@embeddable
def embed_authority(request: HttpRequest, slug: str) -> HttpResponse:
    authority, inspections, visits, interventions = timeline_of(slug)
    query = TimelineQuery.from_request(request.GET)
    drawn = cached_trajectory(request, authority, inspections, visits, interventions, query.shown)
    return render(
        request,
        EMBED_TEMPLATE,
        {
            "title": embeds.authority_heading(authority.name),
            **drawn,
            "figure": charts.untitled(drawn["figure"]),
            "description": (
                f"Step chart of {authority.name}'s Ofsted inspection grades over time, "
                "outstanding at the top and inadequate at the bottom."
            ),
            "page_url": absolute(
                downloads.with_query(authority.get_absolute_url(), query.query), request
            ),
            "last_changed": provenance.last_changed(),
        },
    )
