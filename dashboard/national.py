"""Reads for the national picture (the home page).

Current grades for England and by region, the share judged good or outstanding over time, the
latest reports, the authorities currently judged inadequate and the story sections (left
inadequate, longest since a full inspection, published lately), each its first few rows with a
link to the index's filter that lists them all.

Read from the tables kept on write (inspections.standing and inspections.coverage: the
standings, the inadequate periods, England's quarter days), never from every inspection: the
page's queries and rows read do not grow with the history, only a count or a GROUP BY over the
current authorities' standings does.

"Current" is the latest *published* inspection of each current authority (no `active_until`).
A report without an overall grade (ILACS from April 2026 gives none; a report whose grade is
not recorded) leaves that authority's overall grade unknown in the distribution; its standing
(standing.py) is its lowest area grade where the framework gives none. An inadequate period that
reaches a report with no grade recorded ends there, unknown: such an authority is in neither the
inadequate list nor "left inadequate" unless a later known grade says which
(`unknown_after_inadequate` lists those it says nothing about).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields

from django.db.models import Count, F, Max, Q

from authorities.models import Authority, Region
from inspections import index_query, rules
from inspections.coverage import (
    SERIES_STARTS,
    CoveragePoint,
    point_of_counts,
    quarter_starts,
    quarters_now,
)
from inspections.models import AuthorityStanding, CoverageQuarter, InadequatePeriod, Inspection
from inspections.rules import (
    STANDING_AREAS,
    Area,
    Basis,
    Grade,
    Standing,
)
from inspections.standing import Report, lowest

from .series import AreaGrades

#: Every standing in words: a grade, or why the latest report has none (rules.Standing).
STANDING_LABELS = {
    **{grade.value: grade.label for grade in Grade},
    **{standing.value: standing.label for standing in Standing},
}
LATEST_REPORTS = 10
#: Rows the home page shows of the inadequate list and of each story; the index lists the rest.
SHOWN = 10
#: "Published lately": the latest report within this many days.
LATELY_DAYS = 30
#: Marked on the over-time chart (by on-site start; reports follow some weeks later): each
#: framework's first start, as rules.FRAMEWORKS names it for the charts.
FRAMEWORK_CHANGES = tuple(
    (framework_rules.first_start, framework_rules.marked_as)
    for framework_rules in rules.FRAMEWORKS.values()
    if framework_rules.first_start and framework_rules.marked_as
)


def standing_in_words(report: Report) -> str:
    """The overall grade in words, or why there is none, for a line of text; where the framework
    gives none and the areas are known, the lowest area grade, labelled as such."""
    if report.basis == Basis.AREAS:
        return f"none under this framework; lowest area grade {Grade(report.grade).label.lower()}"
    return STANDING_LABELS[report.standing]


@dataclass(frozen=True)
class Cell:
    key: str
    label: str
    count: int
    share: float | None  # percentage of the authorities with an overall grade; None for the rest


@dataclass(frozen=True)
class Distribution(AreaGrades):
    """Current authorities by the standing of their latest published report: England or a region.

    Shares (`share()`, from AreaGrades) are of the authorities with an overall grade.
    """

    columns: Sequence[str] = ()

    @property
    def cells(self) -> list[Cell]:
        return [
            Cell(key, STANDING_LABELS[key], self.counts.get(key, 0), self.share(key))
            for key in self.columns
        ]


@dataclass(frozen=True)
class InadequateRun:
    """An authority whose standing is inadequate now, and since when (its current
    models.InadequatePeriod)."""

    authority: Authority
    since: dt.date  # the report that began the current inadequate period
    latest: dt.date
    inadequate_reports: int
    ungraded_before: Sequence[dt.date]  # reports just before it without one: it may be older
    months: int  # from `since` to today, whole months
    by_areas: bool = False  # the latest report gives no overall grade: inadequate in an area

    @property
    def duration(self) -> str:
        return months_in_words(self.months)


@dataclass(frozen=True)
class StoryRow:
    """One authority in a story section: its standing, and the dates the story is about."""

    authority: Authority
    standing: AuthorityStanding

    @property
    def left_after(self) -> str:
        return left_after(self.standing)


def left_after(row: AuthorityStanding) -> str:
    """How long the latest inadequate period an authority left lasted, in words: "at least ..."
    where it ended at a report with no grade recorded or may have begun before the reports
    with none just before it (models.AuthorityStanding)."""
    began = row.left_inadequate_on - dt.timedelta(days=row.left_inadequate_after_days)
    words = months_in_words(months_between(began, row.left_inadequate_on))
    if row.left_inadequate_by or row.left_inadequate_began_after_unknown:
        return f"at least {words}"
    return words


@dataclass(frozen=True)
class Story:
    """A story section: its first rows, how many there are in all, and the index's filter."""

    key: str
    rows: list[StoryRow]
    total: int
    query: dict[str, str]


