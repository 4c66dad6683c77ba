"""Ofsted's official statistics imported as published (`manage.py import_official PATH…`).

Two spreadsheets (ODS), read as Ofsted publishes them: "Children's social care data in England
2023" (its sheets LA_inspections_2009-2023, every inspection of every authority since 2009 by
publication date, and LA_level_in_year_2022-23, the inspections and visits of 2022-23) and "LA
inspection outcomes as at 31 March 2025" (ILACS_inspection_history, every ILACS inspection with
its on-site start and publication dates, and In-year_inspections, those of 2024-25 with the
visits). Their other sheets are summaries of these and are not read.

The files are read with python-calamine: maintained, fast (Rust; the 40 MB of the 2023 file's
sheets in a fraction of a second) and it reads ODS dates as datetimes, so no date is parsed from
text. A file is recognised by its sheets, and each table by its exact header row (cells
compared with their spaces and line breaks collapsed), wherever it starts: title rows sit above
the tables, and one sheet holds two (the authorities of 2023 and, below them, those that existed
before the restructures, with a slightly different header). A table runs to its first empty row.

Like the other imports it is all or nothing: a sheet missing, a header row not found or changed,
an authority name the register does not know (authorities/aliases.py), a date or grade cell that
does not parse, reject the file whole, naming the sheet and cell, and nothing is written.

Names are matched by authorities.aliases.authority_for_name, first among the authorities a table
is of (those of today; for the table of authorities that existed before the restructures, and
the 2025 history's rows marked "No longer exists", those that ended), then among all: "Dorset"
is Dorset Council in the first table of LA_inspections_2009-2023 and the old county in the
second. The 2025 file's area codes are checked against the register's ONS codes (a code that is
another authority's rejects the file), and a table of one row per authority that names one
twice is rejected too (two spellings matched to one authority).

What the cells mean:

- The frameworks before SIF grade on outstanding / good / adequate / inadequate; the statistics
  write the third grade "Requires improvement to be good", which there means adequate, and is
  recorded as adequate. A cell of "-" or nothing is no grade.
- SLAC (2009–2012) gives two overall judgements, safeguarding and looked after children: the
  inspection's overall grade is the lower (merging.overall_from_parts, source "derived"). A SLAC
  re-inspection of one of them has that one judgement, and the overall grade is set to it, also
  with the source "derived" (Inspection.sources). Where both re-inspections were published the
  same day (Cornwall, Warrington) they are one re-inspection with both judgements.
- CPI, CPRI (the CPI re-inspection) and TLAC give one overall judgement each. SIF's first
  inspection and re-inspection give every judgement, and the LSCB review beside the first.
- ILACS: the framework follows from the on-site start where the table gives it
  (rules.framework_for_start), else ILACS; the type from "ILACS Standard/Short Inspection".
  Before 2023 ILACS judged "children in care and care leavers" as one: recorded as children in
  care.

Each inspection is an InspectionRecord with the source "official", merged by the matching rule
(matching.py) with what is recorded: the same inspection from the history, a report, or another
table of these files (the 2023 file's first ILACS is in the 2025 file's history) is one
inspection, each value kept by source rank with any disagreement a DataNote (merging.py).
Records are merged with the fullest first (both dates, then a publication date alone, then an
on-site start alone), so that a record the matching rule can place only by its start finds the
inspection another table dated. Three decisions:

- A record the rules refuse (merging.inspection_merge_or_refuse: it contradicts what is recorded,
  say a framework the dates recorded by a better source rule out) is a warning and a DataNote
  waiting for review (field "inspection"), not a rejection of the file: the file is sound, and
  whether Ofsted's figure or the one recorded is wrong is for a person to judge. Rejecting would
  make one authority's disputed record block every other's.
- An inspection of LA_level_in_year_2022-23 has an on-site start and no publication date. It is
  merged into the recorded inspection that began that day; with none, it is not recorded on its
  own (an inspection is placed and matched by its publication), but waits for review as a
  DataNote, like a monitoring visit with nothing to follow. Where neither side gives the last
  day on site, the inspection that began within MATCH_DAYS of it is the one (_RecordedOrBegunThen).
- A record that matches nothing recorded, but was published within NEAR (four months) of an
  inspection of its framework, is not recorded a second time: it waits for review, as one of
  the two dates is most likely wrong (the 2023 file's Nottingham, 2022).

Visits (focused and monitoring visits of both in-year tables) are merged by visit_merge.py: a
visit already recorded is filled in, never recorded twice; a monitoring visit follows the
inspection judged inadequate before it, or waits for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from python_calamine import CalamineError, CalamineWorkbook

from authorities.aliases import authority_for_name
from authorities.models import Authority
from authorities.signals import changes_batched
from authorities.tabular import ImportRejected, ImportResult, LineProblem

from . import rules
from .matching import MATCH_DAYS, frameworks_agree
from .merging import (
    InspectionRecord,
    Recorded,
    existing_inspections,
    inspection_merge_or_refuse,
)
from .models import DataNote
from .rules import OVERALL, Area, Framework, Grade, InspectionType, VisitKind
from .sources import Settled, Source
from .visit_merge import visit_merge

# What a column holds, beside the grades (an area, or OVERALL): the authority's name, its status
# (still there or not), its ONS code, the publication date, the first day on site, the type of
# inspection or visit, a visit's theme; or nothing this import reads.
NAME = "name"
STATUS = "status"
CODE = "code"
PUBLISHED = "published"
STARTED = "started"
TYPE = "type"
THEME = "theme"
IGNORED = ""

#: The words of a type cell: an inspection's type, or a visit's kind.
INSPECTION_TYPES = {
    "ilacs standard inspection": InspectionType.STANDARD,
    "ilacs short inspection": InspectionType.SHORT,
}
VISIT_KINDS = {
    "ilacs focused visit": VisitKind.FOCUSED_VISIT,
    "la monitoring visit": VisitKind.MONITORING_VISIT,
}
#: The words of a status cell (the 2025 ILACS history): whether the authority still exists.
STATUSES = {"current": False, "no longer exists": True}
#: Cells that say "no grade" or "no date".
NOTHING = frozenset({"", "-"})

#: Which authorities a table's names are looked for among first (then among all).
CURRENT, FORMER, BY_STATUS = "current", "former", "by status"


@dataclass(frozen=True)
class Part:
    """One inspection's cells in a row: (heading, what it holds) in order, and what the
    columns themselves say of it."""

    columns: tuple[tuple[str, str], ...]
    #: The framework the columns are of; None: ILACS, from the on-site start.
    framework: Framework | None = None
    #: The type the columns are of; None: from the row's type cell.
    inspection_type: InspectionType | None = None
    #: A re-inspection of one of SLAC's two judgements: the overall grade is that one.
    one_judgement: bool = False

    def heading(self, what: str) -> str | None:
        return next((h for h, w in self.columns if w == what), None)


@dataclass(frozen=True)
class Table:
    sheet: str
    #: How messages name it.
    label: str
    lead: tuple[tuple[str, str], ...]
    parts: tuple[Part, ...]
    authorities: str = CURRENT
    #: A table of one row per authority (an authority twice is a name matched wrongly).
    row_per_authority: bool = False
    #: Rows may be visits (the type cell says).
    has_visits: bool = False

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        return self.lead + tuple(c for part in self.parts for c in part.columns)

    @property
    def header(self) -> tuple[str, ...]:
        return tuple(heading for heading, _ in self.columns)


@dataclass(frozen=True)
class Edition:
    """One of the spreadsheets: its title and the tables read from it."""

    title: str
    tables: tuple[Table, ...]

    @property
    def sheets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.sheet for t in self.tables))


def _slac_and_later(ilacs: tuple[Part, ...]) -> tuple[Part, ...]:
    """The parts both tables of LA_inspections_2009-2023 share, then their ILACS parts."""
    re_la = "SLAC re-inspection of services"
    sif_areas = (
        ("children who need help and protection", Area.HELP_AND_PROTECTION),
        ("children looked after and achieving permanence", Area.CHILDREN_IN_CARE),
        ("CLA Sub: Adoption Performance", Area.ADOPTION),
        ("CLA Sub: Experiences and progress of care leavers", Area.CARE_LEAVERS),
        ("leadership, management and governance", Area.LEADERSHIP),
    )
    sif = "Single Inspection of LA Children's Services (SIF)"
    return (
        Part(
            (
                (
                    "Safeguarding & Looked After Children (SLAC) Inspection publication date",
                    PUBLISHED,
                ),
                ("SLAC Safeguarding Overall effectiveness (OE)", Area.SAFEGUARDING),
                (
                    "SLAC Looked After Children Overall Effectiveness (OE)",
                    Area.LOOKED_AFTER_CHILDREN,
                ),
            ),
            Framework.SLAC,
            InspectionType.STANDARD,
        ),
        Part(
            (
                ("SLAC re-inspection of Safeguarding publication date", PUBLISHED),
                ("SLAC re-inspection Safeguarding OE", Area.SAFEGUARDING),
            ),
            Framework.SLAC,
            InspectionType.REINSPECTION,
            one_judgement=True,
        ),
        Part(
            (
                (f"{re_la} for Children Looked After publication date", PUBLISHED),
                (f"{re_la} Children Looked After OE", Area.LOOKED_AFTER_CHILDREN),
            ),
            Framework.SLAC,
            InspectionType.REINSPECTION,
            one_judgement=True,
        ),
        Part(
            (
                ("Child Protection Inspections (CPI) publication date", PUBLISHED),
                ("CPI Overall Effectiveness (OE)", OVERALL),
            ),
            Framework.CPI,
            InspectionType.STANDARD,
        ),
        Part(
            (
                ("Child Protection Re-Inspection (CPRI) publication date", PUBLISHED),
                ("CPRI Overall Effectiveness (OE)", OVERALL),
            ),
            Framework.CPI,
            InspectionType.REINSPECTION,
        ),
        Part(
            (
                ("Targeted Looked After Children (TLAC) inspection publication date", PUBLISHED),
                ("TLAC Overall Effectiveness (OE)", OVERALL),
            ),
            Framework.TLAC,
            InspectionType.STANDARD,
        ),
        Part(
            (
                (f"{sif} First SIF publication date", PUBLISHED),
                ("First SIF Overall Judgement (OE)", OVERALL),
                *((f"First SIF {words}", area) for words, area in sif_areas),
                ("LSCB Overall Effectiveness", Area.LSCB),
            ),
            Framework.SIF,
            InspectionType.STANDARD,
        ),
        Part(
            (
                (f"{sif} SIF Re-inspection publication date", PUBLISHED),
                ("SIF Re-inspection Overall Judgement (OE)", OVERALL),
                *((f"SIF Re-inspection {words}", area) for words, area in sif_areas),
            ),
            Framework.SIF,
            InspectionType.REINSPECTION,
        ),
        *ilacs,
    )


def _ilacs_2023(which: str, *, care_leavers_apart: bool) -> Part:
    """An ILACS part of LA_inspections_2009-2023: "First ILACS framework …" and so on."""
    words = f"{which}ILACS framework"
    progress = f"{words} experiences and progress of"
    in_care = (
        (
            (f"{progress} children in care", Area.CHILDREN_IN_CARE),
            (f"{progress} care leavers", Area.CARE_LEAVERS),
        )
        if care_leavers_apart
        else ((f"{progress} children in care and care leavers", Area.CHILDREN_IN_CARE),)
    )
    return Part(
        (
            (f"{words} inspection type", TYPE),
            (f"{words} publication date", PUBLISHED),
            (f"{words} overall effectiveness", OVERALL),
            (f"{words} impact of leaders", Area.LEADERSHIP),
            (f"{progress} children who need help and protection", Area.HELP_AND_PROTECTION),
            *in_care,
        )
    )


_LA_LEAD = (
    ("Web link", IGNORED),
    ("Local authority name", NAME),
    ("LA region", IGNORED),
    ("LA Authority Type", IGNORED),
)
#: The ILACS judgements as the 2025 file words them (care leavers apart from 2023).
_ILACS_2025_GRADES = (
    ("Overall effectiveness", OVERALL),
    ("The impact of leaders on social work practice with children and families", Area.LEADERSHIP),
    (
        "The experiences and progress of children who need help and protection",
        Area.HELP_AND_PROTECTION,
    ),
    ("The experiences and progress of children in care", Area.CHILDREN_IN_CARE),
    ("The experiences and progress of care leavers", Area.CARE_LEAVERS),
)

EDITIONS = (
    Edition(
        "Children's social care data in England 2023",
        (
            Table(
                "LA_inspections_2009-2023",
                "the table of the authorities of 2023",
                _LA_LEAD,
                _slac_and_later(
                    (
                        _ilacs_2023("First ", care_leavers_apart=False),
                        _ilacs_2023("Second ", care_leavers_apart=True),
                    )
                ),
                row_per_authority=True,
            ),
            Table(
                "LA_inspections_2009-2023",
                "the table of the authorities that existed before the restructures",
                _LA_LEAD,
                _slac_and_later((_ilacs_2023("", care_leavers_apart=False),)),
                authorities=FORMER,
                row_per_authority=True,
            ),
            Table(
                "LA_level_in_year_2022-23",
                "the table of the inspections and visits of 2022-23",
                (
                    ("Web link", IGNORED),
                    ("Local authority name", NAME),
                    ("Ofsted region", IGNORED),
                ),
                (
                    Part(
                        (
                            ("Inspection/Visit date", STARTED),
                            ("Inspection/Visit type", TYPE),
                            ("Overall effectiveness", OVERALL),
                            ("Impact of leaders", Area.LEADERSHIP),
                            (
                                "Experiences and progress of children who need help and protection",
                                Area.HELP_AND_PROTECTION,
                            ),
                            ("Experiences and progress of children in care", Area.CHILDREN_IN_CARE),
                            ("Experiences and progress of care leavers", Area.CARE_LEAVERS),
                            ("Visit Theme", THEME),
                        )
                    ),
                ),
                has_visits=True,
            ),
        ),
    ),
    Edition(
        "LA inspection outcomes as at 31 March 2025",
        (
            Table(
                "ILACS_inspection_history",
                "the ILACS inspection history",
                (
                    ("Web link", IGNORED),
                    ("Local authority area code", CODE),
                    ("Local authority name", NAME),
                    ("Local authority status", STATUS),
                    ("Ofsted region", IGNORED),
                ),
                (
                    Part(
                        (
                            ("Inspection date", STARTED),
                            ("Publication date", PUBLISHED),
                            ("Inspection type", TYPE),
                            *_ILACS_2025_GRADES,
                        )
                    ),
                ),
                authorities=BY_STATUS,
            ),
            Table(
                "In-year_inspections",
                "the table of the inspections and visits of 2024-25",
                (
                    ("Web link", IGNORED),
                    ("Local authority area code", CODE),
                    ("Local authority name", NAME),
                    ("Region", IGNORED),
                ),
                (
                    Part(
                        (
                            ("Inspection/Visit date", STARTED),
                            ("Publication date", PUBLISHED),
                            ("Inspection/Visit type", TYPE),
                            *_ILACS_2025_GRADES,
                            ("Visit Theme", THEME),
                        )
                    ),
                ),
                has_visits=True,
            ),
        ),
    ),
)


def _heading(value) -> str:
    return " ".join(str(value).split())


def _cell_ref(row: int, column: int) -> str:
    """'F7' for the 7th row's 6th column (both counted from 0 here)."""
    letters, n = "", column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row + 1}"


