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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from authorities.models import Authority

from .models import AuthorityStanding, InadequatePeriod, Inspection, Judgement
from .rules import (
    GRADE_RANK,
    STANDING_AREAS,
    UNGRADED,
    Basis,
    Change,
    Framework,
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

    @property
    def standing(self) -> str:
        """The overall grade, or why there is none (rules.Standing): the national picture's
        distribution of overall grades."""
        if self.overall:
            return self.overall
        return (
            Standing.NO_OVERALL if self.framework == Framework.ILACS_2026 else Standing.NOT_RECORDED
        )

    @property
    def basis(self) -> str:
        if self.overall:
            return Basis.OVERALL
        if self.framework == Framework.ILACS_2026 and self.areas:
            return Basis.AREAS
        return Basis.NOT_RECORDED

    @property
    def grade(self) -> str:
        """The standing's grade: overall, or the lowest area grade; "" when unknown."""
        if self.overall:
            return self.overall
        if self.basis == Basis.AREAS:
            return lowest(self.areas.values())
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


def inadequate_periods(reports: Sequence[Report]) -> list[Period]:
    """An authority's inadequate periods, oldest first, from its reports (oldest first)."""
    periods: list[Period] = []
    began: Report | None = None
    count = 0
    for report in reports:
        if report.basis == Basis.NOT_RECORDED:
            continue  # unknown: neither begins nor ends a period
        if report.inadequate:
            began = began or report
            count += 1
        elif began is not None:
            periods.append(Period(began, report, count))
            began, count = None, 0
    if began is not None:
        periods.append(Period(began, None, count))
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


def published_reports(authority_ids: Iterable[int] | None = None) -> dict[int, list[Report]]:
    """Every published inspection (of the authorities given, or all), by authority, oldest
    first, with its grades in the standing areas: two queries."""
    inspections = Inspection.objects.published()
    judgements = Judgement.objects.filter(
        inspection__published_on__isnull=False, area__in=STANDING_AREAS
    )
    if authority_ids is not None:
        authority_ids = list(authority_ids)
        inspections = inspections.filter(authority_id__in=authority_ids)
        judgements = judgements.filter(inspection__authority_id__in=authority_ids)
    areas: dict[int, dict[str, str]] = defaultdict(dict)
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
    """Rewrite the standings and inadequate periods of the authorities given (None: all), in
    the caller's transaction (models.DataVersion.bump calls it, so they move together)."""
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
}


def _grade_rank(field: str) -> Case:
    """The grade's rank (rules.GRADE_RANK) computed in SQL; null for no grade."""
    return Case(
        *[When(**{field: grade}, then=Value(rank)) for grade, rank in GRADE_RANK.items()],
        default=None,
        output_field=IntegerField(),
    )


def with_latest_inspection(authorities: QuerySet[Authority]) -> QuerySet[Authority]:
    """Annotate the latest and previous published inspections' dates and overall grades and
    their ranks (1 outstanding … 4 inadequate; null where there is no overall grade): what
    `change_of()` reads."""
    published = Inspection.objects.filter(
        authority=OuterRef("pk"), published_on__isnull=False
    ).order_by("-published_on", "-pk")
    return authorities.annotate(
        latest_published_on=Subquery(published.values("published_on")[:1]),
        latest_framework=Subquery(published.values("framework")[:1]),
        latest_overall=Subquery(published.values("overall_effectiveness")[:1]),
        latest_report_url=Subquery(published.values("report_url")[:1]),
        previous_overall=Subquery(published.values("overall_effectiveness")[1:2]),
    ).annotate(
        latest_rank=_grade_rank("latest_overall"),
        previous_rank=_grade_rank("previous_overall"),
    )


#: Each change as a comparison of the latest rank with the previous one, for the filter.
CHANGE_LOOKUPS = {
    Change.IMPROVED: "latest_rank__lt",
    Change.DECLINED: "latest_rank__gt",
    Change.SAME: "latest_rank",
}


def change_of(authority: Authority) -> str | None:
    """The overall grade's change at the latest inspection (a rules.Change key), or None
    unless both it and the one before have an overall grade. Needs with_latest_inspection();
    worked out here rather than in SQL, where each use of a rank repeats its subquery."""
    latest, previous = authority.latest_rank, authority.previous_rank
    if latest is None or previous is None:
        return None
    if latest == previous:
        return Change.SAME
    return Change.IMPROVED if latest < previous else Change.DECLINED


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
) -> QuerySet[Authority]:
    """The index's rows: the authorities found, with their standing, filtered and sorted."""
    rows = Authority.objects.matching(
        q=q, region=region, authority_type=authority_type, include_former=include_former
    )
    rows = with_latest_inspection(rows)
    if grade == UNGRADED:
        rows = rows.filter(Q(latest_overall="") | Q(latest_overall__isnull=True))
    elif grade:
        rows = rows.filter(latest_overall=grade)
    if inadequate_since:
        rows = rows.filter(
            Exists(
                Inspection.objects.filter(
                    authority=OuterRef("pk"),
                    overall_effectiveness=Grade.INADEQUATE,
                    published_on__gte=dt.date(inadequate_since, 1, 1),
                )
            )
        )
    if change:
        rows = rows.filter(**{CHANGE_LOOKUPS[Change(change)]: F("previous_rank")})
    return rows.order_by(*SORTS.get(sort, ["name"]))
