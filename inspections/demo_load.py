"""The demo data (demo.py: Buckinghamshire and Sandwell, their inspections, visits and
interventions) loaded into the database: the inspections merged with what is there as the
history's are (merging.py), the rest added where missing, so that a second load changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from authorities.models import Authority
from authorities.services import reorganisations_apply
from authorities.signals import changes_batched

from . import demo as demo_module
from .merging import InspectionRecord, existing_inspections, inspection_merge
from .models import Inspection, Intervention, MonitoringVisit
from .sources import Source


@transaction.atomic
def demo_load() -> demo_module.DemoSummary:
    """Load Buckinghamshire and Sandwell from demo.py; idempotent, merging like the history."""
    with changes_batched():
        return _demo_load()


def _demo_load() -> demo_module.DemoSummary:
    demo = demo_module
    summary = demo.DemoSummary()
    authorities = {}
    for values in demo.AUTHORITIES:
        authority = Authority.objects.filter(ofsted_urn=values["ofsted_urn"]).first()
        if authority is None:
            authority = Authority(**values)
            authority.full_clean()
            authority.save()
            summary.authorities_created += 1
        authorities[authority.ofsted_urn] = authority
    reorganisations_apply()  # Buckinghamshire County Council, its name until March 2020

    existing = existing_inspections(authorities.values())
    for item in demo.INSPECTIONS:
        record = InspectionRecord(
            authority=authorities[item.urn],
            published_on=item.published_on,
            framework=item.framework,
            inspection_type=item.inspection_type,
            started_on=item.started_on,
            ended_on=item.ended_on,
            lead_inspector=item.lead_inspector,
            grades=dict(item.grades),
            source=Source.DEMO,
        )
        outcome = inspection_merge(
            record=record,
            warn=lambda reason, item=item, record=record: summary.warnings.append(
                f"{record.authority} {item.published_on}: {reason}"
            ),
            existing=existing,
        )
        summary.inspections[outcome] += 1

    def inspection_of(urn: int, published_on: dt.date | None) -> Inspection | None:
        return existing.get((authorities[urn].pk, published_on)) if published_on else None

    for item in demo.MONITORING_VISITS:
        follows = inspection_of(item.urn, item.follows_published_on)
        if MonitoringVisit.objects.filter(follows=follows, sequence=item.sequence).exists():
            continue
        visit = MonitoringVisit(
            authority=authorities[item.urn],
            follows=follows,
            sequence=item.sequence,
            started_on=item.started_on,
            ended_on=item.ended_on,
            dates_note=item.dates_note,
            theme=item.theme,
            findings=item.findings,
        )
        visit.full_clean()
        visit.save()
        summary.visits_created += 1

    for item in demo.INTERVENTIONS:
        authority = authorities[item.urn]
        if Intervention.objects.filter(
            authority=authority, kind=item.kind, started_on=item.started_on
        ).exists():
            continue
        intervention = Intervention(
            authority=authority,
            kind=item.kind,
            name=item.name,
            started_on=item.started_on,
            dates_note=item.dates_note,
            follows=inspection_of(item.urn, item.follows_published_on),
            description=f"{item.description} (Source: {item.source}.)",
        )
        intervention.full_clean()
        intervention.save()
        summary.interventions_created += 1
    return summary
