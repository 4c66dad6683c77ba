"""Standings under every framework (inspections/standing.py, the README's "Standings"), on a
small factory-built dataset whose answers are worked out by hand in each test's comments; and
the table kept with the data version."""

import datetime as dt

import pytest
from django.db import transaction

from authorities.models import Authority
from dashboard import national
from inspections import index_query
from inspections.models import AuthorityStanding, InadequatePeriod
from inspections.rules import Basis, Framework, Grade
from tests.factories import make_authority, make_inspection

D = dt.date
O, G, RI, I = Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE  # noqa: E741
HP, CIC, CL, LEAD = "help_and_protection", "children_in_care", "care_leavers", "leadership"

pytestmark = pytest.mark.django_db


def ilacs(authority, published_on, overall, **areas):
    """An ILACS (2018 – March 2026) inspection published on the day, ended three weeks before."""
    return make_inspection(
        authority, framework=Framework.ILACS, started_on=published_on - dt.timedelta(days=40),
        ended_on=published_on - dt.timedelta(days=29), published_on=published_on,
        overall_effectiveness=overall, grades=areas,
    )  # fmt: skip


def ilacs_2026(authority, published_on, **areas):
    """An April 2026 inspection: no overall grade, four areas."""
    return make_inspection(
        authority, framework=Framework.ILACS_2026, started_on=published_on - dt.timedelta(days=40),
        ended_on=published_on - dt.timedelta(days=29), published_on=published_on, grades=areas,
    )  # fmt: skip


def unrecorded(authority, published_on):
    """A report in the history whose grades are not recorded (framework not known)."""
    return make_inspection(
        authority, framework=Framework.UNKNOWN, started_on=None, ended_on=None,
        published_on=published_on, inspection_type="unknown",
    )  # fmt: skip


def standing_of(authority) -> AuthorityStanding:
    return AuthorityStanding.objects.get(authority=authority)


def test_left_inadequate_under_the_april_2026_framework_by_its_areas():
    """Liverpool's shape: inadequate overall in 2023 (areas I, RI, I, I); in 2026 no overall
    grade, areas RI, G, G, G. The areas both judged are all four: lowest I then RI, so improved
    by areas; the standing is RI (its lowest area); the 2023 period ended in July 2026 after
    1,139 days (25 May 2023 to 7 July 2026)."""
    a = make_authority()
    ilacs(a, D(2023, 5, 25), I, help_and_protection=I, children_in_care=RI, care_leavers=I,
          leadership=I)  # fmt: skip
    ilacs_2026(a, D(2026, 7, 7), help_and_protection=G, children_in_care=G, care_leavers=RI,
               leadership=G)  # fmt: skip

    row = standing_of(a)
    assert (row.basis, row.grade, row.overall) == (Basis.AREAS, RI, "")
    assert (row.change, row.change_basis) == ("improved", Basis.AREAS)
    assert row.inadequate_since is None
    assert (row.left_inadequate_on, row.left_inadequate_after_days) == (D(2026, 7, 7), 1139)
    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on, period.inadequate_reports) == (
        D(2023, 5, 25), D(2026, 7, 7), 1
    )  # fmt: skip


def test_inadequate_in_an_area_with_no_overall_grade_is_inadequate_and_declined():
    """Trafford's shape: requires improvement overall in 2023 (areas RI, RI, RI; care leavers
    not judged apart then); in 2026 help and protection and leaders inadequate. Its standing is
    inadequate (lowest area), since August 2026; compared on the three areas both judged, lowest
    RI then I: declined."""
    a = make_authority()
    ilacs(a, D(2023, 1, 31), RI, help_and_protection=RI, children_in_care=RI, leadership=RI)
    ilacs_2026(a, D(2026, 8, 3), help_and_protection=I, children_in_care=G, care_leavers=RI,
               leadership=I)  # fmt: skip

    row = standing_of(a)
    assert (row.basis, row.grade) == (Basis.AREAS, I)
    assert (row.change, row.change_basis) == ("declined", Basis.AREAS)
    assert row.inadequate_since == D(2026, 8, 3)
    assert (row.help_and_protection, row.care_leavers) == (I, RI)


