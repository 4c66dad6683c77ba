"""Where each authority stands, under every framework: the rules, worked out from its published
reports (Report). The table that keeps them (models.AuthorityStanding and InadequatePeriod) is
rewritten by standing_table.py with the data version; the index's filters and sorts on it are
index_query.py's.

The rules (the README's "Standings" says the same in words):

- Every inspection recorded is a full inspection (a standard or short ILACS inspection, a SIF
  inspection or re-inspection, a pre-2013 safeguarding / looked-after-children inspection);
  visits are other models and never set a standing.
- A published inspection's standing is its overall grade (basis "overall"). Where its framework
  gives none (ILACS from April 2026) it is the lowest grade among the areas it judged
  (rules.STANDING_AREAS; basis "areas"), labelled as such. Otherwise (no grade recorded) it is
  unknown (basis "not_recorded"): it never counts as any grade.
- An authority's standing is its latest published inspection's; none: "not inspected".
- Change at the latest inspection, like with like: against the inspection just before, by the
  overall grades where both give one, else by the lowest grade among the areas both judged
  (basis "areas"); none when they share no graded area or either is unknown.
- An inadequate period begins with an inspection whose standing is inadequate and ends with the
  next inspection that is not: one whose standing is known and not inadequate (for an April 2026
  inspection: no area judged inadequate), or one with no grade recorded. An unknown grade is
  never skipped: there the period ends "unknown" (Period.ends_unknown), inadequate until that
  inspection and not known from it. If the next known grade is not inadequate, the authority had
  left by then (Period.left_by: it left at the unknown inspection or at that one); if it is
  inadequate, a new period begins there, which may have begun earlier (unrecorded_before).
- "Left inadequate": the latest period the authority is known to have left (ended by a known
  grade, or ended unknown with a later known grade not inadequate); its last period ending
  unknown with nothing known after it is neither inadequate now nor left
  (AuthorityStanding.inadequate_then_unknown_on).

An authority's own inspections only: a successor's standing starts with its own first report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from . import rules
from .models import AuthorityStanding, Inspection
from .rules import (
    GRADE_RANK,
    STANDING_AREAS,
    Basis,
    Change,
    Grade,
    Standing,
)


@dataclass(frozen=True)
class Report:
    """A published inspection, reduced to what a standing needs."""

    pk: int
    authority_id: int
    published_on: dt.date
    framework: str
    overall: str  # a Grade value, or "" when the report has none
    #: Its grades in rules.STANDING_AREAS (area -> Grade value), where they are recorded.
    areas: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, inspection: Inspection, *, with_areas: bool = False) -> Report:
        """The inspection as a Report; its area grades read from `inspection.judgements.all()`
        (prefetch them) when `with_areas`."""
        areas = (
            {j.area: j.grade for j in inspection.judgements.all() if j.area in STANDING_AREAS}
            if with_areas
            else {}
        )
        return cls(
            inspection.pk,
            inspection.authority_id,
            inspection.published_on,
            inspection.framework,
            inspection.overall_effectiveness,
            areas,
        )

    @property
    def standing(self) -> str:
        """The overall grade, or why there is none (rules.Standing): the national picture's
        distribution of overall grades."""
        if self.overall:
            return self.overall
        return (
            Standing.NO_OVERALL if rules.gives_no_overall(self.framework) else Standing.NOT_RECORDED
        )

    @property
    def basis(self) -> str:
        if self.overall:
            return Basis.OVERALL
        if self.standing_grades:
            return Basis.AREAS
        return Basis.NOT_RECORDED

    @property
    def standing_grades(self) -> list[str]:
        """Where the framework gives no overall grade: the recorded grades of the areas that
        stand for it (rules.standing_areas_for)."""
        return [
            self.areas[a] for a in rules.standing_areas_for(self.framework) if self.areas.get(a)
        ]

    @property
    def grade(self) -> str:
        """The standing's grade: overall, or the lowest area grade; "" when unknown."""
        if self.overall:
            return self.overall
        if self.basis == Basis.AREAS:
            return lowest(self.standing_grades)
        return ""

    @property
    def rank(self) -> int | None:
        return GRADE_RANK.get(self.grade)

    @property
    def inadequate(self) -> bool:
        return self.grade == Grade.INADEQUATE


def lowest(grades: Iterable[str]) -> str:
    """The lowest of some grades (rules.GRADE_RANK: inadequate lowest); "" for none."""
    return max(grades, key=GRADE_RANK.__getitem__, default="")