def _is_empty(value) -> bool:
    return isinstance(value, str) and not value.strip()


@dataclass
class _Entry:
    """An inspection record read from a row, with where it was read."""

    record: InspectionRecord
    where: str
    priority: int  # merged in this order: 0 both dates, 1 publication only, 2 start only


@dataclass
class _Visit:
    """A visit read from a row, with where it was read."""

    authority: Authority
    kind: str
    started_on: dt.date | None
    published_on: dt.date | None
    theme: str
    where: str

    @property
    def day(self) -> dt.date:
        return self.started_on or self.published_on


@dataclass
class _Reading:
    """Everything read from the files, before anything is written."""

    entries: list[_Entry] = field(default_factory=list)
    visits: list[_Visit] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)


class _Authorities:
    """The register's authorities, found by the names the statistics give them."""

    def __init__(self):
        everyone = list(Authority.objects.prefetch_related("former_names"))
        self.groups = {
            CURRENT: [a for a in everyone if a.active_until is None],
            FORMER: [a for a in everyone if a.active_until is not None],
        }
        self.everyone = everyone
        self.by_ons = {a.ons_code: a for a in everyone if a.ons_code}
        self._found: dict[tuple[str, str], Authority | None] = {}

    def find(self, name: str, first_among: str) -> Authority | None:
        key = (name, first_among)
        if key not in self._found:
            self._found[key] = authority_for_name(
                name, self.groups[first_among]
            ) or authority_for_name(name, self.everyone)
        return self._found[key]


