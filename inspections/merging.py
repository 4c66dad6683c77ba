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

from . import matching, rules
from .models import DataNote, Inspection, Judgement
from .reader import GRADE_KEYS
from .rules import OVERALL, Area, Framework, Grade, InspectionType
from .saving import inspection_save
from .sources import UNRECORDED, Settled, Source, rank, settle


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
    #: Where its values come from (sources.Source).
    source: str = Source.HISTORY
    #: Per value, the sources already known for it (the shipped record carries them: the first
    #: gave the value, the rest agree); a value not named here comes from `source`.
    sources: dict[str, list[str]] = field(default_factory=dict)
    #: Its framework was assumed from its dates, not read or stated (a weaker fact than any
    #: source's word: a report's or the statistics' framework replaces it without a note).
    framework_assumed: bool = False
    #: Disagreements its source already settled (the shipped record's), kept with it.
    notes: list[dict] = field(default_factory=list)
    #: The inspection it was merged into (set by inspection_merge).
    inspection: Inspection | None = None

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
            source=Source.REPORT,
        )

    def model_fields(self) -> dict:
        return {
            "framework": self.framework,
            "inspection_type": self.inspection_type,
            "started_on": self.started_on,
            "ended_on": self.ended_on,
            "published_on": self.published_on,
            "lead_inspector": self.lead_inspector,
            "report_url": self.report_url,
            "overall_effectiveness": self.grades.get(OVERALL, ""),
        }

    def sources_of(self, key: str) -> list[str]:
        return list(self.sources.get(key) or [self.source])


UNSET = {"framework": Framework.UNKNOWN, "inspection_type": InspectionType.UNKNOWN}


def source_key(name: str) -> str:
    return OVERALL if name == "overall_effectiveness" else name


def _is_unset(field_name: str, value) -> bool:
    return value in (None, "") or UNSET.get(field_name) == value


def _text(value) -> str:
    if value in (None, ""):
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


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


def overall_from_parts(record: InspectionRecord) -> None:
    """SLAC's overall effectiveness: the lower of its two overall judgements, where the record
    has no overall grade of its own and the lower is known: both parts, or one inadequate
    (rules.overall_is_lowest_of)."""
    parts = rules.overall_is_lowest_of(record.framework)
    if not parts or record.grades.get(OVERALL):
        return
    known = [record.grades[a] for a in parts if record.grades.get(a)]
    # With one part unknown the lower is known only when the known part is inadequate.
    if len(known) == len(parts) or Grade.INADEQUATE in known:
        record.grades[OVERALL] = rules.lowest(known)
        record.sources[OVERALL] = [Source.DERIVED]


class Recorded:
    """The recorded inspections of some authorities, judgements prefetched, found by the
    matching rule (matching.py) rather than by an exact publication date."""

    def __init__(self, inspections):
        self.by_authority: dict[int, list[Inspection]] = {}
        for inspection in inspections:
            self.add(inspection)

    def add(self, inspection: Inspection) -> None:
        self.by_authority.setdefault(inspection.authority_id, []).append(inspection)

    def forget_changes(self, inspection: Inspection | None) -> None:
        """Put back the stored state of an inspection a refused merge changed in memory."""
        if inspection is None or inspection.pk is None:
            return
        found = self.by_authority.get(inspection.authority_id, [])
        fresh = Inspection.objects.prefetch_related("judgements").filter(pk=inspection.pk).first()
        found[:] = [i for i in found if i.pk != inspection.pk] + ([fresh] if fresh else [])

    def of(self, authority_id: int) -> list[Inspection]:
        return self.by_authority.get(authority_id, [])

    def find(self, record: InspectionRecord) -> Inspection | None:
        return matching.matching(
            self.of(record.authority.pk),
            framework=record.framework,
            published_on=record.published_on,
            started_on=record.started_on,
            ended_on=record.ended_on,
        )

    def get(self, key: tuple[int, dt.date]) -> Inspection | None:
        """The inspection of an authority published on exactly that day."""
        authority_id, day = key
        return next((i for i in self.of(authority_id) if i.published_on == day), None)

    def items(self):
        return (
            ((i.authority_id, i.published_on), i) for found in self.by_authority.values()
            for i in found
        )  # fmt: skip


