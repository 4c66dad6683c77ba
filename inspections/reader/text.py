"""Words as reports print them: dates, grades, names, and text flattened for matching.

No format's labels live here, only what every format prints the same way. `plausible_name` and
`plausible_person` are the reader's guard on names: text from a cover is taken as a name only
when it looks like one, whatever the cover says.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
#: A date as a cover prints a publication date: "20 September 2016" or "25/11/2016".
PRINTED_DAY = rf"(?:{DATE}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"

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
    """'8 July 2013' (or 'sept', 'Sep'), or '25/11/2016' (day first, as Ofsted prints it) → the
    date; ValueError or KeyError if it is not one."""
    if match := re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", text):
        day, month, year = (int(part) for part in match.groups())
        return dt.date(year, month, day)
    day, month, year = text.split()
    return dt.date(int(year), MONTHS[month.lower()], int(day))


@dataclass(frozen=True)
class OnSite:
    """On-site dates as a report prints them: one part ('12 to 23 January 2026') or several
    ('30 September to 11 October 2024 and 13 to 16 January 2025'), each (first day, last day),
    in order. `printed` is the text they were read from; `year_inferred` is set when a start's
    year was not printed and had to be the year before the end's."""

    parts: tuple[tuple[dt.date, dt.date], ...]
    printed: str
    year_inferred: bool = False

    @property
    def start(self) -> dt.date:
        return self.parts[0][0]

    @property
    def end(self) -> dt.date:
        """The last day of the last part: the inspection ended then."""
        return self.parts[-1][1]


#: One date of an on-site line as printed: '12/09/2016', '28 July 2016', '30 September', '13'
#: (a month or year left out is the next date's).
_ONE_DATE = re.compile(
    rf"(?:(?P<numeric>\d{{1,2}}/\d{{1,2}}/\d{{4}})|(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+(?P<month>{MONTH}))?(?:,?\s+(?P<year>\d{{4}}))?)",
    re.IGNORECASE,
)
#: Between two dates: a range's dash (or 'to'), or what joins two parts ('and').
_BETWEEN = re.compile(rf"\s*(?:(?P<range>{DASH}|until)|(?P<part>and|&|,))\s*", re.IGNORECASE)


def parse_on_site(text: str) -> OnSite:
    """The on-site dates printed at the start of `text` (what follows 'Inspection dates:'), read
    up to the first thing that is neither a date nor what joins two dates: '28 July 2016' (one
    day), '8 – 12 July 2013', '25 February to 8 March 2019', '12/09/2016 to 06/10/2016',
    '19 November-11 December 2013 and 28 – 30 January 2014'. ValueError, whose argument is the
    text read as dates, if they are not dates: a day that does not exist, the last date without
    its month and year, dates out of order, a part with more than two dates."""
    match = _ONE_DATE.match(text)
    if not match:
        raise ValueError(" ".join(text.split()[:6]))
    printed_dates, joins, end = [match], [], match.end()
    while (between := _BETWEEN.match(text, end)) and (
        match := _ONE_DATE.match(text, between.end())
    ):
        joins.append("range" if between["range"] else "part")
        printed_dates.append(match)
        end = match.end()
    printed = text[:end].strip()
    try:
        days, inferred = _days(printed_dates)
    except ValueError:
        raise ValueError(printed) from None
    if days != sorted(days):
        raise ValueError(printed)
    parts: list[list[dt.date]] = [[days[0]]]
    for join, day in zip(joins, days[1:], strict=True):
        if join == "part":
            parts.append([day])
        elif len(parts[-1]) == 2:
            raise ValueError(printed)
        else:
            parts[-1].append(day)
    return OnSite(tuple((part[0], part[-1]) for part in parts), printed, inferred)


def _days(printed_dates: list[re.Match]) -> tuple[list[dt.date], bool]:
    """The dates, read from the last back: a date without its month or year takes the next
    one's; a start whose year is not printed and would fall after the next date is the year
    before ('28 December to 8 January 2016'), and the second value says so."""
    days: list[dt.date] = []
    inferred = False
    for found in reversed(printed_dates):
        if found["numeric"]:
            days.insert(0, parse_day(found["numeric"]))
            continue
        after = days[0] if days else None
        if after is None and not (found["month"] and found["year"]):
            raise ValueError("the last date has no month or year")
        month = MONTHS[found["month"].lower()] if found["month"] else after.month
        year = int(found["year"]) if found["year"] else after.year
        day = dt.date(year, month, int(found["day"]))
        if after and day > after and found["month"] and not found["year"]:
            day, inferred = day.replace(year=year - 1), True
        days.insert(0, day)
    return days, inferred