def months_in_words(months: int) -> str:
    """27 -> "2 years 3 months"; 0 -> "0 months"."""
    years, months = divmod(months, 12)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if months or not years:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


@dataclass(frozen=True)
class LatestReport:
    inspection: Inspection
    overall_in_words: str
    #: Where the framework gives no overall grade: its area grades (label, Grade value), in
    #: rules.STANDING_AREAS order, and the lowest of them (the standing, standing.py).
    areas: Sequence[tuple[str, str]] = ()

    @property
    def lowest_area_grade(self) -> str:
        return lowest(grade for _, grade in self.areas)


@dataclass
class NationalPicture:
    today: dt.date
    last_published_on: dt.date | None
    grade_columns: Sequence[str]
    columns: Sequence[str]
    england: Distribution
    regions: list[Distribution]
    over_time: list[CoveragePoint]
    latest_reports: list[LatestReport]
    inadequate: list[InadequateRun]
    inadequate_total: int
    stories: dict[str, Story]
    #: Current authorities whose last known grade is inadequate and whose reports since have no
    #: grade recorded: in neither the inadequate list nor "left inadequate" (the first few).
    unknown_after_inadequate: list[StoryRow] = field(default_factory=list)
    unknown_after_inadequate_total: int = 0

    @property
    def first_covered(self) -> CoveragePoint | None:
        return next((p for p in self.over_time if p.is_covered), None)

    @property
    def gaps(self) -> list[CoveragePoint]:
        return [p for p in self.over_time if not p.is_covered]


def national_picture(*, today: dt.date, rows: int | None = SHOWN) -> NationalPicture:
    """The picture; `rows` caps the inadequate list and each story's (None: all of them)."""
    counts_by_region = {region: defaultdict(int) for region in Region.values}
    totals = dict.fromkeys(TOTALS, 0)
    for group in _standings_by_region(today):
        region, basis, overall, framework, count = group[:5]
        counts_by_region[region][_standing_key(basis, overall, framework)] += count
        for key, value in zip(TOTALS, group[5:], strict=True):
            totals[key] += value
    england = defaultdict(int)
    for counts in counts_by_region.values():
        for key, count in counts.items():
            england[key] += count
    grade_columns = [g for g in Grade.values if g != Grade.ADEQUATE or england[g]]
    # Adequate (before SIF) and "no published inspection" only when some authority has them.
    columns = [*grade_columns, Standing.NO_OVERALL, Standing.NOT_RECORDED]
    if england[Standing.NOT_INSPECTED]:
        columns.append(Standing.NOT_INSPECTED)
    inadequate = inadequate_now(today, rows)
    return NationalPicture(
        today=today,
        last_published_on=AuthorityStanding.objects.aggregate(last=Max("published_on"))["last"],
        grade_columns=grade_columns,
        columns=columns,
        england=Distribution("England", dict(england), columns),
        regions=[
            Distribution(region.label, dict(counts_by_region[region]), columns) for region in Region
        ],
        over_time=over_time(today, point_of_counts(today, england)),
        latest_reports=latest_reports(),
        inadequate=inadequate,
        inadequate_total=totals.pop("inadequate"),
        # A query only where there are some (the GROUP BY counted them).
        unknown_after_inadequate=(
            unknown_after_inadequate(rows) if totals["unknown_after_inadequate"] else []
        ),
        unknown_after_inadequate_total=totals.pop("unknown_after_inadequate"),
        stories=stories(today, rows, totals),
    )


def _standings_by_region(today: dt.date):
    """(region, basis, overall, framework, authorities, then how many of them are in each of
    TOTALS) over the current authorities: one GROUP BY, one pass over their standings; an
    authority without a standing row counts as not inspected."""
    conditions = _total_conditions(today)
    return (
        Authority.objects.current()
        .values_list("region", "standing__basis", "standing__overall", "standing__framework")
        .annotate(
            authorities=Count("pk"),
            **{f"in_{key}": Count("pk", filter=conditions[key]) for key in TOTALS},
        )
        .order_by()
    )


def _standing_key(basis: str | None, overall: str | None, framework: str | None) -> str:
    """The distribution's key: the overall grade, or why there is none (rules.Standing)."""
    if basis in (None, Basis.NOT_INSPECTED):
        return Standing.NOT_INSPECTED
    if overall:
        return overall
    return Standing.NO_OVERALL if rules.gives_no_overall(framework) else Standing.NOT_RECORDED


def over_time(today: dt.date, now: CoveragePoint) -> list[CoveragePoint]:
    """England's quarter days as kept on write (coverage.py), then today. Where a quarter day
    has passed since the data last changed, the series is worked out afresh (slower, rare)."""
    kept = [
        CoveragePoint(**{f: getattr(q, f) for f in _POINT_FIELDS})
        for q in CoverageQuarter.objects.all()
    ]
    if [p.on for p in kept] != quarter_starts(SERIES_STARTS, today):
        kept = quarters_now(today)
    return [p for p in kept if p.on != today] + [now]


