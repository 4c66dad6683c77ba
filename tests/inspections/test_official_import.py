"""Ofsted's official statistics (the two real ODS files) imported on top of the register and
the history, as `manage.py import_official` does after `load_national`; and bad copies of the
files, each rejected whole, naming its sheet and cell, with nothing written.

The real files are imported once for the module (a dry run first, then the import), in a
transaction rolled back at the module's end; each test runs in its own savepoint within it.
The bad files' tests come first: they run before the import, so that "nothing written" is
tested where a good file would write a great deal.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from authorities.aliases import ALIASES, authority_for_name, authority_name_key
from authorities.models import Authority
from authorities.tabular import ImportRejected
from inspections.models import (
    DataNote,
    DataVersion,
    FocusedVisit,
    Inspection,
    Judgement,
    MonitoringVisit,
)
from inspections.official_import import official_import
from inspections.rules import Area, Framework, Grade, InspectionType
from inspections.sources import Settled, Source
from tests.odsfiles import edited_copy, renamed_sheet_copy, row_added_copy
from tests.site_data import national_history_loaded

FILE_2023 = "childrens_social_care_in_england_2023_underlying_data.ods"
FILE_2025 = "la_inspection_outcomes_as_at_31_march_2025.ods"
DAY = dt.date


def official_files(shared_data) -> list[str]:
    return [str(shared_data / "official" / name) for name in (FILE_2023, FILE_2025)]


def recorded() -> dict:
    """Everything the import may write, counted, and the data version."""
    return {
        "inspections": Inspection.objects.count(),
        "judgements": Judgement.objects.count(),
        "inspection history": Inspection.history.count(),
        "notes": DataNote.objects.count(),
        "monitoring visits": MonitoringVisit.objects.count(),
        "focused visits": FocusedVisit.objects.count(),
        "authorities": Authority.objects.count(),
        "data version": DataVersion.current().token,
    }


@contextmanager
def rolled_back():
    """A transaction (or, inside one, a savepoint) undone on leaving."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def national_data(django_db_setup, django_db_blocker, ofsted_data):
    """The register and the history, loaded once for the module."""
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block, "request this before db"
        with rolled_back():
            national_history_loaded(ofsted_data)
            yield


@pytest.fixture
def national(national_data, db):
    """The register and the history (and the official statistics too, once a test has asked
    for them: tests using only this must not rely on their absence)."""


@pytest.fixture(scope="module")
def official_imports(national_data, django_db_blocker, shared_data):
    """A dry run of the two real files, then the import, once for the module."""
    files = official_files(shared_data)
    with django_db_blocker.unblock(), rolled_back():
        before = recorded()
        dry = official_import(paths=files, dry_run=True)
        after_dry_run = recorded()
        result = official_import(paths=files)
        yield SimpleNamespace(
            files=files, dry=dry, result=result, before=before, after_dry_run=after_dry_run
        )


@pytest.fixture
def official(official_imports, db):
    return official_imports


def rejection(paths) -> list[str]:
    """The reasons the import gave for rejecting the files, with nothing written."""
    before = recorded()
    with pytest.raises(ImportRejected) as raised:
        official_import(paths=[str(p) for p in paths])
    assert recorded() == before
    return [p.reason for p in raised.value.problems]


# --- Bad files: each rejected whole, naming the sheet and cell; nothing written ---------------

HISTORY_2025 = "ILACS_inspection_history"