class _SheetReader:
    """One sheet's rows, with its problems named by cell."""

    def __init__(self, sheet: str, rows: list[list], problems: list[LineProblem]):
        self.sheet, self.rows, self.problems = sheet, rows, problems

    def problem(self, row: int, column: int | None, reason: str) -> None:
        where = f"{self.sheet}!{_cell_ref(row, column)}" if column is not None else self.sheet
        self.problems.append(LineProblem(None, f"{where}: {reason}"))

    def header_row(self, table: Table, start: int) -> int | None:
        """The row (from `start`) that is the table's header row; None, with a problem naming
        the first cell that differs in the row most like it, if there is none."""
        header = table.header
        best, best_matches = None, 0
        for index in range(start, len(self.rows)):
            cells = [_heading(c) for c in self.rows[index]]
            cells += [""] * (len(header) - len(cells))
            if tuple(cells[: len(header)]) == header and not any(cells[len(header) :]):
                return index
            matches = sum(1 for a, b in zip(cells, header, strict=False) if a == b)
            if matches > best_matches:
                best, best_matches = index, matches
        if best is None or best_matches < len(header) // 2:
            self.problem(
                start,
                None,
                f"{table.label} is not there: no row has its header ('{header[0]}', "
                f"'{header[1]}', '{header[2]}', …)",
            )
            return None
        cells = [_heading(c) for c in self.rows[best]]
        cells += [""] * (len(header) - len(cells))
        column = next(
            (i for i, (a, b) in enumerate(zip(cells, header, strict=False)) if a != b), None
        )
        if column is None:  # the expected cells, and more after them
            column = next(i for i in range(len(header), len(cells)) if cells[i])
            reason = f"has '{cells[column]}' after its last column"
        else:
            reason = f"has '{cells[column]}' where '{header[column]}' was expected"
        self.problem(
            best, column, f"the header row of {table.label} {reason}: the layout has changed"
        )
        return None

    def date(self, row: int, column: int) -> dt.date | None:
        value = self.rows[row][column] if column < len(self.rows[row]) else ""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and value.strip() in NOTHING:
            return None
        self.problem(row, column, f"'{value}' is not a date")
        return None

    def grade(self, row: int, column: int, framework: str) -> Grade | None:
        value = self.text(row, column)
        if value in NOTHING:
            return None
        try:
            grade = rules.grade_from_words(value)
        except ValueError as error:
            self.problem(row, column, str(error))
            return None
        scale = rules.scale_for(framework)
        if grade == Grade.REQUIRES_IMPROVEMENT and grade not in scale and Grade.ADEQUATE in scale:
            # The frameworks before SIF called their third grade "adequate"; the statistics
            # write it "Requires improvement to be good".
            return Grade.ADEQUATE
        return grade

    def text(self, row: int, column: int) -> str:
        value = self.rows[row][column] if column < len(self.rows[row]) else ""
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return " ".join(str(value).split())


