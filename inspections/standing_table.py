"""The standings table: each authority's standing and inadequate periods (models.AuthorityStanding
and InadequatePeriod) rewritten from its published reports by standing.py's rules, in the caller's
transaction as the data version moves (derived.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from authorities.models import Authority

from . import rules
from .models import AuthorityStanding, InadequatePeriod, Inspection, Judgement
from .rules import STANDING_AREAS
from .standing import Report, inadequate_periods, standing_row


def published_reports(
    authority_ids: Iterable[int] | None = None, *, with_areas: bool = True
) -> dict[int, list[Report]]:
    """Every published inspection that can make a standing (of the authorities given, or all;
    rules.frameworks_of_standings: not CPI or TLAC, which judged one service), by authority,
    oldest first, with its grades in the standing areas (unless not `with_areas`): two
    queries."""
    whole = rules.frameworks_of_standings()
    inspections = Inspection.objects.published().filter(framework__in=whole)
    judgements = Judgement.objects.filter(
        inspection__published_on__isnull=False,
        inspection__framework__in=whole,
        area__in=STANDING_AREAS,
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
    caller's transaction (derived.record calls it as the data version moves)."""
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
                unrecorded_before=[day.isoformat() for day in period.unrecorded_before],
                ends_unknown=period.ends_unknown,
                left_by=period.left_by.published_on if period.left_by else None,
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
