"""What several formats read the same way: on-site and publication dates, the lead inspector,
and grades read from fixed labels, kept in a `GradeBook` so that places that disagree leave the
grade empty for a person to settle."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from ..rules import Grade, grade_from_words
from . import findings, text
from .reading import ReportReading
from .text import GRADE, PRINTED_DAY, flatten, parse_day, parse_on_site

# --- Grades ----------------------------------------------------------------------------------


#: What a report prints where a judgement was not made: no grade, never a guess.
NOT_JUDGED = "not judged"


class GradeBook:
    """Every place a grade (or "not judged") was read, so that places that disagree leave the
    grade empty."""

    def __init__(self) -> None:
        self.seen: dict[str, list[tuple[Grade | str, str]]] = {}

    def add(self, key: str, grade: Grade | str, where: str) -> None:
        """`grade` is a Grade or NOT_JUDGED."""
        self.seen.setdefault(key, []).append((grade, where))

    def settle(self, reading: ReportReading) -> None:
        for key, places in self.seen.items():
            grades = {grade for grade, _ in places}
            if grades == {NOT_JUDGED}:
                reading.grades[key] = None
                reading.not_judged.append(key)
            elif len(grades) == 1:
                reading.grades[key] = places[0][0]
            else:
                reading.grades[key] = None
                listed = "; ".join(
                    f"{where}: '{getattr(grade, 'label', grade)}'" for grade, where in places
                )
                reading.warn(
                    key,
                    f"{key}: the report's grades disagree ({listed}); left empty for a person "
                    "to settle",
                )


def find_grades(
    page: str, patterns: dict[str, str], book: GradeBook, where: str, *, once: bool = False
) -> set[str]:
    """Add each key's `LABEL GRADE` (or `LABEL Not judged`) matches in `page` to the book;
    return the keys found."""
    found = set()
    for key, label in patterns.items():
        pattern = rf"{label}\s+(?:{GRADE}|(?P<not_judged>not\s+judged)\b)"
        for match in re.finditer(pattern, page, re.IGNORECASE):
            book.add(
                key, NOT_JUDGED if match["not_judged"] else grade_from_words(match["grade"]), where
            )
            found.add(key)
            if once:
                break
    return found


def warn_missing(reading: ReportReading, keys: Iterable[str]) -> None:
    """A finding for each grade in `keys` that is empty, not "not judged", and has no finding
    yet."""
    for key in keys:
        if key in reading.not_judged:
            continue
        if reading.grades.get(key) is None and not reading.has_finding(key):
            reading.warn(key, f"{key}: no grade found where this format prints it; left empty")


# --- Dates and the lead inspector ------------------------------------------------------------


#: The longest any part of an inspection was on site; a longer one is a misprint or misread.
LONGEST_ON_SITE = dt.timedelta(days=62)


def read_dates(reading: ReportReading, cover: str) -> None:
    """The on-site dates from the cover's 'Inspection date(s)' line: the first day of the first
    part and the last day of the last (parse_on_site says how they may be printed)."""
    label = re.search(r"Inspection dates?\b\s*:?\s*", cover, re.IGNORECASE)
    if not label:
        reading.warn(
            findings.INSPECTION_DATES,
            "on-site dates: no 'Inspection dates' line on page 1; left empty",
        )
        return
    try:
        on_site = parse_on_site(cover[label.end() : label.end() + 200])
    except ValueError as error:
        reading.warn(
            findings.INSPECTION_DATES,
            f"on-site dates: cannot read '{error}' as dates; left empty",
        )
        return
    for start, end in on_site.parts:
        if end - start > LONGEST_ON_SITE:
            reading.warn(
                findings.INSPECTION_DATES,
                f"on-site dates: {start} to {end} is longer than any inspection; check them",
            )
    reading.inspection_start, reading.inspection_end = on_site.start, on_site.end
    if on_site.year_inferred:
        reading.warn(
            findings.INSPECTION_DATES,
            f"on-site dates '{on_site.printed}': the start's year is not printed; read as "
            f"{on_site.start.year}, the year before the end",
        )


def read_published(reading: ReportReading, cover: str) -> None:
    """The publication date the cover prints ('Report published', 'Published')."""
    match = re.search(rf"\b(?:Report )?published:?\s*({PRINTED_DAY})", cover, re.IGNORECASE)
    if not match:
        reading.warn(
            findings.PUBLISHED,
            "publication date: not printed on page 1 where this format prints it; left empty",
        )
        return
    try:
        reading.published = parse_day(match[1])
    except (ValueError, KeyError):
        reading.warn(
            findings.PUBLISHED, f"publication date: cannot read '{match[1]}' as a date; left empty"
        )


_INSPECTOR_TITLES = re.compile(
    r"[,\s]*(?:(?:Her|His) Majesty's Inspector(?:\s+\(HMI\))?|HMI|Senior HMI|"
    r"Associate Inspector|Ofsted Inspector)\s*\.?\s*$",
    re.IGNORECASE,
)


def read_lead_inspector(page: str) -> str:
    """The name after 'Lead inspector:' (or 'Reporting inspector') on `page`, without the
    title; "" when there is none, or what follows the label does not look like a name."""
    lines = [flatten(line) for line in page.splitlines()]
    for number, line in enumerate(lines):
        match = re.match(r"(?:Lead|Reporting) inspector\s*:?\s*(.*)", line, re.IGNORECASE)
        if match:
            # The name may wrap onto the next line when the label fills the first.
            found = match[1] or next((rest for rest in lines[number + 1 :] if rest), "")
            # Called through its module: tests switch the check off there (tests/conftest.py).
            name = text.plausible_person(_INSPECTOR_TITLES.sub("", found).strip(" ,.;"))
            if name:
                return name
    return ""
