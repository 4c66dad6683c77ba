"""Each reconciliation rule (merging.py, sources.py, matching.py) on factory data, with the answer
worked out by hand: one inspection per real inspection, every value with its sources, and
disagreements settled by rank (report, statistics, history; an editor's entry kept, flagged)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from inspections.merging import InspectionRecord, existing_inspections, inspection_merge
from inspections.models import DataNote, Inspection
from inspections.rules import OVERALL, Area, Framework, Grade, InspectionType
from inspections.saving import inspection_save
from inspections.sources import Settled, Source
from tests.factories import make_authority

pytestmark = pytest.mark.django_db

D = dt.date
RI, GOOD, INADEQUATE, ADEQUATE = (
    Grade.REQUIRES_IMPROVEMENT, Grade.GOOD, Grade.INADEQUATE, Grade.ADEQUATE
)  # fmt: skip


def merge(record: InspectionRecord) -> tuple[str, list[str]]:
    warnings: list[str] = []
    outcome = inspection_merge(record=record, warn=warnings.append)
    return outcome, warnings


def sif(authority, source, published, grades, **fields) -> InspectionRecord:
    return InspectionRecord(
        authority=authority,
        published_on=published,
        framework=fields.pop("framework", Framework.SIF),
        grades=dict(grades),
        source=source,
        **fields,
    )


def test_a_report_dated_a_day_from_the_history_is_the_same_inspection_and_its_date_wins():
    norfolk = make_authority(name="Norfolk")
    merge(sif(norfolk, Source.HISTORY, D(2015, 10, 20), {}, framework=Framework.UNKNOWN))
    outcome, warnings = merge(
        sif(norfolk, Source.REPORT, D(2015, 10, 19), {OVERALL: INADEQUATE},
            started_on=D(2015, 6, 1), ended_on=D(2015, 6, 23))
    )  # fmt: skip
    assert outcome == "updated" and warnings == []
    inspection = Inspection.objects.get()  # one inspection, not two
    assert inspection.published_on == D(2015, 10, 19)
    assert inspection.framework == Framework.SIF
    assert inspection.overall_effectiveness == INADEQUATE
    assert inspection.sources["published_on"] == [Source.REPORT]
    assert inspection.sources[OVERALL] == [Source.REPORT]
    note = DataNote.objects.get(field="published_on")
    assert (note.kept_value, note.kept_source) == ("2015-10-19", Source.REPORT)
    assert (note.other_value, note.other_source) == ("2015-10-20", Source.HISTORY)
    assert note.settled == Settled.NOTE
    # No note for the framework: the history's was assumed from dates, the report's is its format.
    assert not DataNote.objects.filter(field="framework").exists()


def test_22_days_apart_are_two_inspections():
    authority = make_authority()
    merge(sif(authority, Source.HISTORY, D(2016, 3, 1), {OVERALL: GOOD}))
    merge(sif(authority, Source.OFFICIAL, D(2016, 3, 23), {OVERALL: GOOD}))
    assert Inspection.objects.count() == 2


def test_the_report_wins_over_the_statistics_and_the_history_and_each_disagreement_is_noted():
    authority = make_authority()
    published = D(2018, 3, 5)
    merge(sif(authority, Source.HISTORY, published, {OVERALL: GOOD, Area.CHILDREN_IN_CARE: GOOD},
              framework=Framework.ILACS))  # fmt: skip
    merge(sif(authority, Source.OFFICIAL, published, {OVERALL: RI, Area.CHILDREN_IN_CARE: GOOD},
              framework=Framework.ILACS))  # fmt: skip
    inspection = Inspection.objects.get()
    assert inspection.overall_effectiveness == RI  # the statistics over the history
    assert inspection.sources[OVERALL] == [Source.OFFICIAL]
    assert inspection.sources[Area.CHILDREN_IN_CARE] == [Source.OFFICIAL, Source.HISTORY]
    merge(sif(authority, Source.REPORT, published, {OVERALL: INADEQUATE},
              framework=Framework.ILACS))  # fmt: skip
    inspection = Inspection.objects.get()
    assert inspection.overall_effectiveness == INADEQUATE
    assert inspection.sources[OVERALL] == [Source.REPORT]
    notes = {(n.kept_value, n.kept_source, n.other_value, n.other_source, n.settled)
             for n in DataNote.objects.filter(field=OVERALL)}  # fmt: skip
    assert notes == {
        (RI, Source.OFFICIAL, GOOD, Source.HISTORY, Settled.HIGHER_SOURCE),
        (INADEQUATE, Source.REPORT, RI, Source.OFFICIAL, Settled.HIGHER_SOURCE),
    }


def test_a_lower_source_never_replaces_a_better_one():
    authority = make_authority()
    merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: INADEQUATE}))
    outcome, _ = merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {OVERALL: GOOD}))
    assert Inspection.objects.get().overall_effectiveness == INADEQUATE
    note = DataNote.objects.get()
    assert (note.kept_source, note.other_value, note.settled) == (
        Source.REPORT, GOOD, Settled.HIGHER_SOURCE
    )  # fmt: skip


def test_two_sources_of_one_rank_that_disagree_wait_for_review():
    authority = make_authority()
    merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: INADEQUATE}))
    outcome, warnings = merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: RI}))
    assert Inspection.objects.get().overall_effectiveness == INADEQUATE
    assert DataNote.objects.get().settled == Settled.WAITING
    assert len(warnings) == 1 and "conflict on overall effectiveness" in warnings[0]


def test_an_editors_entry_wins_over_every_source_and_is_flagged():
    authority = make_authority()
    merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {}))
    inspection = Inspection.objects.get()
    inspection.overall_effectiveness = GOOD
    editor = get_user_model().objects.create_user("editor", password="x")
    inspection_save(inspection=inspection, changed_by=editor)
    inspection.refresh_from_db()
    assert inspection.sources[OVERALL] == [Source.EDITOR]
    merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: INADEQUATE}))
    inspection.refresh_from_db()
    assert inspection.overall_effectiveness == GOOD
    note = DataNote.objects.get()
    assert (note.kept_value, note.kept_source) == (GOOD, Source.EDITOR)
    assert (note.other_value, note.other_source, note.settled) == (
        INADEQUATE, Source.REPORT, Settled.EDITOR_KEPT
    )  # fmt: skip


def test_a_second_merge_of_the_same_sources_changes_nothing():
    authority = make_authority()
    for _ in range(2):
        merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {OVERALL: GOOD}))
        merge(sif(authority, Source.REPORT, D(2014, 5, 1), {OVERALL: RI}))
    assert Inspection.objects.count() == 1
    assert DataNote.objects.count() == 2  # the grade and the date, once each
    version = Inspection.objects.get().version
    outcome, _ = merge(sif(authority, Source.REPORT, D(2014, 5, 1), {OVERALL: RI}))
    assert outcome == "unchanged"
    assert Inspection.objects.get().version == version


def test_agreeing_sources_are_all_kept_the_best_first():
    authority = make_authority()
    merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {OVERALL: GOOD}))
    merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: GOOD}))
    merge(sif(authority, Source.OFFICIAL, D(2014, 5, 2), {OVERALL: GOOD}))
    assert Inspection.objects.get().sources[OVERALL] == [
        Source.REPORT, Source.OFFICIAL, Source.HISTORY
    ]  # fmt: skip
    assert not DataNote.objects.exists()


def test_slac_overall_is_the_lower_of_its_two_overall_judgements():
    authority = make_authority()
    merge(InspectionRecord(
        authority=authority, published_on=D(2012, 8, 10), framework=Framework.SLAC,
        inspection_type=InspectionType.STANDARD, source=Source.OFFICIAL,
        grades={Area.SAFEGUARDING: INADEQUATE, Area.LOOKED_AFTER_CHILDREN: ADEQUATE},
    ))  # fmt: skip
    inspection = Inspection.objects.get()
    assert inspection.overall_effectiveness == INADEQUATE
    assert inspection.sources[OVERALL] == [Source.DERIVED]
    assert {j.area: j.grade for j in inspection.judgements.all()} == {
        Area.SAFEGUARDING: INADEQUATE, Area.LOOKED_AFTER_CHILDREN: ADEQUATE
    }  # fmt: skip


def test_requires_improvement_is_refused_for_a_framework_before_sif():
    authority = make_authority()
    outcome, warnings = merge(InspectionRecord(
        authority=authority, published_on=D(2013, 3, 20), framework=Framework.CPI,
        source=Source.OFFICIAL, grades={OVERALL: RI},
    ))  # fmt: skip
    assert Inspection.objects.get().overall_effectiveness == ""
    assert "adequate" in warnings[0].lower()


def test_a_cpi_and_a_tlac_of_one_month_are_two_inspections_but_unknown_matches_either():
    authority = make_authority()
    merge(InspectionRecord(authority=authority, published_on=D(2013, 8, 2),
                           framework=Framework.CPI, source=Source.OFFICIAL,
                           grades={OVERALL: INADEQUATE}))  # fmt: skip
    merge(InspectionRecord(authority=authority, published_on=D(2013, 8, 16),
                           framework=Framework.TLAC, source=Source.OFFICIAL,
                           grades={OVERALL: ADEQUATE}))  # fmt: skip
    assert Inspection.objects.count() == 2
    merge(InspectionRecord(authority=authority, published_on=D(2013, 8, 17),
                           framework=Framework.PRE_SIF, source=Source.HISTORY))  # fmt: skip
    assert Inspection.objects.count() == 2  # the nearer, the TLAC
    tlac = Inspection.objects.get(framework=Framework.TLAC)
    assert tlac.published_on == D(2013, 8, 16)


def test_existing_inspections_finds_by_the_window():
    authority = make_authority()
    merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {}))
    recorded = existing_inspections([authority])
    assert recorded.find(sif(authority, Source.REPORT, D(2014, 5, 20), {})) is not None
    assert recorded.find(sif(authority, Source.REPORT, D(2014, 5, 24), {})) is None


def test_a_disagreement_an_editor_settled_stays_settled_when_the_sources_merge_again():
    authority = make_authority()
    merge(sif(authority, Source.REPORT, D(2014, 5, 2), {OVERALL: INADEQUATE}))
    merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {OVERALL: GOOD}))
    DataNote.objects.update(settled=Settled.ACCEPTED)
    merge(sif(authority, Source.HISTORY, D(2014, 5, 2), {OVERALL: GOOD}))
    assert DataNote.objects.get().settled == Settled.ACCEPTED


def test_slac_with_one_part_known_has_an_overall_only_when_that_part_is_inadequate():
    authority = make_authority()
    for published, grade in ((D(2010, 3, 1), INADEQUATE), (D(2011, 6, 1), GOOD)):
        merge(InspectionRecord(authority=authority, published_on=published,
                               framework=Framework.SLAC, source=Source.OFFICIAL,
                               grades={Area.SAFEGUARDING: grade}))  # fmt: skip
    overall = dict(Inspection.objects.values_list("published_on", "overall_effectiveness"))
    assert overall == {D(2010, 3, 1): INADEQUATE, D(2011, 6, 1): ""}


def test_for_the_type_the_statistics_outrank_a_report():
    """Slough's SIF re-inspection of 2016 prints the standard title; the statistics list it
    among the re-inspections (sources.FIELD_RANK)."""
    authority = make_authority()
    merge(sif(authority, Source.REPORT, D(2016, 2, 17), {OVERALL: RI},
              inspection_type=InspectionType.STANDARD))  # fmt: skip
    merge(sif(authority, Source.OFFICIAL, D(2016, 2, 17), {OVERALL: RI},
              inspection_type=InspectionType.REINSPECTION))  # fmt: skip
    inspection = Inspection.objects.get()
    assert inspection.inspection_type == InspectionType.REINSPECTION
    assert inspection.sources[OVERALL] == [Source.REPORT, Source.OFFICIAL]
    note = DataNote.objects.get(field="inspection_type")
    assert (note.kept_source, note.other_value, note.settled) == (
        Source.OFFICIAL, InspectionType.STANDARD, Settled.HIGHER_SOURCE
    )  # fmt: skip
