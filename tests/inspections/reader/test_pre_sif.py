"""Reports before SIF (formats/pre_sif.py) from text: the cover, each judgement's section
("Grade N (word)") and the record of main findings that repeats every grade; each layout is its
framework (TLAC, SLAC with its two overall judgements, CPI)."""

from __future__ import annotations

import datetime as dt

from inspections.reader import Finding, findings
from inspections.rules import OVERALL, Area, Framework, Grade, InspectionType

COVER = [
    "Inspection of looked after children",
    "services",
    "Sandwell Metropolitan Borough Council",
    "Inspection dates: 24 - 28 June 2013",
    "Reporting inspector Christopher Sands HMI",
    "Age group: All",
    "Published: 2 August 2013",
]
CONTENTS = [
    "2",
    "Contents",
    "Overall effectiveness of services for looked after children and young people 3",
    "Capacity to improve 3",
    "Leadership and management 4",
    "Record of main findings 5",
]
RECORD = [
    "5",
    "Record of main findings",
    "Services for looked after children",
    "Overall effectiveness Inadequate",
    "Capacity to improve Adequate",
    "Outcomes for looked after children and",
    "young people",
    "Adequate",
    "Quality of provision Inadequate",
    "Leadership and management Inadequate",
]


def looked_after_report(*, overall="Grade 4 (Inadequate)", record=RECORD):
    return [
        COVER,
        CONTENTS,
        ["3", "Overall effectiveness of services for looked", "after children and young people",
         overall, "13. Overall effectiveness is inadequate.", "Capacity to improve",
         "Grade 3 (Adequate)"],
        ["4", "Leadership and management", "Grade 4 (Inadequate)"],
        record,
    ]  # fmt: skip


def test_a_report_gives_every_field(read_pages):
    reading = read_pages(looked_after_report())

    assert reading.error is None
    assert reading.framework == "pre_sif_looked_after_children"
    assert (reading.model_framework, reading.inspection_type) == (
        Framework.TLAC,
        InspectionType.STANDARD,
    )
    assert reading.authority == "Sandwell Metropolitan Borough Council"
    assert (reading.inspection_start, reading.inspection_end, reading.published) == (
        dt.date(2013, 6, 24),
        dt.date(2013, 6, 28),
        dt.date(2013, 8, 2),
    )
    assert reading.lead_inspector == "Christopher Sands"
    assert {k: g for k, g in reading.grades.items() if g} == {
        OVERALL: Grade.INADEQUATE,
        Area.CAPACITY_TO_IMPROVE: Grade.ADEQUATE,
        Area.LEADERSHIP: Grade.INADEQUATE,
        "outcomes": Grade.ADEQUATE,  # judgements no later framework has
        "quality_of_provision": Grade.INADEQUATE,
    }
    assert reading.findings == []


def test_a_grade_whose_number_and_word_disagree_is_not_read_from_its_section(read_pages):
    reading = read_pages(looked_after_report(overall="Grade 2 (Inadequate)"))

    assert reading.grades[OVERALL] == Grade.INADEQUATE  # the record of main findings still says
    assert reading.findings == [
        Finding(
            OVERALL,
            "overall: page 3 prints 'Grade 2 (Inadequate)', a number and a word that do not agree",
        )
    ]


def test_a_section_and_the_record_that_disagree_leave_the_grade_empty(read_pages):
    reading = read_pages(looked_after_report(overall="Grade 3 (Adequate)"))

    assert reading.grades[OVERALL] is None
    assert reading.findings == [
        Finding(
            OVERALL,
            "overall: the report's grades disagree (record of main findings: 'Inadequate'; "
            "page 3: 'Adequate'); left empty for a person to settle",
        )
    ]


def test_no_record_of_main_findings_is_a_finding_and_its_grades_are_missing(read_pages):
    pages = looked_after_report(record=["5", "Annex"])
    pages[2] = ["3", "Nothing about grades here."]
    pages[3] = ["4", "Nor here."]

    reading = read_pages(pages)

    assert all(grade is None for grade in reading.grades.values())
    assert reading.findings == [
        Finding(None, "grades: no 'Record of main findings' table found"),
        *(
            Finding(key, f"{key}: no grade found where this format prints it; left empty")
            for key in (OVERALL, Area.CAPACITY_TO_IMPROVE, Area.LEADERSHIP)
        ),
    ]


