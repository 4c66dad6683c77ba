"""The inspections before SIF (2009–2013).

"Inspection of looked after children services", "Inspection of safeguarding and looked after
children services" and "Inspection of local authority arrangements for the protection of
children". The cover prints the title, then the authority, "Inspection dates", "Reporting
inspector" and "Published". Each judgement has a section headed by its name and "Grade N (word)",
and the "Record of main findings" table repeats every grade. The contents page says on which
pages these sections are.
"""

from __future__ import annotations

import re

from ...rules import OVERALL, Area, Framework, InspectionType, grade_from_words
from .. import findings
from ..common import GradeBook, read_dates, read_lead_inspector, read_published, warn_missing
from ..format import ReportFormat, Title
from ..pdf import Document, contents, pages_for, search_section
from ..reading import Layout, ReportReading
from ..text import GRADE, GRADE_NUMBERS

LOOKED_AFTER_CHILDREN = Layout(
    key="pre_sif_looked_after_children",
    label="Inspection of looked after children services (before SIF)",
    framework=Framework.PRE_SIF,
    inspection_type=InspectionType.STANDARD,
)
#: Safeguarding and looked after children (2009–2012) and "arrangements for the protection of
#: children" (2012–2013).
SAFEGUARDING = Layout(
    key="pre_sif_safeguarding",
    label="Inspection of safeguarding services (before SIF)",
    framework=Framework.PRE_SIF,
    inspection_type=InspectionType.STANDARD,
)

#: Further judgements of these frameworks (no later framework has them).
OUTCOMES = "outcomes"
QUALITY_OF_PROVISION = "quality_of_provision"
QUALITY_OF_PRACTICE = "quality_of_practice"
EFFECTIVENESS_OF_HELP_AND_PROTECTION = "effectiveness_of_help_and_protection"
#: In a combined safeguarding and looked after children report, the looked-after section's
#: judgements carry this prefix; the safeguarding section's are the main keys.
LOOKED_AFTER_PREFIX = "looked_after_"

#: Record of main findings and section labels → key (checked in this order).
_LABELS: list[tuple[str, str]] = [
    (r"Overall effectiveness(?: of [a-z ,]+?(?:children|young people|carers))?", OVERALL),
    (r"Capacity (?:to|for) improve(?:ment)?", Area.CAPACITY_TO_IMPROVE),
    (r"Outcomes for looked after children(?: and young people)?", OUTCOMES),
    (r"Quality of provision", QUALITY_OF_PROVISION),
    (r"(?:The )?quality of practice", QUALITY_OF_PRACTICE),
    (r"Leadership and (?:management|governance)", Area.LEADERSHIP),
    (r"(?:The )?effectiveness of (?:the )?help and protection(?: [a-z ,]+?carers)?",
     EFFECTIVENESS_OF_HELP_AND_PROTECTION),
]  # fmt: skip
_RECORD = "Record of main findings"


def read(document: Document, reading: ReportReading) -> None:
    cover = document.flat(0)
    read_dates(reading, cover)
    read_published(reading, cover)
    reading.lead_inspector = read_lead_inspector(document.text(0))
    if not reading.lead_inspector:
        reading.warn(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Reporting inspector' line on page 1; left empty",
        )
    book = GradeBook()
    entries, offset = contents(document)

    # The record of main findings: one table of every grade, under section headings.
    pages = pages_for(document, entries, offset, _RECORD)
    found = search_section(document, pages or [len(document) - 1, len(document) - 2], _RECORD)
    if found:
        _, text = found
        _read_record(text.split(_RECORD, 1)[1], book)
    else:
        reading.warn(None, "grades: no 'Record of main findings' table found")

    # Each judgement's own section, headed "<label> Grade N (word)".
    for label, key in _LABELS:
        pages = pages_for(document, entries, offset, "^" + label)
        found = search_section(document, pages, rf"{label}\s+Grade\s+[1-4]\s*\(")
        if not found:
            continue
        index, text = found
        for match in re.finditer(
            rf"{label}\s+Grade\s+(?P<number>[1-4])\s*\(\s*{GRADE}\s*\)", text, re.IGNORECASE
        ):
            grade = grade_from_words(match["grade"])
            if GRADE_NUMBERS[int(match["number"])] != grade:
                reading.warn(
                    key,
                    f"{key}: page {index + 1} prints 'Grade {match['number']} "
                    f"({match['grade']})', a number and a word that do not agree",
                )
                continue
            book.add(key, grade, f"page {index + 1}")
            break
    book.settle(reading)
    warn_missing(reading, (OVERALL, Area.CAPACITY_TO_IMPROVE, Area.LEADERSHIP))


def _read_record(record: str, book: GradeBook) -> None:
    """'Services for looked after children Overall effectiveness Inadequate Capacity to improve
    Inadequate …'; in a combined report the looked-after section's keys get a prefix."""
    labels = "|".join(f"(?P<l{i}>{label})" for i, (label, _) in enumerate(_LABELS))
    row = re.compile(rf"(?:{labels})\s+{GRADE}", re.IGNORECASE)
    section_starts = [
        (m.start(), m[0].lower())
        for m in re.finditer(
            r"Safeguarding services|Services for looked after children", record, re.IGNORECASE
        )
    ]
    sections = {name for _, name in section_starts}
    for match in row.finditer(record):
        index = next(int(n[1:]) for n, v in match.groupdict().items() if v and n.startswith("l"))
        key = _LABELS[index][1]
        section = next(
            (name for start, name in reversed(section_starts) if start < match.start()), ""
        )
        if len(sections) > 1 and section.startswith("services for looked after"):
            key = LOOKED_AFTER_PREFIX + key
        if key not in book.seen or not any(w == "record of main findings"
                                           for _, w in book.seen[key]):  # fmt: skip
            book.add(key, grade_from_words(match["grade"]), "record of main findings")


def authority(cover: str, title: re.Match) -> str:
    """The name printed after the title, before 'Inspection dates'."""
    after = cover[title.end() :]
    name = re.split(r"\s*Inspection dates?\b", after, maxsplit=1, flags=re.IGNORECASE)[0]
    return name.strip(" ,")


FORMAT = ReportFormat(
    name="pre_sif",
    titles=(
        Title(r"Inspection of safeguarding and looked after children services", SAFEGUARDING),
        Title(
            r"Inspection of (?:local authority )?arrangements for the protection of children",
            SAFEGUARDING,
        ),
        Title(r"Inspection of looked after children services", LOOKED_AFTER_CHILDREN),
    ),
    authority=authority,
    read=read,
)
