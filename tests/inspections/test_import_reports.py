"""`import_reports`: the shared report PDFs (named, and the archive's by file id) recorded through
the sync's recording policy (inspections/recording.py), on top of the national history file or
the register alone."""

import datetime as dt
import shutil

import pytest
from django.core.management import call_command

from authorities.models import Authority
from inspections.authority_match import authority_name_key
from inspections.models import DataNote, Inspection, Judgement
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
    assert result.details == {"unreadable": 1, "waiting": 0}

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


def test_a_printed_date_that_differs_from_the_history_wins_and_the_history_is_a_note(
    national_history, reports_dir
):
    result = reports_import(directory=str(reports_dir))
    norfolk_2015 = Inspection.objects.get(
        authority__ofsted_urn=80418, started_on=dt.date(2015, 7, 6)
    )
    assert norfolk_2015.published_on == dt.date(2015, 10, 19)  # as the report prints it
    assert norfolk_2015.sources["published_on"] == ["report"]
    assert norfolk_2015.overall_effectiveness == Grade.INADEQUATE
    notes = DataNote.objects.filter(inspection=norfolk_2015)
    assert sorted(notes.values_list("field", "other_value", "other_source", "settled")) == [
        ("published_on", "2015-10-20", "history", "note"),  # the history's row
        ("published_on", "2015-10-20", "listing", "note"),  # the file name's date
    ]
    assert (
        "80418_norfolk__20-october-2015.pdf: published: the report prints 2015-10-19, its "
        "listing says 2015-10-20; the printed date is recorded, the listing's kept as a note"
    ) in [str(w) for w in result.warnings]


def test_backfill_twice_changes_nothing(national_history, reports_dir):
    reports_import(directory=str(reports_dir))
    after_first = snapshot()
    again = reports_import(directory=str(reports_dir))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 26)
    assert snapshot() == after_first


def test_a_grade_the_history_gives_differently_is_the_reports_with_a_note(
    national_history, reports_dir
):
    inspection = Inspection.objects.get(
        authority__ofsted_urn=BUCKINGHAMSHIRE, published_on=dt.date(2025, 5, 14)
    )
    judgement = inspection.judgements.get(area=Area.CHILDREN_IN_CARE)
    judgement.grade = Grade.INADEQUATE  # the history's word; the report says good
    judgement.save()

    reports_import(directory=str(reports_dir))

    judgement.refresh_from_db()
    assert judgement.grade == Grade.GOOD
    note = DataNote.objects.get(inspection=inspection, field=Area.CHILDREN_IN_CARE)
    assert (note.kept_value, note.kept_source, note.other_value, note.other_source) == (
        "good", "report", "inadequate", "history"
    )  # fmt: skip


def test_a_grade_another_report_gave_differently_waits_and_nothing_is_recorded(
    national_history, reports_dir
):
    inspection = Inspection.objects.get(
        authority__ofsted_urn=BUCKINGHAMSHIRE, published_on=dt.date(2025, 5, 14)
    )
    judgement = inspection.judgements.get(area=Area.CHILDREN_IN_CARE)
    judgement.grade = Grade.INADEQUATE
    judgement.save()
    inspection.sources = {**inspection.sources, Area.CHILDREN_IN_CARE: ["report"]}
    inspection.save()
    before = (Inspection.objects.filter(pk=inspection.pk).values().get(), grades_of(inspection))

    result = reports_import(directory=str(reports_dir))

    judgement.refresh_from_db()
    assert judgement.grade == Grade.INADEQUATE
    assert [str(w) for w in result.warnings if "80442_buckinghamshire__14-may-2025" in str(w)] == [
        "80442_buckinghamshire__14-may-2025.pdf: not recorded: conflict on children in care: the "
        "database has 'inadequate' (report), this source 'good' (report); kept 'inadequate'"
    ]
    assert result.details["waiting"] == 1
    assert (Inspection.objects.filter(pk=inspection.pk).values().get(), grades_of(inspection)) == (
        before
    )


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
    assert dorset.sources["published_on"] == ["listing"]  # the file name's, as listed
    # Each pre-SIF report is a targeted looked after children inspection (TLAC).
    assert sorted(
        Inspection.objects.filter(framework=Framework.TLAC).values_list("published_on", flat=True)
    ) == [dt.date(2013, 8, 2), dt.date(2013, 8, 16)]


def test_command_prints_warnings_and_a_summary(national_history, reports_dir, capsys):
    call_command("import_reports", str(reports_dir), "--workers", "2")
    captured = capsys.readouterr()
    assert "0 created" in captured.out
    assert "1 unreadable, 0 waiting" in captured.out
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


# --- The archive: files named by file id, the provider by the history's link ------------------


@pytest.fixture
def archive(shared_data):
    path = shared_data / "archive"
    if not path.is_dir():
        pytest.skip(f"needs the shared archive: no folder {path}")
    return path


