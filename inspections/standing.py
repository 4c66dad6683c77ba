"""Where each authority stands by its latest published inspection: the annotations, filters and
sorts the index, its downloads and the API read (through dashboard.queries.IndexQuery).

An authority's own inspections only: a successor's standing starts with its own first report.
"""

from __future__ import annotations

import datetime as dt

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

from .models import Inspection
from .rules import GRADE_RANK, UNGRADED, Change, Grade

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
