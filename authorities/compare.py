"""Compare authorities' inspection grades over time, in one judgement area.

`/compare/?a=<slug>&a=<slug>…&area=<judgement>` is the share link. Every control on the page
(add, remove, add statistical neighbours, the judgement selector) is a plain link or GET form to
another such URL, so the page works without JavaScript; htmx fetches the same URL as the
`#compare` partial and pushes it to the address bar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from inspections import chart_text, charts, rules, timeline
from inspections.caching import cached, page_cached
from inspections.models import Inspection
from inspections.rules import OVERALL, Framework, Grade

from .compare_forms import CompareForm
from .models import Authority

TEMPLATE = "authorities/compare.html"
MIN_AUTHORITIES = 2
#: More lines than this cannot be told apart, however they are styled.
MAX_AUTHORITIES = 12
SEARCH_RESULTS = 10


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass(frozen=True)
class Selection:
    """The authorities (in the link's order) and the judgement a compare link asks for."""

    authorities: list[Authority]
    area: str = OVERALL
    notes: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, form: CompareForm, authorities: QuerySet[Authority]) -> Selection:
        form.is_valid()  # every field is read on its own: one bad parameter spoils nothing else
        found = list(authorities.in_order_of(form.slugs))
        unknown = sorted(set(form.slugs) - {a.slug for a in found}, key=form.slugs.index)
        notes = [form.area_problem] if form.area_problem else []
        if unknown:
            names = ", ".join(f"“{slug}”" for slug in unknown)
            notes.append(f"No authority is known as {names}; the comparison leaves it out.")
        if len(found) > MAX_AUTHORITIES:
            left_out = ", ".join(a.name for a in found[MAX_AUTHORITIES:])
            notes.append(
                f"A comparison shows at most {MAX_AUTHORITIES} authorities: these are the first "
                f"{MAX_AUTHORITIES}. Left out: {left_out}."
            )
        return cls(found[:MAX_AUTHORITIES], form.area_key, notes)

    @property
    def slugs(self) -> list[str]:
        return [a.slug for a in self.authorities]

    @property
    def room(self) -> int:
        return MAX_AUTHORITIES - len(self.authorities)

    @property
    def can_chart(self) -> bool:
        return len(self.authorities) >= MIN_AUTHORITIES

    @property
    def area_label(self) -> str:
        return timeline.series_label(self.area)

    @property
    def query(self) -> dict:
        """The link's query: the authorities shown and the judgement."""
        return {"a": self.slugs, "area": self.area}

    def url(self, slugs: list[str] | None = None, area: str | None = None) -> str:
        query = {"a": self.slugs if slugs is None else slugs, "area": area or self.area}
        return f"{reverse('compare')}?{urlencode(query, doseq=True)}"

    def url_adding(self, authorities: list[Authority]) -> str:
        """Adds those not yet shown, in their order, as far as there is room."""
        new = [a.slug for a in authorities if a.slug not in self.slugs][: self.room]
        return self.url([*self.slugs, *new])

    def url_removing(self, authority: Authority) -> str:
        return self.url([slug for slug in self.slugs if slug != authority.slug])

    def controls(self) -> list[dict]:
        """Per authority shown: its remove link, and links adding its neighbours and
        predecessors (prefetched by AuthorityQuerySet.for_compare(): no queries here)."""
        rows = []
        for authority in self.authorities:
            neighbours = [link.neighbour for link in authority.neighbour_links.all()]
            missing = [n for n in neighbours if n.slug not in self.slugs]
            predecessors = [p for p in authority.predecessors.all() if p.slug not in self.slugs]
            rows.append(
                {
                    "authority": authority,
                    "remove_url": self.url_removing(authority),
                    "neighbours": len(neighbours),
                    "neighbours_missing": len(missing),
                    "neighbours_fitting": min(len(missing), self.room),
                    "neighbours_url": self.url_adding(missing) if missing else "",
                    "predecessors": [(p, self.url_adding([p])) for p in predecessors],
                }
            )
        return rows


