"""What the reader gives back: a `ReportReading`, the `Layout` it recognised, its findings.

A reading is a plain value: the parent process gets it from the child that read the file as
`as_dict()` and rebuilds it with `from_dict()`, unchanged. `as_json()` is the shape `read_report
--json` prints, one object per file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from ..rules import JUDGEMENT_KEYS, Framework, Grade, InspectionType, PublicationKind
from .findings import Finding


class ReportKind(StrEnum):
    FULL_INSPECTION = "full_inspection"
    LSCB_REVIEW = "lscb_review"
    #: A visit's letter (letters.py): no grades, so `error` says it is no report; `letter` is
    #: its kind and the on-site dates are read where it prints them.
    VISIT_LETTER = "visit_letter"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Layout:
    """One layout of report, as its format module declares it.

    `key` is the reading's `framework` in JSON ("sif", "ilacs_2018"...), finer than the model's
    `framework`; `inspection_type` is the type the layout proves (ILACS prints no short or
    standard, so UNKNOWN); `label` names it in `read_report`'s summary.
    """

    key: str
    label: str
    framework: Framework
    inspection_type: InspectionType = InspectionType.UNKNOWN


#: The keys every reading's grades carry, in output order: every judgement some framework gives
#: (rules.JUDGEMENT_KEYS: rules.OVERALL, then the areas).
GRADE_KEYS: tuple[str, ...] = JUDGEMENT_KEYS


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@dataclass
class ReportReading:
    file: str
    kind: ReportKind = ReportKind.UNREADABLE
    layout: Layout | None = None
    authority: str = ""
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    published: dt.date | None = None
    lead_inspector: str = ""
    grades: dict[str, Grade | None] = field(default_factory=lambda: dict.fromkeys(GRADE_KEYS))
    #: The grade keys the report says were "Not judged" (SIF's adoption, say): no grade, and
    #: nothing missing.
    not_judged: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    letter: PublicationKind | None = None

    def warn(self, field: str | None, message: str) -> None:
        """Record a finding about `field` (findings.py), None for the report as a whole."""
        self.findings.append(Finding(field, message))

    def has_finding(self, field: str) -> bool:
        return any(finding.field == field for finding in self.findings)

    @property
    def warnings(self) -> list[str]:
        """The findings' messages, in the order they were found."""
        return [finding.message for finding in self.findings]

    @property
    def framework(self) -> str | None:
        """The layout's key: the format, finer than the model's framework."""
        return self.layout.key if self.layout else None

    @property
    def model_framework(self) -> Framework:
        return self.layout.framework if self.layout else Framework.UNKNOWN

    @property
    def inspection_type(self) -> InspectionType:
        return self.layout.inspection_type if self.layout else InspectionType.UNKNOWN

    def as_json(self) -> dict:
        """What `read_report --json` prints for the file."""
        return {
            "file": self.file,
            "kind": str(self.kind),
            "framework": self.framework,
            "authority": self.authority or None,
            "inspection_start": _iso(self.inspection_start),
            "inspection_end": _iso(self.inspection_end),
            "published": _iso(self.published),
            "lead_inspector": self.lead_inspector or None,
            "grades": {key: str(grade) if grade else None for key, grade in self.grades.items()},
            "not_judged": list(self.not_judged),
            "warnings": self.warnings,
            "error": self.error,
            "letter": str(self.letter) if self.letter else None,
        }

    def as_dict(self) -> dict:
        """Everything in the reading, JSON-serialisable; `from_dict` gives the reading back."""
        layout = self.layout
        return {
            **self.as_json(),
            "layout": None
            if layout is None
            else {
                "key": layout.key,
                "label": layout.label,
                "framework": str(layout.framework),
                "inspection_type": str(layout.inspection_type),
            },
            "findings": [[finding.field, finding.message] for finding in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict) -> ReportReading:
        """The reading `as_dict` gave (from the child process that read it)."""
        layout = data["layout"]
        return cls(
            file=data["file"],
            kind=ReportKind(data["kind"]),
            layout=None
            if layout is None
            else Layout(
                key=layout["key"],
                label=layout["label"],
                framework=Framework(layout["framework"]),
                inspection_type=InspectionType(layout["inspection_type"]),
            ),
            authority=data["authority"] or "",
            inspection_start=_day(data["inspection_start"]),
            inspection_end=_day(data["inspection_end"]),
            published=_day(data["published"]),
            lead_inspector=data["lead_inspector"] or "",
            grades={key: Grade(value) if value else None for key, value in data["grades"].items()},
            not_judged=list(data["not_judged"]),
            findings=[Finding(field, message) for field, message in data["findings"]],
            error=data["error"],
            letter=PublicationKind(data["letter"]) if data.get("letter") else None,
        )