@pytest.mark.parametrize(
    ("old", "new", "after", "reason"),
    [
        (
            "<text:p>Publication date</text:p>",
            "<text:p>Date published</text:p>",
            None,
            "ILACS_inspection_history!G3: the header row of the ILACS inspection history has "
            "'Date published' where 'Publication date' was expected: the layout has changed",
        ),
        (
            "<text:p>Barnsley</text:p>",
            "<text:p>Barnsleigh</text:p>",
            None,
            "ILACS_inspection_history!C8: 'Barnsleigh' is not an authority of the register (by "
            "its present or former names or an alias in authorities/aliases.py)",
        ),
        (
            'office:value-type="date" office:date-value="2019-02-18T00:00:00" '
            'table:style-name="ce60"><text:p>18/02/2019</text:p>',
            'office:value-type="string" table:style-name="ce60"><text:p>18th Feb 2019</text:p>',
            None,
            "ILACS_inspection_history!F4: '18th Feb 2019' is not a date",
        ),
        (
            "<text:p>Requires improvement to be good</text:p>",
            "<text:p>Goodish</text:p>",
            None,
            "ILACS_inspection_history!I4: 'Goodish' is not a grade",
        ),
        (
            "<text:p>ILACS Standard Inspection</text:p>",
            "<text:p>ILACS Long Inspection</text:p>",
            "<text:p>Barnet</text:p>",
            "ILACS_inspection_history!H6: 'ILACS Long Inspection' is not a type this import "
            "knows ('ilacs standard inspection', 'ilacs short inspection', in any case)",
        ),
    ],
    ids=["header changed", "unknown name", "bad date", "bad grade", "unknown type"],
)
def test_a_bad_cell_rejects_the_file_naming_sheet_and_cell(
    national, shared_data, tmp_path, old, new, after, reason
):
    source = shared_data / "official" / FILE_2025
    bad = edited_copy(
        source, tmp_path / FILE_2025, sheet=HISTORY_2025, old=old, new=new, after=after
    )
    assert rejection([bad]) == [reason]


def test_a_missing_sheet_rejects_the_file(national, shared_data, tmp_path):
    source = shared_data / "official" / FILE_2025
    bad = renamed_sheet_copy(
        source, tmp_path / FILE_2025, sheet="In-year_inspections", name="In-year 2024-25"
    )
    assert rejection([bad]) == [
        "sheet 'In-year_inspections' is missing: this is not 'LA inspection outcomes as at 31 "
        "March 2025' as Ofsted publishes it"
    ]


def test_a_bad_grade_in_the_2023_file_rejects_both_files(national, shared_data, tmp_path):
    """The brief's own example: Barnet's SLAC safeguarding grade, F7. One bad file rejects the
    import of both: nothing of the good one is written either."""
    source = shared_data / "official" / FILE_2023
    bad = edited_copy(
        source,
        tmp_path / FILE_2023,
        sheet="LA_inspections_2009-2023",
        old="<text:p>Good</text:p>",
        new="<text:p>Goodish</text:p>",
        after="<text:p>Barnet</text:p>",
    )
    assert rejection([bad, shared_data / "official" / FILE_2025]) == [
        "LA_inspections_2009-2023!F7: 'Goodish' is not a grade"
    ]


def test_the_second_table_is_found_by_its_header_and_checked_too(national, shared_data, tmp_path):
    """The table of the authorities that existed before the restructures starts at row 161,
    under a header of its own ("ILACS framework …", not "First ILACS framework …")."""
    bad = edited_copy(
        shared_data / "official" / FILE_2023,
        tmp_path / FILE_2023,
        sheet="LA_inspections_2009-2023",
        old="<text:p>ILACS framework inspection type</text:p>",
        new="<text:p>ILACS inspection type</text:p>",
    )
    assert rejection([bad]) == [
        "LA_inspections_2009-2023!AG161: the header row of the table of the authorities that "
        "existed before the restructures has 'ILACS inspection type' where 'ILACS framework "
        "inspection type' was expected: the layout has changed"
    ]


def test_every_file_is_checked_and_each_problem_named_by_its_file(national, shared_data, tmp_path):
    text = tmp_path / "notes.ods"
    text.write_text("not a spreadsheet")
    bad_2025 = renamed_sheet_copy(
        shared_data / "official" / FILE_2025,
        tmp_path / FILE_2025,
        sheet="ILACS_inspection_history",
        name="history",
    )
    reasons = rejection([text, bad_2025])
    assert reasons == [
        "la_inspection_outcomes_as_at_31_march_2025.ods: sheet 'ILACS_inspection_history' is "
        "missing: this is not 'LA inspection outcomes as at 31 March 2025' as Ofsted "
        "publishes it",
        "notes.ods: not a readable spreadsheet: invalid Zip archive: Could not find EOCD",
    ]


def test_the_command_fails_naming_the_cell(national, shared_data, tmp_path):
    bad = edited_copy(
        shared_data / "official" / FILE_2025,
        tmp_path / FILE_2025,
        sheet=HISTORY_2025,
        old="<text:p>Barnsley</text:p>",
        new="<text:p>Barnsleigh</text:p>",
    )
    with pytest.raises(CommandError, match=r"rejected, nothing imported \(1 problem\)"):
        call_command("import_official", str(bad), stdout=io.StringIO())


# --- The real files -----------------------------------------------------------------------------


