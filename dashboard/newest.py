"""What changed: the newest published inspections and visits, for the Atom feeds and the home page.

A fixed number of queries whatever the data (inspections; the visits of each kind), each
limited, merged newest first. An inspection
counts from its publication date. A visit counts from its letter's publication date, or where
that is not recorded (most visits in the data) from its last day on site, and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import CharField, Max, QuerySet, Value
from django.db.models.functions import Coalesce

from authorities.models import Authority
from inspections.models import (
    FocusedVisit,
    Inspection,
    JointTargetedAreaInspection,
    MonitoringVisit,
)
from inspections.rules import VisitKind

from .national import Report, standing_in_words

LATEST = 10
VISITS = (MonitoringVisit, FocusedVisit, JointTargetedAreaInspection)


@dataclass(frozen=True)
class Change:
    kind: str  # "inspection" or a visit's kind (rules.VisitKind)
    pk: int
    authority: Authority
    on: dt.date
    title: str
    summary: str
    report_url: str
    date_is_publication: bool = True

    @property
    def anchor(self) -> str:
        """The element on the authority page that shows this inspection or visit."""
        return f"{self.kind}-{self.pk}" if self.kind == "inspection" else "visits"

    @property
    def url(self) -> str:
        return f"{self.authority.get_absolute_url()}#{self.anchor}"


def _scoped(
    rows: QuerySet, region: str | None, authority: Authority | None, among: QuerySet | None = None
) -> QuerySet:
    if among is not None:
        rows = rows.filter(authority__in=among)
    if authority is not None:
        rows = rows.filter(authority=authority)
    if region:
        rows = rows.filter(authority__region=region)
    return rows


def _inspections(region, authority, limit: int, among=None) -> list[Change]:
    rows = _scoped(Inspection.objects.published(), region, authority, among)
    rows = rows.select_related("authority")
    changes = []
    rows = rows.prefetch_related("judgements").order_by("-published_on", "-pk")[:limit]
    for inspection in rows:
        overall = standing_in_words(Report.of(inspection, with_areas=True))
        changes.append(
            Change(
                kind="inspection",
                pk=inspection.pk,
                authority=inspection.authority,
                on=inspection.published_on,
                title=f"{inspection.authority.name}: inspection report published "
                f"{inspection.published_on:%-d %B %Y} (overall effectiveness: {overall})",
                summary=f"{inspection.get_framework_display()}. Overall effectiveness: {overall}.",
                report_url=inspection.report_url,
            )
        )
    return changes


VISIT_FIELDS = (
    "pk",
    "kind",
    "happened_on",
    "published_on",
    "theme",
    "findings",
    "report_url",
    "authority_id",
    "authority__name",
    "authority__slug",
    "authority__region",
)


def _visits(region, authority, limit: int, among=None) -> list[Change]:
    """The newest visits of every kind: one query per kind, each `limit` rows at most."""
    # A query per kind, each read newest first along its own index (models.Visit.Meta), then
    # merged: a UNION sorted as a whole would sort every visit there is.
    rows = [
        row
        for model in VISITS
        for row in _scoped(model.objects.all(), region, authority, among)
        .annotate(
            happened_on=Coalesce("published_on", "ended_on", "started_on"),
            kind=Value(model.kind, output_field=CharField()),
        )
        .filter(happened_on__isnull=False)
        .order_by("-happened_on", "-pk")
        .values(*VISIT_FIELDS)[:limit]
    ]
    rows = sorted(rows, key=lambda r: (r["happened_on"], r["pk"]), reverse=True)[:limit]
    changes = []
    for row in rows:
        visited = Authority(
            pk=row["authority_id"],
            name=row["authority__name"],
            slug=row["authority__slug"],
            region=row["authority__region"],
        )
        on, label = row["happened_on"], VisitKind(row["kind"]).label
        published = row["published_on"] is not None
        when = (
            f"letter published {on:%-d %B %Y}"
            if published
            else f"on site until {on:%-d %B %Y}; the letter's publication date is not recorded"
        )
        changes.append(
            Change(
                kind=row["kind"],
                pk=row["pk"],
                authority=visited,
                on=on,
                title=f"{visited.name}: {label.lower()} ({when})",
                summary=" ".join(p for p in (row["theme"], row["findings"]) if p) or label,
                report_url=row["report_url"],
                date_is_publication=published,
            )
        )
    return changes


def latest_changes(
    *,
    limit: int = LATEST,
    region: str | None = None,
    authority: Authority | None = None,
    among: QuerySet[Authority] | None = None,
) -> list[Change]:
    """The newest inspections and visits, newest first (inspections first on the same day), of
    England, a region, an authority, or the authorities `among` gives (an index filter's)."""
    changes = _inspections(region, authority, limit, among) + _visits(
        region, authority, limit, among
    )
    changes.sort(key=lambda c: (c.on, c.kind == "inspection", c.pk), reverse=True)
    return changes[:limit]


def latest_publication() -> dt.date | None:
    """The latest publication date of any inspection report or visit letter recorded: how
    recent the data is. One query: the latest of each kind, together."""
    latest = [
        model.objects.order_by()
        .annotate(one=Value(1))  # a constant to group by: one row, the whole table's latest
        .values("one")
        .annotate(last=Max("published_on"))
        .values_list("last", flat=True)
        for model in (Inspection, *VISITS)
    ]
    days = latest[0].union(*latest[1:], all=True)
    return max((day for day in days if day), default=None)
