"""Reads for the national picture (the home page).

Current grades for England and by region, the share of authorities judged good or outstanding
over time, the latest reports and the authorities currently judged inadequate.

Three queries whatever the amount of data: every authority, every published inspection's
(authority, publication date, framework, overall grade), and the ten latest reports. The sweep
over dates runs in Python on those rows, so it reads the same on SQLite and PostgreSQL and the
page's query count does not grow with the data or with the years covered.

"Current" is the latest *published* inspection of each current authority (no `active_until`).
Over time, an authority counts while it is active (predecessors until they end, successors from
when they begin: `AuthorityQuerySet.active_on`), with its own latest report published on or
before the date. A report without an overall grade — ILACS from April 2026 gives none, and most
reports before 2018 have none recorded yet — leaves that authority's grade unknown: it is counted
in the coverage, never folded into a grade.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from authorities.models import Authority, Region
from inspections.models import Inspection
from inspections.rules import (
    ILACS_2026_STARTS,
    ILACS_STARTS,
    SIF_STARTS,
    STANDING_AREAS,
    Area,
    Basis,
    Grade,
    Standing,
)
from inspections.standing import Report, lowest

from .charts import AreaGrades, CoveragePoint

#: Every standing in words: a grade, or why the latest report has none (rules.Standing).
STANDING_LABELS = {
    **{grade.value: grade.label for grade in Grade},
    **{standing.value: standing.label for standing in Standing},
}
GOOD_OR_OUTSTANDING = frozenset({Grade.OUTSTANDING, Grade.GOOD})
#: The over-time series starts here; a point at each quarter's start, and today.
SERIES_STARTS = dt.date(2013, 1, 1)
LATEST_REPORTS = 10
#: Marked on the over-time chart (by on-site start; reports follow some weeks later).
FRAMEWORK_CHANGES = (
    (SIF_STARTS, "SIF"),
    (ILACS_STARTS, "ILACS"),
    (ILACS_2026_STARTS, "April 2026: no overall judgement"),
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
    """An authority judged inadequate overall in its latest report, and since when."""

    authority: Authority
    since: dt.date  # the earliest report of the current unbroken run of inadequate judgements
    latest: dt.date
    inadequate_reports: int
    ungraded_within: int  # reports inside the run with no overall grade: skipped, not counted
    ungraded_before: Sequence[dt.date]  # reports just before it without one: it may be older
    months: int  # from `since` to today, whole months

    @property
    def duration(self) -> str:
        return months_in_words(self.months)


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

    @property
    def first_covered(self) -> CoveragePoint | None:
        return next((p for p in self.over_time if p.is_covered), None)

    @property
    def gaps(self) -> list[CoveragePoint]:
        return [p for p in self.over_time if not p.is_covered]


def national_picture(*, today: dt.date) -> NationalPicture:
    authorities = list(
        Authority.objects.only("name", "slug", "region", "active_from", "active_until")
    )
    reports = published_reports()
    current = [a for a in authorities if a.active_until is None]  # AuthorityQuerySet.current()
    latest = {a.pk: latest_on(reports.get(a.pk, ()), today) for a in current}
    counts_by_region = {region: defaultdict(int) for region in Region.values}
    for authority in current:
        counts_by_region[authority.region][_standing(latest[authority.pk])] += 1
    england = defaultdict(int)
    for counts in counts_by_region.values():
        for key, count in counts.items():
            england[key] += count
    grade_columns = [g for g in Grade.values if g != Grade.ADEQUATE or england[g]]
    # Adequate (before SIF) and "no published inspection" only when some authority has them.
    columns = [*grade_columns, Standing.NO_OVERALL, Standing.NOT_RECORDED]
    if england[Standing.NOT_INSPECTED]:
        columns.append(Standing.NOT_INSPECTED)
    return NationalPicture(
        today=today,
        last_published_on=max((r[-1].published_on for r in reports.values()), default=None),
        grade_columns=grade_columns,
        columns=columns,
        england=Distribution("England", dict(england), columns),
        regions=[
            Distribution(region.label, dict(counts_by_region[region]), columns) for region in Region
        ],
        over_time=coverage_over_time(authorities, reports, quarter_starts(SERIES_STARTS, today)),
        latest_reports=latest_reports(),
        inadequate=inadequate_runs(current, reports, today),
    )


def published_reports() -> dict[int, list[Report]]:
    """Every published inspection, by authority, oldest first (one query)."""
    rows = (
        Inspection.objects.published()
        .order_by("authority_id", "published_on", "pk")
        .values_list("pk", "authority_id", "published_on", "framework", "overall_effectiveness")
    )
    by_authority: dict[int, list[Report]] = defaultdict(list)
    for row in rows:
        by_authority[row[1]].append(Report(*row))
    return by_authority


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


def latest_on(reports: Sequence[Report], day: dt.date) -> Report | None:
    """The latest of an authority's reports (oldest first) published on or before `day`."""
    index = bisect.bisect_right(reports, day, key=lambda r: r.published_on)
    return reports[index - 1] if index else None


