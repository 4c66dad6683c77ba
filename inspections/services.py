"""Writes of inspection data from outside the admin: the national history import (alone or with
the register, national_load) and the demo data.

Both go through `inspection_merge`, which saves through `inspection_save` (saving.py, as the admin
does: the rules that span tables, a judgement's area against its inspection's framework and
dates, are checked there before anything is saved), and which reconciles a
second source describing the same inspection (same authority, same publication date): every grade
either source knows is kept, a placeholder never erases a grade, and a real conflict is reported as
a warning with the database's value kept, never silently overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.models import Authority
from authorities.services import register_import, reorganisations_apply
from authorities.signals import changes_batched
from authorities.tabular import ImportRejected, ImportResult, LineProblem, Row, read_rows

from . import demo as demo_module
from . import rules
from .models import Inspection, Intervention, Judgement, MonitoringVisit
from .reader import GRADE_KEYS, ReportKind, ReportReader, parse_day
from .rules import OVERALL, Area, Framework, Grade, InspectionType
from .saving import inspection_save

HISTORY_COLUMNS = (
    "urn",
    "local_authority",
    "inspection_link",
    "publication_date",
    "inspection_framework",
    "inspector_name",
    "inspection_start_date",
    "inspection_end_date",
    "overall_effectiveness_grade",
    "impact_of_leaders_grade",
    "help_and_protection_grade",
    "in_care_grade",
    "care_leavers_grade",
)

#: History file column → judgement area. The file's columns are ILACS's judgements.
GRADE_COLUMNS = {
    "overall_effectiveness_grade": OVERALL,
    "impact_of_leaders_grade": Area.LEADERSHIP,
    "help_and_protection_grade": Area.HELP_AND_PROTECTION,
    "in_care_grade": Area.CHILDREN_IN_CARE,
    "care_leavers_grade": Area.CARE_LEAVERS,
}

#: Values meaning "no judgement here": never a grade.
PLACEHOLDERS = frozenset(
    {"", "data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform"}
)

#: Words the scraper sometimes leaves around a grade ("to requires improvement"). Only these are
#: stripped, so that a negation ("not good") can never be read as a grade.
NOISE_WORDS = frozenset({"to", "is", "be", "judged", "as", "was"})

TYPE_WORDS = {"standard": InspectionType.STANDARD, "short": InspectionType.SHORT}
#: The frameworks of the history file's reports (ilacs_history.csv holds ILACS reports only).
HISTORY_FRAMEWORKS = (Framework.ILACS, Framework.ILACS_2026)


def parse_grade(text: str) -> tuple[Grade | None, bool]:
    """(grade, had_noise) for a grade word, (None, False) for a placeholder; else ValueError."""
    cleaned = re.sub(r"[\s_]+", " ", text.strip().lower()).strip(" .,;:'\"")
    if text.strip() in PLACEHOLDERS or cleaned in PLACEHOLDERS:
        return None, False
    if cleaned in rules.GRADE_WORDS:
        return rules.GRADE_WORDS[cleaned], False
    words = cleaned.split()
    while words and words[0] in NOISE_WORDS:
        words.pop(0)
    core = " ".join(words)
    if core in rules.GRADE_WORDS:
        return rules.GRADE_WORDS[core], True
    raise ValueError(f"'{text}' is not a grade")


def parse_date(text: str, formats: tuple[str, ...]) -> dt.date | None:
    if not text:
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{text}' is not a date (expected {' or '.join(formats)})")


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


# --- The national history file (ilacs_history.csv) ----------------------------------------------


def _parse_history_row(
    row: Row,
    authorities: dict[int, Authority],
    problems: list[LineProblem],
    result: ImportResult,
) -> InspectionRecord | None:
    """Problems of structure or identity go to `problems` (the file is then rejected whole);
    recognisable but impossible values become warnings on `result`."""
    bad = len(problems)

    def problem(reason: str) -> None:
        problems.append(LineProblem(row.line, reason))

    authority = None
    urn = row["urn"]
    if not urn.isdigit():
        problem(f"Ofsted URN '{urn}' is not a number")
    elif (authority := authorities.get(int(urn))) is None:
        problem(
            f"unknown authority: no authority has Ofsted URN {urn} ('{row['local_authority']}')"
        )

    dates = {}
    for column, formats in (
        ("publication_date", ("%d/%m/%y", "%d/%m/%Y")),
        ("inspection_start_date", ("%d/%m/%Y",)),
        ("inspection_end_date", ("%d/%m/%Y",)),
    ):
        try:
            dates[column] = parse_date(row[column], formats)
        except ValueError as error:
            problem(f"{column}: {error}")
    if "publication_date" in dates and dates["publication_date"] is None:
        problem("no publication_date")

    grades: dict[str, Grade] = {}
    for column, area in GRADE_COLUMNS.items():
        try:
            grade, had_noise = parse_grade(row[column])
        except ValueError as error:
            problem(f"{column}: {error}")
            continue
        if grade is None:
            continue
        if had_noise:
            result.warn(row.line, f"{column} '{row[column]}' recorded as '{grade.label}'")
        grades[area] = grade

    if len(problems) > bad:
        return None

    type_text = row["inspection_framework"].strip().lower()
    inspection_type = TYPE_WORDS.get(type_text, InspectionType.UNKNOWN)
    if type_text and type_text not in TYPE_WORDS:
        result.warn(
            row.line,
            f"unknown inspection type '{row['inspection_framework']}'; recorded as unknown",
        )

    published = dates["publication_date"]
    started, ended = dates["inspection_start_date"], dates["inspection_end_date"]
    if started and ended and ended < started:
        result.warn(row.line, f"on-site end {ended} is before start {started}; dates not recorded")
        started = ended = None
    if (ended or started) and published < (ended or started):
        result.warn(
            row.line,
            f"published {published} before the inspection ended; on-site dates not recorded",
        )
        started = ended = None

    record = InspectionRecord(
        authority=authority,
        published_on=published,
        framework=_history_framework(started, published, inspection_type, grades),
        inspection_type=inspection_type,
        started_on=started,
        ended_on=ended,
        lead_inspector=re.sub(r"\s+HMI$", "", row["inspector_name"]).strip(),
        report_url=row["inspection_link"],
        grades=grades,
        line=row.line,
    )
    if type_problem := rules.type_problem(record.framework, record.inspection_type):
        result.warn(row.line, f"{type_problem} Type recorded as unknown.")
        record.inspection_type = InspectionType.UNKNOWN
    return record


def _history_framework(
    started: dt.date | None, published: dt.date, inspection_type: str, grades: dict
) -> str:
    """The framework, from the on-site start date; failing that, from what the row shows.

    The file names no framework. With a start date the framework follows from it (where SIF and
    ILACS overlap, in the first half of 2018, ILACS: the file holds ILACS reports). Without one,
    a row with ILACS's own judgements (impact of leaders) or an ILACS type (standard/short) is an
    ILACS report, and as it began before it was published, the framework is the one of
    HISTORY_FRAMEWORKS that had begun by then, if only one had (before April 2026, the pre-2026
    ILACS). Anything else stays 'not yet known'.
    """
    if started:
        return rules.framework_for_start(started)
    ilacs_shaped = Area.LEADERSHIP in grades or inspection_type in TYPE_WORDS.values()
    begun = [f for f in rules.frameworks_started_by(published) if f in HISTORY_FRAMEWORKS]
    if ilacs_shaped and len(begun) == 1:
        return begun[0]
    return Framework.UNKNOWN


@transaction.atomic
def history_import(*, source: str, dry_run: bool = False) -> ImportResult:
    """Import ilacs_history.csv: one inspection per report row, merged with what is there.

    All or nothing: any bad row rejects the file, naming every bad line. dry_run rolls back.
    """
    rows = read_rows(source, HISTORY_COLUMNS)
    result = ImportResult(source=source, dry_run=dry_run)
    authorities = {a.ofsted_urn: a for a in Authority.objects.exclude(ofsted_urn=None)}
    problems: list[LineProblem] = []
    records: list[InspectionRecord] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        record = _parse_history_row(row, authorities, problems, result)
        if record is None:
            continue
        key = (record.authority.pk, record.published_on)
        if key in seen:
            problems.append(
                LineProblem(
                    row.line,
                    f"duplicate row: {record.authority} published {record.published_on} "
                    f"is already on line {seen[key]}",
                )
            )
            continue
        seen[key] = row.line
        records.append(record)
    if problems:
        raise ImportRejected(source, problems)

    existing = existing_inspections(authorities.values())
    with changes_batched():
        for record in records:
            outcome, refusal = inspection_merge_or_refuse(
                record=record,
                warn=lambda reason, line=record.line: result.warn(line, reason),
                existing=existing,
            )
            if refusal:
                problems.append(LineProblem(record.line, refusal))
            else:
                setattr(result, outcome, getattr(result, outcome) + 1)
    if problems:
        raise ImportRejected(source, problems)
    result.details["grades in the database"] = grade_count()
    if dry_run:
        transaction.set_rollback(True)
    return result


@transaction.atomic
def national_load(
    *, register: str, history: str, dry_run: bool = False
) -> tuple[ImportResult, ImportResult]:
    """Import a register, then a history, as one transaction: both files or neither.

    Each is checked and merged exactly as register_import and history_import do alone, so a
    second load of the same files changes nothing. The history needs the register's authorities,
    so a dry run imports both and rolls the two back together.
    """
    with changes_batched():
        results = (register_import(source=register), history_import(source=history))
    if dry_run:
        for result in results:
            result.dry_run = True
        transaction.set_rollback(True)
    return results


def grade_count() -> int:
    """Every recorded grade: overall effectiveness grades plus judgements."""
    return Inspection.objects.exclude(overall_effectiveness="").count() + Judgement.objects.count()


# --- The demo data (demo.py) ---------------------------------------------------------------------


@transaction.atomic
def demo_load() -> demo_module.DemoSummary:
    """Load Buckinghamshire and Sandwell from demo.py; idempotent, merging like the history."""
    with changes_batched():
        return _demo_load()


def _demo_load() -> demo_module.DemoSummary:
    demo = demo_module
    summary = demo.DemoSummary()
    authorities = {}
    for values in demo.AUTHORITIES:
        authority = Authority.objects.filter(ofsted_urn=values["ofsted_urn"]).first()
        if authority is None:
            authority = Authority(**values)
            authority.full_clean()
            authority.save()
            summary.authorities_created += 1
        authorities[authority.ofsted_urn] = authority
    reorganisations_apply()  # Buckinghamshire County Council, its name until March 2020

    existing = existing_inspections(authorities.values())
    for item in demo.INSPECTIONS:
        record = InspectionRecord(
            authority=authorities[item.urn],
            published_on=item.published_on,
            framework=item.framework,
            inspection_type=item.inspection_type,
            started_on=item.started_on,
            ended_on=item.ended_on,
            lead_inspector=item.lead_inspector,
            grades=dict(item.grades),
        )
        outcome = inspection_merge(
            record=record,
            warn=lambda reason, item=item, record=record: summary.warnings.append(
                f"{record.authority} {item.published_on}: {reason}"
            ),
            existing=existing,
        )
        summary.inspections[outcome] += 1

    def inspection_of(urn: int, published_on: dt.date | None) -> Inspection | None:
        return existing.get((authorities[urn].pk, published_on)) if published_on else None

    for item in demo.MONITORING_VISITS:
        follows = inspection_of(item.urn, item.follows_published_on)
        if MonitoringVisit.objects.filter(follows=follows, sequence=item.sequence).exists():
            continue
        visit = MonitoringVisit(
            authority=authorities[item.urn],
            follows=follows,
            sequence=item.sequence,
            started_on=item.started_on,
            ended_on=item.ended_on,
            dates_note=item.dates_note,
            theme=item.theme,
            findings=item.findings,
        )
        visit.full_clean()
        visit.save()
        summary.visits_created += 1

    for item in demo.INTERVENTIONS:
        authority = authorities[item.urn]
        if Intervention.objects.filter(
            authority=authority, kind=item.kind, started_on=item.started_on
        ).exists():
            continue
        intervention = Intervention(
            authority=authority,
            kind=item.kind,
            name=item.name,
            started_on=item.started_on,
            dates_note=item.dates_note,
            follows=inspection_of(item.urn, item.follows_published_on),
            description=f"{item.description} (Source: {item.source}.)",
        )
        intervention.full_clean()
        intervention.save()
        summary.interventions_created += 1
    return summary


# --- Report PDFs (reader/) -----------------------------------------------------------------------

_REPORT_FILE_NAME = re.compile(r"^(?P<urn>\d+)_[^_]*__(?P<day>\d{1,2}-[a-z]+-\d{4})$")
_AUTHORITY_NAME_AFFIXES = re.compile(
    r"^(?:the |royal borough of |london borough of |city of |county of )+|"
    r"(?:,? (?:city|county) of|(?: metropolitan| city| county| district| borough)* council|"
    r" metropolitan (?:borough|district)| local authority)$"
)


def authority_name_key(name: str) -> str:
    """A name as covers and the register both spell it: 'Sandwell Metropolitan Borough
    Council', 'Herefordshire, County of' and 'Royal Borough of Kensington and Chelsea' lose the
    words around the place."""
    key = " ".join(name.lower().replace("&", "and").replace("’", "'").split())
    while (shorter := _AUTHORITY_NAME_AFFIXES.sub("", key).strip()) != key:
        key = shorter
    return key


def file_name_facts(path) -> tuple[int | None, dt.date | None]:
    """The Ofsted URN and publication date in a '<urn>_<name>__<dd-month-yyyy>.pdf' name."""
    match = _REPORT_FILE_NAME.match(path.stem.lower())
    if not match:
        return None, None
    try:
        return int(match["urn"]), parse_day(match["day"].replace("-", " "))
    except (KeyError, ValueError):
        return int(match["urn"]), None


@dataclass
class AuthorityFinder:
    """Finds the authority a report is of: by the name on its cover (present or former), checked
    against the Ofsted URN in its file name."""

    by_key: dict[str, list[Authority]]
    by_urn: dict[int, Authority]

    @classmethod
    def load(cls) -> AuthorityFinder:
        by_key: dict[str, list[Authority]] = {}
        authorities = Authority.objects.prefetch_related("former_names")
        for authority in authorities:
            names = {authority.name, *(f.name for f in authority.former_names.all())}
            for key in {authority_name_key(n) for n in names}:
                by_key.setdefault(key, []).append(authority)
        return cls(by_key, {a.ofsted_urn: a for a in authorities if a.ofsted_urn})

    def find(self, cover_name: str, urn: int | None, warn: Callable[[str], None]):
        named = self.by_key.get(authority_name_key(cover_name), []) if cover_name else []
        by_urn = self.by_urn.get(urn) if urn else None
        if len(named) == 1:
            if by_urn and by_urn != named[0]:
                warn(
                    f"the cover names {named[0]}, the file name's URN {urn} is {by_urn}; "
                    f"recorded for {named[0]}, as the cover says"
                )
            return named[0]
        if by_urn:
            reason = "matches several authorities" if named else "matches no authority"
            warn(
                f"the cover's authority '{cover_name}' {reason}; recorded for {by_urn}, found "
                f"by the Ofsted URN {urn} in the file name"
            )
            return by_urn
        return None


def _matching_inspection(
    authority: Authority,
    dates: list[dt.date],
    reading,
    existing: dict[tuple[int, dt.date], Inspection],
) -> Inspection | None:
    """The recorded inspection this report is: same publication date (the printed one, else
    the file name's), else same on-site dates."""
    for day in dates:
        if (found := existing.get((authority.pk, day))) is not None:
            return found
    if reading.inspection_start and reading.inspection_end:
        for (authority_id, _), inspection in existing.items():
            if (
                authority_id == authority.pk
                and inspection.started_on == reading.inspection_start
                and inspection.ended_on == reading.inspection_end
            ):
                return inspection
    return None


def reports_import(
    *,
    directory: str,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Backfill inspections from the report PDFs in a folder.

    Each report is matched to its authority (by the name on the cover, else by the URN in the
    file name) and to the inspection already recorded (same authority and publication date; the
    printed date, else the file name's; else the same on-site dates), then merged like the
    history: missing grades and fields are filled, a grade that differs is listed as a conflict
    and never overwritten. One transaction per report; a report that breaks a rule is refused
    with a warning and the rest go on. Idempotent. `progress(n, total, file name)` is called
    before each report.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise ImportRejected(directory, [LineProblem(None, "not a folder")])
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    result = ImportResult(source=directory, dry_run=dry_run)
    result.details = {"unreadable": 0, "refused": 0}
    authorities = AuthorityFinder.load()
    existing = existing_inspections(Authority.objects.all())

    outer = transaction.atomic() if dry_run else contextlib.nullcontext()
    # One child process reads the folder, each report within the deadline (reader/process.py).
    with outer, ReportReader() as reader:
        for number, path in enumerate(files, start=1):
            if progress:
                progress(number, len(files), path.name)

            def warn(reason: str, name=path.name) -> None:
                result.warn(None, f"{name}: {reason}")

            reading = reader.read(path)
            if reading.error:
                warn(f"not read: {reading.error}")
                result.details["unreadable"] += 1
                continue
            for reason in reading.warnings:
                warn(reason)
            urn, file_day = file_name_facts(path)
            authority = authorities.find(reading.authority, urn, warn)
            if authority is None:
                warn(f"no authority matches the cover's '{reading.authority}'; not recorded")
                result.details["refused"] += 1
                continue
            dates = [d for d in (reading.published, file_day) if d]
            matched = _matching_inspection(authority, dates, reading, existing)
            if matched is not None:
                published = matched.published_on
                if reading.published and reading.published != published:
                    warn(
                        f"the report prints publication on {reading.published}; matched to the "
                        f"inspection recorded as published {published}, which is kept"
                    )
            elif reading.published:
                published = reading.published
            elif file_day:
                published = file_day
                warn(f"the report prints no publication date; {file_day} from the file name")
            else:
                warn("no publication date in the report or its file name; not recorded")
                result.details["refused"] += 1
                continue
            if reading.kind == ReportKind.LSCB_REVIEW and matched is None:
                warn("an LSCB review is recorded only with its inspection, and none matches")
                result.details["refused"] += 1
                continue
            if others := sorted(k for k, g in reading.grades.items() if g and k not in GRADE_KEYS):
                warn(f"judgements with no place in the model, not recorded: {', '.join(others)}")
            record = InspectionRecord.from_reading(
                reading, authority=authority, published_on=published
            )
            outcome, refusal = inspection_merge_or_refuse(
                record=record, warn=warn, existing=existing
            )
            if refusal:
                warn(f"refused, nothing recorded: {refusal}")
                result.details["refused"] += 1
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    return result
