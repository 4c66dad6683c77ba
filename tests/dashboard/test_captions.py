"""Captions written from chart series (dashboard/captions.py), on small series made
here: the cases the real data lacks (a predecessor's inspections, reports without a grade)."""

import datetime as dt

from dashboard.captions import comparison_caption, over_time_caption, trajectory_caption
from dashboard.series import GradePoint, GradeSeries, TimelineEvent
from inspections.coverage import CoveragePoint


def point(year: int, grade: str | None, name: str = "Westmoreland", predecessor: bool = False):
    return GradePoint(
        published_on=dt.date(year, 6, 1),
        grade=grade,
        framework="ILACS",
        on_site="dates not recorded",
        authority_name=name,
        is_predecessor=predecessor,
    )


SERIES = [
    GradeSeries(
        "Overall effectiveness",
        [point(2019, "inadequate"), point(2021, "inadequate"), point(2024, "good")],
        judgement="Overall effectiveness",
    ),
    GradeSeries(
        "Children in care",
        [point(2019, "requires_improvement"), point(2021, None), point(2024, "good")],
        visible=False,
        judgement="Children in care",
    ),
    GradeSeries(
        "Overall effectiveness – Oldshire (predecessor)",
        [point(2012, "adequate", "Oldshire", True), point(2015, "good", "Oldshire", True)],
        judgement="Overall effectiveness",
    ),
]
EVENTS = [
    TimelineEvent(
        dt.date(2020, 1, 5), "Monitoring visit", "help and protection", "monitoring_visit"
    ),
    TimelineEvent(dt.date(2020, 9, 5), "Monitoring visit", "children in care", "monitoring_visit"),
    TimelineEvent(
        dt.date(2019, 7, 1), "Statutory direction", "DfE direction", "statutory_direction"
    ),
]


def test_trajectory_caption_tells_each_run_of_grades_and_what_else_is_marked():
    caption = trajectory_caption("Westmoreland", SERIES, EVENTS)
    assert caption.startswith(
        "Overall effectiveness: Westmoreland was judged inadequate in 2019 and again in 2021; "
        "good in 2024."
    )
    assert "also draws" not in caption  # children in care is hidden on the chart
    assert "inspections of Oldshire, the authority it replaced, drawn with open markers" in caption
    assert "2 monitoring visits (2020) and 1 statutory direction (2019)" in caption


def test_captions_without_grades_say_so():
    ungraded = [GradeSeries("Overall effectiveness", [point(2026, None)])]
    assert trajectory_caption("Westmoreland", ungraded, []) == (
        "No inspection grade is recorded for Westmoreland."
    )
    compared = [
        GradeSeries("Westmoreland", SERIES[0].points),
        GradeSeries("Oldshire (no judgement recorded)", [point(2015, None, "Oldshire")]),
    ]
    assert comparison_caption("Care leavers", compared) == (
        "Care leavers. Westmoreland was judged inadequate in 2019 and again in 2021; good in 2024."
        " Oldshire has no care leavers grade recorded."
    )
    assert over_time_caption([CoveragePoint(dt.date(2013, 1, 1), 150, 10, 20, 0, 130, 0)]) == (
        "No date yet has a known overall grade for at least half of the active authorities, so "
        "no share of good or outstanding is shown."
    )


def test_a_report_whose_framework_gives_no_overall_grade_is_said_so_not_unrecorded():
    """2015: grade not in the data; 2026: ILACS from April 2026, which gives none."""
    points = [point(2015, None), point(2019, "inadequate")]
    points.append(
        GradePoint(
            published_on=dt.date(2026, 8, 3),
            grade=None,
            framework="ILACS from April 2026",  # the label, as timeline.grade_points gives it
            on_site="dates not recorded",
            authority_name="Westmoreland",
            judged=False,
        )
    )
    caption = trajectory_caption("Westmoreland", [GradeSeries("Overall effectiveness", points)], [])
    assert caption.endswith(
        " The report published in 2026 gives no overall effectiveness grade: its framework (ILACS"
        " from April 2026) gives none; the area grades tell. No overall effectiveness grade is "
        "recorded for the report published in 2015."
    )
