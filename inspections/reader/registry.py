"""The formats the reader knows, and which one a report is in, from page 1: by its content first
(a judgement table, a numbered summary), so that an unexpected title (a children's trust's name,
the authority above a title worded differently) does not make a readable report unreadable;
then by its title.

Adding a layout is adding its module to formats/ (its content, layouts, titles, `authority` and
`read`: format.py says what each is) and one line here.
"""

from __future__ import annotations

import re

from ..rules import PublicationKind
from .format import ReportFormat, Title
from .formats import ilacs, pre_sif, sif
from .letters import LETTER_TITLE, letter_kind
from .pdf import ReportUnreadable

#: Tried in this order, each format's titles in its own order. ILACS's title names the
#: authority ("Inspection of <authority> children's services"), so it matches most: it is last.
FORMATS: tuple[ReportFormat, ...] = (
    sif.FORMAT,
    pre_sif.FORMAT,
    ilacs.FORMAT,
)


class LetterNotReport(ReportUnreadable):
    """Page 1 is a visit's letter (letters.py), which gives no grades: `kind` says which."""

    def __init__(self, kind: PublicationKind, named: str):
        named = named.lower()
        article = "an" if named[0] in "aeiou" else "a"
        super().__init__(
            f"not an inspection report: {article} {named} letter, which gives no grades"
        )
        self.kind = kind


def identify(cover: str) -> tuple[ReportFormat, Title, re.Match | None]:
    """The format of the report whose flattened page 1 is `cover`, the title that told its
    layout and where that title is (None when the content alone told it); ReportUnreadable, in
    words for a person, when page 1 shows no format's content or title."""
    head = cover[:600]
    for report_format in FORMATS:
        if report_format.content and re.search(report_format.content, cover, re.IGNORECASE):
            if found := report_format.title_in(head):
                return report_format, *found
            return report_format, Title(report_format.content, report_format.layout), None
    if kind := letter_kind(head[:400]):
        raise LetterNotReport(kind, LETTER_TITLE.search(head[:400])[1])
    for report_format in FORMATS:
        if found := report_format.title_in(head):
            return report_format, *found
    words = " ".join(cover.split()[:12]) or "no text at all"
    raise ReportUnreadable(
        "unknown format: page 1 has no title of an Ofsted children's services inspection "
        f"report and neither a judgement table nor a numbered summary of one (it begins "
        f"'{words}')"
    )
