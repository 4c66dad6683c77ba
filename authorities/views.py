from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from inspections import chart_text, charts, timeline
from inspections.caching import cached, page_cached
from inspections.models import Inspection

from .forms import AuthorityFilterForm
from .models import Authority

#: All of England fits on one page; beyond this many rows the index paginates.
PAGE_SIZE = 200


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_GET
@page_cached
@vary_on_headers("HX-Request")
def authority_list(request: HtmxHttpRequest) -> HttpResponse:
    form = AuthorityFilterForm(request.GET)
    form.is_valid()  # invalid fields are reported on the page; the valid ones still apply
    rows = Authority.objects.for_index().matching(**form.cleaned_data)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "authorities/authority_list.html" + ("#results" if request.htmx else "")
    applied = form.applied_query()
    # The link to this view keeps the page of results; the downloads hold every page.
    view_query = applied | ({"page": page.number} if page.number > 1 else {})
    context = {"form": form, "page": page, "query": request.GET, "applied": applied}
    context["view_query"] = view_query
    return render(request, template, context)


def shown_series(request: HttpRequest) -> list[str]:
    """The judgements the trajectory shows (?show=…): the known ones asked for, else the default."""
    shown = [k for k in request.GET.getlist("show") if k in timeline.SERIES_KEYS]
    return list(dict.fromkeys(shown)) or list(timeline.DEFAULT_SERIES)


def timeline_of(slug: str) -> tuple[Authority, list, list, list]:
    """An authority (404 if unknown) with its inspections, visits and interventions: what its
    page and its embeddable chart both draw."""
    authority = get_object_or_404(Authority.objects.for_detail(), slug=slug)
    inspections = list(Inspection.objects.for_timeline_of(authority))
    visits = Inspection.objects.visits_of(authority)
    return authority, inspections, visits, list(authority.interventions.all())


def cached_trajectory(request, authority, inspections, visits, interventions, shown) -> dict:
    """The trajectory, built once per data version for each authority and choice of lines."""
    return cached(
        request,
        "trajectory",
        lambda: trajectory(authority, inspections, visits, interventions, shown),
        authority.pk,
        tuple(shown),
    )


def trajectory(authority: Authority, inspections: list, visits, interventions, shown) -> dict:
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
        ),
        "figure_caption": chart_text.trajectory_caption(authority.name, series, events),
        "figure_table": chart_text.trajectory_table(authority.name, series),
        "events_table": chart_text.events_table(authority.name, events),
    }


@require_GET
@page_cached
def authority_detail(request: HttpRequest, slug: str) -> HttpResponse:
    authority, inspections, visits, interventions = timeline_of(slug)
    shown = shown_series(request)
    own = [i for i in inspections if i.authority_id == authority.pk and i.published_on]
    return render(
        request,
        "authorities/authority_detail.html",
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
            **cached_trajectory(request, authority, inspections, visits, interventions, shown),
            "series_choices": [
                (k, timeline.series_label(k), k in shown) for k in timeline.SERIES_KEYS
            ],
            "view_query": {"show": shown},
            "trust": next((i for i in interventions if i.kind == "trust" and not i.ended_on), None),
        },
    )


@require_GET
def trajectory_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The trajectory chart's grades as CSV: every judgement, whatever the page shows."""
    authority = get_object_or_404(Authority.objects.for_detail(), slug=slug)
    inspections = list(Inspection.objects.for_timeline_of(authority))
    series = timeline.authority_series(inspections, authority.pk, timeline.SERIES_KEYS)
    table = chart_text.trajectory_table(authority.name, series)
    return chart_text.csv_response(table, f"{authority.slug}-trajectory.csv")