def folder_of(tmp_path, archive, *file_ids: str, named: dict[str, str] | None = None):
    """A folder of some of the archive's files (`named`: a copy of a file under another id)."""
    folder = tmp_path / "archive"
    folder.mkdir()
    for file_id in file_ids:
        shutil.copy(archive / f"{file_id}.pdf", folder / f"{file_id}.pdf")
    for file_id, source in (named or {}).items():
        shutil.copy(source, folder / f"{file_id}.pdf")
    return folder


def test_an_archive_file_is_the_providers_whose_history_row_links_it(
    national_history, archive, tmp_path
):
    """Derby's 2017 report names 'Derby City', Rotherham's 2014 'Metropolitan Borough of
    Rotherham': each is recorded into the history's row that links its file."""
    folder = folder_of(tmp_path, archive, "50004376", "50004284")

    result = reports_import(directory=str(folder))

    assert (result.created, result.details) == (0, {"unreadable": 0, "waiting": 0})
    derby = Inspection.objects.get(report_url__endswith="/50004376")
    assert derby.authority.slug == "derby"
    assert derby.overall_effectiveness == Grade.GOOD
    assert derby.sources["overall"] == ["report"]
    rotherham = Inspection.objects.get(report_url__endswith="/50004284")
    assert rotherham.authority.slug == "rotherham" and rotherham.framework == Framework.SIF


def test_an_unprinted_publication_date_is_the_historys_and_the_finding_is_kept(
    national_history, archive, tmp_path
):
    """Bolton's 2014 SIF report prints no publication date where SIF reports do."""
    result = reports_import(directory=str(folder_of(tmp_path, archive, "50004258")))

    bolton = Inspection.objects.get(report_url__endswith="/50004258")
    assert bolton.published_on == dt.date(2014, 3, 21)
    assert bolton.sources["published_on"] == ["history"]
    assert bolton.framework == Framework.SIF and bolton.overall_effectiveness
    assert [str(w) for w in result.warnings] == [
        "50004258.pdf: publication date: not printed on page 1 where this format prints it; "
        "left empty",
        "50004258.pdf: published: 2014-03-21, its listing's date, recorded",
    ]


def test_a_2018_sif_report_is_sif_and_its_missing_lscb_grade_is_a_finding_for_it_alone(
    national_history, archive, tmp_path
):
    """Lambeth's SIF inspection began on 29 January 2018 (the history assumed ILACS from the
    date); its report prints no LSCB grade."""
    result = reports_import(directory=str(folder_of(tmp_path, archive, "50004434")))

    lambeth = Inspection.objects.get(report_url__endswith="/50004434")
    assert (lambeth.framework, lambeth.sources["framework"]) == (Framework.SIF, ["report"])
    assert lambeth.started_on == dt.date(2018, 1, 29)
    areas = set(lambeth.judgements.values_list("area", flat=True))
    assert Area.LSCB not in areas and Area.HELP_AND_PROTECTION in areas
    assert [str(w) for w in result.warnings] == [
        "50004434.pdf: lscb: no grade found where this format prints it; left empty"
    ]


def test_a_file_whose_cover_names_another_authority_waits(
    national_history, archive, tmp_path, reports_dir
):
    """Norfolk's 2015 report in the file of one of Suffolk's (the history links it to Suffolk):
    whose it is, a person says; nothing is recorded."""
    suffolk = Inspection.objects.filter(authority__slug="suffolk").exclude(report_url="").first()
    file_id = suffolk.report_url.rsplit("/", 1)[-1]
    before = snapshot()
    folder = folder_of(
        tmp_path, archive, named={file_id: reports_dir / "80418_norfolk__20-october-2015.pdf"}
    )

    result = reports_import(directory=str(folder))

    assert result.details == {"unreadable": 0, "waiting": 1}
    (warning,) = [str(w) for w in result.warnings]
    assert warning.startswith(
        f"{file_id}.pdf: not recorded: the cover names Norfolk, not Suffolk (the provider): "
        "check whose report it is; "
    )
    assert snapshot() == before


def test_a_slac_report_records_both_overall_judgements_and_the_lower_as_the_overall(
    national_register, tmp_path
):
    from tests.inspections.reader.test_pre_sif import slac_report
    from tests.pdfs import text_pdf

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "80549_sandwell__22-april-2011.pdf").write_bytes(text_pdf(slac_report()))

    result = reports_import(directory=str(folder), workers=1)

    assert (result.created, result.details) == (1, {"unreadable": 0, "waiting": 0})
    slac = Inspection.objects.get(authority__ofsted_urn=80549)
    assert slac.framework == Framework.SLAC
    assert grades_of(slac) == {
        Area.SAFEGUARDING: Grade.ADEQUATE,
        Area.LOOKED_AFTER_CHILDREN: Grade.GOOD,
        Area.CAPACITY_TO_IMPROVE: Grade.GOOD,
        Area.LEADERSHIP: Grade.ADEQUATE,
    }
    assert (slac.overall_effectiveness, slac.sources["overall"]) == (Grade.ADEQUATE, ["derived"])