def _read_file(path: str, authorities: _Authorities, reading: _Reading) -> None:
    """Read one file into `reading`; ImportRejected (naming every problem) if it is not sound."""
    try:
        workbook = CalamineWorkbook.from_path(path)
    except (CalamineError, OSError, ValueError) as error:
        problem = LineProblem(None, f"not a readable spreadsheet: {error}")
        raise ImportRejected(path, [problem]) from None
    sheets = set(workbook.sheet_names)
    edition = max(EDITIONS, key=lambda e: len(sheets & set(e.sheets)))
    if not sheets & set(edition.sheets):
        known = "; ".join(f"'{e.title}' ({', '.join(e.sheets)})" for e in EDITIONS)
        raise ImportRejected(
            path,
            [
                LineProblem(
                    None, f"none of the sheets this import reads is there (it reads {known})"
                )
            ],
        )
    missing = [s for s in edition.sheets if s not in sheets]
    if missing:
        raise ImportRejected(
            path,
            [
                LineProblem(
                    None,
                    f"sheet '{s}' is missing: this is not '{edition.title}' as Ofsted publishes it",
                )
                for s in missing
            ],
        )
    problems: list[LineProblem] = []
    found: list[_Entry] = []
    visits: list[_Visit] = []
    for sheet in edition.sheets:
        rows = workbook.get_sheet_by_name(sheet).to_python()
        reader = _SheetReader(sheet, rows, problems)
        start = 0
        for table in (t for t in edition.tables if t.sheet == sheet):
            header_row = reader.header_row(table, start)
            if header_row is None:
                continue
            end = next(
                (i for i in range(header_row + 1, len(rows)) if all(map(_is_empty, rows[i]))),
                len(rows),
            )
            seen: dict[int, int] = {}
            for index in range(header_row + 1, end):
                _read_row(reader, table, index, authorities, seen, found, visits)
            reading.rows[sheet] = reading.rows.get(sheet, 0) + end - header_row - 1
            start = end
    if problems:
        raise ImportRejected(path, problems)
    reading.entries += found
    reading.visits += visits


