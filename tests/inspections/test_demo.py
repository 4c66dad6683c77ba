"""The demo data, alone and together with the national history in either order."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import transaction

from authorities.models import Authority
from authorities.signals import changes_batched
from inspections.demo_load import demo_load
from inspections.history_import import grade_count, history_import
from inspections.models import DataNote, Inspection, Intervention, Judgement, MonitoringVisit
from inspections.rules import Area, Framework, Grade, InspectionType
from inspections.sources import Settled
from tests.csvfiles import real_lines, write_lines

D = dt.date


def everything() -> set:
    """Every recorded fact about inspections, comparable across databases built differently."""
    inspections = {
        (
            i.authority.ofsted_urn,
            i.published_on,
            i.framework,
            i.inspection_type,
            i.started_on,
            i.ended_on,
            i.lead_inspector,
            i.report_url,
            i.overall_effectiveness,
        )
        for i in Inspection.objects.select_related("authority")
    }
    judgements = {
        (j.inspection.authority.ofsted_urn, j.inspection.published_on, j.area, j.grade)
        for j in Judgement.objects.select_related("inspection__authority")
    }
    return inspections | judgements


@pytest.mark.django_db
def test_demo_tells_the_buckinghamshire_story():
    demo_load()
    bucks = Authority.objects.get(slug="buckinghamshire")
    story = [
        (i.published_on, i.framework, i.overall_effectiveness)
        for i in Inspection.objects.for_timeline_of(bucks)
    ]
    assert story == [
        (D(2014, 8, 8), Framework.SIF, Grade.INADEQUATE),
        (D(2018, 1, 29), Framework.SIF, Grade.INADEQUATE),
        (D(2022, 2, 11), Framework.ILACS, Grade.REQUIRES_IMPROVEMENT),
        (D(2025, 5, 14), Framework.ILACS, Grade.REQUIRES_IMPROVEMENT),
    ]
    reinspection = Inspection.objects.get(authority=bucks, published_on=D(2018, 1, 29))
    assert reinspection.inspection_type == InspectionType.REINSPECTION
    assert (reinspection.started_on, reinspection.ended_on) == (D(2017, 11, 6), D(2017, 11, 30))
    assert {j.area: j.grade for j in reinspection.judgements.all()} == {
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
        Area.ADOPTION: Grade.GOOD,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.INADEQUATE,
    }
    first = Inspection.objects.get(authority=bucks, published_on=D(2014, 8, 8))
    assert first.judgements.get(area=Area.LSCB).grade == Grade.INADEQUATE
    assert bucks.name_on(first.published_on) == "Buckinghamshire County Council"
    visits = list(MonitoringVisit.objects.filter(authority=bucks).order_by("follows__published_on"))
    assert [(v.follows.published_on, v.started_on) for v in visits] == [
        (D(2014, 8, 8), D(2016, 11, 30)),
        (D(2018, 1, 29), None),
    ]
    assert visits[1].theme == "Children in need" and "not printed" in visits[1].dates_note.lower()
    commissioner = Intervention.objects.get(authority=bucks)
    assert (commissioner.kind, commissioner.follows) == ("commissioner", reinspection)


@pytest.mark.django_db
def test_demo_sandwell_inadequate_then_trust():
    demo_load()
    sandwell = Authority.objects.get(slug="sandwell")
    inadequate = Inspection.objects.filter(
        authority=sandwell, overall_effectiveness=Grade.INADEQUATE
    )
    assert sorted(inadequate.values_list("published_on", flat=True)) == [
        D(2013, 8, 2),
        D(2015, 6, 5),
        D(2018, 1, 29),
    ]
    trust = Intervention.objects.get(authority=sandwell, kind="trust")
    assert (trust.name, trust.started_on) == ("Sandwell Children's Trust", D(2018, 4, 1))
    older = Inspection.objects.get(authority=sandwell, published_on=D(2013, 8, 2))
    assert older.framework == Framework.PRE_SIF
    assert older.judgements.get(area=Area.CAPACITY_TO_IMPROVE).grade == Grade.ADEQUATE


@pytest.mark.django_db
def test_demo_load_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    before = everything(), Inspection.history.count(), MonitoringVisit.objects.count()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 created, 0 updated, 9 unchanged" in out.getvalue()
    assert (everything(), Inspection.history.count(), MonitoringVisit.objects.count()) == before


def test_demo_and_history_in_either_order_give_the_same_data(
    db, register_path, history_path, django_db_blocker
):
    from authorities.services import register_import

    demo_load()
    register_import(source=str(register_path))
    history_import(source=str(history_path))
    demo_first = everything()
    demo_first_grades = grade_count()

    # One transaction, its changes recorded once, as the admin's bulk delete records them.
    with transaction.atomic(), changes_batched():
        Judgement.objects.all().delete()
        MonitoringVisit.objects.all().delete()
        Intervention.objects.all().delete()
        Inspection.objects.all().delete()
        Authority.objects.all().delete()

    register_import(source=str(register_path))
    history_import(source=str(history_path))
    summary = demo_load()
    # The five SIF-era and 2013 reports gain their grades and dates; the four ILACS reports
    # already say everything the demo knows.
    assert summary.inspections == {"created": 0, "updated": 5, "unchanged": 4}
    assert summary.warnings == []
    assert everything() == demo_first
    assert Inspection.objects.count() == 497  # one inspection per report, not 497 + 9
    # The history's 1,427 grades plus the 29 only the demo's reports give (SIF years and 2013).
    assert grade_count() == demo_first_grades == 1427 + 29
    bucks_2018 = Inspection.objects.get(authority__ofsted_urn=80442, published_on=D(2018, 1, 29))
    assert bucks_2018.report_url.startswith("https://files.ofsted.gov.uk/")  # from the history
    assert (
        bucks_2018.overall_effectiveness == Grade.INADEQUATE
    )  # from the demo; placeholder kept out


def test_a_real_conflict_is_settled_by_rank_and_noted_never_silently(
    db, register_path, history_path, tmp_path
):
    from authorities.services import register_import

    demo_load()
    register_import(source=str(register_path))
    lines = real_lines(history_path)
    bucks_2025 = next(
        n for n, line in enumerate(lines) if line.startswith("80442,") and "14/05/25" in line
    )
    assert (
        ",requires improvement,requires improvement,requires improvement,good," in lines[bucks_2025]
    )
    lines[bucks_2025] = lines[bucks_2025].replace(
        ",requires improvement,requires improvement,requires improvement,good,",
        ",requires improvement,requires improvement,requires improvement,outstanding,",
    )
    result = history_import(source=str(write_lines(tmp_path / "h.csv", lines)))
    # The history outranks the demo data (sources.py): its grade is kept, and the disagreement
    # is a data note saying how it was settled, never silent.
    assert [w for w in result.warnings if "conflict" in w.reason] == []
    kept = Judgement.objects.get(
        inspection__authority__ofsted_urn=80442,
        inspection__published_on=D(2025, 5, 14),
        area=Area.CHILDREN_IN_CARE,
    )
    assert kept.grade == Grade.OUTSTANDING
    note = DataNote.objects.get(field=Area.CHILDREN_IN_CARE)
    assert (note.kept_value, note.kept_source, note.other_value, note.other_source) == (
        "outstanding",
        "history",
        "good",
        "demo",
    )
    assert note.settled == Settled.HIGHER_SOURCE