def table_row(inspection: Inspection, area: str) -> dict:
    grade = timeline.grade_of(inspection, area)
    judged_as = (
        rules.area_label(inspection.framework, area, inspection.started_on)
        if area != OVERALL
        else ""
    )
    return {
        "inspection": inspection,
        "as_name": inspection.authority.name_on(inspection.published_on),
        "framework": Framework(inspection.framework).label,
        "grade": grade or "",
        "grade_label": Grade(grade).label if grade else "",
        "judged_as": judged_as if judged_as != timeline.series_label(area) else "",
        "not_judged": not grade and not inspection.judges(area),
    }


def inspections_by_authority(selection: Selection) -> dict[int, list[Inspection]]:
    """Each authority's published inspections, oldest first: one query and a prefetch."""
    own = {a.pk: [] for a in selection.authorities}
    for inspection in Inspection.objects.for_authorities(selection.authorities):
        own[inspection.authority_id].append(inspection)
    return own


def table_groups(selection: Selection, own: dict[int, list[Inspection]]) -> list[dict]:
    return [
        {"authority": a, "rows": [table_row(i, selection.area) for i in own[a.pk]]}
        for a in selection.authorities
    ]


def comparison(selection: Selection) -> dict:
    """The chart and the table of the authorities' grades: two queries, whatever the data."""
    if not selection.can_chart:
        return {}
    own = inspections_by_authority(selection)
    series = []
    for authority in selection.authorities:
        points = timeline.grade_points(own[authority.pk], selection.area)
        graded = any(p.grade for p in points)
        name = authority.name if graded else f"{authority.name} (no judgement recorded)"
        series.append(charts.GradeSeries(name=name, points=points))
    names = [a.name for a in selection.authorities]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    who = listed if len(names) <= 3 else f"{len(names)} authorities"
    return {
        "figure": charts.comparison(f"{selection.area_label}: {who}", series),
        "chart_description": (
            f"Step chart of {selection.area_label.lower()} grades over time for {listed}, "
            "from outstanding at the top to inadequate at the bottom. "
            "The table below gives every grade in words."
        ),
        "figure_caption": chart_text.comparison_caption(selection.area_label, series),
        "table": table_groups(selection, own),
        "csv_url": f"{reverse('compare-csv')}?{selection.url().split('?', 1)[1]}",
    }


def search_results(selection: Selection, text: str) -> dict:
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


def page_context(request: HttpRequest, selection: Selection, text: str = "") -> dict:
    # The chart and table are built once per data version for each selection.
    key = (selection.slugs, selection.area)
    return {
        "selection": selection,
        "controls": selection.controls(),
        "area_choices": [(key, timeline.series_label(key)) for key in timeline.SERIES_KEYS],
        "max_authorities": MAX_AUTHORITIES,
        "q": text,
        **search_results(selection, text),
        **cached(request, "comparison", lambda: comparison(selection), *key),
    }


def wants_partial(request: HtmxHttpRequest) -> bool:
    # A history restore (back button with htmx's cache missed) must get the whole page.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_GET
@page_cached
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare(request: HtmxHttpRequest) -> HttpResponse:
    form = CompareForm(request.GET)
    selection = Selection.read(form, Authority.objects.for_compare())
    template = TEMPLATE + ("#compare" if wants_partial(request) else "")
    return render(request, template, page_context(request, selection))


@require_GET
@page_cached
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare_search(request: HtmxHttpRequest) -> HttpResponse:
    """The picker's results; without htmx, the whole compare page with the results in it."""
    form = CompareForm(request.GET)
    if wants_partial(request):
        selection = Selection.read(form, Authority.objects.all())
        context = {"selection": selection, "q": form.search_text}
        context |= search_results(selection, form.search_text)
        return render(request, TEMPLATE + "#picker-results", context)
    selection = Selection.read(form, Authority.objects.for_compare())
    return render(request, TEMPLATE, page_context(request, selection, form.search_text))


@require_GET
def compare_csv(request: HttpRequest) -> HttpResponse:
    """The compare chart's grades as CSV, for the same query string as the page."""
    selection = Selection.read(CompareForm(request.GET), Authority.objects.all())
    if not selection.authorities:
        return HttpResponseBadRequest(
            "Name the authorities to compare: ?a=<slug>&a=<slug>&area=<judgement>",
            content_type="text/plain; charset=utf-8",
        )
    groups = table_groups(selection, inspections_by_authority(selection))
    table = chart_text.comparison_table(selection.area_label, groups)
    return chart_text.csv_response(table, f"compare-{selection.area}.csv")
