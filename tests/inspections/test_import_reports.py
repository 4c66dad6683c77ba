"""Backfill from the shared report PDFs on top of the national history file."""

import datetime as dt

import pytest
from django.core.management import call_command

from authorities.models import Authority
from inspections.authority_match import authority_name_key
from inspections.models import Inspection, Judgement
from inspections.reports_import import reports_import
from inspections.rules import Area, Framework, Grade, InspectionType

#: The same reports are read again and again: each read for real once a session.
pytestmark = pytest.mark.usefixtures("reports_read_once")

BUCKINGHAMSHIRE = 80442


def snapshot():
    return (
        sorted(
            Inspection.objects.values_list(
                "authority_id",
                "published_on",
                "framework",
                "inspection_type",
                "started_on",
                "ended_on",
                "lead_inspector",
                "overall_effectiveness",
            )
        ),
        sorted(Judgement.objects.values_list("inspection_id", "area", "grade")),
    )


def grades_of(inspection):
    return {j.area: j.grade for j in inspection.judgements.all()}


def test_backfill_gives_buckinghamshire_its_timeline_from_the_reports(
    national_history, reports_dir
):
    before = Inspection.objects.count()
    result = reports_import(directory=str(reports_dir))
    # Every readable report is an inspection the history already has: nothing is duplicated
    # (Norfolk 2015 prints 19 October, the history says the 20th; matched all the same).
    assert Inspection.objects.count() == before
    assert result.created == 0
    assert result.updated + result.unchanged == 26
    assert result.details["unreadable"] == 1
    assert result.details["refused"] == 0

    buckinghamshire = Authority.objects.get(ofsted_urn=BUCKINGHAMSHIRE)
    timeline = list(Inspection.objects.for_timeline_of(buckinghamshire))
    assert [(i.published_on.year, i.overall_effectiveness) for i in timeline] == [
        (2014, Grade.INADEQUATE),
        (2018, Grade.INADEQUATE),
        (2022, Grade.REQUIRES_IMPROVEMENT),
        (2025, Grade.REQUIRES_IMPROVEMENT),
    ]
    sif, reinspection = timeline[0], timeline[1]
    assert (sif.framework, sif.inspection_type) == (Framework.SIF, InspectionType.STANDARD)
    assert (sif.started_on, sif.ended_on) == (dt.date(2014, 6, 3), dt.date(2014, 6, 25))
    assert sif.lead_inspector == "Brenda McLaughlin"
    assert grades_of(sif) == {
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
        Area.ADOPTION: Grade.REQUIRES_IMPROVEMENT,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.INADEQUATE,
        Area.LSCB: Grade.INADEQUATE,
    }
    assert reinspection.inspection_type == InspectionType.REINSPECTION
    assert reinspection.published_on == dt.date(2018, 1, 29)
    assert grades_of(reinspection) == {
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
        Area.ADOPTION: Grade.GOOD,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.INADEQUATE,
    }


def test_a_printed_date_that_differs_from_the_history_is_matched_and_said(
    national_history, reports_dir
):
    result = reports_import(directory=str(reports_dir))
    norfolk_2015 = Inspection.objects.get(
        authority__ofsted_urn=80418, started_on=dt.date(2015, 7, 6)
    )
    assert norfolk_2015.published_on == dt.date(2015, 10, 20)  # the history's, kept
    assert norfolk_2015.overall_effectiveness == Grade.INADEQUATE
    assert any(
        "80418_norfolk__20-october-2015.pdf: the report prints publication on 2015-10-19" in str(w)
        for w in result.warnings
    )


def test_backfill_twice_changes_nothing(national_history, reports_dir):
    reports_import(directory=str(reports_dir))
    after_first = snapshot()
    again = reports_import(directory=str(reports_dir))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 26)
    assert snapshot() == after_first


def test_a_conflicting_grade_is_listed_and_not_overwritten(national_history, reports_dir):
    inspection = Inspection.objects.get(
        authority__ofsted_urn=BUCKINGHAMSHIRE, published_on=dt.date(2025, 5, 14)
    )
    judgement = inspection.judgements.get(area=Area.CHILDREN_IN_CARE)
    judgement.grade = Grade.INADEQUATE  # the report says good
    judgement.save()

    result = reports_import(directory=str(reports_dir))

    judgement.refresh_from_db()
    assert judgement.grade == Grade.INADEQUATE
    assert [str(w) for w in result.warnings if "80442_buckinghamshire__14-may-2025" in str(w)] == [
        "80442_buckinghamshire__14-may-2025.pdf: conflict on children in care: the database has "
        "'inadequate', this source 'good'; kept 'inadequate'"
    ]


def test_unreadable_file_is_listed_and_the_rest_go_on(national_history, reports_dir):
    result = reports_import(directory=str(reports_dir))
    assert any(
        "80429_birmingham__19-october-2012.pdf: not read: not a PDF" in str(w)
        for w in result.warnings
    )


def test_dry_run_saves_nothing(national_history, reports_dir):
    before = snapshot()
    result = reports_import(directory=str(reports_dir), dry_run=True)
    assert result.updated > 0
    assert snapshot() == before


def test_without_the_history_reports_create_their_inspections(national_register, reports_dir):
    """With no history, each report creates its inspection; ILACS dates from the file name."""
    result = reports_import(directory=str(reports_dir))
    assert (result.created, result.updated, result.unchanged) == (26, 0, 0)
    dorset = Inspection.objects.get(authority__ofsted_urn=2532283)
    assert dorset.published_on == dt.date(2021, 11, 19)
    assert any(
        "2532283_dorset__19-november-2021.pdf: the report prints no publication date; "
        "2021-11-19 from the file name" in str(w)
        for w in result.warnings
    )


def test_command_prints_warnings_and_a_summary(national_history, reports_dir, capsys):
    call_command("import_reports", str(reports_dir))
    captured = capsys.readouterr()
    assert "0 created, 26 updated, 0 unchanged" in captured.out or "0 created" in captured.out
    assert "1 unreadable" in captured.out
    assert captured.err == ""  # no progress bar when stderr is not a terminal


@pytest.mark.parametrize(
    ("cover", "register"),
    [
        ("Sandwell Metropolitan Borough Council", "Sandwell"),
        ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"),
        ("Herefordshire Council", "Herefordshire, County of"),
        ("Stoke-on-Trent City Council", "Stoke-on-Trent"),
        ("Buckinghamshire County Council", "Buckinghamshire"),
        ("Norfolk Council", "Norfolk"),
        ("Tower Hamlets", "Tower Hamlets"),
        ("Tameside metropolitan borough", "Tameside"),  # above a 2019 title, as printed
        ("Cheshire East Council", "Cheshire East"),
    ],
)
def test_cover_names_match_register_names(cover, register):
    assert authority_name_key(cover) == authority_name_key(register)
