"""The read-only JSON API under /api/ (django-ninja): OpenAPI schema at /api/openapi.json, its
documentation at /api/docs (assets served from this site, no CDN).

Authorities filter exactly as the index does (dashboard.queries.IndexQuery, with the index form's
choices); inspections filter by publication dates, framework, grade (of overall effectiveness or
of one judgement area), region and authority. Lists are paginated (`page`, `page_size`). A bad
parameter is a 400 with a `detail` that says what is wrong, never a 422 or a 500.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import functools
import re
from typing import Annotated, Literal

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_safe
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BeforeValidator

from authorities.models import Authority, AuthorityType, Region
from dashboard import provenance, timeline
from dashboard.forms import AuthorityFilterForm
from dashboard.index_tables import standing_values
from dashboard.queries import IndexQuery, QueryProblem
from dashboard.site import absolute
from inspections import index_query, rules
from inspections.models import DataNote, Inspection
from inspections.rules import OVERALL, Framework, Grade, InspectionType
from inspections.sources import Settled, Source

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
#: PostgreSQL cannot hold a NUL character in a string: refused as the schema says, not a 500.
NO_NUL = r"^[^\x00]*$"
MAX_PAGE_SIZE = 200


def _choices_enum(name: str, field: str) -> type[enum.StrEnum]:
    """An enum of the index form's choices for a field: one home for what the index accepts."""
    choices = AuthorityFilterForm.base_fields[field].choices
    return enum.StrEnum(name, {value: value for value, _ in choices if value})


IndexGrade = _choices_enum("IndexGrade", "grade")
IndexChange = _choices_enum("IndexChange", "change")
IndexSort = _choices_enum("IndexSort", "sort")
IndexArea = _choices_enum("IndexArea", "area")
IndexAreaGrade = _choices_enum("IndexAreaGrade", "area_grade")
JudgementKey = enum.StrEnum("JudgementKey", {key: key for key in timeline.SERIES_KEYS})

api = NinjaAPI(
    title="Children's services inspections in England",
    version="1",
    description=(
        "Read-only. Source: " + provenance.SOURCE + ". Licence: " + provenance.LICENCE + "."
    ),
    urls_namespace="api",
    docs_url="/docs",
)


class Problem(Schema):
    detail: str


@api.exception_handler(NinjaValidationError)
def bad_parameters(request: HttpRequest, exc: NinjaValidationError):
    messages = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
        messages.append(f"{where}: {error.get('msg', 'invalid')}")
    return api.create_response(request, {"detail": "; ".join(messages)}, status=400)


