"""What several formats read the same way (common.py): dates, the lead inspector, grades that
disagree."""

from __future__ import annotations

import datetime as dt

from inspections.reader import Finding, ReportReading, findings
from inspections.reader.common import (
    NOT_JUDGED,
    GradeBook,
    read_dates,
    read_lead_inspector,
    read_published,
)
from inspections.rules import OVERALL, Area, Grade


def test_dates_whose_start_year_is_not_printed_are_read_with_a_finding():
    reading = ReportReading(file="x.pdf")
    read_dates(reading, "Inspection dates: 28 December to 8 January 2016 Lead inspector")

    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2015, 12, 28),
        dt.date(2016, 1, 8),
    )
    assert reading.findings == [
        Finding(
            findings.INSPECTION_DATES,
            "on-site dates '28 December to 8 January 2016': the start's year is not printed; "
            "read as 2015, the year before the end",
        )
    ]


def test_dates_that_are_no_dates_are_left_empty_with_a_finding():
    reading = ReportReading(file="x.pdf")
    read_dates(reading, "Inspection dates: 30 to 31 February 2019")

    assert reading.inspection_start is None
    assert reading.findings == [
        Finding(
            findings.INSPECTION_DATES,
            "on-site dates: cannot read '30 to 31 February 2019' as dates; left empty",
        )
    ]


def test_on_site_in_two_parts_ends_on_the_last_day_of_the_last_part():
    reading = ReportReading(file="x.pdf")
    read_dates(
        reading,
        "Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025 Lead "
        "inspector: Jane Doe, His Majesty's Inspector",
    )

    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2024, 9, 30),
        dt.date(2025, 1, 16),
    )
    # Each part is as long as an inspection; the time between them is no finding.
    assert reading.findings == []


def test_a_part_longer_than_any_inspection_is_a_finding():
    reading = ReportReading(file="x.pdf")
    read_dates(reading, "Inspection dates: 1 September to 8 December 2021 and 3 to 4 March 2022")

    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2021, 9, 1),
        dt.date(2022, 3, 4),
    )
    assert reading.findings == [
        Finding(
            findings.INSPECTION_DATES,
            "on-site dates: 2021-09-01 to 2021-12-08 is longer than any inspection; check them",
        )
    ]


def test_2013_to_2017_covers_print_one_day_and_dates_in_figures():
    one_day = ReportReading(file="x.pdf")
    cover = "Inspection date: 28 July 2016 Report published: 20 September 2016"
    read_dates(one_day, cover)
    read_published(one_day, cover)
    in_figures = ReportReading(file="x.pdf")
    cover = "Inspection date: 12/09/2016 to 06/10/2016 Report published: 25/11/2016"
    read_dates(in_figures, cover)
    read_published(in_figures, cover)

    assert (one_day.inspection_start, one_day.inspection_end, one_day.published) == (
        dt.date(2016, 7, 28),
        dt.date(2016, 7, 28),
        dt.date(2016, 9, 20),
    )
    assert (in_figures.inspection_start, in_figures.inspection_end, in_figures.published) == (
        dt.date(2016, 9, 12),
        dt.date(2016, 10, 6),
        dt.date(2016, 11, 25),
    )
    assert one_day.findings == in_figures.findings == []


def test_a_publication_date_that_is_no_day_is_a_finding():
    reading = ReportReading(file="x.pdf")
    read_published(reading, "Report published: 31/02/2016")

    assert reading.published is None
    assert reading.findings == [
        Finding(
            findings.PUBLISHED, "publication date: cannot read '31/02/2016' as a date; left empty"
        )
    ]


def test_no_dates_and_no_publication_date_are_findings_on_their_fields():
    reading = ReportReading(file="x.pdf")
    read_dates(reading, "Inspection of Dorset children's services")
    read_published(reading, "Inspection of Dorset children's services")

    assert reading.findings == [
        Finding(
            findings.INSPECTION_DATES,
            "on-site dates: no 'Inspection dates' line on page 1; left empty",
        ),
        Finding(
            findings.PUBLISHED,
            "publication date: not printed on page 1 where this format prints it; left empty",
        ),
    ]


def test_the_lead_inspector_without_the_title_even_when_the_name_wraps():
    assert read_lead_inspector("Lead inspector: Nick Stacey, His Majesty's Inspector") == (
        "Nick Stacey"
    )
    assert read_lead_inspector("Lead inspector:\n\nTara Geere\nHer Majesty's Inspector") == (
        "Tara Geere"
    )
    assert read_lead_inspector("Reporting inspector Gary Lamb HMI") == "Gary Lamb"


def test_a_lead_inspector_that_is_no_name_is_not_read():
    assert read_lead_inspector("Lead inspector: <img src=x onerror=alert(1)>") == ""
    assert read_lead_inspector("No inspector named here") == ""


def test_places_that_agree_give_the_grade_and_places_that_disagree_leave_it_empty():
    book = GradeBook()
    book.add(OVERALL, Grade.GOOD, "page 1")
    book.add(OVERALL, Grade.GOOD, "page 4")
    book.add(Area.LEADERSHIP, Grade.GOOD, "page 1")
    book.add(Area.LEADERSHIP, Grade.OUTSTANDING, "page 9")
    reading = ReportReading(file="x.pdf")

    book.settle(reading)

    assert (reading.grades[OVERALL], reading.grades[Area.LEADERSHIP]) == (Grade.GOOD, None)
    assert reading.findings == [
        Finding(
            Area.LEADERSHIP,
            "leadership: the report's grades disagree (page 1: 'Good'; page 9: 'Outstanding'); "
            "left empty for a person to settle",
        )
    ]


def test_not_judged_in_one_place_and_graded_in_another_is_left_empty():
    book, reading = GradeBook(), ReportReading(file="x.pdf")
    book.add(Area.ADOPTION, NOT_JUDGED, "page 1 summary")
    book.add(Area.ADOPTION, Grade.GOOD, "page 9")
    book.add(Area.CARE_LEAVERS, NOT_JUDGED, "page 1 summary")
    book.settle(reading)

    assert reading.grades[Area.ADOPTION] is None
    assert reading.not_judged == [Area.CARE_LEAVERS]
    assert reading.findings == [
        Finding(
            Area.ADOPTION,
            "adoption: the report's grades disagree (page 1 summary: 'not judged'; page 9: "
            "'Good'); left empty for a person to settle",
        )
    ]
