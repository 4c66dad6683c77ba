"""The index's query: the authorities with their standing (models.AuthorityStanding, one join),
filtered and sorted as the index asks (dashboard.queries.IndexQuery parses its parameters); the
API and the index's tables read the same annotations (with_latest_inspection, change_of).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import NullIf

from authorities.models import Authority

from . import rules
from .models import InadequatePeriod, Inspection, Judgement
from .rules import STANDING_AREAS, UNGRADED

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


#: An inspection with no grade recorded (standing.py's basis "not_recorded"): no overall grade,
#: and, where its framework gives none, no grade in an area that stands for it.
NOT_GRADED = Q(overall_effectiveness="") & ~functools.reduce(
    operator.or_,
    [
        Q(framework=framework)
        & Exists(
            Judgement.objects.filter(
                inspection=OuterRef("pk"), area__in=framework_rules.standing_areas
            ).exclude(grade="")
        )
        for framework, framework_rules in rules.FRAMEWORKS.items()
        if not framework_rules.has_overall
    ],
    Q(pk__in=[]),
)


def inadequate_at_any_time_since(day: dt.date) -> Q:
    """Authorities inadequate on some day from `day` on: an inadequate period (the kept
    InadequatePeriod rows) still running then or begun since. A period that ended at a report
    with no grade recorded counts up to that report, not after it."""
    return Q(
        Exists(
            InadequatePeriod.objects.filter(authority=OuterRef("pk")).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=day)
            )
        )
    )


def unknown_at_some_time_since(day: dt.date) -> Q:
    """Authorities whose grade on some day from `day` on is not known: a report since then with
    no grade recorded, or the latest report before it has none. Beside
    `inadequate_at_any_time_since`, those it can neither list nor rule out."""
    published = Inspection.objects.filter(published_on__isnull=False)
    latest_before = (
        published.filter(authority=OuterRef(OuterRef("pk")), published_on__lt=day)
        .order_by("-published_on", "-pk")
        .values("pk")[:1]
    )
    return Q(
        Exists(published.filter(NOT_GRADED, authority=OuterRef("pk"), published_on__gte=day))
    ) | Q(Exists(published.filter(NOT_GRADED, pk=Subquery(latest_before))))


#: Has left inadequate (standing.py): a period it is known to have left, and neither inadequate
#: now nor unknown since a later inadequate grade.
LEFT_INADEQUATE = Q(
    standing__left_inadequate_on__isnull=False,
    standing__inadequate_since__isnull=True,
    standing__inadequate_then_unknown_on__isnull=True,
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
        rows = rows.filter(inadequate_at_any_time_since(dt.date(inadequate_since, 1, 1)))
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
        rows = rows.filter(LEFT_INADEQUATE)
    if published_within:
        today = today or dt.date.today()
        rows = rows.filter(latest_published_on__gt=today - dt.timedelta(days=published_within))
    return rows.order_by(*SORTS.get(sort, ["name"]))


def not_known(*, inadequate_since: int | None = None, left_inadequate: bool = False, **filters):
    """What the index's inadequacy filters cannot tell, among the authorities the other filters
    give (an unknown grade is never left out silently): (how many of them, what) for each of
    those filters applied. "inadequate_since": not listed, but a report with no grade recorded
    leaves their grade unknown at some time since; "left_inadequate": their last known grade is
    inadequate and nothing is known since (AuthorityStanding.inadequate_then_unknown_on)."""
    found = {}
    if inadequate_since:
        day = dt.date(inadequate_since, 1, 1)
        found["inadequate_since"] = (
            index(**filters, left_inadequate=left_inadequate)
            .filter(unknown_at_some_time_since(day))
            .exclude(inadequate_at_any_time_since(day))
            .count()
        )
    if left_inadequate:
        found["left_inadequate"] = (
            index(**filters, inadequate_since=inadequate_since)
            .filter(standing__inadequate_then_unknown_on__isnull=False)
            .count()
        )
    return found