def test_overall_grades_compare_overall_and_equal_grades_stay_the_same():
    """Good in 2019, good in 2023: same, by overall grades (the areas are not looked at)."""
    a = make_authority()
    ilacs(a, D(2019, 6, 1), G, help_and_protection=G)
    ilacs(a, D(2023, 6, 1), G, help_and_protection=RI)
    row = standing_of(a)
    assert (row.basis, row.grade, row.change, row.change_basis) == (
        Basis.OVERALL, G, "same", Basis.OVERALL
    )  # fmt: skip


def test_no_area_in_common_gives_no_change():
    """The previous inspection judged only leaders; the 2026 one judged every area but leaders
    is missing from it: nothing to compare like with like."""
    a = make_authority()
    ilacs(a, D(2022, 6, 1), G, leadership=G)
    ilacs_2026(a, D(2026, 9, 1), help_and_protection=G, children_in_care=G, care_leavers=G)
    row = standing_of(a)
    assert (row.grade, row.change, row.change_basis) == (G, "", "")


def sif(authority, published_on, overall, **areas):
    """A SIF inspection (2013–2018) published on the day; `overall` "" where its grade is not
    recorded (SIF gives one: unknown, not "no overall grade")."""
    return make_inspection(
        authority, framework=Framework.SIF, started_on=published_on - dt.timedelta(days=70),
        ended_on=published_on - dt.timedelta(days=50), published_on=published_on,
        overall_effectiveness=overall, grades=areas,
    )  # fmt: skip


def test_a_period_ends_unknown_at_an_ungraded_report_and_a_later_grade_says_it_had_left():
    """Norfolk's shape: SIF inadequate (20 October 2015), a SIF re-inspection whose grade is not
    recorded (19 January 2018), ILACS good (13 January 2023) and outstanding (18 May 2026). The
    period ends at the January 2018 report, unknown from there: never skipped to 2023 (which
    would say "7 years 2 months"). Good in 2023 shows it had left by then. It lasted at least
    822 days (20 October 2015 to 19 January 2018: 731 + 91), "at least 2 years 2 months"."""
    a = make_authority()
    sif(a, D(2015, 10, 20), I)
    sif(a, D(2018, 1, 19), "")
    ilacs(a, D(2023, 1, 13), G)
    make_inspection(
        a, framework=Framework.ILACS, started_on=D(2026, 2, 23), ended_on=D(2026, 2, 27),
        published_on=D(2026, 5, 18), overall_effectiveness=O,
    )  # fmt: skip

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on, period.inadequate_reports) == (
        D(2015, 10, 20), D(2018, 1, 19), 1
    )  # fmt: skip
    assert (period.ends_unknown, period.left_by) == (True, D(2023, 1, 13))
    assert period.ended_with.published_on == D(2018, 1, 19)
    row = standing_of(a)
    assert (row.left_inadequate_on, row.left_inadequate_after_days) == (D(2018, 1, 19), 822)
    assert (row.left_inadequate_by, row.left_inadequate_began_after_unknown) == (
        D(2023, 1, 13), False
    )  # fmt: skip
    assert (row.inadequate_since, row.inadequate_then_unknown_on) == (None, None)
    assert national.left_after(row) == "at least 2 years 2 months"
    assert (row.grade, row.change) == (O, "improved")  # outstanding on good


def test_an_inadequate_grade_after_an_ungraded_report_begins_a_new_period():
    """G (June 2018) · unrecorded (Dec 2018) · I (June 2019) · unrecorded (June 2020) · I (June
    2022) · RI (June 2024). Two periods: June 2019 to the ungraded June 2020 report (unknown
    from there; the next known grade is inadequate, so no "left by"), and June 2022 to June 2024,
    each with the ungraded report just before it (either may have begun earlier). Left in June
    2024 after at least 731 days (2024 a leap year): "at least 2 years"."""
    a = make_authority()
    ilacs(a, D(2018, 6, 1), G)
    unrecorded(a, D(2018, 12, 1))
    ilacs(a, D(2019, 6, 1), I)
    unrecorded(a, D(2020, 6, 1))
    ilacs(a, D(2022, 6, 1), I)
    ilacs(a, D(2024, 6, 1), RI)

    first, second = InadequatePeriod.objects.filter(authority=a).order_by("started_on")
    assert (first.started_on, first.ended_on, first.ends_unknown, first.left_by) == (
        D(2019, 6, 1), D(2020, 6, 1), True, None
    )  # fmt: skip
    assert (first.inadequate_reports, first.unrecorded_before) == (1, ["2018-12-01"])
    assert (second.started_on, second.ended_on, second.ends_unknown, second.left_by) == (
        D(2022, 6, 1), D(2024, 6, 1), False, None
    )  # fmt: skip
    assert (second.inadequate_reports, second.unrecorded_before) == (1, ["2020-06-01"])
    row = standing_of(a)
    assert (row.grade, row.change, row.left_inadequate_on) == (RI, "improved", D(2024, 6, 1))
    assert row.left_inadequate_after_days == (D(2024, 6, 1) - D(2022, 6, 1)).days == 731
    assert (row.left_inadequate_by, row.left_inadequate_began_after_unknown) == (None, True)
    assert national.left_after(row) == "at least 2 years"


