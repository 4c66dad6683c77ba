"""ILACS reports (formats/ilacs.py) from text: everything is on page 1."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.reader import Finding, ReportKind, findings
from inspections.rules import OVERALL, Area, Framework, Grade, InspectionType

RI = "Requires improvement to be good"
DATES = "Inspection dates: 9 to 20 May 2022"
LEAD = "Lead inspector: Alison Smale, Her Majesty's Inspector"
#: The judgement table before 2023: children in care and care leavers judged together.
TABLE_2022 = [
    "Judgement Grade",
    "The impact of leaders on social work",
    "practice with children and families",
    RI,
    "The experiences and progress of",
    "children who need help and protection",
    "Good",
    "The experiences and progress of",
    "children in care and care leavers",
    RI,
    f"Overall effectiveness {RI}",
    "Services for vulnerable children and families in Sandwell have improved since the last",
    "inspection in November 2017, when they were judged to be inadequate.",
]
#: From 2023 care leavers have a row of their own; from April 2026 there is no overall row.
ROWS_2026 = [
    "Judgement Grade",
    "The impact of leaders on social work practice with children and families Outstanding",
    "The experiences and progress of children who need help and protection Good",
    "The experiences and progress of children in care Good",
    "The experiences and progress of care leavers Good",
    "Children in North Northamptonshire are well served.",
]


def cover(title: str, *lines: str) -> list[str]:
    return [" ", title, *lines]


def test_a_cover_gives_every_field(read_pages):
    reading = read_pages(
        [cover("Inspection of Sandwell local authority", "children's services", DATES, LEAD,
               *TABLE_2022)]
    )  # fmt: skip

    assert reading.error is None
    assert (reading.kind, reading.framework) == (ReportKind.FULL_INSPECTION, "ilacs")
    assert (reading.model_framework, reading.inspection_type) == (
        Framework.ILACS,
        InspectionType.UNKNOWN,
    )
    assert reading.authority == "Sandwell"
    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2022, 5, 9),
        dt.date(2022, 5, 20),
    )
    assert reading.published is None  # ILACS prints none
    assert reading.lead_inspector == "Alison Smale"
    assert {k: g for k, g in reading.grades.items() if g} == {
        Area.LEADERSHIP: Grade.REQUIRES_IMPROVEMENT,
        Area.HELP_AND_PROTECTION: Grade.GOOD,
        Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
        OVERALL: Grade.REQUIRES_IMPROVEMENT,
    }
    assert reading.findings == []


def test_the_publication_date_comes_from_the_caller(read_pages):
    reading = read_pages(
        [cover("Inspection of Sandwell children's services", DATES, LEAD, *TABLE_2022)],
        published=dt.date(2022, 7, 5),
    )
    assert reading.published == dt.date(2022, 7, 5)
    assert reading.findings == []


def test_the_2018_title_has_the_authority_above_it(read_pages):
    reading = read_pages(
        [["1", "Brighton and Hove City Council", "Inspection of children's social care services",
          "Inspection dates: 9 July 2018 to 20 July 2018", "Lead inspector: Tara Geere",
          "Her Majesty's Inspector", *TABLE_2022]]
    )  # fmt: skip

    assert reading.framework == "ilacs_2018"
    assert reading.model_framework == Framework.ILACS
    assert reading.authority == "Brighton and Hove City Council"
    assert reading.lead_inspector == "Tara Geere"
    assert reading.grades[OVERALL] == Grade.REQUIRES_IMPROVEMENT
    assert reading.findings == []


def test_local_authority_childrens_services_is_the_2018_layout_not_an_authority(read_pages):
    reading = read_pages(
        [["West Sussex County Council", "Inspection of local authority children's services",
          "Inspection dates: 25 February to 8 March 2019", LEAD, *TABLE_2022]]
    )  # fmt: skip

    assert (reading.framework, reading.authority) == ("ilacs_2018", "West Sussex County Council")
    assert reading.inspection_start == dt.date(2019, 2, 25)


def test_a_table_that_runs_onto_page_2_is_read_on_there(read_pages):
    page_1 = cover("Inspection of Sandwell children's services", DATES, LEAD, *TABLE_2022[:7])
    page_2 = [
        "2",
        "Inspection of Sandwell children's services",  # the running head
        *TABLE_2022[7:],
    ]
    reading = read_pages([page_1, page_2])

    assert reading.grades[Area.CHILDREN_IN_CARE] == Grade.REQUIRES_IMPROVEMENT
    assert reading.grades[OVERALL] == Grade.REQUIRES_IMPROVEMENT
    assert reading.findings == []


def test_no_overall_row_on_site_from_april_2026_is_the_2026_layout(read_pages):
    reading = read_pages(
        [cover("Inspection of North Northamptonshire children's services",
               "Inspection dates: 11 to 22 May 2026", "Lead inspector: David Cohen", *ROWS_2026)]
    )  # fmt: skip

    assert reading.framework == "ilacs_2026"
    assert reading.model_framework == Framework.ILACS_2026
    assert reading.grades[OVERALL] is None
    assert reading.grades[Area.CARE_LEAVERS] == Grade.GOOD
    assert reading.grades[Area.LEADERSHIP] == Grade.OUTSTANDING
    assert reading.findings == []


def test_no_overall_row_before_april_2026_leaves_the_framework_empty(read_pages):
    reading = read_pages(
        [cover("Inspection of Rutland children's services",
               "Inspection dates: 15 to 26 April 2024", LEAD, *ROWS_2026)]
    )  # fmt: skip

    assert reading.layout is None
    assert reading.model_framework == Framework.UNKNOWN
    assert reading.findings == [
        Finding(
            findings.FRAMEWORK,
            "framework: the judgement table has no overall effectiveness row, as ILACS reports "
            "have only from April 2026, but the inspection started on 2024-04-15; framework "
            "left empty",
        )
    ]


def test_care_leavers_judged_twice_is_left_empty(read_pages):
    rows = [*TABLE_2022[:10], "The experiences and progress of care leavers Good", *TABLE_2022[10:]]
    reading = read_pages([cover("Inspection of Sandwell children's services", DATES, LEAD, *rows)])

    assert reading.grades[Area.CARE_LEAVERS] is None
    assert reading.findings == [
        Finding(Area.CARE_LEAVERS, "care_leavers: also judged with children in care; left empty")
    ]


def test_a_row_printed_twice_with_two_grades_is_left_empty(read_pages):
    rows = [*TABLE_2022[:10], "Overall effectiveness Good", "Overall effectiveness Inadequate"]
    reading = read_pages([cover("Inspection of Sandwell children's services", DATES, LEAD, *rows)])

    assert reading.grades[OVERALL] is None
    assert reading.findings == [
        Finding(
            OVERALL,
            "overall: the report's grades disagree (the judgement table: 'Good'; the judgement "
            "table: 'Inadequate'); left empty for a person to settle",
        )
    ]


def test_a_cover_without_a_table_or_an_inspector_says_so(read_pages):
    reading = read_pages([cover("Inspection of Sandwell children's services", DATES)])

    assert all(grade is None for grade in reading.grades.values())
    assert reading.findings == [
        Finding(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Lead inspector' line on page 1; left empty",
        ),
        Finding(None, "grades: page 1 has no 'Judgement / Grade' table; none read"),
    ]


def test_a_table_without_rows_says_so(read_pages):
    reading = read_pages(
        [cover("Inspection of Sandwell children's services", DATES, LEAD, "Judgement Grade",
               "Leaders are effective.")]
    )  # fmt: skip

    assert [(f.field, f.message[:50]) for f in reading.findings] == [
        (None, "grades: the judgement table's rows could not be re"),
        (findings.FRAMEWORK, "framework: the judgement table has no overall effe"),
    ]


# --- Layouts seen in real reports, as pypdf extracts them (issue: the reader, general) ---------

#: Class 3: grades that wrap onto a second line, a full stop after a label, and the overall
#: grade on its label's line.
TABLE_WRAPPED = [
    "Judgement Grade",
    "The impact of leaders on social work practice with",
    "children and families.",
    "Requires improvement",
    "to be good",
    "The experiences and progress of children who need help",
    "and protection",
    "Inadequate",
    "The experiences and progress of children in care and",
    "care leavers",
    "Requires improvement",
    "to be good",
    "Overall effectiveness Requires improvement to be good",
    "Children in Tameside are not always protected from harm.",
]
WRAPPED_GRADES = {
    Area.LEADERSHIP: Grade.REQUIRES_IMPROVEMENT,
    Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
    Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
    OVERALL: Grade.REQUIRES_IMPROVEMENT,
}


def graded(reading) -> dict:
    return {key: grade for key, grade in reading.grades.items() if grade}


def test_a_childrens_trusts_report_is_read_for_the_authority_it_serves(read_pages):
    """Class 1: the title names the trust; the table tells the format."""
    reading = read_pages(
        [[" ", "Inspection of Bradford Children and", "Families Trust",
          "Inspection dates: 12 to 23 January 2026",
          "Lead inspector: Catherine Heron, His Majesty's Inspector", *TABLE_2022]]
    )  # fmt: skip

    assert reading.error is None
    assert (reading.kind, reading.framework) == (ReportKind.FULL_INSPECTION, "ilacs")
    assert reading.authority == "Bradford"
    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2026, 1, 12),
        dt.date(2026, 1, 23),
    )
    assert reading.lead_inspector == "Catherine Heron"
    assert reading.grades[OVERALL] == Grade.REQUIRES_IMPROVEMENT
    assert reading.findings == [
        Finding(
            findings.AUTHORITY,
            "authority: the report is of Bradford Children and Families Trust, a children's "
            "trust; read as the authority it serves, Bradford, from the trust's name: check it",
        )
    ]


@pytest.mark.parametrize(
    "title_lines, authority",
    [
        (["Inspection of Birmingham Children's Trust"], "Birmingham"),
        (["Inspection of Slough Children First"], "Slough"),
        (["Inspection of Doncaster Children's Services", "Trust"], "Doncaster"),
        (["Inspection of Achieving for Children"], ""),
        (["Inspection of Together for", "Children"], ""),
    ],
)
def test_a_trusts_name_gives_the_authority_only_where_it_holds_one(
    read_pages, title_lines, authority
):
    reading = read_pages([[*title_lines, DATES, LEAD, *TABLE_2022]])

    assert reading.framework == "ilacs"
    assert reading.authority == authority
    assert reading.grades[OVERALL] == Grade.REQUIRES_IMPROVEMENT
    [finding] = reading.findings
    assert finding.field == findings.AUTHORITY
    assert "a children's trust" in finding.message
    if not authority:
        assert finding.message.endswith(
            "whose name names no authority; left empty: the provider's URN tells which "
            "authority it serves"
        )


@pytest.mark.parametrize(
    "above, title",
    [
        # Class 2: the authority's name above a title worded as in 2018–2019.
        (["1", "Tameside metropolitan borough"],
         ["Inspection of local authority children's social care", "services"]),
        (["Cheshire East Council"], ["Inspection of children's social care services"]),
        (["1", "Haringey"], ["Inspection of local authority children's services"]),
    ],
)  # fmt: skip
def test_the_authority_above_an_older_title_with_wrapped_grades(read_pages, above, title):
    reading = read_pages(
        [[*above, *title, "Inspection dates: 13 May 2019 to 24 May 2019", "Lead inspector:  "
          "Jane Doe", "Her Majesty's Inspector", *TABLE_WRAPPED]]
    )  # fmt: skip

    assert reading.framework == "ilacs_2018"
    assert reading.authority == above[-1]
    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2019, 5, 13),
        dt.date(2019, 5, 24),
    )
    assert reading.lead_inspector == "Jane Doe"
    assert graded(reading) == WRAPPED_GRADES
    assert reading.findings == []


def test_an_unexpected_title_does_not_make_a_readable_report_unreadable(read_pages):
    """The table and the dates line tell the format; the name before the dates is the name."""
    reading = read_pages(
        [["Inspection of Wigan Council", "Inspection dates: 4 to 15 March 2019", LEAD,
          *TABLE_WRAPPED]]
    )  # fmt: skip

    assert (reading.framework, reading.authority) == ("ilacs", "Wigan Council")
    assert graded(reading) == WRAPPED_GRADES
    assert reading.findings == []


@pytest.mark.parametrize(
    "rows",
    [
        # Wrapped in other places, the grade split after "Requires", spacing, no full stops.
        ["The impact of leaders on social", "work practice with children and families  Requires",
         "improvement to be good", "The experiences and progress of", "children who need help and",
         "protection:", "Inadequate", "The experiences and progress of children", "in care and "
         "care leavers Requires improvement to be good", "Overall", "effectiveness",
         "Requires improvement to be good"],
        # A table whose text comes out a column at a time: the labels, then the grades.
        ["The impact of leaders on social work practice with children and families",
         "The experiences and progress of children who need help and protection",
         "The experiences and progress of children in care and care leavers",
         "Overall effectiveness", "Requires improvement to be good", "Inadequate",
         "Requires improvement to be good", "Requires improvement to be good"],
    ],
)  # fmt: skip
def test_a_table_laid_out_otherwise_reads_the_same(read_pages, rows):
    reading = read_pages(
        [cover("Inspection of Tameside children's services", DATES, LEAD, "Judgement Grade",
               *rows, "Children in Tameside are not always protected from harm.")]
    )  # fmt: skip

    assert graded(reading) == WRAPPED_GRADES
    assert reading.findings == []


def test_a_misprinted_label_is_read_by_its_words(read_pages):
    """Class 4 (2025–2026 tables): 'children care leavers' (sic) is the care leavers row, and
    the overall line after it is read too."""
    rows = [
        "Judgement Grade",
        "The impact of leaders on social work",
        "practice with children and families",
        "Good",
        "The experiences and progress of",
        "children who need help and protection",
        "Good",
        "The experiences and progress of",
        "children in care",
        "Good",
        "The experiences and progress of",
        "children care leavers",
        "Requires improvement to be good",
        "Overall effectiveness Good",
        "Children in Sandwell are well served.",
    ]
    reading = read_pages(
        [cover("Inspection of Sandwell local authority", "children's services",
               "Inspection dates: 13 to 24 October 2025", LEAD, *rows)]
    )  # fmt: skip

    assert graded(reading) == {
        Area.LEADERSHIP: Grade.GOOD,
        Area.HELP_AND_PROTECTION: Grade.GOOD,
        Area.CHILDREN_IN_CARE: Grade.GOOD,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        OVERALL: Grade.GOOD,
    }
    assert reading.findings == []


def test_a_care_leavers_row_without_a_children_in_care_row_is_not_guessed(read_pages):
    """'children care leavers' in a table with no children in care row may be the row that
    judged both: never a guess."""
    rows = [*TABLE_2022[:7], "The experiences and progress of children care leavers", RI,
            f"Overall effectiveness {RI}"]  # fmt: skip
    reading = read_pages([cover("Inspection of Sandwell children's services", DATES, LEAD, *rows)])

    assert reading.grades[Area.CARE_LEAVERS] is None
    assert reading.grades[Area.CHILDREN_IN_CARE] is None
    assert reading.grades[OVERALL] == Grade.REQUIRES_IMPROVEMENT
    assert [f.field for f in reading.findings] == [Area.CARE_LEAVERS]


@pytest.mark.parametrize(
    "after_table",
    [
        # Prose that starts as a row does is no row.
        "The experiences and progress of children in care are good and improving.",
        "The impact of leaders has been outstanding since 2019.",
    ],
)
def test_prose_after_the_table_is_never_read_as_a_row(read_pages, after_table):
    rows = [row for row in ROWS_2026 if "care leavers" not in row][:-1]
    reading = read_pages(
        [cover("Inspection of North Northamptonshire children's services",
               "Inspection dates: 11 to 22 May 2026", LEAD, *rows, after_table)]
    )  # fmt: skip

    assert reading.grades[Area.CARE_LEAVERS] is None
    assert reading.grades[Area.LEADERSHIP] == Grade.OUTSTANDING
    assert reading.grades[Area.CHILDREN_IN_CARE] == Grade.GOOD
    assert reading.findings == []


def test_on_site_in_two_parts_ends_on_the_last_day(read_pages):
    """Class 5."""
    reading = read_pages(
        [cover("Inspection of Sandwell children's services",
               "Inspection dates: 30 September to 11 October 2024 and 13 to 16 January",
               "2025", LEAD, *TABLE_2022)]
    )  # fmt: skip

    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2024, 9, 30),
        dt.date(2025, 1, 16),
    )
    assert reading.findings == []


def test_a_grade_printed_beside_the_middle_of_its_wrapped_label(read_pages):
    """The grade cell centred beside a label of three lines comes out between them."""
    rows = [
        "Judgement Grade",
        "The impact of leaders on social work",
        "Requires improvement to be good",
        "practice with children and families",
        "The experiences and progress of",
        "Inadequate",
        "children who need help and protection",
        "The experiences and progress of children",
        "Requires improvement to be good",
        "in care and care leavers",
        "Overall effectiveness Requires improvement to be good",
        "Children in Tameside are not always protected from harm.",
    ]
    reading = read_pages([cover("Inspection of Tameside children's services", DATES, LEAD, *rows)])

    assert graded(reading) == WRAPPED_GRADES
    assert reading.findings == []