def change_between(previous: Report, latest: Report) -> tuple[str, str] | None:
    """(rules.Change, rules.Basis) at `latest` against `previous`, like with like, or None."""
    if previous.overall and latest.overall:
        before, after = GRADE_RANK[previous.overall], GRADE_RANK[latest.overall]
        basis = Basis.OVERALL
    else:
        if Basis.NOT_RECORDED in (previous.basis, latest.basis):
            return None
        shared = previous.areas.keys() & latest.areas.keys()
        if not shared:
            return None
        before = GRADE_RANK[lowest(previous.areas[a] for a in shared)]
        after = GRADE_RANK[lowest(latest.areas[a] for a in shared)]
        basis = Basis.AREAS
    if after == before:
        return Change.SAME, basis
    return (Change.IMPROVED if after < before else Change.DECLINED), basis


@dataclass(frozen=True)
class Period:
    """An inadequate period: from the inspection that began it to the one that ended it."""

    began: Report
    #: The first inspection after its last inadequate one: known and not inadequate, or with no
    #: grade recorded (`ends_unknown`); None while it lasts.
    ended: Report | None
    inadequate_reports: int
    #: Reports with no grade recorded just before it (since the last known grade): it may have
    #: begun with one of those.
    unrecorded_before: tuple[dt.date, ...] = ()
    #: It ended at an inspection whose grade is not recorded: inadequate until then, unknown from.
    ends_unknown: bool = False
    #: Where it ended unknown: the next inspection with a known grade, if that is not inadequate
    #: (the authority had left by then, at `ended` or at this one); None otherwise.
    left_by: Report | None = None

    @property
    def is_left(self) -> bool:
        """Whether the authority is known to have left it: ended by a known grade, or ended
        unknown with a later known grade not inadequate."""
        return self.ended is not None and (not self.ends_unknown or self.left_by is not None)


def inadequate_periods(reports: Sequence[Report]) -> list[Period]:
    """An authority's inadequate periods, oldest first, from its reports (oldest first)."""
    periods: list[Period] = []
    began: Report | None = None
    count = 0
    before: tuple[dt.date, ...] = ()
    unknown: list[dt.date] = []  # unrecorded reports since the last known one
    waiting: int | None = None  # the period that ended unknown, until a known grade follows
    for report in reports:
        if report.basis == Basis.NOT_RECORDED:
            if began is not None:  # the period ends here, unknown: never skipped
                periods.append(Period(began, report, count, before, ends_unknown=True))
                began, count, waiting = None, 0, len(periods) - 1
            unknown.append(report.published_on)
            continue
        if report.inadequate:
            if began is None:
                began, before = report, tuple(unknown)
            count += 1
        elif began is not None:
            periods.append(Period(began, report, count, before))
            began, count = None, 0
        elif waiting is not None:
            periods[waiting] = replace(periods[waiting], left_by=report)
        waiting = None
        unknown = []
    if began is not None:
        periods.append(Period(began, None, count, before))
    return periods


def standing_row(authority_id: int, reports: Sequence[Report]) -> AuthorityStanding:
    """The authority's standing from its published reports, oldest first (not saved)."""
    row = AuthorityStanding(authority_id=authority_id, basis=Basis.NOT_INSPECTED)
    if not reports:
        return row
    latest = reports[-1]
    row.inspection_id = latest.pk
    row.published_on = latest.published_on
    row.framework = latest.framework
    row.overall = latest.overall
    row.basis = latest.basis
    row.grade = latest.grade
    row.rank = latest.rank
    for area in STANDING_AREAS:
        setattr(row, area, latest.areas.get(area, ""))
    if len(reports) > 1:
        previous = reports[-2]
        row.previous_published_on = previous.published_on
        row.previous_overall = previous.overall
        row.previous_grade = previous.grade
        if change := change_between(previous, latest):
            row.change, row.change_basis = change
    periods = inadequate_periods(reports)
    if periods and periods[-1].ended is None:
        row.inadequate_since = periods[-1].began.published_on
    elif periods and not periods[-1].is_left:  # ended unknown, nothing known since
        row.inadequate_then_unknown_on = periods[-1].ended.published_on
    if left := [p for p in periods if p.is_left]:
        period = left[-1]
        row.left_inadequate_on = period.ended.published_on
        row.left_inadequate_after_days = (
            period.ended.published_on - period.began.published_on
        ).days
        row.left_inadequate_by = period.left_by.published_on if period.left_by else None
        row.left_inadequate_began_after_unknown = bool(period.unrecorded_before)
    return row
