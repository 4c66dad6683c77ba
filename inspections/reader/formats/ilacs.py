"""ILACS (2018–): page 1 holds everything.

The title is "Inspection of children's social care services" in 2018–2020 (the authority printed
above it; in 2019 also "Inspection of local authority children's services"), then "Inspection of
<authority> [local authority] children's services". Page 1 prints "Inspection dates", "Lead
inspector" and the "Judgement / Grade" table; no publication date. From April 2026 the table has
no overall effectiveness row.
"""

from __future__ import annotations

import re

from ... import rules
from ...rules import OVERALL, Area, Framework, grade_from_words
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

#: Judgement table labels → key. Checked in order: "children in care and care leavers" first.
_ROWS: list[tuple[str, str]] = [
    (r"The impact of leaders on (?:social work )?practice with children and families",
     Area.LEADERSHIP),
    (r"The experiences and progress of children who need help and protection",
     Area.HELP_AND_PROTECTION),
    (r"The experiences and progress of children in care and care leavers",
     Area.CHILDREN_IN_CARE),
    (r"The experiences and progress of children in care", Area.CHILDREN_IN_CARE),
    (r"The experiences and progress of care leavers", Area.CARE_LEAVERS),
    (r"Overall effectiveness", OVERALL),
]  # fmt: skip
#: The row that judges children in care and care leavers together (before 2023).
_COMBINED_ROW = 2


def read(document: Document, reading: ReportReading) -> None:
    cover = document.flat(0)
    read_dates(reading, cover)
    reading.lead_inspector = read_lead_inspector(document.text(0))
    if not reading.lead_inspector:
        reading.warn(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Lead inspector' line on page 1; left empty",
        )

    table = re.search(r"\bJudgement\s+Grade\b", cover, re.IGNORECASE)
    if not table:
        reading.warn(None, "grades: page 1 has no 'Judgement / Grade' table; none read")
        return
    book, position, text = GradeBook(), table.end(), cover
    row_labels = "|".join(f"(?P<r{i}>{label})" for i, (label, _) in enumerate(_ROWS))
    row = re.compile(rf"\s*(?:{row_labels})\s+{GRADE}", re.IGNORECASE)
    combined = False
    # The table is a run of "label grade" rows; the first thing that is not a row ends it.
    while True:
        while match := row.match(text, position):
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value and
                         name.startswith("r"))  # fmt: skip
            key = _ROWS[index][1]
            combined |= index == _COMBINED_ROW
            book.add(key, grade_from_words(match["grade"]), "the judgement table")
            position = match.end()
        if text is not cover or text[position:].strip() or len(document) < 2:
            break
        # The table ran to the foot of page 1: it goes on at the top of page 2.
        text = cover + " " + without_running_heads(document, 1, 1)
    book.settle(reading)
    if not book.seen:
        reading.warn(None, "grades: the judgement table's rows could not be read; none read")

    started = reading.inspection_start
    if reading.layout == ILACS and OVERALL not in book.seen:
        if started and started >= rules.ILACS_2026_STARTS:
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
    if combined and reading.grades[Area.CARE_LEAVERS]:
        reading.warn(
            Area.CARE_LEAVERS, "care_leavers: also judged with children in care; left empty"
        )
        reading.grades[Area.CARE_LEAVERS] = None


def authority(cover: str, title: re.Match) -> str:
    if "authority" in title.groupdict():
        return title["authority"].strip()
    # 2018–2020: the authority is printed above the title (after the page number, if any).
    before = cover[: title.start()].strip()
    return re.sub(r"^\d+\s+", "", before).strip()


FORMAT = ReportFormat(
    name="ilacs",
    titles=(
        Title(
            r"Inspection of (?:children's social care services|local authority children's "
            r"services)\b",
            ILACS_2018,
        ),
        # After the 2018–2020 titles, which it would also match.
        Title(
            r"Inspection of (?P<authority>.{2,90}?) (?:local authority )?children's services\b",
            ILACS,
        ),
    ),
    authority=authority,
    read=read,
)
