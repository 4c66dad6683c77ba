"""What several formats read the same way (common.py): dates, the lead inspector, grades that
disagree."""

from __future__ import annotations

import datetime as dt

from inspections.reader import Finding, ReportReading, findings
from inspections.reader.common import GradeBook, read_dates, read_lead_inspector, read_published
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
            "on-site dates: cannot read '30 to 31 February 2019' as two dates; left empty",
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