def test_a_latest_report_without_grades_ends_the_period_unknown():
    """I (2021) then an unrecorded report (2024): the standing is not recorded (no grade, no
    change); the period ends unknown at the 2024 report. Not inadequate now, not left: the last
    known grade is inadequate and nothing is known since 1 June 2024."""
    a = make_authority()
    ilacs(a, D(2021, 6, 1), I)
    unrecorded(a, D(2024, 6, 1))
    row = standing_of(a)
    assert (row.basis, row.grade, row.change) == (Basis.NOT_RECORDED, "", "")
    assert (row.inadequate_since, row.left_inadequate_on) == (None, None)
    assert row.inadequate_then_unknown_on == D(2024, 6, 1)
    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.ended_on, period.ends_unknown, period.left_by) == (D(2024, 6, 1), True, None)


def test_two_ungraded_reports_then_a_known_grade():
    """I (2019) · unrecorded (2020) · unrecorded (2021) · G (2023): the period ends at the first
    ungraded report; good in 2023 shows it had left by then."""
    a = make_authority()
    ilacs(a, D(2019, 6, 1), I)
    unrecorded(a, D(2020, 6, 1))
    unrecorded(a, D(2021, 6, 1))
    ilacs(a, D(2023, 6, 1), G)
    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.ended_on, period.ends_unknown, period.left_by) == (
        D(2020, 6, 1), True, D(2023, 6, 1)
    )  # fmt: skip
    row = standing_of(a)
    assert (row.left_inadequate_on, row.left_inadequate_by) == (D(2020, 6, 1), D(2023, 6, 1))
    assert row.change == ""  # against the ungraded 2021 report just before: no change


def test_left_then_inadequate_again_then_unknown_is_not_left():
    """I (2018) · G (2019) · I (2021) · unrecorded (2023): it left the first period in 2019,
    but the second ends unknown with nothing known since: neither inadequate now nor "left"
    (the index's and the home page's filter reads inadequate_then_unknown_on)."""
    a = make_authority()
    ilacs(a, D(2018, 6, 1), I)
    ilacs(a, D(2019, 6, 1), G)
    ilacs(a, D(2021, 6, 1), I)
    unrecorded(a, D(2023, 6, 1))
    row = standing_of(a)
    assert (row.left_inadequate_on, row.inadequate_then_unknown_on) == (
        D(2019, 6, 1), D(2023, 6, 1)
    )  # fmt: skip
    assert not Authority.objects.filter(index_query.LEFT_INADEQUATE, pk=a.pk).exists()


def test_an_authority_with_no_report_is_not_inspected():
    a = make_authority()
    row = standing_of(a)
    assert (row.basis, row.grade, row.published_on) == (Basis.NOT_INSPECTED, "", None)


def test_the_table_moves_with_each_change_and_not_with_a_rolled_back_one():
    """Saved: the standing follows at once; deleted: back to the one before; rolled back:
    unchanged (it is written in the same transaction as the change)."""
    a = make_authority()
    ilacs(a, D(2022, 6, 1), RI)
    latest = ilacs(a, D(2024, 6, 1), I)
    assert standing_of(a).grade == I
    latest.overall_effectiveness = G
    latest.save()
    assert (standing_of(a).grade, standing_of(a).change) == (G, "improved")
    with pytest.raises(RuntimeError), transaction.atomic():
        ilacs(a, D(2025, 6, 1), I)
        assert standing_of(a).grade == I
        raise RuntimeError("roll back")
    assert standing_of(a).grade == G
    latest.delete()
    assert (standing_of(a).grade, standing_of(a).published_on) == (RI, D(2022, 6, 1))
