"""England's share judged good or outstanding over time (inspections/coverage.py): given only
from the first date at which at least half of the active authorities have a known grade, from
the first SLAC reports (2009); on factory data with the answers worked out by hand."""

import datetime as dt

import pytest

from dashboard import national, national_tables
from inspections import coverage
from inspections.models import CoverageQuarter
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.factories import make_authority, make_inspection

D = dt.date
pytestmark = pytest.mark.django_db


def report(authority, framework, published_on, overall, **areas):
    return make_inspection(
        authority, framework=framework, published_on=published_on,
        started_on=published_on - dt.timedelta(days=49),
        ended_on=published_on - dt.timedelta(days=35),
        inspection_type=InspectionType.STANDARD, overall_effectiveness=overall, grades=areas,
    )  # fmt: skip


@pytest.fixture
def four_authorities():
    """Four authorities, active throughout:

    - A: SLAC good, published 7 August 2009; a SLAC re-inspection whose grade is not recorded,
      5 October 2012 (from then A's grade is unknown, never its 2009 good);
    - B: SLAC inadequate (safeguarding inadequate, looked after children adequate), 1 February
      2010;
    - C: SLAC adequate, 1 June 2012 (a CPI or TLAC report, judging one service, would not
      count: rules, judges_whole_service);
    - D: a SLAC report whose grade is not recorded, 10 January 2010.

    Known grades: 1 of 4 from October 2009 (no share), 2 of 4 from April 2010 (the share
    starts: 1 of 2 good, 50%), 3 of 4 from July 2012 (1 of 3, 33.3%), 2 of 4 from January 2013
    (A unknown: 0 of 2, 0%)."""
    a, b, c, d = (make_authority(name=f"Share {n}") for n in "ABCD")
    report(a, Framework.SLAC, D(2009, 8, 7), Grade.GOOD)
    report(a, Framework.SLAC, D(2012, 10, 5), "")
    report(
        b, Framework.SLAC, D(2010, 2, 1), Grade.INADEQUATE,
        **{Area.SAFEGUARDING: Grade.INADEQUATE, Area.LOOKED_AFTER_CHILDREN: Grade.ADEQUATE},
    )  # fmt: skip
    report(c, Framework.SLAC, D(2012, 6, 1), Grade.ADEQUATE)
    report(c, Framework.CPI, D(2013, 5, 3), Grade.INADEQUATE)  # one service: no standing
    report(d, Framework.SLAC, D(2010, 1, 10), "")


def kept() -> dict[dt.date, CoverageQuarter]:
    return {q.on: q for q in CoverageQuarter.objects.all()}


def test_the_series_starts_in_2009_and_its_share_once_half_are_known(four_authorities):
    quarters = kept()
    assert min(quarters) == coverage.SERIES_STARTS == D(2009, 7, 1)
    by_day = {
        day: (q.active, q.known, q.good_or_outstanding, q.not_recorded, q.not_inspected)
        for day, q in quarters.items()
    }
    assert by_day[D(2009, 7, 1)] == (4, 0, 0, 0, 4)
    assert by_day[D(2009, 10, 1)] == (4, 1, 1, 0, 3)
    assert by_day[D(2010, 1, 1)] == (4, 1, 1, 0, 3)  # D's report is from 10 January
    assert by_day[D(2010, 4, 1)] == (4, 2, 1, 1, 1)
    assert by_day[D(2012, 4, 1)] == (4, 2, 1, 1, 1)
    assert by_day[D(2012, 7, 1)] == (4, 3, 1, 1, 0)
    assert by_day[D(2013, 1, 1)] == (4, 2, 0, 2, 0)  # A's 2012 report: unknown, not good
    assert by_day[D(2013, 7, 1)] == (4, 2, 0, 2, 0)  # C's CPI changes nothing

    picture = national.national_picture(today=D(2026, 6, 1))
    shares = {p.on: p.share for p in picture.over_time}
    assert [shares[day] for day in (D(2009, 7, 1), D(2009, 10, 1), D(2010, 1, 1))] == [None] * 3
    assert shares[D(2010, 4, 1)] == 50
    assert shares[D(2012, 7, 1)] == pytest.approx(100 / 3)
    assert shares[D(2013, 1, 1)] == 0
    assert picture.first_covered.on == D(2010, 4, 1)

    table = national_tables.over_time_table(picture)
    assert table.note.startswith(
        "The share is given from 1 April 2010, the first date at which at least half of the "
        "active authorities had a known overall grade"
    )
    assert table.title == "Authorities judged good or outstanding overall at each date since 2009"


def test_with_one_authority_known_in_four_no_share_is_given(db):
    a, *_ = (make_authority() for _ in range(4))
    report(a, Framework.SLAC, D(2009, 8, 7), Grade.GOOD)
    picture = national.national_picture(today=D(2026, 6, 1))
    assert picture.first_covered is None
    assert all(p.share is None for p in picture.over_time)
    assert national_tables.over_time_table(picture).note.startswith(
        "No date has a known overall grade for at least half of the active authorities"
    )


def test_the_series_kept_by_difference_equals_a_rewrite_from_2009(four_authorities):
    """The incremental parts (CoverageShare) over the longer series, after a pre-SIF report is
    added and regraded (tests/inspections/test_save_cost.py checks the other changes)."""

    def from_scratch():
        return [vars(p) for p in coverage.quarters_now()]

    def by_difference():
        return [
            {"on": q.on, **{name: getattr(q, name) for name in coverage.COUNTS}}
            for q in CoverageQuarter.objects.all()
        ]

    assert by_difference() == from_scratch()
    d = make_authority(name="Share E")
    late = report(d, Framework.SLAC, D(2012, 9, 7), Grade.GOOD)
    assert by_difference() == from_scratch()
    late.overall_effectiveness = ""
    late.save()
    assert by_difference() == from_scratch()