def test_the_dry_run_wrote_nothing_and_counted_what_the_import_did(official):
    assert official.after_dry_run == official.before
    assert official.dry.dry_run and not official.result.dry_run
    counted = ("created", "updated", "unchanged", "details")
    assert [getattr(official.dry, c) for c in counted] == [
        getattr(official.result, c) for c in counted
    ]


def test_the_import_counts(official):
    result = official.result
    # On top of the history's 497 inspections: 218 only the statistics know (SLAC, CPI, TLAC,
    # SIF and ILACS inspections the history lacks), 184 filled in, the rest already there (the
    # same inspection in another table of the two files is merged, and "unchanged" then).
    assert (result.created, result.updated, result.unchanged) == (218, 184, 538)
    assert result.details == {
        "inspections waiting for review": 1,  # Nottingham's, below
        "visits created": 120,
        "visits updated": 0,
        "visits unchanged": 0,
        "visits waiting for review": 0,
        "rows of LA_inspections_2009-2023": 156,
        "rows of LA_level_in_year_2022-23": 111,
        "rows of ILACS_inspection_history": 271,
        "rows of In-year_inspections": 112,
    }
    after = recorded()
    assert after["inspections"] == official.before["inspections"] + 218 == 715
    assert (after["monitoring visits"], after["focused visits"]) == (48, 72)
    assert after["authorities"] == 158


def test_the_frameworks_before_sif_as_their_columns_say(official):
    northants = Authority.objects.get(dfe_code="928")
    cpi = northants.inspections.get(published_on=DAY(2013, 3, 20))
    assert (cpi.framework, cpi.inspection_type, cpi.overall_effectiveness) == (
        Framework.CPI,
        InspectionType.STANDARD,
        Grade.INADEQUATE,
    )
    assert cpi.sources["overall"] == [Source.OFFICIAL]
    tlac = northants.inspections.get(published_on=DAY(2013, 8, 23))
    assert (tlac.framework, tlac.overall_effectiveness) == (Framework.TLAC, Grade.INADEQUATE)
    calderdale = Authority.objects.get(name="Calderdale")
    cpri = calderdale.inspections.get(published_on=DAY(2013, 7, 26))
    assert (cpri.framework, cpri.inspection_type) == (Framework.CPI, InspectionType.REINSPECTION)


def test_slac_gives_two_judgements_and_the_lower_is_overall(official):
    barnsley = Inspection.objects.get(authority__name="Barnsley", published_on=DAY(2012, 8, 10))
    assert barnsley.framework == Framework.SLAC
    assert {j.area: j.grade for j in barnsley.judgements.all()} == {
        Area.SAFEGUARDING: Grade.INADEQUATE,
        # "Requires improvement to be good" in the spreadsheet: SLAC's third grade, adequate.
        Area.LOOKED_AFTER_CHILDREN: Grade.ADEQUATE,
    }
    assert barnsley.overall_effectiveness == Grade.INADEQUATE
    assert barnsley.sources["overall"] == [Source.DERIVED]
    assert barnsley.sources[Area.SAFEGUARDING] == [Source.OFFICIAL]


def test_requires_improvement_never_enters_a_framework_before_sif(official):
    before_sif = [Framework.SLAC, Framework.CPI, Framework.TLAC, Framework.PRE_SIF]
    ri = Grade.REQUIRES_IMPROVEMENT
    assert Inspection.objects.filter(framework__in=before_sif).count() == 152 + 9 + 51 + 5
    assert not Inspection.objects.filter(framework__in=before_sif, overall_effectiveness=ri)
    assert not Judgement.objects.filter(inspection__framework__in=before_sif, grade=ri)
    assert Inspection.objects.filter(framework__in=before_sif, overall_effectiveness="adequate")


def test_a_slac_reinspection_of_one_judgement_sets_the_overall_to_it(official):
    worcestershire = Inspection.objects.get(
        authority__name="Worcestershire", published_on=DAY(2012, 4, 23)
    )
    assert (worcestershire.framework, worcestershire.inspection_type) == (
        Framework.SLAC,
        InspectionType.REINSPECTION,
    )
    assert {j.area: j.grade for j in worcestershire.judgements.all()} == {
        Area.SAFEGUARDING: Grade.ADEQUATE
    }
    assert worcestershire.overall_effectiveness == Grade.ADEQUATE
    assert worcestershire.sources["overall"] == [Source.DERIVED]
    # Cornwall's two re-inspections were published the same day: one re-inspection.
    cornwall = Inspection.objects.get(authority__name="Cornwall", published_on=DAY(2011, 2, 25))
    assert {j.area: j.grade for j in cornwall.judgements.all()} == {
        Area.SAFEGUARDING: Grade.INADEQUATE,
        Area.LOOKED_AFTER_CHILDREN: Grade.ADEQUATE,
    }
    assert cornwall.overall_effectiveness == Grade.INADEQUATE


