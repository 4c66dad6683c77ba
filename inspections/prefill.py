"""Fill in the add-inspection form from an uploaded report PDF.

An editor uploads the report on the add page; `prefill_from_upload` reads it (reader/), keeps
the file aside under a random token (saving.py) and returns what the form should show: the
inspection's fields, a grade per judgement area, and a note for each field the reader was unsure
of or left empty (the reader's findings, flagged on the form field each concerns by its key).
Nothing is written to the database here: the inspection is saved only when the editor checks the
form and saves it, and `inspection_save` (saving.py) then makes the kept file the inspection's
report.
A file that cannot be read as a report raises `UploadRefused` with the reader's reason, and
nothing is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from . import rules
from .authority_match import AuthorityFinder, file_name_facts
from .models import Inspection
from .reader import GRADE_KEYS, findings
from .rules import OVERALL, Area, Grade, InspectionType
from .saving import pending_report_keep, pending_reports_discard_stale
from .uploads import report_upload_check

#: The session key under which uploaded-but-unsaved reports are remembered, by token.
SESSION_KEY = "inspection_report_uploads"

#: A finding's field (reader/findings.py) → the form fields it is flagged on. A finding about
#: anything else (a judgement the site does not record, the report as a whole) is a note.
FINDING_FIELDS: dict[str, tuple[str, ...]] = {
    findings.AUTHORITY: ("authority",),
    findings.FRAMEWORK: ("framework",),
    findings.INSPECTION_DATES: ("started_on", "ended_on"),
    findings.PUBLISHED: ("published_on",),
    findings.LEAD_INSPECTOR: ("lead_inspector",),
    OVERALL: ("overall_effectiveness",),
    **{str(area): (f"judgement:{area}",) for area in Area},
}


class UploadRefused(Exception):
    """The upload is not a report the reader can use; the message says why."""


@dataclass
class Prefill:
    """What the add form shows after an upload; JSON-serialisable through `as_session`."""

    token: str
    file_name: str
    initial: dict[str, str] = field(default_factory=dict)
    grades: dict[str, str] = field(default_factory=dict)
    #: field name (or "judgement:<area>") → what to check there
    flags: dict[str, list[str]] = field(default_factory=dict)
    #: warnings that belong to no one field
    notes: list[str] = field(default_factory=list)
    #: The publication of the review queue this form was filled from (ofsted/review.py), which
    #: is marked recorded when the inspection is saved.
    publication: int | None = None
    #: The inspection already recorded for this authority and publication date: the report is
    #: that one, and the form links to it rather than adding it twice.
    existing: int | None = None

    def flag(self, name: str, text: str) -> None:
        self.flags.setdefault(name, []).append(text)

    def as_session(self) -> dict:
        return {
            "file_name": self.file_name,
            "initial": self.initial,
            "grades": self.grades,
            "flags": self.flags,
            "notes": self.notes,
            "publication": self.publication,
            "existing": self.existing,
        }

    @classmethod
    def from_session(cls, token: str, stored: dict) -> Prefill:
        return cls(token=token, **stored)

    @property
    def judgement_flags(self) -> dict[str, list[str]]:
        prefix = "judgement:"
        return {k.removeprefix(prefix): v for k, v in self.flags.items() if k.startswith(prefix)}


def _reading_of(upload: UploadedFile):
    """The upload's reading (the one check of uploads.py), and the report kept aside."""
    try:
        reading = report_upload_check(upload)
    except ValidationError as refusal:
        raise UploadRefused(refusal.messages[0]) from refusal
    return reading, pending_report_keep(upload)


def prefill_from_upload(upload: UploadedFile) -> Prefill:
    """Read an uploaded report and keep it aside; raises UploadRefused for a bad file."""

    pending_reports_discard_stale()
    reading, pending = _reading_of(upload)
    prefill = Prefill(token=pending.token, file_name=pending.file_name)
    urn, file_day = file_name_facts(Path(upload.name))
    for finding in reading.findings:
        names = FINDING_FIELDS.get(finding.field, ())
        for name in names:
            prefill.flag(name, finding.message)
        if not names:
            prefill.notes.append(finding.message)

    authority = AuthorityFinder.load().find(
        reading.authority, urn, lambda text: prefill.flag("authority", text)
    )
    if authority is not None:
        prefill.initial["authority"] = str(authority.pk)
    elif reading.authority:
        prefill.flag(
            "authority",
            f"the cover names '{reading.authority}', which matches no "
            "authority recorded here; choose it",
        )

    prefill.initial["framework"] = str(reading.model_framework)
    prefill.initial["inspection_type"] = str(reading.inspection_type)
    if reading.inspection_type == InspectionType.UNKNOWN:
        prefill.flag(
            "inspection_type",
            "the report does not say which type of inspection this was (ILACS reports do not "
            "print standard or short); choose it",
        )
    for name, day in (
        ("started_on", reading.inspection_start),
        ("ended_on", reading.inspection_end),
        ("published_on", reading.published),
    ):
        if day:
            prefill.initial[name] = day.isoformat()
    if reading.published is None and file_day:
        prefill.initial["published_on"] = file_day.isoformat()
        prefill.flag(
            "published_on",
            "the report prints no publication date; this one is from the file name, check it",
        )
    if reading.lead_inspector:
        prefill.initial["lead_inspector"] = reading.lead_inspector
    for key in GRADE_KEYS:
        grade = reading.grades.get(key)
        if not grade:
            continue
        if key == OVERALL:
            prefill.initial["overall_effectiveness"] = str(grade)
        else:
            prefill.grades[key] = str(grade)
    parts = rules.overall_is_lowest_of(reading.model_framework)
    known = [reading.grades.get(a) for a in parts if reading.grades.get(a)]
    if (
        parts
        and not reading.grades.get(OVERALL)
        and (len(known) == len(parts) or Grade.INADEQUATE in known)
    ):
        # SLAC's overall effectiveness: the lower of its two, as the record keeps it.
        prefill.initial["overall_effectiveness"] = str(rules.lowest(known))
        prefill.flag(
            "overall_effectiveness",
            "the lower of the report's two overall judgements (safeguarding; looked after "
            "children), as the site records a SLAC inspection's overall grade",
        )
    if others := sorted(k for k, g in reading.grades.items() if g and k not in GRADE_KEYS):
        prefill.notes.append(
            "judgements this site does not record, not filled in: " + ", ".join(others)
        )

    published = prefill.initial.get("published_on")
    if authority is not None and published:
        recorded = Inspection.objects.filter(
            authority=authority, published_on=dt.date.fromisoformat(published)
        ).first()
        if recorded is not None:
            prefill.existing = recorded.pk
            if recorded.report_url:  # the history's link to this very report
                prefill.initial.setdefault("report_url", recorded.report_url)
    for name in ("authority", "started_on", "ended_on", "published_on", "lead_inspector"):
        if name not in prefill.initial and name not in prefill.flags:
            prefill.flag(name, "not found in the report; fill it in")
    return prefill
