"""Standings under every framework (inspections/standing.py, the README's "Standings"), on a
small factory-built dataset whose answers are worked out by hand in each test's comments; and
the table kept with the data version."""

import datetime as dt

import pytest
from django.db import transaction

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


def test_unrecorded_reports_neither_begin_nor_end_a_period():
    """G (2016) · unrecorded (2017) · I (2019) · unrecorded (2020) · I (2022) · RI (2024):
    one period, 2019 to 2024, of two inadequate reports, one unrecorded report within it and
    one just before it (it may have begun then); the standing now is RI, improved on I."""
    a = make_authority()
    ilacs(a, D(2018, 6, 1), G)
    unrecorded(a, D(2018, 12, 1))
    ilacs(a, D(2019, 6, 1), I)
    unrecorded(a, D(2020, 6, 1))
    ilacs(a, D(2022, 6, 1), I)
    ilacs(a, D(2024, 6, 1), RI)

    (period,) = InadequatePeriod.objects.filter(authority=a)
    assert (period.started_on, period.ended_on) == (D(2019, 6, 1), D(2024, 6, 1))
    assert (period.inadequate_reports, period.unrecorded_within) == (2, 1)
    assert period.unrecorded_before == ["2018-12-01"]
    row = standing_of(a)
    assert (row.grade, row.change, row.left_inadequate_on) == (RI, "improved", D(2024, 6, 1))
    assert row.left_inadequate_after_days == (D(2024, 6, 1) - D(2019, 6, 1)).days == 1827


def test_a_latest_report_without_grades_is_unknown_and_the_period_runs_on():
    """I (2021) then an unrecorded report (2024): the standing is not recorded (no grade, no
    change), and the period begun in 2021 has not ended."""
    a = make_authority()
    ilacs(a, D(2021, 6, 1), I)
    unrecorded(a, D(2024, 6, 1))
    row = standing_of(a)
    assert (row.basis, row.grade, row.change) == (Basis.NOT_RECORDED, "", "")
    assert row.inadequate_since == D(2021, 6, 1)


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