def _read_row(
    reader: _SheetReader,
    table: Table,
    row: int,
    authorities: _Authorities,
    seen: dict[int, int],
    entries: list[_Entry],
    visits: list[_Visit],
) -> None:
    columns = {what: i for i, (_, what) in enumerate(table.lead) if what}
    name = reader.text(row, columns[NAME])
    first_among = table.authorities
    if STATUS in columns:
        status = reader.text(row, columns[STATUS])
        if status.lower() not in STATUSES:
            reader.problem(
                row,
                columns[STATUS],
                f"'{status}' is not a status this import knows ('Current' or 'No longer exists')",
            )
            return
        first_among = FORMER if STATUSES[status.lower()] else CURRENT
    elif first_among == BY_STATUS:
        first_among = CURRENT
    authority = authorities.find(name, first_among) if name else None
    if authority is None:
        reader.problem(
            row,
            columns[NAME],
            f"'{name}' is not an authority of the register (by its present or former names "
            "or an alias in authorities/aliases.py)",
        )
        return
    if CODE in columns:
        code = reader.text(row, columns[CODE])
        other = authorities.by_ons.get(code)
        if other is not None and other != authority:
            reader.problem(
                row,
                columns[CODE],
                f"the area code {code} is {other}'s, but the row names '{name}' ({authority})",
            )
            return
    if table.row_per_authority:
        if authority.pk in seen:
            reader.problem(
                row,
                columns[NAME],
                f"'{name}' ({authority}) is also on row "
                f"{seen[authority.pk] + 1}: two names matched one authority",
            )
            return
        seen[authority.pk] = row
    where = f"{table.sheet} row {row + 1} ({authority})"
    offset = len(table.lead)
    read_parts = []
    for part in table.parts:
        read = _read_part(reader, table, part, row, offset, authority, where)
        offset += len(part.columns)
        if isinstance(read, _Visit):
            visits.append(read)
        elif read is not None:
            read_parts.append((part, read))
    entries += _joined_reinspections(read_parts)


