"""The reconciled national record as files: written by scripts/build_record.py from every source
(the register, the history file, Ofsted's official statistics, every report of the archive),
shipped in data/ofsted/record/, and loaded by `load_national` into any database.

Three CSV files, UTF-8, one row per thing, sorted so that the same database always gives the
same bytes:

- inspections.csv: one row per inspection, its values and, in `sources`, where each value
  comes from (a JSON object: value key → the sources that gave it, the one whose value is kept
  first, then those that agree; sources.py);
- visits.csv: one row per monitoring visit, focused visit or JTAI, with its source;
- notes.csv: every disagreement between two sources and how it was settled, and every record
  a source gave that could not be placed (a monitoring visit with no inadequate inspection
  before it), waiting for review (models.DataNote).

Loading merges each row as one more source's account (merging.py), so what editors entered and
what a sync recorded in an existing database are kept by the same rules as any source's: an
editor's entry wins, flagged where the record disagrees; a report the sync read outranks the
statistics and the history. Like the other imports it is all or nothing: one bad row rejects the
files, naming every bad line, and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from pathlib import Path

from django.db import transaction

from authorities.models import Authority
from authorities.signals import changes_batched
from authorities.tabular import ImportRejected, ImportResult, LineProblem, read_rows

from . import rules
from .merging import InspectionRecord, existing_inspections, inspection_merge_or_refuse
from .models import VISIT_MODELS, DataNote, Inspection, MonitoringVisit
from .recording import history_listing_only, listed_review_remove
from .rules import OVERALL, Framework, Grade, InspectionType, VisitKind
from .sources import SOURCED_FIELDS, Settled, Source
from .visit_merge import visit_merge

INSPECTIONS = "inspections.csv"
VISITS = "visits.csv"
NOTES = "notes.csv"
FILES = (INSPECTIONS, VISITS, NOTES)

#: The judgements, one column each, in rules.JUDGEMENT_KEYS order (overall first).
GRADE_COLUMNS = tuple(rules.JUDGEMENT_KEYS)

INSPECTION_COLUMNS = (
    "dfe_code",
    "authority",
    *SOURCED_FIELDS,  # framework, type, dates, lead inspector, report link
    *GRADE_COLUMNS,
    "sources",
)
VISIT_COLUMNS = (
    "dfe_code",
    "authority",
    "kind",
    "started_on",
    "ended_on",
    "published_on",
    "theme",
    "dates_note",
    "report_url",
    "source",
    "follows_published_on",
)
NOTE_COLUMNS = (
    "dfe_code",
    "authority",
    "inspection_published_on",
    "inspection_framework",
    *DataNote.VALUE_FIELDS,
)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _authority_key(authority: Authority) -> str:
    return authority.dfe_code or authority.slug


def _csv(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def _sources_text(sources: dict) -> str:
    return json.dumps(sources or {}, sort_keys=True, separators=(",", ":"))


def record_rows() -> dict[str, bytes]:
    """The database's record as the three files' bytes."""
    inspections = []
    for inspection in Inspection.objects.select_related("authority").prefetch_related("judgements"):
        grades = {j.area: j.grade for j in inspection.judgements.all()}
        grades[OVERALL] = inspection.overall_effectiveness
        inspections.append(
            {
                "dfe_code": _authority_key(inspection.authority),
                "authority": inspection.authority.name,
                "framework": inspection.framework,
                "inspection_type": inspection.inspection_type,
                "started_on": _day(inspection.started_on),
                "ended_on": _day(inspection.ended_on),
                "published_on": _day(inspection.published_on),
                "lead_inspector": inspection.lead_inspector,
                "report_url": inspection.report_url,
                **{key: grades.get(key, "") for key in GRADE_COLUMNS},
                "sources": _sources_text(inspection.sources),
            }
        )
    inspections.sort(key=lambda r: (r["dfe_code"], r["published_on"], r["framework"]))

    visits = []
    for kind, model in VISIT_MODELS.items():
        related = ["authority", "follows"] if model is MonitoringVisit else ["authority"]
        for visit in model.objects.select_related(*related):
            follows = getattr(visit, "follows", None)
            visits.append(
                {
                    "dfe_code": _authority_key(visit.authority),
                    "authority": visit.authority.name,
                    "kind": str(kind),
                    "started_on": _day(visit.started_on),
                    "ended_on": _day(visit.ended_on),
                    "published_on": _day(visit.published_on),
                    "theme": visit.theme,
                    "dates_note": visit.dates_note,
                    "report_url": visit.report_url,
                    "source": visit.source,
                    "follows_published_on": _day(follows.published_on) if follows else "",
                }
            )
    visits.sort(key=lambda r: (r["dfe_code"], r["kind"], r["started_on"], r["published_on"]))

    notes = []
    for note in DataNote.objects.select_related("authority", "inspection"):
        notes.append(
            {
                "dfe_code": _authority_key(note.authority),
                "authority": note.authority.name,
                "inspection_published_on": _day(note.inspection.published_on)
                if note.inspection
                else "",
                "inspection_framework": note.inspection.framework if note.inspection else "",
                **{name: getattr(note, name) for name in DataNote.VALUE_FIELDS},
            }
        )
    notes.sort(
        key=lambda r: (r["dfe_code"], r["inspection_published_on"], r["field"],
                       r["other_source"], r["other_value"])
    )  # fmt: skip
    return {
        INSPECTIONS: _csv(INSPECTION_COLUMNS, inspections),
        VISITS: _csv(VISIT_COLUMNS, visits),
        NOTES: _csv(NOTE_COLUMNS, notes),
    }


def record_dump(directory: Path) -> dict[str, int]:
    """Write the three files into `directory`; the rows in each."""
    directory.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, data in record_rows().items():
        (directory / name).write_bytes(data)
        counts[name] = data.count(b"\n") - 1
    return counts


def record_digest(directory: Path) -> str:
    """One digest of the three files, to tell a restart whether they changed."""
    digest = hashlib.sha256()
    for name in FILES:
        path = directory / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


# --- Loading -------------------------------------------------------------------------------------


def _date(text: str, column: str, problem) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problem(f"{column}: '{text}' is not a date (YYYY-MM-DD)")
        return None


def _choice(text: str, choices, column: str, problem, *, blank: bool = True):
    if not text and blank:
        return ""
    if text not in choices.values:
        problem(f"{column}: '{text}' is not one of {', '.join(choices.values)}")
        return None
    return choices(text)


def _sources_value(text: str, problem) -> dict[str, list[str]]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        problem("sources: not a JSON object")
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str)
        and isinstance(v, list)
        and v
        and all(isinstance(s, str) and s in Source.values for s in v)
        for k, v in value.items()
    ):
        problem("sources: each value's sources must be a non-empty list of known sources")
        return {}
    return value


class _Authorities:
    def __init__(self):
        self.by_key = {}
        for authority in Authority.objects.all():
            self.by_key.setdefault(authority.slug, authority)
            if authority.dfe_code:
                self.by_key[authority.dfe_code] = authority

    def get(self, key: str, problem) -> Authority | None:
        found = self.by_key.get(key)
        if found is None:
            problem(f"unknown authority: no authority has DfE code or slug '{key}'")
        return found


def _parse_inspections(path: str, authorities: _Authorities, problems: list[LineProblem]):
    records = []
    for row in read_rows(path, INSPECTION_COLUMNS):

        def problem(reason: str, line=row.line) -> None:
            problems.append(LineProblem(line, f"{INSPECTIONS}: {reason}"))

        bad = len(problems)
        authority = authorities.get(row["dfe_code"], problem)
        framework = _choice(row["framework"], Framework, "framework", problem, blank=False)
        inspection_type = _choice(
            row["inspection_type"], InspectionType, "inspection_type", problem, blank=False
        )
        dates = {c: _date(row[c], c, problem) for c in ("started_on", "ended_on", "published_on")}
        if not dates["published_on"] and len(problems) == bad:
            problem("no published_on")
        grades = {}
        for key in GRADE_COLUMNS:
            grade = _choice(row[key], Grade, key, problem)
            if grade:
                grades[key] = grade
        sources = _sources_value(row["sources"], problem)
        if len(problems) > bad:
            continue
        records.append(
            InspectionRecord(
                authority=authority,
                published_on=dates["published_on"],
                framework=framework,
                inspection_type=inspection_type,
                started_on=dates["started_on"],
                ended_on=dates["ended_on"],
                lead_inspector=row["lead_inspector"],
                report_url=row["report_url"],
                grades=grades,
                line=row.line,
                source=_main_source(sources),
                sources=sources,
            )
        )
    return records


def _main_source(sources: dict[str, list[str]]) -> str:
    """The source a value without its own entry is given: the commonest first source."""
    firsts = [v[0] for v in sources.values()]
    return max(sorted(set(firsts)), key=firsts.count) if firsts else Source.HISTORY


def _parse_notes(path: str, authorities: _Authorities, problems: list[LineProblem]):
    notes = []
    for row in read_rows(path, NOTE_COLUMNS):

        def problem(reason: str, line=row.line) -> None:
            problems.append(LineProblem(line, f"{NOTES}: {reason}"))

        bad = len(problems)
        authority = authorities.get(row["dfe_code"], problem)
        published = _date(row["inspection_published_on"], "inspection_published_on", problem)
        framework = _choice(row["inspection_framework"], Framework, "inspection_framework", problem)
        _choice(row["kept_source"], Source, "kept_source", problem)
        _choice(row["other_source"], Source, "other_source", problem, blank=False)
        _choice(row["settled"], Settled, "settled", problem, blank=False)
        if not row["field"]:
            problem("no field")
        if len(problems) > bad:
            continue
        notes.append((authority, published, framework, row))
    return notes


def _parse_visits(path: str, authorities: _Authorities, problems: list[LineProblem]):
    visits = []
    for row in read_rows(path, VISIT_COLUMNS):

        def problem(reason: str, line=row.line) -> None:
            problems.append(LineProblem(line, f"{VISITS}: {reason}"))

        bad = len(problems)
        authority = authorities.get(row["dfe_code"], problem)
        kind = _choice(row["kind"], VisitKind, "kind", problem, blank=False)
        source = _choice(row["source"], Source, "source", problem, blank=False)
        dates = {
            c: _date(row[c], c, problem)
            for c in ("started_on", "ended_on", "published_on", "follows_published_on")
        }
        if not (dates["started_on"] or dates["published_on"]) and len(problems) == bad:
            problem("neither started_on nor published_on")
        if len(problems) > bad:
            continue
        visits.append((authority, kind, source, dates, row))
    return visits


def _history_rows_that_are_no_inspection(notes, existing) -> None:
    """A database loaded from the history file before holds the rows the record found to be no
    inspection (the history lists Surrey's LSCB review of August 2015 as one): each is removed
    as the recording policy removed it when the record was built, where nothing but the history
    vouches for it (recording.py)."""
    for authority, _, _, row in notes:
        if (row["field"], row["other_source"], row["settled"]) != (
            "inspection",
            Source.HISTORY,
            Settled.HIGHER_SOURCE,
        ):
            continue
        stale = existing.get((authority.pk, dt.date.fromisoformat(row["other_value"])))
        if stale is not None and history_listing_only(stale):
            listed_review_remove(stale, existing)


@transaction.atomic
def record_load(*, directory: str, dry_run: bool = False) -> ImportResult:
    """Merge the shipped record (the three files in `directory`) into the database.

    All or nothing: a bad row in any file rejects the three, naming every bad line.
    """
    folder = Path(directory)
    result = ImportResult(source=str(folder), dry_run=dry_run)
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise ImportRejected(str(folder), [LineProblem(None, f"no {n} here") for n in missing])
    authorities = _Authorities()
    problems: list[LineProblem] = []
    records = _parse_inspections(str(folder / INSPECTIONS), authorities, problems)
    visits = _parse_visits(str(folder / VISITS), authorities, problems)
    notes = _parse_notes(str(folder / NOTES), authorities, problems)
    if problems:
        raise ImportRejected(str(folder), problems)

    notes_of: dict[tuple, list[dict]] = {}
    unplaced = []
    for authority, published, framework, row in notes:
        note = {k: row[k] for k in DataNote.VALUE_FIELDS}
        if published is None:
            unplaced.append((authority, note))
        else:
            notes_of.setdefault((authority.pk, published, framework), []).append(note)

    existing = existing_inspections(Authority.objects.all())
    result.details = {"visits created": 0, "visits unchanged": 0, "notes": len(notes)}
    with changes_batched():
        for record in records:
            record.notes = notes_of.get(
                (record.authority.pk, record.published_on, record.framework), []
            )
            outcome, refusal = inspection_merge_or_refuse(
                record=record,
                warn=lambda reason, line=record.line: result.warn(line, reason),
                existing=existing,
            )
            if refusal:
                problems.append(LineProblem(record.line, f"{INSPECTIONS}: {refusal}"))
            else:
                setattr(result, outcome, getattr(result, outcome) + 1)
        if problems:
            raise ImportRejected(str(folder), problems)
        _history_rows_that_are_no_inspection(notes, existing)
        for authority, kind, source, dates, row in visits:
            outcome = visit_merge(
                authority=authority,
                kind=kind,
                started_on=dates["started_on"],
                ended_on=dates["ended_on"],
                published_on=dates["published_on"],
                theme=row["theme"],
                dates_note=row["dates_note"],
                source=source,
                report_url=row["report_url"],
            )
            key = "visits created" if outcome == "created" else "visits unchanged"
            result.details[key] = result.details.get(key, 0) + 1
        for authority, note in unplaced:
            note = dict(note)
            DataNote.objects.update_or_create(
                authority=authority,
                inspection=None,
                field=note.pop("field"),
                other_source=note.pop("other_source"),
                other_value=note.pop("other_value"),
                defaults=note,
            )
    if dry_run:
        transaction.set_rollback(True)
    return result