#: SLAC inspections were on site until 2012.
SLAC_COVER = [
    "Inspection of safeguarding and looked after children services",
    "Sandwell Metropolitan Borough Council",
    "Inspection dates: 7 - 18 March 2011",
    "Reporting inspector Christopher Sands HMI",
    "Published: 22 April 2011",
]
SLAC_RECORD = [
    "9",
    "Record of main findings",
    "Safeguarding services",
    "Overall effectiveness Adequate",
    "Capacity to improve Good",
    "Leadership and management Adequate",
    "Services for looked after children",
    "Overall effectiveness Good",
    "Capacity to improve Good",
]


def test_a_combined_report_is_slac_with_an_overall_judgement_per_section(read_pages):
    reading = read_pages([SLAC_COVER, ["2", "Annex"], SLAC_RECORD])

    assert reading.framework == "pre_sif_safeguarding"
    assert reading.model_framework == Framework.SLAC
    # Each section's overall effectiveness is its own judgement; the inspection's overall is
    # the lower of the two, which merging works out (no overall read as such).
    assert {k: g for k, g in reading.grades.items() if g} == {
        Area.SAFEGUARDING: Grade.ADEQUATE,
        Area.LOOKED_AFTER_CHILDREN: Grade.GOOD,
        Area.CAPACITY_TO_IMPROVE: Grade.GOOD,
        Area.LEADERSHIP: Grade.ADEQUATE,
        "looked_after_capacity_to_improve": Grade.GOOD,
    }
    assert reading.findings == []


SLAC_CONTENTS = [
    "2",
    "Contents",
    "Overall effectiveness of safeguarding services 3",
    "Overall effectiveness of services for looked after children 4",
    "Record of main findings 5",
]


def slac_report(*, looked_after="Grade 2 (Good)"):
    return [
        SLAC_COVER,
        SLAC_CONTENTS,
        ["3", "Overall effectiveness of safeguarding services", "Grade 3 (Adequate)",
         "Capacity to improve", "Grade 2 (Good)"],
        ["4", "Overall effectiveness of services for looked after children", looked_after],
        ["5", *SLAC_RECORD[1:]],
    ]  # fmt: skip


def test_a_slac_report_reads_each_sections_overall_from_its_own_heading(read_pages):
    reading = read_pages(slac_report())

    assert reading.grades[Area.SAFEGUARDING] == Grade.ADEQUATE
    assert reading.grades[Area.LOOKED_AFTER_CHILDREN] == Grade.GOOD
    assert reading.grades[OVERALL] is None
    assert reading.findings == []


def test_a_slac_report_whose_heading_and_record_disagree_leaves_that_judgement_empty(
    read_pages,
):
    reading = read_pages(slac_report(looked_after="Grade 4 (Inadequate)"))

    assert reading.grades[Area.SAFEGUARDING] == Grade.ADEQUATE
    assert reading.grades[Area.LOOKED_AFTER_CHILDREN] is None
    assert [f.field for f in reading.findings] == [Area.LOOKED_AFTER_CHILDREN]


def test_the_protection_of_children_title_is_a_child_protection_inspection(read_pages):
    cover = ["Inspection of local authority arrangements for the protection of children",
             *COVER[2:]]  # fmt: skip
    reading = read_pages([cover, *looked_after_report()[1:]])

    assert reading.framework == "pre_sif_protection_of_children"
    assert reading.model_framework == Framework.CPI
    assert reading.grades[OVERALL] == Grade.INADEQUATE  # CPI's one overall judgement
    assert reading.authority == "Sandwell Metropolitan Borough Council"


def test_no_reporting_inspector_is_a_finding_on_its_field(read_pages):
    pages = looked_after_report()
    pages[0] = [line for line in COVER if not line.startswith("Reporting")]

    reading = read_pages(pages)

    assert reading.findings == [
        Finding(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Reporting inspector' line on page 1; left empty",
        )
    ]