def _joined_reinspections(read_parts: list[tuple[Part, _Entry]]) -> list[_Entry]:
    """The row's records; SLAC's two re-inspections of one judgement each, where they were
    published the same day, joined into one re-inspection with both judgements (its overall
    grade then the lower, derived as for every SLAC inspection)."""
    singles = [entry for part, entry in read_parts if part.one_judgement]
    entries = [entry for _, entry in read_parts]
    if len(singles) == 2 and singles[0].record.published_on == singles[1].record.published_on:
        first, second = (entry.record for entry in singles)
        first.grades = {k: g for r in (first, second) for k, g in r.grades.items() if k != OVERALL}
        first.sources.pop(OVERALL, None)
        entries.remove(singles[1])
    return entries


def _read_part(
    reader: _SheetReader,
    table: Table,
    part: Part,
    row: int,
    offset: int,
    authority: Authority,
    where: str,
) -> _Entry | _Visit | None:
    at = {what: offset + i for i, (_, what) in enumerate(part.columns)}
    bad = len(reader.problems)
    published = reader.date(row, at[PUBLISHED]) if PUBLISHED in at else None
    started = reader.date(row, at[STARTED]) if STARTED in at else None
    kind, inspection_type = None, part.inspection_type
    type_text = reader.text(row, at[TYPE]) if TYPE in at else ""
    if type_text:
        words = type_text.lower()
        if table.has_visits and words in VISIT_KINDS:
            kind = VISIT_KINDS[words]
        elif words in INSPECTION_TYPES:
            inspection_type = INSPECTION_TYPES[words]
        else:
            known = [*INSPECTION_TYPES, *(VISIT_KINDS if table.has_visits else ())]
            reader.problem(
                row,
                at[TYPE],
                f"'{type_text}' is not a type this import knows "
                f"({', '.join(repr(k) for k in known)}, in any case)",
            )
    framework = part.framework
    if framework is None:
        framework = rules.framework_for_start(started) if started else Framework.ILACS
    grades = {}
    for what, column in at.items():
        if what in (PUBLISHED, STARTED, TYPE, THEME):
            continue
        if (grade := reader.grade(row, column, framework)) is not None:
            grades[what] = (grade, column)
    if len(reader.problems) > bad:
        return None
    date_column = at.get(STARTED, at.get(PUBLISHED))
    if not (published or started):
        if grades or type_text:
            cells = ", ".join(_cell_ref(row, c) for _, c in grades.values())
            reader.problem(
                row,
                date_column,
                "no date, beside "
                + (f"the grades in {cells}" if cells else f"the type '{type_text}'"),
            )
        return None
    if started and published and published < started:
        reader.problem(
            row,
            at[PUBLISHED],
            f"published {published} before the visit or inspection began ({started})",
        )
        return None
    if kind is not None:
        if grades:
            cells = ", ".join(_cell_ref(row, c) for _, c in grades.values())
            reader.problem(row, at[TYPE], f"a visit is not graded, but {cells} give grades")
            return None
        theme = reader.text(row, at[THEME]) if THEME in at else ""
        return _Visit(authority, kind, started, published, theme, where)
    record = InspectionRecord(
        authority=authority,
        published_on=published,
        framework=framework,
        inspection_type=inspection_type or InspectionType.UNKNOWN,
        started_on=started,
        grades={what: grade for what, (grade, _) in grades.items()},
        source=Source.OFFICIAL,
    )
    if part.one_judgement and record.grades:
        (grade,) = record.grades.values()
        record.grades[OVERALL] = grade
        record.sources[OVERALL] = [Source.DERIVED]
    priority = 0 if published and started else 1 if published else 2
    return _Entry(record, where, priority)


