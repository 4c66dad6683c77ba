"""England over time: on each quarter day, the authorities active then by what their latest
published report said overall (models.CoverageQuarter keeps the series, rewritten with the
standings in the transaction that moves the data version, so the home page reads a few dozen
rows whatever the amount of data).

An authority counts while it is active (predecessors until they end, successors from when they
begin), with its own latest report published on or before the day. A report without an overall
grade (ILACS from April 2026 gives none; a report whose grade is not recorded) leaves that
authority's grade unknown: counted in the coverage, never folded into a grade, and never
replaced by an earlier report's grade.

The series runs from the first reports of the record (SLAC's, published from August 2009); its
share is given only on the days when at least half of the active authorities have a known grade
(CoveragePoint.is_covered): with SLAC's dates spread over 2009–2012, from about the start of 2012
(an authority without a report of its own yet counts as not known).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields

from authorities.models import Authority

from .models import CoverageQuarter, CoverageShare
from .rules import Grade, Standing
from .standing import Report
from .standing_table import published_reports

#: The series starts here, the quarter before the first SLAC reports were published (August
#: 2009); a point at each quarter's start (the page adds today).
SERIES_STARTS = dt.date(2009, 7, 1)
GOOD_OR_OUTSTANDING = frozenset({Grade.OUTSTANDING, Grade.GOOD})


@dataclass(frozen=True)
class CoveragePoint:
    """The authorities active on one date, by what their latest report says overall."""

    on: dt.date
    active: int
    good_or_outstanding: int
    known: int  # latest report has an overall grade
    no_overall: int  # latest report is of the April 2026 framework: no overall grade
    not_recorded: int  # latest report's overall grade is not in the data
    not_inspected: int  # no report of the authority in the data yet

    @property
    def is_covered(self) -> bool:
        """Whether at least half of the active authorities have a known grade."""
        return self.known > 0 and 2 * self.known >= self.active

    @property
    def share(self) -> float | None:
        """Percentage good or outstanding of those with a known grade; None (a gap, never a share
        of a few) when fewer than half of the active authorities have one."""
        return 100 * self.good_or_outstanding / self.known if self.is_covered else None

    @property
    def unknown(self) -> int:
        return self.active - self.known


def point_of_counts(on: dt.date, counts: dict[str, int]) -> CoveragePoint:
    """A point from counts by standing (a Grade value, or a rules.Standing value)."""
    return CoveragePoint(
        on=on,
        active=sum(counts.values()),
        good_or_outstanding=sum(counts.get(g, 0) for g in GOOD_OR_OUTSTANDING),
        known=sum(counts.get(g, 0) for g in Grade.values),
        no_overall=counts.get(Standing.NO_OVERALL, 0),
        not_recorded=counts.get(Standing.NOT_RECORDED, 0),
        not_inspected=counts.get(Standing.NOT_INSPECTED, 0),
    )


def quarter_starts(first: dt.date, today: dt.date) -> list[dt.date]:
    """1 January, April, July and October from `first` up to `today`."""
    days = []
    year, month = first.year, (first.month - 1) // 3 * 3 + 1
    while (day := dt.date(year, month, 1)) <= today:
        if day >= first:
            days.append(day)
        year, month = (year + 1, 1) if month == 10 else (year, month + 3)
    return days


def latest_on(reports: Sequence[Report], day: dt.date) -> Report | None:
    """The latest of an authority's reports (oldest first) published on or before `day`."""
    index = bisect.bisect_right(reports, day, key=lambda r: r.published_on)
    return reports[index - 1] if index else None


def counts_over_days(
    authorities: Iterable[Authority],
    reports: Mapping[int, Sequence[Report]],
    days: Iterable[dt.date],
    *,
    key: Callable[[Report], str],
    places: Callable[[Authority], Sequence[str]],
    before_any: str,
) -> list[tuple[dt.date, dict[tuple[str, str], int]]]:
    """For each day (sorted), the authorities active then counted by (place, key of their
    latest report by then; `before_any` before their first), in each of their `places`.

    A sweep, not a day-by-authority loop: each authority adds 1 to its key's count over the run
    of days from one report (or its start) to the next (or its end), marked at the two ends in a
    difference array; running sums give every day's counts. A report counts from the day it is
    published. Time grows with the reports and authorities plus the days, not their product.
    """
    days = sorted(set(days))
    changes: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (len(days) + 1))

    def add(where: Sequence[str], value: str, first: int, stop: int) -> None:
        if first < stop:
            for place in where:
                changes[place, value][first] += 1
                changes[place, value][stop] -= 1

    for authority in authorities:
        where = places(authority)
        # Days on which it is active: from active_from (or the start) to active_until inclusive.
        first = bisect.bisect_left(days, authority.active_from) if authority.active_from else 0
        stop = (
            bisect.bisect_right(days, authority.active_until)
            if authority.active_until
            else len(days)
        )
        value, since = before_any, first
        for report in reports.get(authority.pk, ()):
            # From the first day on or after its publication, this report is the latest.
            begins = max(bisect.bisect_left(days, report.published_on), first)
            add(where, value, since, min(begins, stop))
            value, since = key(report), max(begins, since)
        add(where, value, since, stop)

    running: dict[tuple[str, str], int] = defaultdict(int)
    counted = []
    for index, day in enumerate(days):
        for pair, deltas in changes.items():
            running[pair] += deltas[index]
        counted.append((day, dict(running)))
    return counted


