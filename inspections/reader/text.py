"""Words as reports print them: dates, grades, names, and text flattened for matching.

No format's labels live here, only what every format prints the same way. `plausible_name` and
`plausible_person` are the reader's guard on names: text from a cover is taken as a name only
when it looks like one, whatever the cover says.
"""

from __future__ import annotations

import datetime as dt
import re

from ..rules import Grade

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
#: A month's name or abbreviation, as a pattern.
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
#: A whole date: "8 July 2013".
DATE = rf"\d{{1,2}}\s+{MONTH}\s+\d{{4}}"
#: What stands between the two dates of a range.
DASH = r"(?:to|-|–|—)"

#: A grade as printed, in the group `grade`. "Inadequate" before "adequate" so that the longer
#: word wins.
GRADE = (
    r"(?P<grade>inadequate|adequate|outstanding|good|"
    r"requires?\s+improvement(?:\s+to\s+be\s+good)?)\b"
)
#: Before SIF, "Grade N" goes with one word.
GRADE_NUMBERS = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.ADEQUATE, 4: Grade.INADEQUATE}

#: An authority's name as printed on a cover: letters, spaces and the punctuation real names
#: use ("Bristol, City of", "St. Helens", "Bournemouth, Christchurch and Poole"), at most this
#: long. Anything else is not taken as a name, whatever the cover says.
NAME_LENGTH = 80
_NAME = re.compile(rf"[A-Za-z][A-Za-z .,'&()-]{{1,{NAME_LENGTH - 1}}}")
#: A person's name (the lead inspector): letters, spaces, hyphens, apostrophes and full stops.
_PERSON = re.compile(r"[^\W\d_](?:[^\W\d_]|[ .'-])*")


def plausible_name(text: str) -> str:
    """`text` as an authority's name, or "" if it cannot be one (too long, markup, digits...)."""
    text = " ".join(text.split())
    return text if _NAME.fullmatch(text) else ""


def plausible_person(text: str) -> str:
    """`text` as a person's name, or "" if it cannot be one."""
    text = " ".join(text.split())
    return text if len(text) <= NAME_LENGTH and _PERSON.fullmatch(text) else ""


def flatten(text: str) -> str:
    """One line, single spaces, plain quotes and dashes: labels wrap anywhere in a PDF."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    text = re.sub(r"\s*[–—]\s*", " – ", text)
    return " ".join(text.split())


def parse_day(text: str) -> dt.date:
    """'8 July 2013' (or 'sept', 'Sep') → the date; ValueError or KeyError if it is not one."""
    day, month, year = text.split()
    return dt.date(int(year), MONTHS[month.lower()], int(day))


def parse_date_range(text: str) -> tuple[dt.date, dt.date, bool]:
    """'8 – 12 July 2013', '4 to 15 February 2019', '25 February to 8 March 2019',
    '6 December 2021 to 17 December 2021' → (start, end, year_inferred)."""
    match = re.fullmatch(
        rf"(\d{{1,2}})(?:\s+({MONTH}))?(?:\s+(\d{{4}}))?\s*{DASH}\s*"
        rf"(\d{{1,2}})\s+({MONTH})\s+(\d{{4}})",
        text.strip(),
        re.IGNORECASE,
    )
    if not match:
        raise ValueError(text)
    start_day, start_month, start_year, end_day, end_month, end_year = match.groups()
    end = dt.date(int(end_year), MONTHS[end_month.lower()], int(end_day))
    month = MONTHS[start_month.lower()] if start_month else end.month
    year = int(start_year) if start_year else end.year
    start = dt.date(year, month, int(start_day))
    inferred = False
    if start > end and not start_year:  # "28 December to 8 January 2016"
        start = start.replace(year=year - 1)
        inferred = True
    return start, end, inferred
