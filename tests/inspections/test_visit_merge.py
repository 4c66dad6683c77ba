"""visit_merge: a visit found again however it was recorded, filled in, never recorded twice; a
monitoring visit follows the inadequate inspection before it, or waits for review."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from inspections.models import DataNote, FocusedVisit, MonitoringVisit
from inspections.rules import Grade, VisitKind
from inspections.sources import Settled, Source
from inspections.visit_merge import visit_merge
from tests.factories import make_authority, make_focused_visit, make_inspection

DAY = dt.date
NOTE = "Ofsted's official statistics give this one date."


def merge(authority, kind=VisitKind.FOCUSED_VISIT, **values):
    return visit_merge(
        authority=authority,
        kind=kind,
        started_on=values.get("started_on"),
        ended_on=values.get("ended_on"),
        published_on=values.get("published_on"),
        theme=values.get("theme", ""),
        dates_note=values.get("dates_note", NOTE),
        source=values.get("source", Source.OFFICIAL),
    )


def test_a_visit_is_recorded_once_and_then_found_again(db):
    authority = make_authority()
    assert merge(authority, started_on=DAY(2022, 5, 4), theme="Front door") == "created"
    assert merge(authority, started_on=DAY(2022, 5, 4), theme="Front door") == "unchanged"
    (visit,) = FocusedVisit.objects.all()
    assert (visit.started_on, visit.ended_on, visit.dates_note, visit.source) == (
        DAY(2022, 5, 4),
        None,
        NOTE,
        Source.OFFICIAL,
    )


def test_a_visit_recorded_by_an_editor_is_filled_in_not_duplicated(db):
    """An editor recorded the letter (published 12 March) without the days on site; the
    statistics give the first day, 5 weeks before: the same visit, its start filled in."""
    authority = make_authority()
    make_focused_visit(
        authority,
        started_on=None,
        ended_on=None,
        published_on=DAY(2024, 3, 12),
        theme="",
        dates_note="Dates not on the letter.",
        source=Source.EDITOR,
    )
    assert merge(authority, started_on=DAY(2024, 2, 5), theme="Children in care") == "updated"
    (visit,) = FocusedVisit.objects.all()
    assert (visit.started_on, visit.published_on, visit.theme, visit.source) == (
        DAY(2024, 2, 5),
        DAY(2024, 3, 12),
        "Children in care",
        Source.EDITOR,
    )
    assert visit.dates_note == NOTE  # what is recorded of the dates now comes from the statistics
    # A letter more than twelve weeks after the start is another visit's.
    assert merge(authority, started_on=DAY(2023, 11, 1)) == "created"


def test_dates_that_differ_are_noted_and_the_recorded_ones_kept(db):
    authority = make_authority()
    make_focused_visit(authority, source=Source.EDITOR)  # 5–6 February, published 12 March 2024
    outcome = merge(authority, started_on=DAY(2024, 2, 6), published_on=DAY(2024, 3, 14))
    assert outcome == "unchanged"
    visit = FocusedVisit.objects.get()
    assert (visit.started_on, visit.published_on) == (DAY(2024, 2, 5), DAY(2024, 3, 12))
    notes = DataNote.objects.order_by("other_value")
    assert [(n.kept_value, n.other_value, n.settled) for n in notes] == [
        ("published_on 2024-03-12", "published_on 2024-03-14", Settled.EDITOR_KEPT),
        ("started_on 2024-02-05", "started_on 2024-02-06", Settled.EDITOR_KEPT),
    ]
    merge(authority, started_on=DAY(2024, 2, 6), published_on=DAY(2024, 3, 14))
    assert DataNote.objects.count() == 2  # once


def test_a_monitoring_visit_follows_the_inadequate_inspection_before_it(db):
    inadequate = make_inspection(overall_effectiveness=Grade.INADEQUATE)  # published 2 May 2023
    authority = inadequate.authority
    assert merge(authority, VisitKind.MONITORING_VISIT, started_on=DAY(2023, 9, 5)) == "created"
    assert MonitoringVisit.objects.get().follows == inadequate


def test_a_monitoring_visit_with_nothing_to_follow_waits_and_is_placed_later(db):
    authority = make_authority()
    good = make_inspection(authority, overall_effectiveness=Grade.GOOD)  # published 2 May 2023
    visit = {"started_on": DAY(2023, 9, 5), "theme": "Front door"}
    assert merge(authority, VisitKind.MONITORING_VISIT, **visit) == "waiting"
    assert merge(authority, VisitKind.MONITORING_VISIT, **visit) == "waiting"
    assert not MonitoringVisit.objects.exists()
    note = DataNote.objects.get()
    assert (note.inspection, note.field, note.other_value, note.other_source, note.settled) == (
        None,
        "monitoring_visit",
        "2023-09-05",
        Source.OFFICIAL,
        Settled.WAITING,
    )
    assert "the latest inspection before it (published 2 May 2023) is good" in note.detail
    # The inspection was in fact judged inadequate (an editor's correction): the visit follows
    # it now, and nothing waits any more.
    good.overall_effectiveness = Grade.INADEQUATE
    good.save()
    assert merge(authority, VisitKind.MONITORING_VISIT, **visit) == "created"
    assert MonitoringVisit.objects.get().follows == good
    assert not DataNote.objects.exists()


def test_a_visit_that_breaks_a_rule_is_refused(db):
    authority = make_authority()
    with pytest.raises(ValidationError):
        merge(authority, started_on=DAY(2024, 2, 5), ended_on=DAY(2024, 2, 1), dates_note="")
