"""The reading as a value (reading.py): what it says without a layout, its JSON, and the round
trip through the child process's answer."""

from __future__ import annotations

import datetime as dt
import json

from inspections.reader import GRADE_KEYS, Finding, ReportKind, ReportReading, findings
from inspections.reader.formats.sif import SIF_REINSPECTION
from inspections.rules import Area, Framework, Grade, InspectionType


def a_reading() -> ReportReading:
    reading = ReportReading(
        file="80442_buckinghamshire__29-january-2018.pdf",
        kind=ReportKind.FULL_INSPECTION,
        layout=SIF_REINSPECTION,
        authority="Buckinghamshire County Council",
        inspection_start=dt.date(2017, 11, 6),
        inspection_end=dt.date(2017, 11, 30),
        lead_inspector="Margaret Burke",
    )
    reading.grades[Area.ADOPTION] = Grade.GOOD
    reading.grades["outcomes"] = Grade.ADEQUATE
    reading.warn(findings.PUBLISHED, "publication date: not printed on page 1; left empty")
    reading.warn(None, "grades: none read")
    return reading


def test_a_reading_without_a_layout_has_no_framework():
    reading = ReportReading(file="x.pdf", error="empty file: it holds no report")
    assert (reading.framework, reading.model_framework, reading.inspection_type) == (
        None,
        Framework.UNKNOWN,
        InspectionType.UNKNOWN,
    )
    assert list(reading.grades) == list(GRADE_KEYS)


def test_the_json_names_the_layout_and_lists_the_findings_messages():
    printed = a_reading().as_json()

    assert printed["framework"] == "sif_reinspection"
    assert printed["warnings"] == [
        "publication date: not printed on page 1; left empty",
        "grades: none read",
    ]
    assert printed["grades"]["adoption"] == "good"
    assert "layout" not in printed and "findings" not in printed


def test_the_childs_answer_gives_the_same_reading_back():
    reading = a_reading()
    answer = json.loads(json.dumps(reading.as_dict()))

    back = ReportReading.from_dict(answer)

    assert back == reading
    assert back.findings[0] == Finding(findings.PUBLISHED, reading.findings[0].message)
    assert back.inspection_type == InspectionType.REINSPECTION
