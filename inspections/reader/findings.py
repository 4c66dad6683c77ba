"""What the reader was unsure of or left empty, as values: the field concerned and a message.

A finding's `field` is the part of the reading it concerns: one of the keys below, a grade key
(rules.OVERALL, a judgement area, or a judgement only the formats before SIF have), or None for
the report as a whole. Whoever shows findings maps them by that key (the admin flags the form
field it names); nobody parses the message, which is written for a person and may hold text
read from the report (escaped wherever it is shown).
"""

from __future__ import annotations

from dataclasses import dataclass

#: The name printed on the cover.
AUTHORITY = "authority"
#: The report's format against the framework its on-site dates fall under.
FRAMEWORK = "framework"
#: The on-site dates, start and end: one line of the cover gives both.
INSPECTION_DATES = "inspection_dates"
#: The publication date, printed or supplied by the caller.
PUBLISHED = "published"
LEAD_INSPECTOR = "lead_inspector"


@dataclass(frozen=True)
class Finding:
    """One thing to check in a reading: `field` (see the module) and `message`, for a person."""

    field: str | None
    message: str

    def __str__(self) -> str:
        return self.message