#: visit_merge's outcomes, as the import's details count them.
VISIT_OUTCOMES = {
    "created": "visits created",
    "updated": "visits updated",
    "unchanged": "visits unchanged",
    "waiting": "visits waiting for review",
}


class _RecordedOrBegunThen(Recorded):
    """The recorded inspections, found by the matching rule; and, for a record that gives only
    the first day on site (LA_level_in_year_2022-23), also the one that began within MATCH_DAYS
    of it. The matching rule compares on-site periods, but neither of the statistics' tables
    gives the last day on site, and the two date Cumbria's 2022 inspection 20 and 21 September:
    an inspection is on site one or two weeks, and an authority has no two inspections within
    three weeks (matching.py)."""

    def find(self, record: InspectionRecord):
        found = super().find(record)
        if found is not None or record.published_on or not record.started_on:
            return found
        window = dt.timedelta(days=MATCH_DAYS)
        began = [
            (abs(i.started_on - record.started_on), i.pk, i)
            for i in self.of(record.authority.pk)
            if i.started_on
            and abs(i.started_on - record.started_on) <= window
            and frameworks_agree(i.framework, record.framework)
        ]
        return min(began, key=lambda item: item[:2])[2] if began else None


#: No authority had two inspections of one framework within four months of each other: the
#: nearest in the statistics are six months apart (Calderdale's child protection inspection,
#: January 2013, and its re-inspection, July 2013). A record that matches no recorded inspection
#: but was published this near one of its framework is most likely that one with a mistaken date
#: (the 2023 file dates Nottingham's 2022 inspection 5 November; the 2025 file and the report, 5
#: September).
NEAR = dt.timedelta(days=120)


def _near(record: InspectionRecord, existing: Recorded):
    """The recorded inspection of the record's framework published within NEAR of it (one
    whose framework is not known, or only "before SIF", is no sign of the same inspection)."""
    near = [
        (abs(i.published_on - record.published_on), i.pk, i)
        for i in existing.of(record.authority.pk)
        if i.published_on
        and abs(i.published_on - record.published_on) <= NEAR
        and i.framework == record.framework
    ]
    return min(near, key=lambda item: item[:2])[2] if near else None


