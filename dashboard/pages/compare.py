"""Compare authorities' inspection grades over time, in one judgement area.

`/compare/?a=<slug>&a=<slug>…&area=<judgement>` is the share link; `&reference=england` (or
`region`: each authority's own) adds, at each compared inspection, how the authorities of England
(or of the region) stood then. Every control on the page
(add, remove, add statistical neighbours, the judgement selector) is a plain link or GET form to
another such URL, so the page works without JavaScript; htmx fetches the same URL as the
`#compare` partial and pushes it to the address bar.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from authorities.models import Authority

from .. import (
    benchmarks,
    captions,
    charts,
    downloads,
    embeds,
    inspection_tables,
    provenance,
    timeline,
)
from ..caching import cached, page_cached
from ..compare_forms import CompareForm
from ..framing import embeddable
from ..queries import MAX_AUTHORITIES, CompareQuery, inspections_by_authority
from ..series import GradeSeries
from ..site import absolute

TEMPLATE = "dashboard/compare.html"
EMBED_TEMPLATE = "dashboard/embed.html"
SEARCH_RESULTS = 10


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def comparison(selection: CompareQuery, today) -> dict:
    """The chart and the table of the authorities' grades: two queries, whatever the data."""
    if not selection.can_chart:
        return {}
    own = inspections_by_authority(selection)
    series = []
    for authority in selection.authorities:
        points = timeline.grade_points(own[authority.pk], selection.area)
        graded = any(p.grade for p in points)
        name = authority.name if graded else f"{authority.name} (no judgement recorded)"
        series.append(
            GradeSeries(
                name=name,
                points=points,
                key=selection.area,
                until=authority.active_until,
            )
        )
    names = [a.name for a in selection.authorities]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    who = listed if len(names) <= 3 else f"{len(names)} authorities"
    return {
        **reference(selection, own),
        "figure": charts.comparison(f"{selection.area_label}: {who}", series, today=today),
        "chart_description": (
            f"Step charts of {selection.area_label.lower()} grades over time, one panel for each "
            f"of {listed}, from outstanding at the top to inadequate at the bottom. "
            "The table below gives every grade in words."
        ),
        "figure_caption": captions.comparison_caption(selection.area_label, series),
        "table": inspection_tables.compare_table(selection, own),
    }


def reference(selection: CompareQuery, own: dict[int, list]) -> dict:
    """England's or each authority's region's grades at each compared inspection, when the
    link asks for them (three more queries, whatever the authorities)."""
    if not selection.reference:
        return {}
    places = (benchmarks.ENGLAND if selection.reference == benchmarks.ENGLAND else "region",)
    inspections = [i for authority in selection.authorities for i in own[authority.pk]]
    return {
        "reference_table": inspection_tables.benchmark_table(
            f"compare-reference-{selection.reference}",
            f"{benchmarks.REFERENCES[selection.reference]}: authorities by grade at each "
            "inspection compared",
            benchmarks.inspection_benchmarks(inspections, places),
        )
    }


def search_results(selection: CompareQuery, text: str) -> dict:
    """Authorities, present or former, found by name or code; those shown are left out.
    One more than shown is fetched, to say when there are more."""
    if not text:
        return {"results": [], "more_results": False}
    found = Authority.objects.matching(q=text, include_former=True)
    found = list(found.exclude(slug__in=selection.slugs)[: SEARCH_RESULTS + 1])
    return {
        "results": [
            {"authority": a, "add_url": selection.url_adding([a])} for a in found[:SEARCH_RESULTS]
        ],
        "more_results": len(found) > SEARCH_RESULTS,
    }


def page_context(request: HttpRequest, selection: CompareQuery, text: str = "") -> dict:
    # The chart and table are built once per data version (and day: lines run to today) for
    # each selection.
    today = timezone.localdate()
    key = (selection.slugs, selection.area, selection.reference, today)
    compared = cached(request, "comparison", lambda: comparison(selection, today), *key)
    return {
        "selection": selection,
        "controls": selection.controls(),
        "area_choices": [(key, timeline.series_label(key)) for key in timeline.SERIES_KEYS],
        "reference_choices": [("", "Nothing"), *benchmarks.REFERENCES.items()],
        "max_authorities": MAX_AUTHORITIES,
        "q": text,
        **search_results(selection, text),
        **compared,
        "embed_height": embeds.frame_height(compared.get("figure"), embed_heading(selection)),
    }


def embed_heading(selection: CompareQuery) -> str:
    return embeds.compare_heading(selection.area_label, [a.name for a in selection.authorities])


def wants_partial(request: HtmxHttpRequest) -> bool:
    # A history restore (back button with htmx's cache missed) must get the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_safe
@page_cached
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare(request: HtmxHttpRequest) -> HttpResponse:
    selection = CompareQuery.from_request(request.GET, Authority.objects.for_compare())
    template = TEMPLATE + ("#compare" if wants_partial(request) else "")
    return render(request, template, page_context(request, selection))


@require_safe
@page_cached
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare_search(request: HtmxHttpRequest) -> HttpResponse:
    """The picker's results; without htmx, the whole compare page with the results in it."""
    form = CompareForm(request.GET)
    if wants_partial(request):
        selection = CompareQuery.read(form, Authority.objects.all())
        context = {"selection": selection, "q": form.search_text}
        context |= search_results(selection, form.search_text)
        return render(request, TEMPLATE + "#picker-results", context)
    selection = CompareQuery.read(form, Authority.objects.for_compare())
    return render(request, TEMPLATE, page_context(request, selection, form.search_text))


@require_safe
@downloads.refusing_bad_queries
def compare_download(request: HttpRequest, fmt: str) -> HttpResponse:
    selection = CompareQuery.from_request(request.GET, strict=True)
    return downloads.download(
        request, inspection_tables.compare_table(selection), fmt, selection.url()
    )


@require_safe
def compare_csv(request: HttpRequest) -> HttpResponse:
    """The old chart CSV (/compare/grades.csv?…): now the compare download, same query."""
    query = request.GET.urlencode()
    path = reverse("compare-download", args=["csv"])
    return HttpResponsePermanentRedirect(f"{path}?{query}" if query else path)


@require_safe
@page_cached
@embeddable
def embed_compare(request: HttpRequest) -> HttpResponse:
    selection = CompareQuery.from_request(request.GET)
    compared = comparison(selection, timezone.localdate())
    return render(
        request,
        EMBED_TEMPLATE,
        {
            "title": embed_heading(selection),
            "figure": charts.untitled(compared["figure"]) if compared else None,
            "figure_caption": compared.get("figure_caption", ""),
            "description": compared.get("chart_description", ""),
            "notes": selection.notes
            + ([] if selection.can_chart else ["A comparison needs two authorities or more."]),
            "page_url": absolute(selection.url(), request),
            "last_changed": provenance.last_changed(),
        },
        status=200 if selection.can_chart else 400,
    )
