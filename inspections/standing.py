"""Where each authority stands, under every framework: the rules, the table that keeps them
(models.AuthorityStanding and InadequatePeriod, refreshed with the data version), and the
index's filters and sorts on it (read through dashboard.queries.IndexQuery).

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
  next whose standing is known and not inadequate (for an April 2026 inspection: no area judged
  inadequate). Inspections with no grade recorded are skipped: unknown, not an end.

An authority's own inspections only: a successor's standing starts with its own first report.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import NullIf

from authorities.models import Authority

from . import rules
from .models import AuthorityStanding, InadequatePeriod, Inspection, Judgement
from .rules import (
    GRADE_RANK,
    STANDING_AREAS,
    UNGRADED,
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
    ended: Report | None
    inadequate_reports: int
    #: Reports with no grade recorded inside it (skipped), and just before it: it may have
    #: begun with one of those.
    unrecorded_within: int = 0
    unrecorded_before: tuple[dt.date, ...] = ()


def inadequate_periods(reports: Sequence[Report]) -> list[Period]:
    """An authority's inadequate periods, oldest first, from its reports (oldest first)."""
    periods: list[Period] = []
    began: Report | None = None
    count = within = 0
    before: tuple[dt.date, ...] = ()
    unknown: list[dt.date] = []  # unrecorded reports since the last known one
    for report in reports:
        if report.basis == Basis.NOT_RECORDED:
            unknown.append(report.published_on)  # neither begins nor ends a period
            continue
        if report.inadequate:
            if began is None:
                began, before = report, tuple(unknown)
            else:
                within += len(unknown)
            count += 1
        elif began is not None:
            periods.append(Period(began, report, count, within, before))
            began, count, within = None, 0, 0
        unknown = []
    if began is not None:
        periods.append(Period(began, None, count, within, before))
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
    if ended := [p for p in periods if p.ended is not None]:
        row.left_inadequate_on = ended[-1].ended.published_on
        row.left_inadequate_after_days = (
            ended[-1].ended.published_on - ended[-1].began.published_on
        ).days
    return row


def published_reports(
    authority_ids: Iterable[int] | None = None, *, with_areas: bool = True
) -> dict[int, list[Report]]:
    """Every published inspection (of the authorities given, or all), by authority, oldest
    first, with its grades in the standing areas (unless not `with_areas`): two queries."""
    inspections = Inspection.objects.published()
    judgements = Judgement.objects.filter(
        inspection__published_on__isnull=False, area__in=STANDING_AREAS
    )
    if authority_ids is not None:
        authority_ids = list(authority_ids)
        inspections = inspections.filter(authority_id__in=authority_ids)
        judgements = judgements.filter(inspection__authority_id__in=authority_ids)
    areas: dict[int, dict[str, str]] = defaultdict(dict)
    if with_areas:
        for inspection_id, area, grade in judgements.values_list("inspection_id", "area", "grade"):
            areas[inspection_id][area] = grade
    by_authority: dict[int, list[Report]] = defaultdict(list)
    rows = inspections.order_by("authority_id", "published_on", "pk").values_list(
        "pk", "authority_id", "published_on", "framework", "overall_effectiveness"
    )
    for pk, authority_id, published_on, framework, overall in rows:
        by_authority[authority_id].append(
            Report(pk, authority_id, published_on, framework, overall, areas.get(pk, {}))
        )
    return by_authority


def refresh(authority_ids: Iterable[int] | None = None) -> None:
    """Rewrite the standings and inadequate periods of the authorities given (None: all), in the
    caller's transaction (changes.record calls it as the data version moves)."""
    everyone = authority_ids is None
    asked = set() if everyone else set(authority_ids)
    authorities = Authority.objects.all() if everyone else Authority.objects.filter(pk__in=asked)
    ids = list(authorities.values_list("pk", flat=True))  # a deleted authority has none
    reports = published_reports(None if everyone else ids)
    rows, periods = [], []
    for authority_id in ids:
        own = reports.get(authority_id, [])
        rows.append(standing_row(authority_id, own))
        periods += [
            InadequatePeriod(
                authority_id=authority_id,
                started_on=period.began.published_on,
                ended_on=period.ended.published_on if period.ended else None,
                began_with_id=period.began.pk,
                ended_with_id=period.ended.pk if period.ended else None,
                inadequate_reports=period.inadequate_reports,
                unrecorded_within=period.unrecorded_within,
                unrecorded_before=[day.isoformat() for day in period.unrecorded_before],
            )
            for period in inadequate_periods(own)
        ]
    with transaction.atomic():
        standings, old_periods = AuthorityStanding.objects.all(), InadequatePeriod.objects.all()
        if not everyone:
            standings = standings.filter(authority_id__in=asked)
            old_periods = old_periods.filter(authority_id__in=asked)
        standings.delete()
        old_periods.delete()
        AuthorityStanding.objects.bulk_create(rows, batch_size=1000)
        InadequatePeriod.objects.bulk_create(periods, batch_size=1000)