def _on(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _describe(record: InspectionRecord) -> str:
    """'ILACS standard inspection on site from 4 May 2022, judged good overall'."""
    framework = Framework(record.framework).label.split(" (")[0]
    kind = InspectionType(record.inspection_type)
    what = f"{framework} {kind.label.lower() + ' ' if kind != InspectionType.UNKNOWN else ''}"
    when = (
        f"published {_on(record.published_on)}"
        if record.published_on
        else f"on site from {_on(record.started_on)}"
    )
    overall = record.grades.get(OVERALL)
    graded = f", judged {Grade(overall).label.lower()} overall" if overall else ""
    return f"{what}inspection {when}{graded}"


def _waits(record: InspectionRecord, why: str) -> None:
    """The record as a DataNote waiting for review (once: a second import finds it)."""
    day = record.published_on or record.started_on
    DataNote.objects.get_or_create(
        authority=record.authority,
        inspection=None,
        field="inspection",
        other_source=Source.OFFICIAL,
        other_value=day.isoformat(),
        defaults={
            "settled": Settled.WAITING,
            "detail": f"{_describe(record)}, in Ofsted's official statistics: {why}"[:300],
        },
    )


def _dates_note(visit: _Visit) -> str:
    """What the statistics give of a visit's dates (the model asks for it without both days on
    site)."""
    source = "Ofsted's official statistics give"
    if visit.started_on and visit.published_on:
        return (
            f"{source} the first day on site ({_on(visit.started_on)}) and the publication "
            f"({_on(visit.published_on)}), not the last day on site."
        )
    if visit.started_on:
        return (
            f"{source} this one date (the first day on site, {_on(visit.started_on)}) and no "
            "end or publication date."
        )
    return (
        f"{source} this one date (the publication, {_on(visit.published_on)}) and no days on site."
    )


@transaction.atomic
def official_import(*, paths: list[str], dry_run: bool = False) -> ImportResult:
    """Import Ofsted's official statistics (the ODS files at `paths`): every inspection and
    visit they give, merged with what is recorded (see the module's docstring).

    All or nothing: a file that is not sound rejects the import, naming the file, sheet and
    cell; nothing is written. Idempotent: a second import of the same files changes nothing.
    dry_run rolls back.
    """
    result = ImportResult(source=", ".join(Path(p).name for p in paths), dry_run=dry_run)
    authorities = _Authorities()
    reading = _Reading()
    rejected = []
    for path in paths:
        try:
            _read_file(path, authorities, reading)
        except ImportRejected as rejection:
            rejected.append(rejection)
    if len(rejected) == 1:
        raise rejected[0]
    if rejected:  # every file's problems at once, each named by its file
        raise ImportRejected(
            ", ".join(r.source for r in rejected),
            [
                LineProblem(None, f"{Path(r.source).name}: {p.reason}")
                for r in rejected
                for p in r.problems
            ],
        )

    details = {
        "inspections waiting for review": 0,
        "visits created": 0,
        "visits updated": 0,
        "visits unchanged": 0,
        "visits waiting for review": 0,
    }
    recorded = existing_inspections(authorities.everyone)
    existing = _RecordedOrBegunThen(i for found in recorded.by_authority.values() for i in found)
    with changes_batched():
        for entry in sorted(reading.entries, key=lambda e: e.priority):
            record = entry.record

            def warn(reason: str, where=entry.where) -> None:
                result.warn(None, f"{where}: {reason}")

            if record.published_on is None and existing.find(record) is None:
                _waits(
                    record,
                    "they give no publication date, and no inspection recorded began within "
                    "three weeks of it; it waits for review",
                )
                warn(
                    f"no inspection recorded began within three weeks of {record.started_on}, "
                    "and the statistics give no publication date: waits for review"
                )
                details["inspections waiting for review"] += 1
                continue
            near = _near(record, existing) if record.published_on else None
            if near is not None and existing.find(record) is None:
                apart = abs(near.published_on - record.published_on).days
                why = (
                    f"no recorded inspection matches it, but one published "
                    f"{_on(near.published_on)} ({apart} days apart) is of the same framework, "
                    "and no authority had two so close: one of the dates is likely wrong"
                )
                _waits(record, f"{why}; it waits for review")
                warn(f"{why}: waits for review, not recorded a second time")
                details["inspections waiting for review"] += 1
                continue
            outcome, refusal = inspection_merge_or_refuse(
                record=record, warn=warn, existing=existing
            )
            if refusal:
                _waits(record, f"refused by the rules ({refusal}); it waits for review")
                warn(f"refused by the rules, waits for review: {refusal}")
                details["inspections waiting for review"] += 1
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        for visit in sorted(reading.visits, key=lambda v: v.day):
            outcome = _visit_merge(visit, result)
            details[VISIT_OUTCOMES[outcome]] += 1
    result.details = details | {f"rows of {sheet}": n for sheet, n in reading.rows.items()}
    if dry_run:
        transaction.set_rollback(True)
    return result


def _visit_merge(visit: _Visit, result: ImportResult) -> str:
    """visit_merge in its own savepoint: a visit the rules refuse waits for review."""
    try:
        with transaction.atomic():
            return visit_merge(
                authority=visit.authority,
                kind=visit.kind,
                started_on=visit.started_on,
                ended_on=None,
                published_on=visit.published_on,
                theme=visit.theme,
                dates_note=_dates_note(visit),
                source=Source.OFFICIAL,
            )
    except (ValidationError, IntegrityError) as error:
        why = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        DataNote.objects.get_or_create(
            authority=visit.authority,
            inspection=None,
            field=visit.kind,
            other_source=Source.OFFICIAL,
            other_value=visit.day.isoformat(),
            defaults={
                "settled": Settled.WAITING,
                "detail": f"A {VisitKind(visit.kind).label.lower()} of {_on(visit.day)}, in "
                f"Ofsted's official statistics: refused by the rules ({why}); it waits for "
                "review."[:300],
            },
        )
        result.warn(
            None, f"{visit.where}: {VisitKind(visit.kind).label} refused, waits for review: {why}"
        )
        return "waiting for review"