def test_buckinghamshires_sif_inspection_and_reinspection(official):
    bucks = Authority.objects.get(dfe_code="825")
    first = bucks.inspections.get(published_on=DAY(2014, 8, 8))
    assert (first.framework, first.inspection_type, first.overall_effectiveness) == (
        Framework.SIF,
        InspectionType.STANDARD,
        Grade.INADEQUATE,
    )
    assert {j.area: j.grade for j in first.judgements.all()} == {
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
        Area.ADOPTION: Grade.REQUIRES_IMPROVEMENT,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.INADEQUATE,
        Area.LSCB: Grade.INADEQUATE,
    }
    again = bucks.inspections.get(published_on=DAY(2018, 1, 29))
    assert (again.framework, again.inspection_type, again.overall_effectiveness) == (
        Framework.SIF,
        InspectionType.REINSPECTION,
        Grade.INADEQUATE,
    )
    assert again.judgements.get(area=Area.ADOPTION).grade == Grade.GOOD
    assert not again.judgements.filter(area=Area.LSCB)  # the LSCB review came with the first


def test_the_old_dorset_county_is_the_predecessors_tables_dorset(official):
    county = Authority.objects.get(dfe_code="835")
    assert county.name == "Dorset County" and county.active_until == DAY(2019, 3, 31)
    slac = county.inspections.get(published_on=DAY(2011, 10, 28))
    assert slac.framework == Framework.SLAC
    assert slac.overall_effectiveness == Grade.GOOD
    assert county.inspections.get(published_on=DAY(2016, 5, 23)).framework == Framework.SIF
    # The first table's "Dorset" is Dorset Council, whose inspections begin in 2021.
    council = Authority.objects.get(dfe_code="838")
    assert [i.published_on for i in council.inspections.order_by("published_on")] == [
        DAY(2021, 11, 19),
        DAY(2025, 5, 9),
    ]
    assert list(council.predecessors.all()) == [county]


def test_one_inspection_from_three_tables_with_every_value_sourced(official):
    """Bexley's 2023 short inspection is in the 2023 file's two sheets (second ILACS, published;
    the year's table, on site) and the 2025 file's history (both), and in the history file."""
    (bexley,) = Inspection.objects.filter(
        authority__name="Bexley", published_on__year=2023, framework=Framework.ILACS
    )
    assert (bexley.started_on, bexley.published_on, bexley.inspection_type) == (
        DAY(2023, 2, 6),
        DAY(2023, 3, 24),
        InspectionType.SHORT,
    )
    assert bexley.judgements.get(area=Area.CARE_LEAVERS).grade == Grade.OUTSTANDING
    assert bexley.sources["started_on"][0] == Source.OFFICIAL
    assert Source.HISTORY in bexley.sources["published_on"]


def test_the_statistics_settle_what_the_history_got_wrong(official):
    """St Helens' 2023 grades are shifted a column in the history file: the statistics (a
    better source) win, and each disagreement is a note."""
    st_helens = Inspection.objects.get(authority__dfe_code="342", published_on=DAY(2023, 9, 4))
    assert st_helens.judgements.get(area=Area.HELP_AND_PROTECTION).grade == (
        Grade.REQUIRES_IMPROVEMENT
    )
    notes = st_helens.data_notes.order_by("field")
    assert [(n.field, n.kept_source, n.other_source, n.settled) for n in notes] == [
        (area, Source.OFFICIAL, Source.HISTORY, Settled.HIGHER_SOURCE)
        for area in ("care_leavers", "children_in_care", "help_and_protection")
    ]


def test_two_editions_that_disagree_wait_for_review(official):
    """Merton's 2022 inspection is short in the 2025 file, standard in the 2023 file."""
    merton = Inspection.objects.get(authority__name="Merton", published_on=DAY(2022, 5, 9))
    assert merton.inspection_type == InspectionType.SHORT
    note = merton.data_notes.get(field="inspection_type")
    assert (note.kept_value, note.other_value, note.settled) == ("short", "standard", "waiting")


