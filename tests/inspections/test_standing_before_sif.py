"""Standings and inadequate periods on the frameworks before SIF (SLAC 2009–2012, CPI and TLAC
2012–2013; inspections/standing.py), on factory data with the answers worked out by hand.

A SLAC inspection's overall effectiveness is the lower of its two overall judgements (the record
stores it so: merging.overall_from_parts); CPI's and TLAC's single overall judgement is the
inspection's overall grade, but as each judged one service it makes no standing and no period
(rules: judges_whole_service). Adequate ranks with requires improvement (rules.GRADE_RANK)."""

import datetime as dt

import pytest

from inspections.models import AuthorityStanding, InadequatePeriod
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.factories import make_authority, make_inspection

D = dt.date
O, G, A, RI, I = (  # noqa: E741
    Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE
)  # fmt: skip

pytestmark = pytest.mark.django_db


def inspection(authority, framework, published_on, overall, reinspection=False, **areas):
    """An inspection of `framework` published on the day, on site seven to five weeks before."""
    return make_inspection(
        authority, framework=framework, published_on=published_on,
        started_on=published_on - dt.timedelta(days=49),
        ended_on=published_on - dt.timedelta(days=35),
        inspection_type=InspectionType.REINSPECTION if reinspection else InspectionType.STANDARD,
        overall_effectiveness=overall, grades=areas,
    )  # fmt: skip


def slac(authority, published_on, safeguarding, looked_after, overall, **kwargs):
    """A SLAC inspection with its two overall judgements and the overall grade recorded for it
    (the lower of the two, given by hand)."""
    return inspection(
        authority, Framework.SLAC, published_on, overall,
        **{Area.SAFEGUARDING: safeguarding, Area.LOOKED_AFTER_CHILDREN: looked_after}, **kwargs,
    )  # fmt: skip


def standing_of(authority) -> AuthorityStanding:
    return AuthorityStanding.objects.get(authority=authority)


def test_a_slac_inspection_inadequate_in_safeguarding_begins_a_period():
    """SLAC, 5 November 2010: safeguarding inadequate, looked after children adequate, so
    inadequate overall. Its re-inspection, 2 March 2012: both adequate, adequate overall. One
    period, 5 November 2010 to 2 March 2012: 365 + 118 days (2012 a leap year) = 483; the
    standing is adequate (rank 3, with requires improvement), improved on inadequate."""
    a = make_authority()
    slac(a, D(2010, 11, 5), I, A, I)
    slac(a, D(2012, 3, 2), A, A, A, reinspection=True)

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on, period.ends_unknown) == (
        D(2010, 11, 5), D(2012, 3, 2), False
    )  # fmt: skip
    row = standing_of(a)
    assert (row.framework, row.grade, row.rank, row.change) == (Framework.SLAC, A, 3, "improved")
    assert (row.left_inadequate_on, row.left_inadequate_after_days) == (D(2012, 3, 2), 483)
    assert row.left_inadequate_by is None


def test_cpi_and_tlac_judged_one_service_and_make_no_standing_or_period():
    """SLAC adequate (2011), CPI inadequate (8 March 2013), TLAC inadequate (10 May 2013), SIF
    inadequate (12 June 2015), SIF re-inspection requires improvement (19 January 2018). CPI
    and TLAC judged child protection and looked after children alone (rules:
    judges_whole_service), so the period begins with the SIF report, not the CPI one, and ends
    at the re-inspection: 2 years 7 months (366 + 365 + 221 = 952 days); the standing's
    previous report is the 2015 SIF one."""
    a = make_authority()
    slac(a, D(2011, 7, 22), A, A, A)
    inspection(a, Framework.CPI, D(2013, 3, 8), I)
    inspection(a, Framework.TLAC, D(2013, 5, 10), I)
    inspection(a, Framework.SIF, D(2015, 6, 12), I)
    inspection(a, Framework.SIF, D(2018, 1, 19), RI, reinspection=True)

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on, period.inadequate_reports) == (
        D(2015, 6, 12), D(2018, 1, 19), 1
    )  # fmt: skip
    row = standing_of(a)
    assert (row.grade, row.change, row.previous_grade) == (RI, "improved", I)
    assert (row.left_inadequate_on, row.left_inadequate_after_days) == (D(2018, 1, 19), 952)


def test_a_cpi_alone_gives_no_standing():
    a = make_authority()
    inspection(a, Framework.CPI, D(2013, 3, 8), I)
    assert not InadequatePeriod.objects.filter(authority=a).exists()
    assert standing_of(a).grade == ""


def test_inadequate_across_frameworks_is_one_period():
    """SLAC inadequate (2011), SIF inadequate (2015), ILACS good (2019): one period of two
    inadequate reports, from 2011, ended by the ILACS report (the TLAC between them, judging
    one service, neither adds to it nor ends it)."""
    a = make_authority()
    slac(a, D(2011, 6, 3), A, I, I)
    inspection(a, Framework.TLAC, D(2013, 5, 10), G)
    inspection(a, Framework.SIF, D(2015, 9, 4), I)
    inspection(a, Framework.ILACS, D(2019, 4, 5), G)

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on, period.inadequate_reports) == (
        D(2011, 6, 3), D(2019, 4, 5), 2
    )  # fmt: skip


def test_an_ungraded_slac_report_ends_a_period_unknown():
    """SLAC inadequate (2010), then a SLAC re-inspection whose grades are not recorded (2012),
    then SIF good (2014): the period ends at the ungraded SLAC report; the SIF report shows it
    had left by then."""
    a = make_authority()
    slac(a, D(2010, 5, 4), I, A, I)
    inspection(a, Framework.SLAC, D(2012, 11, 2), "", reinspection=True)
    inspection(a, Framework.SIF, D(2014, 6, 6), G)

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.ended_on, period.ends_unknown, period.left_by) == (
        D(2012, 11, 2), True, D(2014, 6, 6)
    )  # fmt: skip


@pytest.mark.parametrize(
    ("before", "after", "change"),
    [
        ((Framework.SLAC, A), (Framework.SIF, G), "improved"),  # 3 to 2
        ((Framework.SLAC, A), (Framework.SIF, RI), "same"),  # adequate ranks with RI: 3 and 3
        ((Framework.SLAC, A), (Framework.SIF, I), "declined"),  # 3 to 4
        ((Framework.SLAC, O), (Framework.SLAC, A), "declined"),  # 1 to 3
        ((Framework.SLAC, I), (Framework.SLAC, A), "improved"),  # 4 to 3
    ],
)
def test_improved_and_declined_from_and_to_adequate(before, after, change):
    a = make_authority()
    inspection(a, before[0], D(2011, 6, 1), before[1])
    inspection(a, after[0], D(2014, 6, 6) if after[0] == Framework.SIF else D(2012, 6, 1), after[1])
    row = standing_of(a)
    assert (row.previous_grade, row.grade, row.change, row.change_basis) == (
        before[1], after[1], change, "overall"
    )  # fmt: skip