SORTS = {
    "last_inspection": [F("latest_published_on").desc(nulls_last=True), "name"],
    "grade": [F("latest_rank").asc(nulls_last=True), "name"],
    "longest_inadequate": [F("standing_inadequate_since").asc(nulls_last=True), "name"],
    "left_inadequate": [F("standing__left_inadequate_on").desc(nulls_last=True), "name"],
    "longest_since_inspection": [F("latest_published_on").asc(nulls_last=True), "name"],
}


def with_latest_inspection(authorities: QuerySet[Authority]) -> QuerySet[Authority]:
    """Annotate each authority's standing (models.AuthorityStanding, one join): the latest
    published inspection's date, framework, overall grade and link, the previous one's overall
    grade, the standing's grade, basis and rank, and the change (what `change_of()` reads)."""
    return authorities.select_related("standing").annotate(
        latest_published_on=F("standing__published_on"),
        latest_framework=NullIf(F("standing__framework"), Value("")),
        latest_overall=F("standing__overall"),
        latest_report_url=F("standing__inspection__report_url"),
        previous_overall=F("standing__previous_overall"),
        latest_rank=F("standing__rank"),
        standing_grade=F("standing__grade"),
        standing_basis=F("standing__basis"),
        standing_change=F("standing__change"),
        standing_change_basis=F("standing__change_basis"),
        standing_inadequate_since=F("standing__inadequate_since"),
    )


def change_of(authority: Authority) -> str | None:
    """The standing's change at the latest inspection (a rules.Change key), or None when it
    cannot be compared like with like. Needs with_latest_inspection()."""
    return authority.standing_change or None


#: An inspection whose standing is inadequate: overall, or, where the framework gives no overall
#: grade, in an area that stands for it.
JUDGED_INADEQUATE = functools.reduce(
    operator.or_,
    [
        Q(
            framework=framework,
            judgements__area__in=framework_rules.standing_areas,
            judgements__grade=Grade.INADEQUATE,
        )
        for framework, framework_rules in rules.FRAMEWORKS.items()
        if not framework_rules.has_overall
    ],
    Q(overall_effectiveness=Grade.INADEQUATE),
)


def index(
    *,
    q: str = "",
    region: str = "",
    authority_type: str = "",
    grade: str = "",
    inadequate_since: int | None = None,
    change: str = "",
    include_former: bool = False,
    sort: str = "",
    area: str = "",
    area_grade: str = "",
    left_inadequate: bool = False,
    published_within: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Authority]:
    """The index's rows: the authorities found, with their standing, filtered and sorted."""
    rows = Authority.objects.matching(
        q=q, region=region, authority_type=authority_type, include_former=include_former
    )
    rows = with_latest_inspection(rows)
    if grade == UNGRADED:
        rows = rows.filter(Q(standing_grade="") | Q(standing_grade__isnull=True))
    elif grade:
        rows = rows.filter(standing_grade=grade)
    if inadequate_since:
        rows = rows.filter(
            Exists(
                Inspection.objects.filter(
                    JUDGED_INADEQUATE,
                    authority=OuterRef("pk"),
                    published_on__gte=dt.date(inadequate_since, 1, 1),
                )
            )
        )
    if change:
        rows = rows.filter(standing_change=change)
    if area:
        rows = rows.filter(**{f"standing__{area}": area_grade} if area_grade
                           else {f"standing__{area}__gt": ""})  # fmt: skip
    elif area_grade:  # in any of the areas
        rows = rows.filter(
            functools.reduce(
                operator.or_, (Q(**{f"standing__{a}": area_grade}) for a in STANDING_AREAS)
            )
        )
    if left_inadequate:
        rows = rows.filter(
            standing__left_inadequate_on__isnull=False, standing__inadequate_since__isnull=True
        )
    if published_within:
        today = today or dt.date.today()
        rows = rows.filter(latest_published_on__gt=today - dt.timedelta(days=published_within))
    return rows.order_by(*SORTS.get(sort, ["name"]))
