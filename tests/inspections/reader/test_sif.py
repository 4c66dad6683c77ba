"""SIF reports (formats/sif.py) from text: page 1's summary, the judgement sections the contents
page leads to, and the lead inspector in 'Information about this inspection'."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from inspections.reader import Finding, ReportKind, findings
from inspections.rules import OVERALL, Area, Framework, Grade, InspectionType
from tests.pdfs import text_pdf

TITLE = [
    "Inspection of services for children in need of help and",
    "protection, children looked after and care leavers",
]
LSCB_TITLE = "Review of the effectiveness of the Local Safeguarding Children Board"
SUMMARY = [
    "The judgements on areas of the service that contribute to overall effectiveness are:",
    "1. Children who need help and protection Inadequate",
    "2. Children looked after and achieving",
    "permanence Requires improvement",
    "2.1 Adoption performance Requires improvement",
    "2.2 Experiences and progress of care leavers Requires improvement",
    "3. Leadership, management and governance Inadequate",
]


def sif_report(*, title=TITLE, summary=SUMMARY, help_grade="Inadequate", lscb="inadequate"):
    """A SIF report of eight pages, numbered from 1 on its first, as the real ones are."""
    return [
        ["1", "Sandwell Metropolitan Borough Council", *title, "and", LSCB_TITLE,
         "Inspection date: 27 January 2015 to 19 February 2015", "Report published: 5 June 2015",
         "The overall judgement is that children's services are inadequate", *summary],
        ["2", "Contents", "Summary of findings 3",
         "Inspection judgements about the local authority 4",
         "The Local Safeguarding Children Board (LSCB) 6", "Information about this inspection 8"],
        ["3", "Summary of findings", "Children's services are inadequate because:"],
        ["4", "Inspection judgements about the local authority", "Key judgement Judgement grade",
         "The experiences and progress of children", f"who need help and protection {help_grade}"],
        ["5", "Summary", "Too many child protection cases have had changes of social worker."],
        ["6", "The Local Safeguarding Children Board (LSCB)",
         f"The Local Safeguarding Children Board is {lscb}"],
        ["7", "What the inspection judgements mean"],
        ["8", "Information about this inspection", "Inspectors have looked closely.",
         "Lead inspector: Mary Candlin HMI", "Deputy lead inspector: Dominic Stevens HMI"],
    ]  # fmt: skip


def test_a_report_gives_every_field(read_pages):
    reading = read_pages(sif_report())

    assert reading.error is None
    assert (reading.kind, reading.framework) == (ReportKind.FULL_INSPECTION, "sif")
    assert (reading.model_framework, reading.inspection_type) == (
        Framework.SIF,
        InspectionType.STANDARD,
    )
    assert reading.authority == "Sandwell Metropolitan Borough Council"
    assert (reading.inspection_start, reading.inspection_end, reading.published) == (
        dt.date(2015, 1, 27),
        dt.date(2015, 2, 19),
        dt.date(2015, 6, 5),
    )
    assert reading.lead_inspector == "Mary Candlin"
    assert {k: g for k, g in reading.grades.items() if g} == {
        OVERALL: Grade.INADEQUATE,
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
        Area.ADOPTION: Grade.REQUIRES_IMPROVEMENT,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.INADEQUATE,
        Area.LSCB: Grade.INADEQUATE,  # from its section: this cover does not print it
    }
    assert reading.findings == []


def test_a_section_that_disagrees_with_the_summary_leaves_the_grade_empty(read_pages):
    reading = read_pages(sif_report(help_grade="Good"))

    assert reading.grades[Area.HELP_AND_PROTECTION] is None
    assert reading.grades[Area.LEADERSHIP] == Grade.INADEQUATE
    assert reading.findings == [
        Finding(
            Area.HELP_AND_PROTECTION,
            "help_and_protection: the report's grades disagree (page 1 summary: 'Inadequate'; "
            "page 4: 'Good'); left empty for a person to settle",
        )
    ]


def test_a_grade_missing_from_the_summary_is_a_finding_on_its_area(read_pages):
    summary = [line for line in SUMMARY if "Adoption" not in line]
    reading = read_pages(sif_report(summary=summary))

    assert reading.grades[Area.ADOPTION] is None
    assert reading.findings == [
        Finding(Area.ADOPTION, "adoption: no grade found where this format prints it; left empty")
    ]


def test_a_reinspection_reviews_no_lscb(read_pages):
    pages = sif_report(title=["Re-inspection of services for children in need of help and",
                              "protection, children looked after and care leavers"])  # fmt: skip

    reading = read_pages(pages)

    assert reading.framework == "sif_reinspection"
    assert (reading.model_framework, reading.inspection_type) == (
        Framework.SIF,
        InspectionType.REINSPECTION,
    )
    assert reading.grades[Area.LSCB] is None  # its section is not read
    assert reading.grades[Area.HELP_AND_PROTECTION] == Grade.INADEQUATE
    assert reading.findings == []  # and its missing LSCB grade is no finding


@pytest.mark.parametrize(
    ("on_site", "published", "finding"),
    [
        # SIF re-inspections were on site until June 2018, beside the first ILACS inspections.
        ("5 March 2018 to 22 March 2018", "5 June 2018", None),
        ("2 July 2018 to 19 July 2018", "5 October 2018", "falls under ILACS (2018 – March 2026)"),
    ],
)
def test_a_sif_report_on_site_in_2018_fits_until_june(read_pages, on_site, published, finding):
    pages = sif_report(title=["Re-inspection of services for children in need of help and",
                              "protection, children looked after and care leavers"])  # fmt: skip
    printed = {"Inspection date:": f"Inspection date: {on_site}",
               "Report published:": f"Report published: {published}"}  # fmt: skip
    pages[0] = [
        next((printed[k] for k in printed if line.startswith(k)), line) for line in pages[0]
    ]

    reading = read_pages(pages)

    assert reading.model_framework == Framework.SIF
    messages = [f.message for f in reading.findings if f.field == findings.FRAMEWORK]
    assert [finding in m for m in messages] == ([True] if finding else [])


def test_an_lscb_review_alone_gives_the_lscb_judgement_only(read_pages):
    reading = read_pages(
        [["1", "Sandwell Metropolitan Borough Council", LSCB_TITLE,
          "Inspection dates: 27 January 2015 to 19 February 2015",
          "Report published: 5 June 2015", "The Local Safeguarding Children Board is good"],
         ["2", "Information about this inspection", "Lead inspector: Mary Candlin HMI"]]
    )  # fmt: skip

    assert (reading.kind, reading.framework) == (ReportKind.LSCB_REVIEW, "sif")
    assert {k: g for k, g in reading.grades.items() if g} == {Area.LSCB: Grade.GOOD}
    assert reading.lead_inspector == "Mary Candlin"
    assert reading.findings == []


def test_the_2014_cover_prints_the_lscb_judgement(read_pages):
    summary = [*SUMMARY, "The effectiveness of the Local Safeguarding Children Board (LSCB) is",
               "inadequate"]  # fmt: skip
    pages = sif_report(summary=summary)
    del pages[5]  # no LSCB section to find: page 1 is enough

    reading = read_pages(pages)

    assert reading.grades[Area.LSCB] == Grade.INADEQUATE
    assert reading.findings == []


def test_no_lead_inspector_is_a_finding_on_its_field(read_pages):
    pages = sif_report()
    pages[7] = ["8", "Information about this inspection", "Inspectors have looked closely."]

    reading = read_pages(pages)

    assert reading.lead_inspector == ""
    assert reading.findings == [
        Finding(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Lead inspector' line in 'Information about this inspection'; "
            "left empty",
        )
    ]


# --- 2013–2017 covers printed other ways (issue: the reader, general) -------------------------


def cover_2016(*lines: str) -> list[list[str]]:
    """A SIF report whose cover is `lines` after the authority and title; the rest as usual."""
    report = sif_report(help_grade="Good")
    report[0] = ["1", "Warwickshire", *TITLE, *lines]
    return report


SUMMARY_2016 = [
    "Children's services in Warwickshire are good",
    "1. Children who need help and protection Good",
    "2. Children looked after and achieving permanence Good",
    "2.1 Adoption performance Not judged",
    "2.2 Experiences and progress of care leavers Requires",
    "improvement",
    "3. Leadership, management and governance Good",
]


def test_a_one_day_inspection_starts_and_ends_that_day(read_pages):
    reading = read_pages(
        cover_2016("Inspection date: 28 July 2016", "Report published: 20 September 2016",
                   *SUMMARY_2016)
    )  # fmt: skip

    assert (reading.inspection_start, reading.inspection_end, reading.published) == (
        dt.date(2016, 7, 28),
        dt.date(2016, 7, 28),
        dt.date(2016, 9, 20),
    )


def test_dates_printed_in_figures_are_read_day_first(read_pages):
    reading = read_pages(
        cover_2016("Inspection date: 12/09/2016 to 06/10/2016", "Report published: 25/11/2016",
                   *SUMMARY_2016)
    )  # fmt: skip

    assert (reading.inspection_start, reading.inspection_end, reading.published) == (
        dt.date(2016, 9, 12),
        dt.date(2016, 10, 6),
        dt.date(2016, 11, 25),
    )


def test_not_judged_is_no_grade_and_nothing_missing(read_pages):
    """Class 7: "Not judged" is no grade, never a guess, and no finding either."""
    reading = read_pages(
        cover_2016("Inspection date: 2 May to 25 May 2017", "Report published: 14 July 2017",
                   *SUMMARY_2016)
    )  # fmt: skip

    assert reading.grades[Area.ADOPTION] is None
    assert reading.not_judged == [Area.ADOPTION]
    assert reading.as_json()["not_judged"] == ["adoption"]
    assert {key: grade for key, grade in reading.grades.items() if grade} == {
        OVERALL: Grade.GOOD,
        Area.HELP_AND_PROTECTION: Grade.GOOD,
        Area.CHILDREN_IN_CARE: Grade.GOOD,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.GOOD,
        Area.LSCB: Grade.INADEQUATE,
    }
    assert reading.findings == []


def test_a_summary_known_by_its_numbered_lines_when_the_title_is_unexpected(read_pages):
    report = sif_report()
    report[0] = ["1", "Warwickshire County Council",
                 "Inspection of services for children and care leavers",
                 "Inspection date: 2 May to 25 May 2017", "Report published: 14 July 2017",
                 *SUMMARY_2016]  # fmt: skip
    reading = read_pages(report)

    assert (reading.framework, reading.authority) == ("sif", "Warwickshire County Council")
    assert reading.grades[Area.CHILDREN_IN_CARE] == Grade.GOOD
    assert reading.grades[Area.CARE_LEAVERS] == Grade.REQUIRES_IMPROVEMENT


def test_read_report_says_not_judged_rather_than_not_read(tmp_path, capsys):
    path = tmp_path / "report.pdf"
    path.write_bytes(
        text_pdf(cover_2016("Inspection date: 2 May to 25 May 2017",
                            "Report published: 14 July 2017", *SUMMARY_2016))
    )  # fmt: skip
    call_command("read_report", str(path))
    printed = capsys.readouterr().out

    assert "  Adoption performance: not judged, as the report says" in printed
    assert "  Experiences and progress of care leavers: Requires improvement" in printed
    assert "not read" not in printed
