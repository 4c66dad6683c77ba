"""Small builders for tests: valid objects with only what a test cares about spelled out.

Each builder validates (`full_clean`) and saves what it makes, so a test gets a row the site
could hold; pass any field to override the default. Page tests can build an authority's whole
story from them (inspections, visits, interventions, a reorganisation, a former name) without
the real national data.
"""

import datetime as dt
import itertools

from django.db import transaction

from authorities.models import Authority, FormerName, Region
from authorities.signals import changes_batched
from inspections.models import (
    DataNote,
    FocusedVisit,
    Inspection,
    Intervention,
    InterventionKind,
    JointTargetedAreaInspection,
    Judgement,
    MonitoringVisit,
)
from inspections.rules import Framework, Grade, InspectionType
from inspections.sources import Settled, Source

_numbers = itertools.count(1)
DAY = dt.timedelta(days=1)


def _saved(record):
    record.full_clean()
    record.save()
    return record


def make_authority(**fields) -> Authority:
    n = next(_numbers)
    values = {
        "name": f"Testshire {n}",
        "slug": f"testshire-{n}",
        "ofsted_urn": 990000 + n,
        "region": Region.SOUTH_EAST,
    }
    values.update(fields)
    return _saved(Authority(**values))


def make_inspection(authority=None, *, grades: dict | None = None, **fields) -> Inspection:
    values = {
        "framework": Framework.ILACS,
        "inspection_type": InspectionType.STANDARD,
        "started_on": dt.date(2023, 3, 6),
        "ended_on": dt.date(2023, 3, 17),
        "published_on": dt.date(2023, 5, 2),
    }
    values.update(fields)
    # One transaction and one record of the change, as an editor's save of the inspection and
    # its judgements has (config.middleware.ChangesBatchedMiddleware).
    with transaction.atomic(), changes_batched():
        inspection = _saved(Inspection(authority=authority or make_authority(), **values))
        for area, grade in (grades or {}).items():
            _saved(Judgement(inspection=inspection, area=area, grade=grade))
    return inspection


# --- Visits between inspections -----------------------------------------------------------------


def make_monitoring_visit(follows: Inspection | None = None, **fields) -> MonitoringVisit:
    """A monitoring visit after `follows`, an inspection judged inadequate overall (one is made
    if not given); the first after it, about three months after it was published."""
    if follows is None:
        follows = make_inspection(overall_effectiveness=Grade.INADEQUATE)
    after = follows.published_on or follows.ended_on
    values = {
        "sequence": 1,
        "started_on": after + 90 * DAY,
        "ended_on": after + 91 * DAY,
        "published_on": after + 120 * DAY,
        "theme": "Children in need of help and protection",
    }
    values.update(fields)
    return _saved(MonitoringVisit(authority=follows.authority, follows=follows, **values))


def _visit_dates(fields: dict) -> dict:
    return {
        "started_on": dt.date(2024, 2, 5),
        "ended_on": dt.date(2024, 2, 6),
        "published_on": dt.date(2024, 3, 12),
        **fields,
    }


def make_focused_visit(authority: Authority | None = None, **fields) -> FocusedVisit:
    values = _visit_dates({"theme": "Children in care", **fields})
    return _saved(FocusedVisit(authority=authority or make_authority(), **values))


def make_jtai(authority: Authority | None = None, **fields) -> JointTargetedAreaInspection:
    """A joint targeted area inspection."""
    values = _visit_dates({"theme": "Serious youth violence", **fields})
    return _saved(JointTargetedAreaInspection(authority=authority or make_authority(), **values))


# --- Interventions ------------------------------------------------------------------------------

_INTERVENTION_NAMES = {
    InterventionKind.STATUTORY_DIRECTION: "",
    InterventionKind.COMMISSIONER: "DfE-appointed children's services commissioner",
    InterventionKind.TRUST: "{authority} Children's Trust",
    InterventionKind.IMPROVEMENT_PARTNER: "Testshire County Council",
}


def make_intervention(
    authority: Authority | None = None,
    *,
    kind: str = InterventionKind.STATUTORY_DIRECTION,
    follows: Inspection | None = None,
    **fields,
) -> Intervention:
    """An intervention of `kind` (a statutory direction unless told), after `follows` if given
    (of the same authority), from a month after that inspection was published."""
    authority = authority or (follows.authority if follows else make_authority())
    after = (follows.published_on if follows else None) or dt.date(2023, 6, 1)
    values = {
        "name": _INTERVENTION_NAMES[kind].format(authority=authority.name),
        "started_on": after + 30 * DAY,
    }
    values.update(fields)
    return _saved(Intervention(authority=authority, kind=kind, follows=follows, **values))


# --- Reorganisations and names -------------------------------------------------------------------


def make_predecessor(
    successor: Authority, *, replaced_on: dt.date | None = None, **fields
) -> Authority:
    """An authority that `successor` replaced on `replaced_on` (the successor's first day; 1
    April 2020 unless it has one): it was active until the day before and is linked as the
    successor's predecessor."""
    replaced_on = replaced_on or successor.active_from or dt.date(2020, 4, 1)
    if successor.active_from != replaced_on:
        successor.active_from = replaced_on
        _saved(successor)
    predecessor = make_authority(active_until=replaced_on - DAY, **fields)
    successor.predecessors.add(predecessor)  # refuses a cycle (authorities/models.py)
    return predecessor


def make_former_name(
    authority: Authority,
    *,
    name: str | None = None,
    used_until: dt.date = dt.date(2020, 3, 31),
    **fields,
) -> FormerName:
    """A name the authority had until `used_until`, keeping its codes ("<name> County Council")."""
    values = {"name": name or f"{authority.name} County Council", "used_until": used_until}
    values.update(fields)
    return _saved(FormerName(authority=authority, **values))


# --- Disagreements between sources --------------------------------------------------------------


def make_data_note(inspection: Inspection | None = None, **fields) -> DataNote:
    """A disagreement about `inspection`'s overall effectiveness (of its authority's, without an
    inspection, when `authority` is given instead): the report's grade kept over the history's,
    settled by rank, unless told otherwise."""
    authority = fields.pop("authority", None) or inspection.authority
    values = {
        "field": "overall",
        "kept_value": Grade.GOOD,
        "kept_source": Source.REPORT,
        "other_value": Grade.REQUIRES_IMPROVEMENT,
        "other_source": Source.HISTORY,
        "settled": Settled.HIGHER_SOURCE,
    }
    values.update(fields)
    return _saved(DataNote(authority=authority, inspection=inspection, **values))
