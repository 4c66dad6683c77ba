"""Reading one report in this process: open it, identify its format, read it, check the result.

`report_read_in_process(path)` returns a `ReportReading`: what kind of document it is, its
layout, the authority named on the cover, the on-site dates, the printed publication date, the
lead inspector and every graded judgement by area, with a finding for each thing to check. It
never raises for a bad file: a file that is not a PDF, is encrypted, truncated or damaged, or is
a PDF of something else comes back with `error` set. No database, no network. The site calls it
only through process.py, which runs it in a child process with a deadline and a memory limit.

Every grade is read from a fixed label followed directly by a grade, never from prose; where a
grade is printed in more than one place and the places disagree, it is left empty with a
finding. Only the pages a format needs are read, so a report takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .. import rules
from ..rules import Framework
from . import findings, text
from .common import LONGEST_ON_SITE
from .letters import letter_authority, letter_on_site
from .pdf import ReportUnreadable, open_report
from .reading import ReportKind, ReportReading
from .registry import LetterNotReport, identify


def report_read_in_process(path: str | Path, *, published: dt.date | None = None) -> ReportReading:
    """Read one report in this process, unbounded in time and memory: the site reads files only
    through process.py (a child process with a deadline and a memory limit), which calls
    this. `published` is the caller's publication date, used when the report prints none
    (ILACS); a printed date always wins, and a different one is a finding."""
    path = Path(path)
    reading = ReportReading(file=str(path))
    try:
        document = open_report(path)
        cover = document.flat(0)
        report_format, title, match = identify(cover)
        reading.kind, reading.layout = title.kind, title.layout
        printed = report_format.authority(cover, match)
        report_format.read(document, reading)
        _take_authority(reading, printed)
    except LetterNotReport as letter:
        return _letter_reading(path, cover, letter)
    except ReportUnreadable as error:
        return ReportReading(file=str(path), error=str(error))
    except MemoryError:
        raise  # the child process's memory limit: worker.py answers for it
    except Exception as error:  # pypdf can fail on a damaged page after the cover
        return ReportReading(file=str(path), error=f"damaged PDF: {type(error).__name__}: {error}")

    _check_framework_dates(reading)
    _check_dates(reading, published)
    return reading


def _letter_reading(path: Path, cover: str, letter: LetterNotReport) -> ReportReading:
    """A visit's letter: no report (`error` says so), with its kind and the on-site days it
    prints, when they are read and no longer than any visit."""
    reading = ReportReading(
        file=str(path), kind=ReportKind.VISIT_LETTER, error=str(letter), letter=letter.kind
    )
    reading.authority = letter_authority(cover)
    on_site = letter_on_site(cover, letter.kind)
    if on_site and on_site.end - on_site.start <= LONGEST_ON_SITE and not on_site.year_inferred:
        reading.inspection_start, reading.inspection_end = on_site.start, on_site.end
    return reading


#: A word no authority's name holds but a children's trust's does ("Bradford Children and
#: Families Trust", "Birmingham Children's Trust", "Slough Children First", "Achieving for
#: Children"): the report is of the trust, on behalf of the authority it serves.
_TRUST_WORD = re.compile(r"\b(?:children(?:'s)?|trust)\b", re.IGNORECASE)
#: Words that end no place's name: "Achieving for", "Together for" name no authority.
_NOT_A_PLACE = re.compile(r"\b(?:for|and|of|the|to)$", re.IGNORECASE)


def _take_authority(reading: ReportReading, printed: str) -> None:
    """The cover's text is never taken as it is: only what looks like a name is a name. A
    children's trust's report names the trust: the authority is the one it serves, read from
    the trust's name where it holds one (the words before 'Children' or 'Trust'), with a
    finding either way."""
    printed = " ".join(printed.split())
    if trust := _TRUST_WORD.search(printed):
        place = printed[: trust.start()].strip(" ,")
        # Called through its module: tests switch the check off there (tests/conftest.py).
        place = "" if _NOT_A_PLACE.search(place) else text.plausible_name(place)
        reading.authority = place
        trust_name = text.plausible_name(printed) or "a name that is not one"
        if place:
            reading.warn(
                findings.AUTHORITY,
                f"authority: the report is of {trust_name}, a children's trust; read as the "
                f"authority it serves, {place}, from the trust's name: check it",
            )
        else:
            reading.warn(
                findings.AUTHORITY,
                f"authority: the report is of {trust_name}, a children's trust whose name names "
                "no authority; left empty: the provider's URN tells which authority it serves",
            )
        return
    reading.authority = text.plausible_name(printed)
    if not printed:
        reading.warn(findings.AUTHORITY, "authority: no name on the cover; left empty")
    elif not reading.authority:
        reading.warn(
            findings.AUTHORITY,
            f"authority: the cover's text where the name is printed ({len(printed)} "
            "characters) does not look like an authority's name; not found, choose it",
        )


def _check_framework_dates(reading: ReportReading) -> None:
    if reading.layout is None or reading.inspection_start is None:
        return
    if rules.framework_date_problem(reading.model_framework, reading.inspection_start):
        by_date = rules.framework_for_start(reading.inspection_start)
        reading.warn(
            findings.FRAMEWORK,
            f"framework: the report is in the {reading.framework} format, but on-site work that "
            f"started on {reading.inspection_start} falls under {Framework(by_date).label}; "
            "check the report",
        )


def _check_dates(reading: ReportReading, published: dt.date | None) -> None:
    end = reading.inspection_end
    if published:
        if reading.published is None:
            reading.published = published
        elif reading.published != published:
            reading.warn(
                findings.PUBLISHED,
                f"published: the report prints {reading.published}; the date supplied "
                f"({published}) was not used",
            )
    if reading.published and end and reading.published < end:
        reading.warn(
            findings.PUBLISHED,
            f"published {reading.published} is before the inspection ended ({end}); check it",
        )
