"""ILACS (2018–): page 1 holds everything.

Known first by its "Judgement / Grade" table, then by its title: "Inspection of [local authority]
children's [social care] services" in 2018–2020 (the authority printed above it), then
"Inspection of <authority> [local authority] children's services"; a children's trust's report is
titled "Inspection of <trust>" and known by its table alone. Page 1 prints "Inspection dates",
"Lead inspector" and the table; no publication date. From April 2026 the table has no overall
effectiveness row.
"""

from __future__ import annotations

import re

from ... import rules
from ...rules import OVERALL, Area, Framework, Grade, grade_from_words
from .. import findings
from ..common import GradeBook, read_dates, read_lead_inspector
from ..format import ReportFormat, Title
from ..pdf import Document, without_running_heads
from ..reading import Layout, ReportReading
from ..text import GRADE

ILACS_2018 = Layout(
    key="ilacs_2018",
    label="ILACS, 2018–2020 format ('children's social care services')",
    framework=Framework.ILACS,
)
ILACS = Layout(key="ilacs", label="ILACS", framework=Framework.ILACS)
#: Not told by its title: an ILACS report of an inspection on site from 1 April 2026, whose
#: judgement table has no overall effectiveness row.
ILACS_2026 = Layout(
    key="ilacs_2026",
    label="ILACS from April 2026 (no overall effectiveness)",
    framework=Framework.ILACS_2026,
)

#: The end of every ILACS title (not of a trust's: "Doncaster Children's Services Trust").
_SERVICES = r"(?:local authority )?children[^\s\w]?s (?:social care )?services\b(?! trust)"
#: Where every row of the judgement table starts; a row is its label, then its grade.
_ROW_STARTS = (
    r"(?:the\s+)?(?:impact\s+of\s+leaders|experiences?\s+and\s+progress\s+of|"
    r"overall\s+effectiveness)\b"
)
_ROW_START = re.compile(_ROW_STARTS, re.IGNORECASE)
#: A row: a label starting as rows start, short and holding no full stop, then its grade (on
#: the same line or the next, wrapped or not: the cover is flattened).
_ROW = re.compile(rf"\s*(?P<label>{_ROW_STARTS}[^.:]{{0,120}}?)\s*[.:]?\s+{GRADE}", re.IGNORECASE)
_GRADE = re.compile(rf"\s*{GRADE}", re.IGNORECASE)
#: Words of a sentence, never of a row's label: prose after the table is not a row.
_PROSE = re.compile(r"\b(?:is|are|was|were|has|have|been|judged|remains?)\b", re.IGNORECASE)
#: The row that judges children in care and care leavers together (to 2022).
_COMBINED = "combined"


def _row_key(label: str) -> str | None:
    """The judgement a row's label names, by its words rather than its exact wording, so that a
    misprint ("The experiences and progress of children care leavers") or a wrap in a new
    place reads; None if it is no row's label (prose, or two labels run together)."""
    label = " ".join(label.lower().split()).strip(" .:")
    if _PROSE.search(label) or len(re.findall(_ROW_STARTS, label, re.IGNORECASE)) != 1:
        return None
    if re.fullmatch(r"overall effectiveness", label):
        return OVERALL
    if re.match(r"(?:the )?impact of leaders\b", label):
        return Area.LEADERSHIP
    who = re.sub(r"^(?:the )?experiences? and progress of ", "", label)
    if who == label:
        return None
    leavers = re.search(r"\bleavers\b", who)
    in_care = re.search(r"\bin care\b|\blooked after\b", who)
    if re.search(r"\bhelp\b.*\bprotection\b", who) and not (leavers or in_care):
        return Area.HELP_AND_PROTECTION
    if leavers and in_care:
        return _COMBINED
    if leavers:
        return Area.CARE_LEAVERS
    if in_care:
        return Area.CHILDREN_IN_CARE
    return None


