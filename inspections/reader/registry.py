"""The formats the reader knows, and which one a report is in, from the title on page 1.

Adding a layout is adding its module to formats/ (its layouts, titles, `authority` and `read`:
format.py says what each is) and one line here.
"""

from __future__ import annotations

import re

from .format import ReportFormat, Title
from .formats import ilacs, pre_sif, sif
from .pdf import ReportUnreadable

#: Tried in this order, each format's titles in its own order. ILACS's title names the
#: authority ("Inspection of <authority> children's services"), so it matches most: it is last.
FORMATS: tuple[ReportFormat, ...] = (
    sif.FORMAT,
    pre_sif.FORMAT,
    ilacs.FORMAT,
)

#: Letters Ofsted publishes about local authorities' children's services that are no report
#: of a graded inspection.
_LETTERS = r"\b(Focused visit|Monitoring visit|Joint targeted area inspection)\b"


def identify(cover: str) -> tuple[ReportFormat, Title, re.Match]:
    """The format of the report whose flattened page 1 is `cover`, the title that told it, and
    where the title is; ReportUnreadable, in words for a person, when no format's title is
    there."""
    head = cover[:600]
    if match := re.search(_LETTERS, head[:400], re.IGNORECASE):
        raise ReportUnreadable(
            f"not an inspection report: a {match[1].lower()} letter, which gives no grades"
        )
    for report_format in FORMATS:
        for title in report_format.titles:
            if match := re.search(title.pattern, head, re.IGNORECASE):
                return report_format, title, match
    words = " ".join(cover.split()[:12]) or "no text at all"
    raise ReportUnreadable(
        "unknown format: page 1 has no title of an Ofsted children's services inspection "
        f"report (it begins '{words}')"
    )
