"""What the charts draw, as plain values: the grades of a judgement over time, the visits and
interventions beside them, England's and the regions' authorities by grade (England's share
good or outstanding over time is inspections.coverage.CoveragePoint, drawn as it is).

dashboard/timeline.py and dashboard/national.py fill them from the database;
dashboard/charts.py draws them, and dashboard/captions.py and the tables say them in words.
Nothing here imports plotly (an import contract in pyproject.toml), so the modules that only
need these values do not load it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from inspections.rules import GRADE_RANK, OVERALL, Grade

from . import vocabulary


@dataclass(frozen=True)
class GradePoint:
    """One inspection's grade in one series (grade None: no judgement recorded, drawn as a gap).

    `judged` is False where the inspection's framework gives no such judgement at all (overall
    effectiveness from April 2026, care leavers before 2023): the line is not broken there, it
    holds the last grade (charts.trajectory)."""

    published_on: dt.date
    grade: str | None
    framework: str
    on_site: str
    authority_name: str
    is_predecessor: bool = False
    judged: bool = True

    @property
    def rank(self) -> int | None:
        return GRADE_RANK.get(self.grade) if self.grade else None


@dataclass(frozen=True)
class GradeSeries:
    name: str
    points: Sequence[GradePoint]
    visible: bool = True
    #: The judgement it draws, where a chart has several authorities' series of one judgement
    #: (an authority and its predecessors): its column in the chart's table.
    judgement: str = ""
    #: The judgement's key (rules.OVERALL or an Area): its mark in the vocabulary.
    key: str = OVERALL
    #: The last day its authority existed (a predecessor): its line runs to then, not to today.
    until: dt.date | None = None

    @property
    def is_predecessor(self) -> bool:
        return any(point.is_predecessor for point in self.points)

    @property
    def mark(self) -> vocabulary.Mark:
        return vocabulary.JUDGEMENTS[self.key]


@dataclass(frozen=True)
class TimelineEvent:
    """A visit or intervention, marked on the time axis at `on` (which date that is, `dated_by`:
    a visit's publication, as for inspections, else its last day on site; an intervention's
    start). An intervention runs to `until`, or to today."""

    on: dt.date
    kind: str  # its label, as the legend and the caption say it
    label: str
    key: str  # the kind's key in the vocabulary (rules.VisitKind or InterventionKind)
    dated_by: str = "published"
    until: dt.date | None = None

    @property
    def mark(self) -> vocabulary.Mark:
        return vocabulary.EVENTS[self.key]

    @property
    def is_intervention(self) -> bool:
        return self.key in vocabulary.INTERVENTIONS


@dataclass(frozen=True)
class AreaGrades:
    """England's or a region's authorities by the standing of their latest report.

    `counts` holds a count per grade and may hold counts of authorities without an overall grade
    (other keys): those are in `total` but never in a share.
    """

    name: str
    counts: dict[str, int]

    @property
    def graded(self) -> int:
        """Authorities with an overall grade: the base of every share."""
        return sum(self.counts.get(grade, 0) for grade in Grade.values)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, key: str) -> float | None:
        """Percentage of the authorities with an overall grade; None for non-grades or no base."""
        if key not in Grade.values or not self.graded:
            return None
        return 100 * self.counts.get(key, 0) / self.graded