def read(document: Document, reading: ReportReading) -> None:
    cover = document.flat(0)
    read_dates(reading, cover)
    reading.lead_inspector = read_lead_inspector(document.text(0))
    if not reading.lead_inspector:
        reading.warn(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Lead inspector' line on page 1; left empty",
        )

    table = re.search(r"\bJudgements?\s+Grades?\b", cover, re.IGNORECASE)
    if not table:
        reading.warn(None, "grades: page 1 has no 'Judgement / Grade' table; none read")
        return
    rows = _table_rows(document, cover, table.end())
    if not rows:
        reading.warn(None, "grades: the judgement table's rows could not be read; none read")
    book = GradeBook()
    for key, grade in rows:
        book.add(Area.CHILDREN_IN_CARE if key == _COMBINED else key, grade, "the judgement table")
    book.settle(reading)
    keys = {key for key, _ in rows}

    started = reading.inspection_start
    if reading.layout == ILACS and OVERALL not in keys:
        if started and not rules.framework_date_problem(ILACS_2026.framework, started):
            reading.layout = ILACS_2026
        else:
            reading.warn(
                findings.FRAMEWORK,
                "framework: the judgement table has no overall effectiveness row, as ILACS "
                "reports have only from April 2026, but the inspection "
                + (f"started on {started}" if started else "has no readable start date")
                + "; framework left empty",
            )
            reading.layout = None
    if _COMBINED in keys and reading.grades[Area.CARE_LEAVERS]:
        reading.warn(
            Area.CARE_LEAVERS, "care_leavers: also judged with children in care; left empty"
        )
        reading.grades[Area.CARE_LEAVERS] = None
    if Area.CARE_LEAVERS in keys and not keys & {Area.CHILDREN_IN_CARE, _COMBINED}:
        reading.warn(
            Area.CARE_LEAVERS,
            "care_leavers: the judgement table has a care leavers row but none for children in "
            "care, so the row may be the one that judged both; left empty",
        )
        reading.grades[Area.CARE_LEAVERS] = None


def _table_rows(document: Document, cover: str, position: int) -> list[tuple[str, Grade]]:
    """The judgement table's (key, grade) rows, from `position` (after its heading) on page 1,
    going on at the top of page 2 when the table runs to the foot of page 1. The table ends at
    the first thing that is not a row (a row printed twice is read twice: the GradeBook leaves
    a judgement whose rows disagree empty)."""
    rows: list[tuple[str, Grade]] = []
    text = cover
    while True:
        while match := _ROW.match(text, position):
            label, position = match["label"], match.end()
            # A label's last words printed after its grade (the grade centred beside a wrapped
            # label): short words that are no grade and no sentence, before the next row.
            following = _ROW_START.search(text, position)
            if following and _is_rest_of_label(text[position : following.start()]):
                rest, position = text[position : following.start()], following.start()
                key = _row_key(label) or _row_key(f"{label} {rest}")
            else:
                key = _row_key(label)
            if not key:
                break
            rows.append((key, grade_from_words(match["grade"])))
        if text is not cover or text[position:].strip() or len(document) < 2:
            break
        text = cover + " " + without_running_heads(document, 1, 1)
    return rows or _column_rows(text[position:])


def _is_rest_of_label(words: str) -> bool:
    return (
        0 < len(words.strip()) <= 80
        and not re.search(GRADE, words, re.IGNORECASE)
        and not _PROSE.search(words)
        and "." not in words
    )


def _column_rows(text: str) -> list[tuple[str, Grade]]:
    """A table whose text comes out a column at a time: every row's label, then every grade, in
    the same order. Read only when each label is a row's and there are as many grades as labels
    with nothing between them; otherwise nothing."""
    grades_start = re.search(GRADE, text, re.IGNORECASE)
    if not grades_start:
        return []
    starts = [m.start() for m in re.finditer(_ROW_STARTS, text[: grades_start.start()], re.I)]
    if not starts or text[: starts[0]].strip():
        return []
    labels = [text[a:b] for a, b in zip(starts, [*starts[1:], grades_start.start()], strict=True)]
    keys = [_row_key(label) for label in labels]
    grades, position = [], grades_start.start()
    while match := _GRADE.match(text, position):
        grades.append(grade_from_words(match["grade"]))
        position = match.end()
    if None in keys or len(grades) < len(keys):
        return []
    return list(zip(keys, grades[: len(keys)], strict=True))


def authority(cover: str, title: re.Match | None) -> str:
    if title is not None and title.groupdict().get("authority"):
        return title["authority"].strip()
    if title is not None:
        # 2018–2020: the authority is printed above the title (after the page number, if any).
        before = cover[: title.start()]
    else:
        # Known by its table alone (a children's trust's report, say): the name is what the
        # title "Inspection of <name>" holds, before the dates line.
        before = re.split(r"\bInspection dates?\b", cover, maxsplit=1, flags=re.IGNORECASE)[0]
        before = re.sub(r"^\s*(?:\d+\s+)?Inspection of\s+", "", before, flags=re.IGNORECASE)
        before = re.sub(_SERVICES + r"\s*$", "", before, flags=re.IGNORECASE)
    return re.sub(r"^\d+\s+", "", before.strip()).strip()


FORMAT = ReportFormat(
    name="ilacs",
    titles=(
        # "Inspection of [local authority] children's [social care] services": 2018–2020.
        Title(rf"Inspection of {_SERVICES}", ILACS_2018),
        # After the 2018–2020 titles, which it would also match.
        Title(rf"Inspection of (?P<authority>.{{2,90}}?) {_SERVICES}", ILACS),
    ),
    authority=authority,
    read=read,
    content=r"\bJudgements?\s+Grades?\b",
    layout=ILACS,
)