def test_a_date_a_few_days_apart_and_a_mistaken_date(official):
    """The two files date Cumbria's 2022 inspection 20 and 21 September (on site): one
    inspection. The 2023 file publishes Nottingham's 2022 inspection on 5 November, the 2025
    file on 5 September: not a second inspection, but a record waiting for review."""
    (cumbria,) = Inspection.objects.filter(authority__dfe_code="909", published_on__year=2022)
    assert cumbria.started_on == DAY(2022, 9, 20)
    nottingham = Inspection.objects.filter(authority__name="Nottingham", published_on__year=2022)
    assert [i.published_on for i in nottingham] == [DAY(2022, 9, 5)]
    waiting = DataNote.objects.get(authority__name="Nottingham", inspection=None)
    assert (waiting.field, waiting.other_value, waiting.settled) == (
        "inspection",
        "2022-11-05",
        Settled.WAITING,
    )
    assert "5 September 2022 (61 days apart)" in waiting.detail


def test_focused_visits_with_their_themes(official):
    city = FocusedVisit.objects.get(authority__name="City of London")
    assert (city.started_on, city.ended_on, city.published_on, city.theme, city.source) == (
        DAY(2022, 11, 8),
        None,
        None,
        "Front door",
        Source.OFFICIAL,
    )
    assert city.dates_note == (
        "Ofsted's official statistics give this one date (the first day on site, 8 November "
        "2022) and no end or publication date."
    )
    barnsley = FocusedVisit.objects.get(authority__name="Barnsley", started_on=DAY(2024, 11, 5))
    assert (barnsley.published_on, barnsley.theme) == (DAY(2024, 12, 5), "Children in care")


def test_a_monitoring_visit_follows_the_inadequate_inspection_before_it(official):
    visit = MonitoringVisit.objects.get(authority__name="Bradford", started_on=DAY(2024, 5, 22))
    assert (visit.published_on, visit.theme, visit.source) == (
        DAY(2024, 7, 12),
        "Achieving permanence",
        Source.OFFICIAL,
    )
    assert visit.follows.published_on == DAY(2023, 1, 31)
    assert visit.follows.overall_effectiveness == Grade.INADEQUATE
    # Every monitoring visit follows its authority's latest inspection before it, inadequate.
    for visit in MonitoringVisit.objects.select_related("follows"):
        before = Inspection.objects.filter(
            authority=visit.authority_id, published_on__lt=visit.started_on
        )
        assert visit.follows == before.latest("published_on")
        assert visit.follows.may_be_monitored


def test_a_second_import_changes_nothing(official):
    before = recorded()
    again = official_import(paths=official.files)
    assert (again.created, again.updated) == (0, 0)
    assert again.details["visits created"] == again.details["visits updated"] == 0
    assert again.details["visits unchanged"] == 120
    assert recorded() == before


def test_the_tables_are_found_by_their_header_rows(official, shared_data, tmp_path):
    """A title row more above the table (every row a row lower) reads the same."""
    moved = row_added_copy(
        shared_data / "official" / FILE_2025,
        tmp_path / FILE_2025,
        sheet=HISTORY_2025,
        text="A title row more",
    )
    before = recorded()
    result = official_import(paths=[str(moved)])
    assert (result.created, result.updated) == (0, 0)
    assert result.details["rows of ILACS_inspection_history"] == 271
    assert recorded() == before


def test_the_command_reports_its_counts(official, shared_data):
    out = io.StringIO()
    call_command("import_official", *official.files, "--dry-run", stdout=out)
    assert "0 created, 0 updated, 940 unchanged" in out.getvalue()
    assert "(would be written; dry run, nothing saved)" in out.getvalue()


def test_the_alias_table_names_every_spelling_once():
    """Each alias is a key as authority_name_key makes it (else it could never match)."""
    assert all(authority_name_key(key) == key for key in ALIASES)


def test_a_name_two_authorities_share_is_nobodys():
    one = SimpleNamespace(name="Dorset", dfe_code="838", former_names=SimpleNamespace(all=list))
    two = SimpleNamespace(name="Dorset", dfe_code="835", former_names=SimpleNamespace(all=list))
    assert authority_for_name("Dorset", [one, two]) is None
    assert authority_for_name("Dorset Council", [one]) is one
    assert authority_for_name("St Helens", [one]) is None