_POINT_FIELDS = [f.name for f in fields(CoveragePoint)]


#: How many current authorities are inadequate now and in each story (the lists show a few).
TOTALS = (
    "inadequate",
    "unknown_after_inadequate",
    "left_inadequate",
    "longest_since_inspection",
    "published_lately",
)


def _total_conditions(today: dt.date) -> dict[str, Q]:
    lately = today - dt.timedelta(days=LATELY_DAYS)
    return {
        "inadequate": Q(standing__inadequate_since__isnull=False),
        "unknown_after_inadequate": UNKNOWN_AFTER_INADEQUATE,
        **{key: condition for key, (_, condition, _) in STORIES.items() if condition is not None},
        "published_lately": Q(standing__published_on__gt=lately),
    }


def inadequate_now(today: dt.date, limit: int | None) -> list[InadequateRun]:
    """Current authorities whose standing is inadequate, longest first (the first `limit`)."""
    periods = (
        InadequatePeriod.objects.filter(ended_on__isnull=True, authority__active_until__isnull=True)
        .select_related("authority", "authority__standing")
        .order_by("started_on", "authority__name")
    )
    return [
        InadequateRun(
            authority=period.authority,
            since=period.started_on,
            latest=period.authority.standing.published_on,
            inadequate_reports=period.inadequate_reports,
            ungraded_before=period.unrecorded_before_dates,
            months=months_between(period.started_on, today),
            by_areas=period.authority.standing.basis == Basis.AREAS,
        )
        for period in (periods if limit is None else periods[:limit])
    ]


#: Last known grade inadequate, nothing known since (standing.py).
UNKNOWN_AFTER_INADEQUATE = Q(standing__inadequate_then_unknown_on__isnull=False)


def unknown_after_inadequate(limit: int | None) -> list[StoryRow]:
    """Current authorities inadequate at their last known grade, unknown since: most recent
    first (the first `limit`)."""
    rows = (
        Authority.objects.current()
        .filter(UNKNOWN_AFTER_INADEQUATE)
        .select_related("standing")
        .order_by(F("standing__inadequate_then_unknown_on").desc(), "name")
    )
    return [StoryRow(a, a.standing) for a in (rows if limit is None else rows[:limit])]


#: The story sections: the index's filter that lists each in full, and its order.
STORIES = {
    "left_inadequate": (
        {"left_inadequate": "on", "sort": "left_inadequate"},
        index_query.LEFT_INADEQUATE,
        [F("standing__left_inadequate_on").desc(), "name"],
    ),
    "longest_since_inspection": (
        {"sort": "longest_since_inspection"},
        Q(standing__published_on__isnull=False),
        [F("standing__published_on").asc(), "name"],
    ),
    "published_lately": (
        {"published_within": str(LATELY_DAYS), "sort": "last_inspection"},
        None,  # by today: below
        [F("standing__published_on").desc(), "name"],
    ),
}


def stories(today: dt.date, limit: int | None, totals: dict[str, int]) -> dict[str, Story]:
    """Each story's first `limit` rows (None: all), with its total from `_totals`."""
    found = {}
    for key, (query, condition, order) in STORIES.items():
        if key == "published_lately":
            condition = Q(standing__published_on__gt=today - dt.timedelta(days=LATELY_DAYS))
        rows = (
            Authority.objects.current()
            .filter(condition)
            .select_related("standing")
            .order_by(*order)
        )
        shown = rows if limit is None else rows[:limit]
        found[key] = Story(key, [StoryRow(a, a.standing) for a in shown], totals[key], query)
    return found


def latest_reports(limit: int = LATEST_REPORTS) -> list[LatestReport]:
    inspections = (
        Inspection.objects.published()
        .select_related("authority")
        .prefetch_related("judgements")
        .order_by("-published_on", "-pk")[:limit]
    )
    rows = []
    for i in inspections:
        report = Report.of(i, with_areas=True)
        areas = (
            [] if i.overall_effectiveness
            else [(_SHORT_AREA[a], report.areas[a]) for a in STANDING_AREAS if a in report.areas]
        )  # fmt: skip
        rows.append(LatestReport(i, STANDING_LABELS[report.standing], areas))
    return rows


#: Area names short enough for a table cell.
_SHORT_AREA = {
    Area.HELP_AND_PROTECTION: "Help and protection",
    Area.CHILDREN_IN_CARE: "Children in care",
    Area.CARE_LEAVERS: "Care leavers",
    Area.LEADERSHIP: "Leaders",
}


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(months - (end.day < start.day), 0)