def coverage_over_time(
    authorities: Iterable[Authority],
    reports: Mapping[int, Sequence[Report]],
    days: Iterable[dt.date],
) -> list[CoveragePoint]:
    """For each day, England's active authorities by what their latest report by then says
    overall (Report.standing)."""
    counted = counts_over_days(
        authorities, reports, days, key=lambda r: r.standing, places=lambda a: ("england",),
        before_any=Standing.NOT_INSPECTED,
    )  # fmt: skip
    return [
        point_of_counts(day, {value: n for (_, value), n in counts.items()})
        for day, counts in counted
    ]


def quarters_now(today: dt.date | None = None) -> list[CoveragePoint]:
    """The series at every quarter day up to today, from every authority and report."""
    today = today or dt.date.today()
    authorities = Authority.objects.only("active_from", "active_until")
    return coverage_over_time(
        authorities, published_reports(with_areas=False), quarter_starts(SERIES_STARTS, today)
    )


def standings_by_quarter(
    authority: Authority, reports: Sequence[Report], days: Sequence[dt.date]
) -> list[str | None]:
    """One authority's part in the series: on each day (sorted), what its latest report by then
    said overall (Report.standing; rules.Standing.NOT_INSPECTED before its first), or None while
    it is not active. The same rule as `counts_over_days`, for one authority."""
    return [
        None
        if (authority.active_from and day < authority.active_from)
        or (authority.active_until and day > authority.active_until)
        else (report.standing if (report := latest_on(reports, day)) else Standing.NOT_INSPECTED)
        for day in days
    ]


#: What a quarter day counts (CoveragePoint's fields and CoverageQuarter's columns but the day).
COUNTS = [f.name for f in fields(CoveragePoint) if f.name != "on"]


def refresh_quarters(authority_ids: Iterable[int] | None = None) -> None:
    """England's series at every quarter day (models.CoverageQuarter) brought up to date, in the
    caller's transaction (derived.refresh calls it as the data version moves).

    With `authority_ids`, only those authorities' parts (models.CoverageShare) are worked out
    again and the series moves by their difference: a fixed number of queries, whatever the
    number of other authorities and reports. The whole series is rewritten when asked (None),
    or when the quarter days differ from those kept (a quarter began since the last change).
    """
    days = quarter_starts(SERIES_STARTS, dt.date.today())
    # Locked first: a concurrent change waits, then reads the parts this one wrote.
    kept = list(CoverageQuarter.objects.select_for_update().order_by("on"))
    if authority_ids is None or [q.on for q in kept] != days:
        _rewrite_series(days)
        return
    ids = set(authority_ids)
    if not ids:
        return
    old = dict(
        CoverageShare.objects.filter(authority_id__in=ids).values_list("authority_id", "standings")
    )
    authorities = list(Authority.objects.filter(pk__in=ids).only("active_from", "active_until"))
    reports = published_reports((a.pk for a in authorities), with_areas=False)
    new = {a.pk: standings_by_quarter(a, reports.get(a.pk, ()), days) for a in authorities}
    if any(len(standings) != len(days) for standings in old.values()):
        _rewrite_series(days)  # a part kept from another series: cannot be taken out
        return
    absent = [None] * len(days)  # no part: a new authority before, a deleted one after
    changed = []
    for index, quarter in enumerate(kept):
        delta: dict[str, int] = defaultdict(int)
        for authority_id in ids:
            if (before := old.get(authority_id, absent)[index]) is not None:
                delta[before] -= 1
            if (after := new.get(authority_id, absent)[index]) is not None:
                delta[after] += 1
        if any(delta.values()):
            moved = point_of_counts(quarter.on, delta)
            for name in COUNTS:
                setattr(quarter, name, getattr(quarter, name) + getattr(moved, name))
            changed.append(quarter)
    if changed:
        CoverageQuarter.objects.bulk_update(changed, COUNTS)
    CoverageShare.objects.filter(authority_id__in=ids).delete()
    CoverageShare.objects.bulk_create(
        CoverageShare(authority_id=pk, standings=standings) for pk, standings in new.items()
    )


def _rewrite_series(days: list[dt.date]) -> None:
    """Every authority's part and the whole series, from every authority and report."""
    authorities = list(Authority.objects.only("active_from", "active_until"))
    reports = published_reports(with_areas=False)
    shares = [
        CoverageShare(
            authority_id=a.pk, standings=standings_by_quarter(a, reports.get(a.pk, ()), days)
        )
        for a in authorities
    ]
    quarters = [
        CoverageQuarter(**vars(point)) for point in coverage_over_time(authorities, reports, days)
    ]
    CoverageShare.objects.all().delete()
    CoverageShare.objects.bulk_create(shares, batch_size=500)
    CoverageQuarter.objects.all().delete()
    CoverageQuarter.objects.bulk_create(quarters)