def existing_inspections(authorities) -> Recorded:
    """Recorded inspections of these authorities, judgements and notes prefetched."""
    found = Inspection.objects.filter(authority__in=authorities)
    return Recorded(found.prefetch_related("judgements"))


@dataclass
class _Disagreement:
    key: str
    kept: str
    kept_source: str
    other: str
    other_source: str
    settled: str
    detail: str = ""


def _merge_value(
    sources: dict[str, list[str]],
    key: str,
    current,
    incoming,
    incoming_sources: list[str],
    disagreements: list[_Disagreement],
    *,
    refinement: bool = False,
) -> bool:
    """Whether to take `incoming` for `key`, keeping `sources` and noting any disagreement."""
    kept_sources = sources.get(key) or [UNRECORDED]
    if current == incoming:
        merged = list(dict.fromkeys([*kept_sources, *incoming_sources]))
        merged.sort(key=lambda s: -rank(s, key))  # the best first: it answers the next dispute
        sources[key] = merged
        return False
    if refinement:
        sources[key] = list(incoming_sources)
        return True
    take, settled = settle(kept_sources[0], incoming_sources[0], key)
    if take:
        disagreements.append(_Disagreement(
            key, _text(incoming), incoming_sources[0], _text(current), kept_sources[0], settled
        ))  # fmt: skip
        sources[key] = list(incoming_sources)
    else:
        disagreements.append(_Disagreement(
            key, _text(current), kept_sources[0], _text(incoming), incoming_sources[0], settled
        ))  # fmt: skip
    return take


def inspection_merge(
    *,
    record: InspectionRecord,
    warn: Callable[[str], None],
    existing: Recorded | None = None,
) -> str:
    """Create the inspection or merge this source's values into the one recorded (the matching
    rule, matching.py); 'created'/'updated'/'unchanged'.

    Each value keeps its sources (Inspection.sources). Where two sources disagree, sources.settle
    says which value is kept: the better source's (report, then statistics, then history), an
    editor's always (flagged); the disagreement is a DataNote either way, and one no rule
    settles (two sources of one rank) is also reported through `warn` and waits for review.
    A publication date that moves a few days (the report's printed date against a listing's)
    is kept as a note, not a conflict. Raises ValidationError if the result breaks a rule
    (checked in Python by inspection_save; the database's constraints check the one-table rules
    on save). A record that adds judgements to an inspection saves the inspection with them, as
    the admin does: its version moves once and its history has a record of that save.
    `existing` is a preloaded `existing_inspections()`, to spare a query per record.
    """
    overall_from_parts(record)
    drop_impossible_grades(record, warn)
    if existing is None:
        existing = existing_inspections([record.authority])
    inspection = existing.find(record)
    incoming = record.model_fields()
    if inspection is None:
        inspection = Inspection(authority=record.authority, **incoming)
        inspection.sources = {
            source_key(name): record.sources_of(source_key(name))
            for name, value in incoming.items()
            if not _is_unset(name, value)
        }
        for area in record.grades:
            inspection.sources[area] = record.sources_of(area)
        # Uniqueness is settled by the lookup above; constraints are the database's to enforce.
        inspection = inspection_save(inspection=inspection, judgements=_judgements(record.grades))
        existing.add(inspection)
        record.inspection = inspection
        _notes_save(inspection, [], record)
        return "created"

    sources = {k: list(v) for k, v in (inspection.sources or {}).items()}
    disagreements: list[_Disagreement] = []
    changed = False
    for name, value in incoming.items():
        if _is_unset(name, value):
            continue
        key = source_key(name)
        current = getattr(inspection, name)
        if _is_unset(name, current):
            setattr(inspection, name, value)
            sources[key] = record.sources_of(key)
            changed = True
            continue
        refinement = False
        if name == "framework":
            if rules.refines(value, current):
                continue  # what is recorded says more
            refinement = rules.refines(current, value) or (
                record.framework_assumed is False and _framework_assumed(inspection, sources)
            )
        if _merge_value(
            sources, key, current, value, record.sources_of(key), disagreements,
            refinement=refinement,
        ):  # fmt: skip
            setattr(inspection, name, value)
            changed = True
    recorded_judgements = {j.area: j for j in inspection.judgements.all()}
    changed_judgements = []
    for area, grade in record.grades.items():
        if area == OVERALL:
            continue
        current = recorded_judgements.get(area)
        if current is None:
            changed_judgements.append(Judgement(area=area, grade=grade))
            sources[area] = record.sources_of(area)
        elif _merge_value(
            sources, area, current.grade, grade, record.sources_of(area), disagreements
        ):
            current.grade = grade
            changed_judgements.append(current)
    for d in disagreements:
        if d.key == "published_on" and d.settled != Settled.WAITING:
            d.settled = Settled.NOTE  # a date a few days apart: the better source's, noted
        if d.settled == Settled.WAITING:
            warn(
                f"conflict on {_label(d.key)}: the database has '{d.kept}' ({d.kept_source}), "
                f"this source '{d.other}' ({d.other_source}); kept '{d.kept}'"
            )
    sources_changed = sources != (inspection.sources or {})
    inspection.sources = sources
    record.inspection = inspection
    if not changed and not changed_judgements and not sources_changed:
        _notes_save(inspection, disagreements, record)
        return "unchanged"
    # Also checks that the judgements recorded still fit the merged framework and dates.
    inspection_save(inspection=inspection, judgements=changed_judgements)
    _notes_save(inspection, disagreements, record)
    return "updated" if changed or changed_judgements else "unchanged"


