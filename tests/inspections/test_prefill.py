"""Prefill (prefill.py) flags each of the reader's findings on the form field it concerns, by the
finding's field, never by its words."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections import prefill
from inspections.reader import ReportKind, ReportReading, findings
from inspections.reader.formats.ilacs import ILACS
from inspections.reader.formats.pre_sif import SAFEGUARDING as SLAC_LAYOUT
from inspections.rules import OVERALL, Area, Grade


@pytest.fixture
def reading_of_upload(monkeypatch, settings, tmp_path):
    """Prefill an upload as if the reader had given `reading`; returns the Prefill."""
    settings.MEDIA_ROOT = tmp_path

    def prefill_with(reading: ReportReading) -> prefill.Prefill:
        monkeypatch.setattr(prefill, "report_upload_check", lambda upload: reading)
        upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 kept aside", "application/pdf")
        return prefill.prefill_from_upload(upload)

    return prefill_with


def test_each_finding_is_flagged_on_the_form_fields_of_its_field(db, reading_of_upload):
    reading = ReportReading(file="report.pdf", kind=ReportKind.FULL_INSPECTION, layout=ILACS)
    by_field = {
        findings.AUTHORITY: ("authority",),
        findings.FRAMEWORK: ("framework",),
        findings.INSPECTION_DATES: ("started_on", "ended_on"),
        findings.PUBLISHED: ("published_on",),
        findings.LEAD_INSPECTOR: ("lead_inspector",),
        OVERALL: ("overall_effectiveness",),
        Area.CARE_LEAVERS: ("judgement:care_leavers",),
        Area.LSCB: ("judgement:lscb",),
    }
    for field in by_field:
        reading.warn(field, f"about {field}")

    filled = reading_of_upload(reading)

    for field, names in by_field.items():
        for name in names:
            assert f"about {field}" in filled.flags[name]
    assert filled.judgement_flags["care_leavers"] == ["about care_leavers"]
    assert filled.notes == []


def test_a_finding_about_no_form_field_is_a_note_whatever_its_words(db, reading_of_upload):
    reading = ReportReading(file="report.pdf", kind=ReportKind.FULL_INSPECTION, layout=ILACS)
    reading.warn(None, "authority: words that name a field do not make it that field's")
    reading.warn("outcomes", "outcomes: the report's grades disagree; left empty")

    filled = reading_of_upload(reading)

    assert filled.notes == [
        "authority: words that name a field do not make it that field's",
        "outcomes: the report's grades disagree; left empty",
    ]
    # The authority is flagged only because nothing filled it in, not by the note.
    assert filled.flags["authority"] == ["not found in the report; fill it in"]


@pytest.mark.parametrize(
    ("safeguarding", "looked_after", "overall"),
    [
        (Grade.INADEQUATE, Grade.ADEQUATE, Grade.INADEQUATE),
        (Grade.GOOD, Grade.ADEQUATE, Grade.ADEQUATE),
        (Grade.INADEQUATE, None, Grade.INADEQUATE),
        (Grade.GOOD, None, None),  # the lower is not known
    ],
)
def test_a_slac_reports_overall_is_filled_in_as_the_lower_of_its_two(
    db, reading_of_upload, safeguarding, looked_after, overall
):
    reading = ReportReading(file="report.pdf", kind=ReportKind.FULL_INSPECTION, layout=SLAC_LAYOUT)
    reading.grades[Area.SAFEGUARDING] = safeguarding
    reading.grades[Area.LOOKED_AFTER_CHILDREN] = looked_after
    filled = reading_of_upload(reading)
    assert filled.initial.get("overall_effectiveness") == (str(overall) if overall else None)
    if overall:
        assert "the lower of the report's two" in filled.flags["overall_effectiveness"][0]
