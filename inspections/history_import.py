"""The national history file (ilacs_history.csv) imported, alone or after the register in one
transaction (national_load): every row parsed and checked first (one bad row rejects the whole
file, naming every bad line), then each merged with what is recorded (merging.py).
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from authorities.models import Authority
from authorities.services import register_import
from authorities.signals import changes_batched
from authorities.tabular import ImportRejected, ImportResult, LineProblem, Row, read_rows

from . import rules
from .merging import InspectionRecord, existing_inspections, inspection_merge_or_refuse
from .models import Inspection, Judgement
from .record_files import record_load
from .rules import OVERALL, Area, Framework, Grade, InspectionType
from .sources import Source

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
        source=Source.HISTORY,
        framework_assumed=True,  # the file names no framework: it follows from the dates
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
    *,
    register: str,
    history: str | None = None,
    record: str | None = None,
    dry_run: bool = False,
) -> tuple[ImportResult, ...]:
    """Import a register, then the shipped record (record_files.py) and/or a history, as one
    transaction: every file or none.

    Each is checked and merged exactly as its import does alone, so a second load of the same
    files changes nothing. The others need the register's authorities, so a dry run imports
    them all and rolls them back together.
    """
    with changes_batched():
        results = [register_import(source=register)]
        if record:
            results.append(record_load(directory=record))
        if history:
            results.append(history_import(source=history))
    if dry_run:
        for result in results:
            result.dry_run = True
        transaction.set_rollback(True)
    return tuple(results)


def grade_count() -> int:
    """Every recorded grade: overall effectiveness grades plus judgements."""
    return Inspection.objects.exclude(overall_effectiveness="").count() + Judgement.objects.count()