def _framework_assumed(inspection: Inspection, sources: dict[str, list[str]]) -> bool:
    """Whether the recorded framework rests on no source's word: assumed from dates by an
    import of the history file (which names no framework), and no better source since."""
    kept = (sources.get("framework") or [UNRECORDED])[0]
    return kept in (Source.HISTORY, Source.DEMO, Source.SYNC_LISTING)


def _label(key: str) -> str:
    if key == OVERALL:
        return "overall effectiveness"
    if key in Area.values:
        return Area(key).label.lower()
    return str(Inspection._meta.get_field(key).verbose_name)


def _notes_save(
    inspection: Inspection, disagreements: list[_Disagreement], record: InspectionRecord
) -> None:
    """Each disagreement as a DataNote of the inspection (once: a second merge of the same
    sources updates it), and the notes the record carries (the shipped record's)."""
    rows = [
        {
            "field": d.key, "kept_value": d.kept, "kept_source": d.kept_source,
            "other_value": d.other, "other_source": d.other_source, "settled": d.settled,
            "detail": d.detail,
        }
        for d in disagreements
    ] + list(record.notes)  # fmt: skip
    for row in rows:
        row = dict(row)
        key = {
            "authority": inspection.authority,
            "inspection": inspection,
            "field": row.pop("field"),
            "other_source": row.pop("other_source"),
            "other_value": row.pop("other_value"),
        }
        found = DataNote.objects.filter(**key).first()
        if found is None:
            DataNote.objects.create(**key, **row)
        elif found.settled != Settled.ACCEPTED and any(
            getattr(found, name) != value for name, value in row.items()
        ):  # an editor's settling is never reopened; an unchanged note is not saved again
            for name, value in row.items():
                setattr(found, name, value)
            found.save()


def inspection_merge_or_refuse(
    *,
    record: InspectionRecord,
    warn: Callable[[str], None],
    existing: Recorded,
) -> tuple[str | None, str | None]:
    """inspection_merge in its own savepoint: (outcome, None), or (None, why) when a rule or the
    database refuses the record. Nothing of a refused record stays, in the database or in
    `existing`, so the caller can go on with the next one."""
    matched = existing.find(record)
    try:
        with transaction.atomic():
            return inspection_merge(record=record, warn=warn, existing=existing), None
    except (ValidationError, IntegrityError) as error:
        existing.forget_changes(matched)
        if isinstance(error, ValidationError):
            return None, "; ".join(error.messages)
        return None, f"refused by the database: {error}"


def _judgements(grades: dict[str, Grade]) -> list[Judgement]:
    return [Judgement(area=area, grade=grade) for area, grade in grades.items() if area != OVERALL]