def _iso_date(value):
    """Only YYYY-MM-DD, as the schema says (pydantic would also take a Unix timestamp)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("give a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


class Pagination(Schema):
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class PageOut(Schema):
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


def paged(request: HttpRequest, queryset, pagination: Pagination, serialize) -> dict:
    count = queryset.count()
    first = (pagination.page - 1) * pagination.page_size
    items = [serialize(row) for row in queryset[first : first + pagination.page_size]]

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return absolute(f"{request.path}?{query.urlencode()}", request)

    return {
        "count": count,
        "page": pagination.page,
        "page_size": pagination.page_size,
        "next": link(pagination.page + 1) if first + pagination.page_size < count else None,
        "previous": link(pagination.page - 1) if pagination.page > 1 and first < count else None,
        "items": items,
    }


# --- About ------------------------------------------------------------------------------------


class AboutOut(Schema):
    title: str
    source: str
    licence: str
    last_changed: dt.datetime | None
    openapi: str
    docs: str
    authorities: str
    inspections: str


@api.get("/", response=AboutOut, summary="Where the data comes from, when it last changed")
def about(request: HttpRequest):
    return {
        "title": api.title,
        "source": provenance.SOURCE,
        "licence": provenance.LICENCE,
        "last_changed": provenance.last_changed(),
        "openapi": absolute(reverse("api:openapi-json"), request),
        "docs": absolute(reverse("api:openapi-view"), request),
        "authorities": absolute(reverse("api:authorities"), request),
        "inspections": absolute(reverse("api:inspections"), request),
    }


# --- Authorities ------------------------------------------------------------------------------


class AuthorityRef(Schema):
    slug: str
    name: str
    url: str
    page_url: str


def authority_ref(request: HttpRequest, authority: Authority) -> dict:
    return {
        "slug": authority.slug,
        "name": authority.name,
        "url": absolute(reverse("api:authority", args=[authority.slug]), request),
        "page_url": absolute(authority.get_absolute_url(), request),
    }


class AuthorityOut(AuthorityRef):
    region: Region
    region_name: str
    authority_type: AuthorityType | None
    dfe_code: str | None
    ons_code: str | None
    ofsted_urn: int | None
    active_from: dt.date | None
    active_until: dt.date | None
    latest_published_on: dt.date | None
    latest_framework: Framework | None
    overall_effectiveness: Grade | None
    previous_overall_effectiveness: Grade | None
    change: Literal["improved", "declined", "same"] | None
    latest_report_url: str | None
    standing: Grade | None = Field(
        description="The latest inspection's overall grade; where its framework gives none "
        "(ILACS from April 2026), its lowest area grade (standing_basis says which)"
    )
    standing_basis: Literal["overall", "areas", "not_recorded", "not_inspected"]
    change_basis: Literal["overall", "areas"] | None = Field(
        description="What the change compares: overall grades, or the lowest grade among the "
        "areas both inspections judged"
    )
    help_and_protection: Grade | None
    children_in_care: Grade | None
    care_leavers: Grade | None
    leadership: Grade | None
    inadequate_since: dt.date | None = Field(
        description="The start of the current inadequate period"
    )
    left_inadequate_on: dt.date | None = Field(
        description="The end of the latest inadequate period the authority is known to have "
        "left: the next report, known and not inadequate, or with no grade recorded (then "
        "left_inadequate_by is set)"
    )
    left_inadequate_after_days: int | None
    left_inadequate_by: dt.date | None = Field(
        description="Where that period ended at a report with no grade recorded: the next "
        "report with a known grade, not inadequate (it had left by then)"
    )
    left_inadequate_began_after_unknown: bool | None = Field(
        description="Reports with no grade recorded came just before that period: it may have "
        "begun earlier"
    )
    inadequate_then_unknown_on: dt.date | None = Field(
        description="The last known grade is inadequate and the reports since this date have "
        "no grade recorded: neither inadequate now nor left"
    )


class AuthorityPage(PageOut):
    items: list[AuthorityOut]


class AuthorityFilters(Schema):
    q: str = Field(
        "",
        max_length=100,
        pattern=NO_NUL,
        description="Name, former name, DfE/ONS code or URN",
    )
    region: Region | None = None
    authority_type: AuthorityType | None = None
    grade: IndexGrade | None = Field(None, description="Current overall grade; none: no grade")
    inadequate_since: int | None = Field(None, ge=2009, le=dt.date.today().year + 1)
    change: IndexChange | None = None
    include_former: bool = False
    sort: IndexSort | None = None
    area: IndexArea | None = None
    area_grade: IndexAreaGrade | None = None
    left_inadequate: bool = False
    published_within: int | None = Field(None, ge=1, le=3660)


def authority_out(request: HttpRequest, a: Authority) -> dict:
    return {
        **authority_ref(request, a),
        "region": a.region,
        "region_name": a.get_region_display(),
        "authority_type": a.authority_type or None,
        "dfe_code": a.dfe_code,
        "ons_code": a.ons_code,
        "ofsted_urn": a.ofsted_urn,
        "active_from": a.active_from,
        "active_until": a.active_until,
        "latest_published_on": a.latest_published_on,
        "latest_framework": a.latest_framework,
        "overall_effectiveness": a.latest_overall or None,
        "previous_overall_effectiveness": a.previous_overall or None,
        "change": index_query.change_of(a),
        "latest_report_url": a.latest_report_url or None,
        **standing_values(a),
    }


@api.get(
    "/authorities",
    response={200: AuthorityPage, 400: Problem},
    url_name="authorities",
    summary="Authorities, filtered and sorted as the index is",
)
def list_authorities(
    request: HttpRequest, filters: Query[AuthorityFilters], pagination: Query[Pagination]
):
    values = {name: getattr(filters, name) for name in AuthorityFilters.model_fields}
    values = {k: v.value if isinstance(v, enum.Enum) else v for k, v in values.items()}
    # The index's own query object reads them: one set of filters for the page, files and API.
    try:
        query = IndexQuery.from_request(
            {k: v for k, v in values.items() if v not in (None, "")}, strict=True
        )
    except QueryProblem as problem:
        raise HttpError(400, str(problem)) from None
    rows = query.authorities()
    return paged(request, rows, pagination, lambda a: authority_out(request, a))


# --- One authority's full history -------------------------------------------------------------


class FormerNameOut(Schema):
    name: str
    used_from: dt.date | None
    used_until: dt.date


class NeighbourOut(AuthorityRef):
    rank: int


class JudgementOut(Schema):
    area: str
    label: str
    grade: Grade


SOURCES_DESCRIPTION = (
    "Where each value comes from. Keys: the inspection's fields (framework, inspection_type, "
    "started_on, ended_on, published_on, lead_inspector, report_url), 'overall' (overall "
    "effectiveness) and each judgement area recorded (as in `judgements`). Each value: the "
    "sources that gave it, the one whose value is kept first, then those that gave the same. "
    "Sources: "
    + "; ".join(f"{source.value}: {source.label}" for source in Source)
    + ". Where sources disagreed, `notes` says what the other said and how it was settled."
)


class DataNoteOut(Schema):
    field: str = Field(description="The value's key, as in `sources`")
    kept_value: str = Field(description="The value recorded (dates as YYYY-MM-DD, grades as keys)")
    kept_source: Source | None
    other_value: str = Field(description="What the other source said")
    other_source: Source
    settled: Settled = Field(
        description="How it was settled: "
        + "; ".join(f"{settled.value}: {settled.label}" for settled in Settled)
    )
    detail: str


class InspectionOut(Schema):
    id: int
    authority: AuthorityRef
    framework: Framework
    framework_label: str
    inspection_type: InspectionType
    started_on: dt.date | None
    ended_on: dt.date | None
    published_on: dt.date | None
    lead_inspector: str
    report_url: str | None
    overall_effectiveness: Grade | None
    judgements: list[JudgementOut]
    sources: dict[str, list[Source]] = Field(description=SOURCES_DESCRIPTION)
    notes: list[DataNoteOut] = Field(
        description="Where two sources disagreed about one of its values, and how it was settled"
    )


class VisitOut(Schema):
    kind: Literal["monitoring_visit", "focused_visit", "joint_targeted_area_inspection"]
    started_on: dt.date | None
    ended_on: dt.date | None
    dates_note: str
    published_on: dt.date | None
    theme: str
    findings: str
    report_url: str | None
    follows_inspection: int | None


class InterventionOut(Schema):
    kind: str
    kind_label: str
    name: str
    started_on: dt.date
    ended_on: dt.date | None
    dates_note: str
    description: str
    source_url: str | None
    follows_inspection: int | None


class AuthorityDetail(AuthorityOut):
    former_names: list[FormerNameOut]
    predecessors: list[AuthorityRef]
    successors: list[AuthorityRef]
    statistical_neighbours: list[NeighbourOut]
    inspections: list[InspectionOut]
    visits: list[VisitOut]
    interventions: list[InterventionOut]


#: Each inspection's notes in one query, in a stable order.
NOTES = Prefetch("data_notes", queryset=DataNote.objects.order_by("field", "pk"))


def inspection_out(request: HttpRequest, inspection: Inspection) -> dict:
    return {
        "id": inspection.pk,
        "authority": authority_ref(request, inspection.authority),
        "framework": inspection.framework,
        "framework_label": inspection.get_framework_display(),
        "inspection_type": inspection.inspection_type,
        "started_on": inspection.started_on,
        "ended_on": inspection.ended_on,
        "published_on": inspection.published_on,
        "lead_inspector": inspection.lead_inspector,
        "report_url": inspection.report_url or None,
        "overall_effectiveness": inspection.overall_effectiveness or None,
        "judgements": [
            {"area": j.area, "label": inspection.area_label(j.area), "grade": j.grade}
            for j in inspection.judgements.all()
        ],
        "sources": {
            key: [source for source in given if source in Source.values]
            for key, given in (inspection.sources or {}).items()
        },
        "notes": [note_out(note) for note in inspection.data_notes.all()],
    }


def note_out(note: DataNote) -> dict:
    return {
        "field": note.field,
        "kept_value": note.kept_value,
        "kept_source": note.kept_source or None,
        "other_value": note.other_value,
        "other_source": note.other_source,
        "settled": note.settled,
        "detail": note.detail,
    }


@api.get(
    "/authorities/{slug}",
    response={200: AuthorityDetail, 400: Problem, 404: Problem},
    url_name="authority",
    summary="One authority with its full history",
)
def get_authority(
    request: HttpRequest, slug: str = Path(..., pattern=SLUG_PATTERN, max_length=100)
):
    found = get_object_or_404(
        index_query.with_latest_inspection(Authority.objects.for_detail()), slug=slug
    )
    own = Inspection.objects.filter(authority=found).select_related("authority")
    own = own.prefetch_related("judgements", NOTES).in_timeline_order()
    return {
        **authority_out(request, found),
        "former_names": [
            {"name": f.name, "used_from": f.used_from, "used_until": f.used_until}
            for f in found.former_names.all()
        ],
        "predecessors": [authority_ref(request, p) for p in found.predecessors.all()],
        "successors": [authority_ref(request, s) for s in found.successors.all()],
        "statistical_neighbours": [
            {**authority_ref(request, link.neighbour), "rank": link.rank}
            for link in found.neighbour_links.all()
        ],
        "inspections": [inspection_out(request, i) for i in own],
        "visits": [
            {
                "kind": visit.kind,
                "started_on": visit.started_on,
                "ended_on": visit.ended_on,
                "dates_note": visit.dates_note,
                "published_on": visit.published_on,
                "theme": visit.theme,
                "findings": visit.findings,
                "report_url": visit.report_url or None,
                "follows_inspection": getattr(visit, "follows_id", None),
            }
            for visit in Inspection.objects.visits_of(found)
        ],
        "interventions": [
            {
                "kind": i.kind,
                "kind_label": i.get_kind_display(),
                "name": i.name,
                "started_on": i.started_on,
                "ended_on": i.ended_on,
                "dates_note": i.dates_note,
                "description": i.description,
                "source_url": i.source_url or None,
                "follows_inspection": i.follows_id,
            }
            for i in found.interventions.all()
        ],
    }


# --- Inspections ------------------------------------------------------------------------------


class InspectionFilters(Schema):
    published_from: IsoDate | None = Field(None, description="On or after this date")
    published_to: IsoDate | None = Field(None, description="On or before this date")
    framework: Framework | None = None
    grade: Grade | None = Field(None, description="The grade in the judgement `area`")
    area: JudgementKey = Field(OVERALL, description="The judgement `grade` filters on")
    region: Region | None = None
    authority: str | None = Field(None, pattern=SLUG_PATTERN, max_length=100)


class InspectionPage(PageOut):
    items: list[InspectionOut]


@api.get(
    "/inspections",
    response={200: InspectionPage, 400: Problem},
    url_name="inspections",
    summary="Published inspections, newest first",
)
def list_inspections(
    request: HttpRequest, filters: Query[InspectionFilters], pagination: Query[Pagination]
):
    first, last = filters.published_from, filters.published_to
    if first and last and first > last:
        raise HttpError(400, "published_from is after published_to")
    rows = Inspection.objects.published()
    if filters.published_from:
        rows = rows.filter(published_on__gte=filters.published_from)
    if filters.published_to:
        rows = rows.filter(published_on__lte=filters.published_to)
    if filters.framework:
        rows = rows.filter(framework__in=rules.frameworks_meant_by(filters.framework))
    if filters.region:
        rows = rows.filter(authority__region=filters.region)
    if filters.authority:
        rows = rows.filter(authority__slug=filters.authority)
    if filters.grade:
        if filters.area == OVERALL:
            rows = rows.filter(overall_effectiveness=filters.grade)
        else:
            rows = rows.filter(Q(judgements__area=filters.area, judgements__grade=filters.grade))
    rows = (
        rows.select_related("authority")
        .prefetch_related("judgements", NOTES)
        .order_by("-published_on", "-pk")
    )
    return paged(request, rows, pagination, lambda i: inspection_out(request, i))


def head_as_get(view):
    """A HEAD answered as the GET it stands for: ninja's operations declare GET only, and the
    server (gunicorn, or Django's test client) sends the headers without the body."""

    @functools.wraps(view)
    def answered(request, *args, **kwargs):
        if request.method == "HEAD":
            request = copy.copy(request)  # the server still sees the HEAD, and drops the body
            request.method = "GET"
        return view(request, *args, **kwargs)

    return answered


def read_only_urls():
    """The API's URLs, its schema and documentation pages answering reads only (GET and HEAD;
    ninja's own views take any method; the API's operations are GET already)."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = require_safe(head_as_get(pattern.callback))
    return patterns, app_name, namespace
