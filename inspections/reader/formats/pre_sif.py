"""The inspections before SIF (2009–2013), each layout its framework of rules.py.

"Inspection of safeguarding and looked after children services" (SLAC, 2009–2012), "Inspection
of local authority arrangements for the protection of children" (CPI, 2012–2013) and "Inspection
of looked after children services" (TLAC, 2012–2013). The cover prints the title, then the
authority, "Inspection dates", "Reporting inspector" and "Published". Each judgement has a
section headed by its name and "Grade N (word)", and the "Record of main findings" table repeats
every grade. The contents page says on which pages these sections are.
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
    label="Inspection of looked after children services (TLAC, before SIF)",
    framework=Framework.TLAC,
    inspection_type=InspectionType.STANDARD,
)
#: Safeguarding and looked after children (2009–2012): two overall judgements, one per section.
SAFEGUARDING = Layout(
    key="pre_sif_safeguarding",
    label="Inspection of safeguarding and looked after children services (SLAC, before SIF)",
    framework=Framework.SLAC,
    inspection_type=InspectionType.STANDARD,
)
#: "Arrangements for the protection of children" (2012–2013).
PROTECTION_OF_CHILDREN = Layout(
    key="pre_sif_protection_of_children",
    label="Inspection of arrangements for the protection of children (CPI, before SIF)",
    framework=Framework.CPI,
    inspection_type=InspectionType.STANDARD,
)

#: Further judgements of these frameworks (no later framework has them).
OUTCOMES = "outcomes"
QUALITY_OF_PROVISION = "quality_of_provision"
QUALITY_OF_PRACTICE = "quality_of_practice"
EFFECTIVENESS_OF_HELP_AND_PROTECTION = "effectiveness_of_help_and_protection"
#: In a combined safeguarding and looked after children report (SLAC), each section's overall
#: effectiveness is a judgement of its own (Area.SAFEGUARDING, Area.LOOKED_AFTER_CHILDREN; the
#: inspection's overall is the lower, which merging.py works out); the looked-after section's
#: other judgements carry this prefix (no later framework has them), the safeguarding
#: section's are the main keys.
LOOKED_AFTER_PREFIX = "looked_after_"
#: A SLAC section's overall effectiveness, by the section's name.
_SECTION_OVERALL = {
    "safeguarding services": Area.SAFEGUARDING,
    "services for looked after children": Area.LOOKED_AFTER_CHILDREN,
}
#: A SLAC report's own headings of its two overall judgements ("Overall effectiveness of
#: safeguarding services Grade 3 (adequate)"): the only section headings read in a SLAC report,
#: since its other judgements are headed alike in both sections (the record tells them apart).
_SLAC_LABELS: list[tuple[str, str]] = [
    (r"Overall effectiveness of (?:the )?safeguarding services", Area.SAFEGUARDING),
    (r"Overall effectiveness of (?:the )?services for looked after children"
     r"(?: and young people)?", Area.LOOKED_AFTER_CHILDREN),
]  # fmt: skip

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
    combined = reading.layout == SAFEGUARDING
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
        _read_record(text.split(_RECORD, 1)[1], book, combined=combined)
    else:
        reading.warn(None, "grades: no 'Record of main findings' table found")

    # Each judgement's own section, headed "<label> Grade N (word)".
    for label, key in _SLAC_LABELS if combined else _LABELS:
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
    overall = (Area.SAFEGUARDING, Area.LOOKED_AFTER_CHILDREN) if combined else (OVERALL,)
    warn_missing(reading, (*overall, Area.CAPACITY_TO_IMPROVE, Area.LEADERSHIP))


def _read_record(record: str, book: GradeBook, *, combined: bool) -> None:
    """'Services for looked after children Overall effectiveness Inadequate Capacity to improve
    Inadequate …'; in a combined report (SLAC) each section's overall effectiveness is its own
    judgement and the looked-after section's other keys get a prefix."""
    labels = "|".join(f"(?P<l{i}>{label})" for i, (label, _) in enumerate(_LABELS))
    row = re.compile(rf"(?:{labels})\s+{GRADE}", re.IGNORECASE)
    section_starts = [
        (m.start(), " ".join(m[0].lower().split()))
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
        if combined and key == OVERALL and section in _SECTION_OVERALL:
            key = _SECTION_OVERALL[section]
        elif len(sections) > 1 and section.startswith("services for looked after"):
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
            PROTECTION_OF_CHILDREN,
        ),
        Title(r"Inspection of looked after children services", LOOKED_AFTER_CHILDREN),
    ),
    authority=authority,
    read=read,
)
