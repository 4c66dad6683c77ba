"""One source's account of an inspection (InspectionRecord) merged with what the database
holds: the one way the history import, the demo load, the report backfill and the sync write an
inspection.

`inspection_merge` saves through `inspection_save` (saving.py, as the admin does: the rules that
span tables, a judgement's area against its inspection's framework and dates, are checked there
before anything is saved), and reconciles a second source describing the same inspection (same
authority, same publication date): every grade either source knows is kept, a placeholder never
erases a grade, and a real conflict is reported as a warning with the database's value kept,
never silently overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.models import Authority

from . import rules
from .models import Inspection, Judgement
from .reader import GRADE_KEYS
from .rules import OVERALL, Area, Framework, Grade, InspectionType
from .saving import inspection_save


@dataclass
class InspectionRecord:
    """One source's account of one inspection, before it meets the database."""

    authority: Authority
    published_on: dt.date
    framework: str = Framework.UNKNOWN
    inspection_type: str = InspectionType.UNKNOWN
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    lead_inspector: str = ""
    report_url: str = ""
    grades: dict[str, Grade] = field(default_factory=dict)  # area or OVERALL → grade
    line: int | None = None

    @classmethod
    def from_reading(
        cls, reading, *, authority: Authority, published_on: dt.date, report_url: str = ""
    ) -> InspectionRecord:
        """A report's reading (reader.ReportReading) as a record: the grades the model keeps
        (a judgement only the frameworks before SIF had is not among them)."""
        return cls(
            authority=authority,
            published_on=published_on,
            framework=reading.model_framework,
            inspection_type=reading.inspection_type,
            started_on=reading.inspection_start,
            ended_on=reading.inspection_end,
            lead_inspector=reading.lead_inspector,
            report_url=report_url,
            grades={key: g for key, g in reading.grades.items() if g and key in GRADE_KEYS},
        )

    def model_fields(self) -> dict:
        return {
            "framework": self.framework,
            "inspection_type": self.inspection_type,
            "started_on": self.started_on,
            "ended_on": self.ended_on,
            "lead_inspector": self.lead_inspector,
            "report_url": self.report_url,
            "overall_effectiveness": self.grades.get(OVERALL, ""),
        }


UNSET = {"framework": Framework.UNKNOWN, "inspection_type": InspectionType.UNKNOWN}


def _is_unset(field_name: str, value) -> bool:
    return value in (None, "") or UNSET.get(field_name) == value


def drop_impossible_grades(record: InspectionRecord, warn: Callable[[str], None]) -> None:
    """Remove grades the inspection's framework and dates cannot have, with a warning each."""
    latest_start = record.started_on or record.ended_on or record.published_on
    for area, grade in list(record.grades.items()):
        if area == OVERALL:
            problem = rules.overall_problem(record.framework, record.started_on, grade)
        else:
            problem = rules.area_problem(
                record.framework,
                area,
                grade,
                started_on=record.started_on,
                latest_possible_start=latest_start,
            )
        if problem:
            label = "overall effectiveness" if area == OVERALL else Area(area).label.lower()
            warn(f"{label} grade '{Grade(grade).label}' not recorded: {problem}")
            del record.grades[area]


def existing_inspections(authorities) -> dict[tuple[int, dt.date], Inspection]:
    """Recorded inspections by (authority id, publication date), judgements prefetched."""
    found = Inspection.objects.filter(authority__in=authorities, published_on__isnull=False)
    return {(i.authority_id, i.published_on): i for i in found.prefetch_related("judgements")}


def inspection_merge(
    *,
    record: InspectionRecord,
    warn: Callable[[str], None],
    existing: dict[tuple[int, dt.date], Inspection] | None = None,
) -> str:
    """Create the inspection or fill in what the database lacks; 'created'/'updated'/'unchanged'.

    Conflicting values (both sources know a value and they differ) are reported through `warn`
    and the database's value is kept. Raises ValidationError if the result breaks a rule (checked
    in Python by inspection_save; the database's constraints check the one-table rules on save).
    A record that adds judgements to an inspection saves the inspection with them, as the admin
    does: its version moves once and its history has a record of that save.
    `existing` is a preloaded `existing_inspections()` map, to spare a query per record.
    """
    drop_impossible_grades(record, warn)
    key = (record.authority.pk, record.published_on)
    if existing is None:
        existing = existing_inspections([record.authority])
    inspection = existing.get(key)
    incoming = record.model_fields()
    if inspection is None:
        # Uniqueness is settled by the lookup above; constraints are the database's to enforce.
        inspection = inspection_save(
            inspection=Inspection(
                authority=record.authority, published_on=record.published_on, **incoming
            ),
            judgements=_judgements(record.grades),
        )
        existing[key] = inspection
        return "created"

    changed = False
    for name, value in incoming.items():
        current = getattr(inspection, name)
        if _is_unset(name, value) or value == current:
            continue
        if _is_unset(name, current):
            setattr(inspection, name, value)
            changed = True
        else:
            warn(
                f"conflict on {Inspection._meta.get_field(name).verbose_name}: the database has "
                f"'{current}', this source '{value}'; kept '{current}'"
            )
    existing_judgements = {j.area: j for j in inspection.judgements.all()}
    new_grades = {}
    for area, grade in record.grades.items():
        if area == OVERALL:
            continue
        current = existing_judgements.get(area)
        if current is None:
            new_grades[area] = grade
        elif current.grade != grade:
            warn(
                f"conflict on {Area(area).label.lower()}: the database has "
                f"'{current.grade}', this source '{grade}'; kept '{current.grade}'"
            )
    if not changed and not new_grades:
        return "unchanged"
    # Also checks that the judgements recorded still fit the merged framework and dates.
    inspection_save(inspection=inspection, judgements=_judgements(new_grades))
    return "updated"


def inspection_merge_or_refuse(
    *,
    record: InspectionRecord,
    warn: Callable[[str], None],
    existing: dict[tuple[int, dt.date], Inspection],
) -> tuple[str | None, str | None]:
    """inspection_merge in its own savepoint: (outcome, None), or (None, why) when a rule or the
    database refuses the record. Nothing of a refused record stays, in the database or in
    `existing`, so the caller can go on with the next one."""
    key = (record.authority.pk, record.published_on)
    try:
        with transaction.atomic():
            return inspection_merge(record=record, warn=warn, existing=existing), None
    except (ValidationError, IntegrityError) as error:
        if key in existing:
            existing[key].refresh_from_db()  # the merge may have changed it in memory
        if isinstance(error, ValidationError):
            return None, "; ".join(error.messages)
        return None, f"refused by the database: {error}"


def _judgements(grades: dict[str, Grade]) -> list[Judgement]:
    return [Judgement(area=area, grade=grade) for area, grade in grades.items() if area != OVERALL]
