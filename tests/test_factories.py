"""Each factory (tests/factories.py) makes a valid, saved row that the domain reads as meant."""

import datetime as dt

import pytest

from authorities.models import Authority
from inspections.models import Inspection, Intervention, InterventionKind
from inspections.rules import Area, Grade
from tests.factories import (
    make_authority,
    make_focused_visit,
    make_former_name,
    make_inspection,
    make_intervention,
    make_jtai,
    make_monitoring_visit,
    make_predecessor,
)

D = dt.date


def test_an_inspection_is_saved_with_its_judgements(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    assert Inspection.objects.get() == inspection
    assert [(label, j.grade) for label, j in inspection.judgements_by_area() if j] == [
        (inspection.area_label(Area.LEADERSHIP), Grade.GOOD)
    ]


def test_a_monitoring_visit_follows_an_inadequate_inspection_of_its_authority(db):
    visit = make_monitoring_visit()

    inspection = visit.follows
    assert inspection.overall_effectiveness == Grade.INADEQUATE
    assert visit.authority == inspection.authority
    assert visit.started_on > inspection.ended_on
    assert list(inspection.monitoring_visits.all()) == [visit]
    assert Inspection.objects.visits_of(visit.authority) == [visit]


def test_a_monitoring_visit_after_a_given_inspection_takes_its_fields(db):
    inspection = make_inspection(overall_effectiveness=Grade.INADEQUATE)
    second = make_monitoring_visit(inspection, sequence=2, theme="Care leavers")
    assert (second.follows, second.sequence, second.theme) == (inspection, 2, "Care leavers")


def test_visits_of_every_kind_are_read_in_date_order(db):
    authority = make_authority()
    jtai = make_jtai(authority, started_on=D(2022, 6, 6), ended_on=D(2022, 6, 10))
    focused = make_focused_visit(authority)
    monitoring = make_monitoring_visit(
        make_inspection(authority, overall_effectiveness=Grade.INADEQUATE)
    )

    visits = Inspection.objects.visits_of(authority)

    assert visits == [jtai, monitoring, focused]  # equal rows are of the same model


@pytest.mark.parametrize("kind", list(InterventionKind))
def test_an_intervention_of_each_kind_follows_its_inspection(db, kind):
    inspection = make_inspection(overall_effectiveness=Grade.INADEQUATE)

    intervention = make_intervention(kind=kind, follows=inspection)

    assert Intervention.objects.get() == intervention
    assert intervention.authority == inspection.authority
    assert (
        list(inspection.interventions.all())
        == list(inspection.authority.interventions.all())
        == [intervention]
    )
    assert intervention.started_on > inspection.published_on
    assert str(intervention).startswith(f"{inspection.authority} – {kind.label} from")


def test_a_trust_is_named_after_its_authority(db):
    authority = make_authority(name="Sandwell")
    trust = make_intervention(authority, kind=InterventionKind.TRUST)
    assert trust.name == "Sandwell Children's Trust" and trust.follows is None


def test_a_predecessor_is_replaced_by_its_successor(db):
    successor = make_authority(name="Buckinghamshire")

    predecessor = make_predecessor(successor, name="Buckinghamshire County Council")

    successor.refresh_from_db()
    assert successor.active_from == D(2020, 4, 1)
    assert predecessor.active_until == D(2020, 3, 31)
    assert list(successor.predecessors.all()) == [predecessor]
    assert list(predecessor.successors.all()) == [successor]
    assert not predecessor.is_active and successor.is_active
    assert list(Authority.objects.active_on(D(2020, 3, 31))) == [predecessor]
    assert list(Authority.objects.active_on(D(2020, 4, 1))) == [successor]


def test_a_predecessors_inspections_are_in_its_successors_timeline(db):
    successor = make_authority()
    predecessor = make_predecessor(successor, replaced_on=D(2024, 4, 1))
    before = make_inspection(predecessor)
    after = make_inspection(
        successor, started_on=D(2025, 3, 3), ended_on=D(2025, 3, 14), published_on=D(2025, 5, 1)
    )

    assert list(Inspection.objects.for_timeline_of(successor)) == [before, after]


def test_a_former_name_is_the_name_on_a_day_before_it_changed_and_is_searched(db):
    authority = make_authority(name="Buckinghamshire")

    former = make_former_name(authority)

    assert former.name == "Buckinghamshire County Council"
    assert authority.name_on(D(2019, 6, 1)) == "Buckinghamshire County Council"
    assert authority.name_on(D(2020, 4, 1)) == "Buckinghamshire"
    found = Authority.objects.matching(q="County Council")
    assert list(found) == [authority]
