"""SIF, the single inspection framework (November 2013–2017), and its re-inspections.

Titled "Inspection of services for children in need of help and protection, children looked
after and care leavers", optionally "and Review of the effectiveness of the Local Safeguarding
Children Board"; "Re-inspection of services…" for re-inspections (to January 2018, no LSCB). The
authority is printed above the title. Page 1 prints the dates, "Report published", the overall
judgement sentence, the numbered summary (1, 2, 2.1 adoption, 2.2 care leavers, 3) and, in 2014
reports, the LSCB judgement. The body repeats the key judgements at the head of their sections,
the LSCB section states the LSCB judgement, and "Information about this inspection" names the
lead inspector; the contents page gives their pages. An LSCB review published on its own is the
same format with the LSCB's judgement only.
"""

from __future__ import annotations

import re

from ...rules import OVERALL, Area, Framework, InspectionType, grade_from_words
from .. import findings
from ..common import (
    GradeBook,
    find_grades,
    read_dates,
    read_lead_inspector,
    read_published,
    warn_missing,
)
from ..format import ReportFormat, Title
from ..pdf import Document, contents, pages_for, search_section
from ..reading import Layout, ReportKind, ReportReading
from ..text import GRADE

SIF = Layout(
    key="sif",
    label="Single inspection framework (SIF)",
    framework=Framework.SIF,
    inspection_type=InspectionType.STANDARD,
)
SIF_REINSPECTION = Layout(
    key="sif_reinspection",
    label="SIF re-inspection",
    framework=Framework.SIF,
    inspection_type=InspectionType.REINSPECTION,
)

#: Page 1's numbered summary (and the 2014 cover's LSCB sentence); no colon after the label, so
#: that a list of a previous inspection's grades ("adoption performance: good") is never read.
_SUMMARY = {
    Area.HELP_AND_PROTECTION: r"\b1\.?\s*Children who need help and protection",
    Area.CHILDREN_IN_CARE: r"\b2\.?\s*Children looked after and achieving permanence",
    Area.ADOPTION: r"\b2\.1\.?\s*Adoption performance",
    Area.CARE_LEAVERS: r"\b2\.2\.?\s*(?:The )?Experiences? and progress of care leavers",
    Area.LEADERSHIP: r"\b3\.?\s*Leadership, management and governance",
    Area.LSCB: r"The effectiveness of the Local Safeguarding Children Board(?: \(LSCB\))?"
    r"(?: is| are)?",
}
_OVERALL = (
    r"(?:The overall judgement is(?: that children's services)?|"
    r"Children's services in [A-Z][^.]{0,80}?)(?:\s+(?:are|is))?(?:\s+judged to be)?"
)
#: The body: the key judgements at the head of their sections, the graded sub-judgements, the
#: LSCB section.
_BODY = {
    Area.HELP_AND_PROTECTION: r"The experiences and progress of children who need help and "
    r"protection(?: is| are)?",
    Area.CHILDREN_IN_CARE: r"The experiences and progress of children looked after and "
    r"achieving permanence(?: is| are)?",
    Area.LEADERSHIP: r"(?<!\d\. )Leadership, management and governance(?: is| are)?",
    Area.ADOPTION: r"graded judge?ment (?:for|about|on) adoption performance is(?: that it)?"
    r"(?: is)?",
    Area.CARE_LEAVERS: r"graded judge?ment (?:for|about|on) the experiences? and progress of "
    r"care leavers is(?: that it)?(?: is)?",
    Area.LSCB: r"The Local Safeguarding Children Board(?: \(LSCB\))?(?: is| are)?",
}


def read(document: Document, reading: ReportReading) -> None:
    cover = document.flat(0)
    read_dates(reading, cover)
    read_published(reading, cover)
    reinspection = reading.layout == SIF_REINSPECTION  # re-inspections review no LSCB
    book = GradeBook()
    if reading.kind == ReportKind.FULL_INSPECTION:
        if match := re.search(_OVERALL + r"\s+" + GRADE, cover, re.IGNORECASE):
            book.add(OVERALL, grade_from_words(match["grade"]), "page 1")
        find_grades(cover, _SUMMARY, book, "page 1 summary", once=True)
    else:
        find_grades(cover, {Area.LSCB: _BODY[Area.LSCB]}, book, "page 1", once=True)

    entries, offset = contents(document)
    sections = [
        (r"children who need help", (Area.HELP_AND_PROTECTION,), False),
        (r"achieving permanence", (Area.CHILDREN_IN_CARE,), False),
        (r"^Leadership, management", (Area.LEADERSHIP,), False),
        (r"Inspection judgements? about the local authority", (Area.HELP_AND_PROTECTION,), False),
        (r"Safeguarding Children Board|LSCB", (Area.LSCB,), Area.LSCB not in book.seen),
    ]
    checked: set[str] = set()
    for entry, keys, needed in sections:
        if set(keys) <= checked:
            continue
        if reinspection and Area.LSCB in keys:
            continue
        if reading.kind == ReportKind.LSCB_REVIEW and Area.LSCB not in keys:
            continue
        wanted = "|".join(_BODY[key] + r"\s+" + GRADE for key in keys)
        pages = pages_for(document, entries, offset, entry)
        if not pages and not needed:
            continue
        found = search_section(document, pages, wanted, scan_all=needed)
        if found:
            index, text = found
            checked |= find_grades(
                text, {key: _BODY[key] for key in keys}, book, f"page {index + 1}", once=True
            )

    pages = pages_for(document, entries, offset, r"Information about this inspection")
    found = search_section(document, pages, r"Lead inspector", spill=2, scan_all=True)
    if found:
        index, _ = found
        reading.lead_inspector = read_lead_inspector(document.text(index))
    if not reading.lead_inspector:
        reading.warn(
            findings.LEAD_INSPECTOR,
            "lead inspector: no 'Lead inspector' line in 'Information about this inspection'; "
            "left empty",
        )
    book.settle(reading)
    if reading.kind == ReportKind.FULL_INSPECTION:
        judged = [key for key in _SUMMARY if not (reinspection and key == Area.LSCB)]
        warn_missing(reading, (OVERALL, *judged))


def authority(cover: str, title: re.Match | None) -> str:
    """The name printed above the title (after the page number, if any); known by its summary
    alone, above whatever title is printed before the dates."""
    if title is not None:
        before = cover[: title.start()]
    else:
        before = re.split(r"\bInspection dates?\b", cover, maxsplit=1, flags=re.IGNORECASE)[0]
        before = re.split(r"\b(?:Re-)?inspection of\b|\bReview of\b", before, maxsplit=1,
                          flags=re.IGNORECASE)[0]  # fmt: skip
    return re.sub(r"^\d+\s+", "", before.strip()).strip()


FORMAT = ReportFormat(
    name="sif",
    titles=(
        # Before the inspection's title, which it contains.
        Title(
            r"Re-?inspection of services for children in need of help and protection",
            SIF_REINSPECTION,
        ),
        Title(r"Inspection of services for children in need of help and protection", SIF),
        Title(
            r"Review of the effectiveness of the Local Safeguarding Children Board",
            SIF,
            ReportKind.LSCB_REVIEW,
        ),
    ),
    authority=authority,
    read=read,
    # The numbered summary: "1. Children who need help and protection <grade>".
    content=_SUMMARY[Area.HELP_AND_PROTECTION] + r"\s+(?:" + GRADE + r"|not\s+judged)",
    layout=SIF,
)