def _standing(report: Report | None) -> str:
    return report.standing if report else Standing.NOT_INSPECTED


def quarter_starts(first: dt.date, today: dt.date) -> list[dt.date]:
    """1 January, April, July and October from `first` up to `today`, then today itself."""
    days = []
    year, month = first.year, (first.month - 1) // 3 * 3 + 1
    while (day := dt.date(year, month, 1)) <= today:
        if day >= first:
            days.append(day)
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    if not days or days[-1] != today:
        days.append(today)
    return days


def coverage_over_time(
    authorities: Iterable[Authority], reports: dict[int, list[Report]], days: Iterable[dt.date]
) -> list[CoveragePoint]:
    """For each day, the active authorities by the standing of their latest report by then.

    A sweep, not a day-by-authority loop: each authority adds 1 to its standing's count over the
    run of days from one report (or its start) to the next (or its end), marked at the two ends
    in a difference array; running sums give every day's counts. Time grows with the reports
    and authorities plus the days, not with their product.
    """
    days = sorted(days)
    changes: dict[str, list[int]] = defaultdict(lambda: [0] * (len(days) + 1))

    def add(standing: str, first: int, stop: int) -> None:
        if first < stop:
            changes[standing][first] += 1
            changes[standing][stop] -= 1

    for authority in authorities:
        # Days on which it is active: from active_from (or the start) to active_until inclusive.
        first = bisect.bisect_left(days, authority.active_from) if authority.active_from else 0
        stop = (
            bisect.bisect_right(days, authority.active_until)
            if authority.active_until
            else len(days)
        )
        standing, since = Standing.NOT_INSPECTED, first
        for report in reports.get(authority.pk, ()):
            # From the first day on or after its publication, this report is the latest.
            begins = max(bisect.bisect_left(days, report.published_on), first)
            add(standing, since, min(begins, stop))
            standing, since = report.standing, max(begins, since)
        add(standing, since, stop)

    running = defaultdict(int)
    points = []
    for index, day in enumerate(days):
        for standing, deltas in changes.items():
            running[standing] += deltas[index]
        known = sum(running[g] for g in Grade.values)
        points.append(
            CoveragePoint(
                on=day,
                active=sum(running.values()),
                good_or_outstanding=sum(running[g] for g in GOOD_OR_OUTSTANDING),
                known=known,
                no_overall=running[Standing.NO_OVERALL],
                not_recorded=running[Standing.NOT_RECORDED],
                not_inspected=running[Standing.NOT_INSPECTED],
            )
        )
    return points


def inadequate_run(
    authority: Authority, reports: Sequence[Report], today: dt.date
) -> InadequateRun | None:
    """The current run of inadequate overall judgements, if the latest report is one.

    Walking back from the latest report: inadequate extends the run; a report with no overall
    grade is skipped (unknown, not a break); any other grade ends it. Ungraded reports just
    before the earliest inadequate one are listed, since the run may have begun with them.
    """
    published = [r for r in reports if r.published_on <= today]
    if not published or published[-1].overall != Grade.INADEQUATE:
        return None
    run: list[Report] = []
    skipped: list[Report] = []
    ungraded_within = 0
    for report in reversed(published):
        if report.overall == Grade.INADEQUATE:
            run.append(report)
            ungraded_within += len(skipped)
            skipped = []
        elif report.overall:
            break
        else:
            skipped.append(report)
    since = run[-1].published_on
    return InadequateRun(
        authority=authority,
        since=since,
        latest=run[0].published_on,
        inadequate_reports=len(run),
        ungraded_within=ungraded_within,
        ungraded_before=[r.published_on for r in reversed(skipped)],
        months=months_between(since, today),
    )


def inadequate_runs(
    authorities: Iterable[Authority], reports: dict[int, list[Report]], today: dt.date
) -> list[InadequateRun]:
    """Current authorities judged inadequate in their latest report, longest first.

    Only an authority's own reports count: a successor's run starts with its own judgement.
    """
    runs = [inadequate_run(a, reports.get(a.pk, ()), today) for a in authorities]
    return sorted((r for r in runs if r), key=lambda r: (r.since, r.authority.name))


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(months - (end.day < start.day), 0)
