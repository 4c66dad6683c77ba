"""Read an Ofsted inspection report (PDF) of a local authority's children's services.

`report_read_in_process(path)` returns a `ReportReading`: what kind of document it is, its
framework, the authority named on the cover, the on-site dates, the printed publication date,
the lead inspector and every graded judgement by area. It never raises for a bad file: a file
that is not a PDF, is encrypted, truncated or damaged, or is a PDF of something else comes back
with `error` set. No database, no network. The site calls it only through `report_process`,
which runs it in a child process with a deadline and a memory limit.

How each format is read (the structure, not these particular files):

- **Before SIF** ("Inspection of looked after children services", "Inspection of safeguarding and
  looked after children services", "Inspection of local authority arrangements for the protection
  of children", 2009–2013): the cover prints the title, the authority, "Inspection dates",
  "Reporting inspector" and "Published". Each judgement has a section headed by its name and
  "Grade N (word)", and the "Record of main findings" table repeats every grade. The contents page
  says on which pages these sections are.
- **SIF** (Nov 2013–2017, "Inspection of services for children in need of help and protection,
  children looked after and care leavers", optionally "and Review of the effectiveness of the
  LSCB"; "Re-inspection of services…" for re-inspections): page 1 prints the dates, "Report
  published", the overall judgement sentence, the numbered summary (1, 2, 2.1 adoption, 2.2 care
  leavers, 3) and, in 2014 reports, the LSCB judgement. The body repeats the key judgements at
  the head of their sections, the LSCB section states the LSCB judgement, and "Information about
  this inspection" names the lead inspector; the contents page gives their pages.
- **ILACS** (2018–): page 1 holds everything: the title ("Inspection of children's social care
  services" in 2018–2020, then "Inspection of <authority> [local authority] children's
  services"), "Inspection dates", "Lead inspector" and the "Judgement / Grade" table. No
  publication date is printed. From April 2026 the table has no overall effectiveness row.

Only the pages a format needs are read (text extraction costs ~30 ms a page), so a report takes
a fraction of a second. Every grade is read from a fixed label followed directly by a grade, never
from prose; where a grade is printed in more than one place and the places disagree, it is left
empty with a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from . import rules
from .rules import OVERALL, Area, Framework, Grade, InspectionType

# pypdf reports recoverable damage through logging ("Ignoring wrong pointing object"); the
# reader's own warnings and errors say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class ReportKind(StrEnum):
    FULL_INSPECTION = "full_inspection"
    LSCB_REVIEW = "lscb_review"
    UNREADABLE = "unreadable"


class ReportFramework(StrEnum):
    """The report's format, finer than rules.Framework; these are the JSON `framework` values.

    pre_sif_looked_after_children  "Inspection of looked after children services" (to 2013)
    pre_sif_safeguarding           safeguarding and looked after children (2009–2012) and
                                   "arrangements for the protection of children" (2012–2013)
    sif                            SIF inspection, usually with the LSCB review (Nov 2013–2017)
    sif_reinspection               "Re-inspection of services for children…" (2016–Jan 2018)
    ilacs_2018                     "Inspection of children's social care services" (2018–2020)
    ilacs                          "Inspection of <authority> children's services" (to Mar 2026)
    ilacs_2026                     the same, on site from 1 April 2026: no overall effectiveness
    """

    PRE_SIF_LOOKED_AFTER_CHILDREN = "pre_sif_looked_after_children"
    PRE_SIF_SAFEGUARDING = "pre_sif_safeguarding"
    SIF = "sif"
    SIF_REINSPECTION = "sif_reinspection"
    ILACS_2018 = "ilacs_2018"
    ILACS = "ilacs"
    ILACS_2026 = "ilacs_2026"


#: The report format → the model's framework.
MODEL_FRAMEWORK = {
    ReportFramework.PRE_SIF_LOOKED_AFTER_CHILDREN: Framework.PRE_SIF,
    ReportFramework.PRE_SIF_SAFEGUARDING: Framework.PRE_SIF,
    ReportFramework.SIF: Framework.SIF,
    ReportFramework.SIF_REINSPECTION: Framework.SIF,
    ReportFramework.ILACS_2018: Framework.ILACS,
    ReportFramework.ILACS: Framework.ILACS,
    ReportFramework.ILACS_2026: Framework.ILACS_2026,
}

#: The report format → the inspection type it proves (ILACS short/standard is not printed).
MODEL_TYPE = {
    ReportFramework.PRE_SIF_LOOKED_AFTER_CHILDREN: InspectionType.STANDARD,
    ReportFramework.PRE_SIF_SAFEGUARDING: InspectionType.STANDARD,
    ReportFramework.SIF: InspectionType.STANDARD,
    ReportFramework.SIF_REINSPECTION: InspectionType.REINSPECTION,
}

#: The keys every reading's grades carry (rules.OVERALL and the areas), in output order.
GRADE_KEYS: tuple[str, ...] = (
    OVERALL,
    Area.HELP_AND_PROTECTION,
    Area.CHILDREN_IN_CARE,
    Area.CARE_LEAVERS,
    Area.ADOPTION,
    Area.LEADERSHIP,
    Area.LSCB,
    Area.CAPACITY_TO_IMPROVE,
)
#: Further judgements of the frameworks before SIF (no later framework has them).
OUTCOMES = "outcomes"
QUALITY_OF_PROVISION = "quality_of_provision"
QUALITY_OF_PRACTICE = "quality_of_practice"
#: In a combined safeguarding and looked after children report, the looked-after section's
#: judgements carry this prefix; the safeguarding section's are the main keys.
LOOKED_AFTER_PREFIX = "looked_after_"


#: A report runs to tens of pages (the longest of the shared reports has 46); a document far
#: beyond that is refused before any page is read.
MAX_PAGES = 200
#: Where the contents page leads nowhere, at most this many pages are searched for a section.
SCAN_PAGES = 80
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


class ReportUnreadable(Exception):
    """The file is not a report this module can read; the message says why, for a person."""


@dataclass
class ReportReading:
    file: str
    kind: ReportKind = ReportKind.UNREADABLE
    framework: ReportFramework | None = None
    authority: str = ""
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    published: dt.date | None = None
    lead_inspector: str = ""
    grades: dict[str, Grade | None] = field(default_factory=lambda: dict.fromkeys(GRADE_KEYS))
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def model_framework(self) -> Framework:
        return MODEL_FRAMEWORK.get(self.framework, Framework.UNKNOWN)

    @property
    def inspection_type(self) -> InspectionType:
        return MODEL_TYPE.get(self.framework, InspectionType.UNKNOWN)

    def as_json(self) -> dict:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "file": self.file,
            "kind": str(self.kind),
            "framework": str(self.framework) if self.framework else None,
            "authority": self.authority or None,
            "inspection_start": iso(self.inspection_start),
            "inspection_end": iso(self.inspection_end),
            "published": iso(self.published),
            "lead_inspector": self.lead_inspector or None,
            "grades": {key: str(grade) if grade else None for key, grade in self.grades.items()},
            "warnings": list(self.warnings),
            "error": self.error,
        }

    @classmethod
    def from_json(cls, data: dict) -> ReportReading:
        """The reading `as_json` gave (from the child process that read it)."""

        def day(text: str | None) -> dt.date | None:
            return dt.date.fromisoformat(text) if text else None

        return cls(
            file=data["file"],
            kind=ReportKind(data["kind"]),
            framework=ReportFramework(data["framework"]) if data["framework"] else None,
            authority=data["authority"] or "",
            inspection_start=day(data["inspection_start"]),
            inspection_end=day(data["inspection_end"]),
            published=day(data["published"]),
            lead_inspector=data["lead_inspector"] or "",
            grades={key: Grade(value) if value else None for key, value in data["grades"].items()},
            warnings=list(data["warnings"]),
            error=data["error"],
        )


# --- Words -----------------------------------------------------------------------------------

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
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b"
_DATE = rf"\d{{1,2}}\s+{_MONTH}\s+\d{{4}}"
_DASH = r"(?:to|-|–|—)"

#: A grade as printed. "Inadequate" before "adequate" so that the longer word wins.
_GRADE = (
    r"(?P<grade>inadequate|adequate|outstanding|good|"
    r"requires?\s+improvement(?:\s+to\s+be\s+good)?)\b"
)
_GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "adequate": Grade.ADEQUATE,
    "inadequate": Grade.INADEQUATE,
}
#: Before SIF, "Grade N" goes with one word.
_GRADE_NUMBERS = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.ADEQUATE, 4: Grade.INADEQUATE}


def grade_from_words(text: str) -> Grade:
    words = " ".join(text.lower().split())
    if words.startswith("require"):
        return Grade.REQUIRES_IMPROVEMENT
    return _GRADE_WORDS[words]


def flatten(text: str) -> str:
    """One line, single spaces, plain quotes and dashes: labels wrap anywhere in a PDF."""
    text = text.replace("’", "'").replace("‘", "'").replace("\u00a0", " ")
    text = re.sub(r"\s*[–—]\s*", " – ", text)
    return " ".join(text.split())


def parse_day(text: str) -> dt.date:
    day, month, year = text.split()
    return dt.date(int(year), MONTHS[month.lower()], int(day))


def parse_date_range(text: str) -> tuple[dt.date, dt.date, bool]:
    """'8 – 12 July 2013', '4 to 15 February 2019', '25 February to 8 March 2019',
    '6 December 2021 to 17 December 2021' → (start, end, year_inferred)."""
    match = re.fullmatch(
        rf"(\d{{1,2}})(?:\s+({_MONTH}))?(?:\s+(\d{{4}}))?\s*{_DASH}\s*"
        rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})",
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


# --- The document ----------------------------------------------------------------------------


class Document:
    """A PDF's pages, extracted lazily and cached: a report needs only some of them."""

    def __init__(self, data: bytes):
        from pypdf import PdfReader

        self._reader = PdfReader(io.BytesIO(data), strict=False)
        self._texts: dict[int, str] = {}

    @property
    def reader(self):
        return self._reader

    def __len__(self) -> int:
        return len(self._reader.pages)

    def text(self, index: int) -> str:
        if index not in self._texts:
            self._texts[index] = self._reader.pages[index].extract_text() or ""
        return self._texts[index]

    def flat(self, index: int) -> str:
        return flatten(self.text(index))


def _open(path: Path) -> Document:
    """The PDF, or ReportUnreadable saying in plain words why not."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ReportUnreadable(f"cannot read the file: {error.strerror or error}") from error
    if not data.strip():
        raise ReportUnreadable("empty file: it holds no report")
    if b"%PDF-" not in data[:1024]:
        start = data[:60].decode("utf-8", "replace").strip().splitlines()[0][:40]
        looks_like = " (it looks like a saved web page)" if b"<html" in data[:2048].lower() else ""
        raise ReportUnreadable(f"not a PDF: the file starts with '{start}'{looks_like}")
    if b"%%EOF" not in data[-2048:]:
        raise ReportUnreadable(
            "truncated PDF: the file has no end-of-file marker, so it was cut short "
            "(an interrupted download or copy)"
        )
    try:
        document = Document(data)
        # A PDF locked only against editing opens with the empty password.
        if document.reader.is_encrypted and not document.reader.decrypt(""):
            raise ReportUnreadable("encrypted PDF: it needs a password to open")
        if len(document) == 0:
            raise ReportUnreadable("the PDF has no pages")
        if len(document) > MAX_PAGES:
            raise ReportUnreadable(
                f"the PDF has {len(document):,} pages; a report runs to tens of pages, so this "
                f"is not one (at most {MAX_PAGES} are read)"
            )
        document.text(0)
    except (ReportUnreadable, MemoryError):
        raise
    except Exception as error:  # pypdf raises many types on damaged input; none may escape
        if "crypt" in str(error).lower() or "password" in str(error).lower():
            raise ReportUnreadable(f"encrypted PDF: cannot be opened ({error})") from error
        raise ReportUnreadable(f"damaged PDF: {error}") from error
    return document


# --- Framework from the cover ----------------------------------------------------------------

_TITLES: list[tuple[str, ReportFramework, ReportKind]] = [
    (r"Re-inspection of services for children in need of help and protection",
     ReportFramework.SIF_REINSPECTION, ReportKind.FULL_INSPECTION),
    (r"Inspection of services for children in need of help and protection",
     ReportFramework.SIF, ReportKind.FULL_INSPECTION),
    (r"Review of the effectiveness of the Local Safeguarding Children Board",
     ReportFramework.SIF, ReportKind.LSCB_REVIEW),
    (r"Inspection of safeguarding and looked after children services",
     ReportFramework.PRE_SIF_SAFEGUARDING, ReportKind.FULL_INSPECTION),
    (r"Inspection of (?:local authority )?arrangements for the protection of children",
     ReportFramework.PRE_SIF_SAFEGUARDING, ReportKind.FULL_INSPECTION),
    (r"Inspection of looked after children services",
     ReportFramework.PRE_SIF_LOOKED_AFTER_CHILDREN, ReportKind.FULL_INSPECTION),
    (r"Inspection of (?:children's social care services|local authority children's services)\b",
     ReportFramework.ILACS_2018, ReportKind.FULL_INSPECTION),
    (r"Inspection of (?P<authority>.{2,90}?) (?:local authority )?children's services\b",
     ReportFramework.ILACS, ReportKind.FULL_INSPECTION),
]  # fmt: skip


def _identify(cover: str) -> tuple[ReportFramework, ReportKind, re.Match]:
    """The report format from its title, which is printed in the first lines of page 1."""
    head = cover[:600]
    if match := re.search(
        r"\b(Focused visit|Monitoring visit|Joint targeted area inspection)\b", head[:400], re.I
    ):
        raise ReportUnreadable(
            f"not an inspection report: a {match[1].lower()} letter, which gives no grades"
        )
    for pattern, framework, kind in _TITLES:
        if match := re.search(pattern, head, re.IGNORECASE):
            return framework, kind, match
    words = " ".join(cover.split()[:12]) or "no text at all"
    raise ReportUnreadable(
        "unknown format: page 1 has no title of an Ofsted children's services inspection "
        f"report (it begins '{words}')"
    )


# --- Grades ----------------------------------------------------------------------------------


class GradeBook:
    """Every place a grade was read, so that places that disagree leave the grade empty."""

    def __init__(self) -> None:
        self.seen: dict[str, list[tuple[Grade, str]]] = {}

    def add(self, key: str, grade: Grade, where: str) -> None:
        self.seen.setdefault(key, []).append((grade, where))

    def settle(self, reading: ReportReading) -> None:
        for key, places in self.seen.items():
            grades = {grade for grade, _ in places}
            if len(grades) == 1:
                reading.grades[key] = places[0][0]
            else:
                reading.grades[key] = None
                listed = "; ".join(f"{where}: '{grade.label}'" for grade, where in places)
                reading.warnings.append(
                    f"{key}: the report's grades disagree ({listed}); left empty for a person "
                    "to settle"
                )


def _find_grades(
    text: str, patterns: dict[str, str], book: GradeBook, where: str, *, once: bool = False
) -> set[str]:
    """Add each key's `LABEL GRADE` matches in `text` to the book; return the keys found."""
    found = set()
    for key, label in patterns.items():
        for match in re.finditer(label + r"\s+" + _GRADE, text, re.IGNORECASE):
            book.add(key, grade_from_words(match["grade"]), where)
            found.add(key)
            if once:
                break
    return found


# --- Pages named by the contents -------------------------------------------------------------


def _printed_number(text: str) -> int | None:
    """The page number printed at the top of a page (the first number-only line)."""
    for line in text.splitlines()[:5]:
        if line.strip().isdigit():
            return int(line.strip())
    return None


def _contents(document: Document, last: int = 4) -> tuple[list[tuple[str, int]], int]:
    """(entry, printed page) pairs of the contents page, and index minus printed page number."""
    for index in range(1, min(last, len(document))):
        text = document.text(index)
        if not re.search(r"^\s*Contents\s*$", text, re.MULTILINE):
            continue
        printed = _printed_number(text)
        offset = index - printed if printed is not None else -1
        entries: list[tuple[str, int]] = []
        pending = ""
        for line in text.split("Contents", 1)[1].splitlines():
            line = flatten(line)
            if not line:
                continue
            if match := re.fullmatch(r"(.*?)\s*(\d{1,3})", line):
                entries.append((flatten(f"{pending} {match[1]}"), int(match[2])))
                pending = ""
            else:
                pending = f"{pending} {line}"[-200:]
        return entries, offset
    return [], -1


def _pages_for(
    document: Document, entries: list[tuple[str, int]], offset: int, entry_pattern: str
) -> list[int]:
    """The page indexes where the contents entries matching `entry_pattern` start."""
    indexes = []
    for title, printed in entries:
        if re.search(entry_pattern, title, re.IGNORECASE):
            index = printed + offset
            if 0 < index < len(document):
                indexes.append(index)
    return indexes


def _search_section(
    document: Document,
    start_pages: list[int],
    wanted: str,
    *,
    spill: int = 1,
    scan_all: bool = False,
) -> tuple[int, str] | None:
    """The first of the section's pages (and the `spill` pages after it) whose text matches
    `wanted`, as (index, flattened text of the page and the one before); with `scan_all`, the
    first SCAN_PAGES pages when the contents led nowhere."""
    tried: set[int] = set()
    candidates = [i + step for i in start_pages for step in range(spill + 1)]
    if scan_all:
        candidates += range(1, min(len(document), SCAN_PAGES))
    for index in candidates:
        if index in tried or not 0 <= index < len(document):
            continue
        tried.add(index)
        joined = _without_running_heads(document, index - 1, index) if index > 0 else ""
        if re.search(wanted, joined, re.IGNORECASE):
            return index, joined
    return None


def _without_running_heads(document: Document, first: int, last: int) -> str:
    """Pages first..last flattened, without page numbers and running headers, so that a section
    heading at the foot of one page reads on into the grade at the top of the next."""
    parts = []
    for index in range(max(first, 0), last + 1):
        if index not in document._texts and index != last:
            continue  # never extract a page just to join it
        lines = document.text(index).splitlines()
        while lines and (
            not lines[0].strip()
            or lines[0].strip().isdigit()
            or re.search(r"Inspection of .*services\s*$", lines[0])
        ):
            lines.pop(0)
        parts.append(flatten("\n".join(lines)))
    return " ".join(parts)


# --- Fields common to the formats ------------------------------------------------------------


def _read_dates(reading: ReportReading, cover: str) -> None:
    match = re.search(
        rf"Inspection dates?:?\s*(?P<range>(?:\d{{1,2}}(?:\s+{_MONTH})?(?:\s+\d{{4}})?)\s*"
        rf"{_DASH}\s*{_DATE})",
        cover,
        re.IGNORECASE,
    )
    if not match:
        reading.warnings.append("on-site dates: no 'Inspection dates' line on page 1; left empty")
        return
    try:
        start, end, inferred = parse_date_range(match["range"])
    except ValueError:
        reading.warnings.append(
            f"on-site dates: cannot read '{match['range']}' as two dates; left empty"
        )
        return
    reading.inspection_start, reading.inspection_end = start, end
    if inferred:
        reading.warnings.append(
            f"on-site dates '{match['range']}': the start's year is not printed; read as "
            f"{start.year}, the year before the end"
        )


def _read_published(reading: ReportReading, cover: str) -> None:
    match = re.search(rf"\b(?:Report )?published:?\s*({_DATE})", cover, re.IGNORECASE)
    if not match:
        reading.warnings.append(
            "publication date: not printed on page 1 where this format prints it; left empty"
        )
        return
    reading.published = parse_day(match[1])


_INSPECTOR_TITLES = re.compile(
    r"[,\s]*(?:(?:Her|His) Majesty's Inspector(?:\s+\(HMI\))?|HMI|Senior HMI|"
    r"Associate Inspector|Ofsted Inspector)\s*\.?\s*$",
    re.IGNORECASE,
)


def _read_lead_inspector(text: str) -> str:
    """The name after 'Lead inspector:' (or 'Reporting inspector'), without the title."""
    lines = [flatten(line) for line in text.splitlines()]
    for number, line in enumerate(lines):
        match = re.match(r"(?:Lead|Reporting) inspector\s*:?\s*(.*)", line, re.IGNORECASE)
        if match:
            # The name may wrap onto the next line when the label fills the first.
            found = match[1] or next((rest for rest in lines[number + 1 :] if rest), "")
            name = plausible_person(_INSPECTOR_TITLES.sub("", found).strip(" ,.;"))
            if name:
                return name
    return ""


# --- ILACS -----------------------------------------------------------------------------------

#: Judgement table labels → key. Checked in order: "children in care and care leavers" first.
_ILACS_ROWS: list[tuple[str, str]] = [
    (r"The impact of leaders on (?:social work )?practice with children and families",
     Area.LEADERSHIP),
    (r"The experiences and progress of children who need help and protection",
     Area.HELP_AND_PROTECTION),
    (r"The experiences and progress of children in care and care leavers",
     Area.CHILDREN_IN_CARE),
    (r"The experiences and progress of children in care", Area.CHILDREN_IN_CARE),
    (r"The experiences and progress of care leavers", Area.CARE_LEAVERS),
    (r"Overall effectiveness", OVERALL),
]  # fmt: skip


def _read_ilacs(document: Document, reading: ReportReading, framework: ReportFramework) -> None:
    cover = document.flat(0)
    _read_dates(reading, cover)
    reading.lead_inspector = _read_lead_inspector(document.text(0))
    if not reading.lead_inspector:
        reading.warnings.append("lead inspector: no 'Lead inspector' line on page 1; left empty")

    table = re.search(r"\bJudgement\s+Grade\b", cover, re.IGNORECASE)
    if not table:
        reading.warnings.append("grades: page 1 has no 'Judgement / Grade' table; none read")
        reading.framework = framework
        return
    book, position, text = GradeBook(), table.end(), cover
    row_labels = "|".join(f"(?P<r{i}>{label})" for i, (label, _) in enumerate(_ILACS_ROWS))
    row = re.compile(rf"\s*(?:{row_labels})\s+{_GRADE}", re.IGNORECASE)
    combined = False
    # The table is a run of "label grade" rows; the first thing that is not a row ends it.
    while True:
        while match := row.match(text, position):
            index = next(int(name[1:]) for name, value in match.groupdict().items() if value and
                         name.startswith("r"))  # fmt: skip
            key = _ILACS_ROWS[index][1]
            combined |= index == 2
            book.add(key, grade_from_words(match["grade"]), "the judgement table")
            position = match.end()
        if text is not cover or text[position:].strip() or len(document) < 2:
            break
        # The table ran to the foot of page 1: it goes on at the top of page 2.
        text = cover + " " + _without_running_heads(document, 1, 1)
    book.settle(reading)
    if not book.seen:
        reading.warnings.append("grades: the judgement table's rows could not be read; none read")

    has_overall = OVERALL in book.seen
    started = reading.inspection_start
    if framework == ReportFramework.ILACS and not has_overall:
        if started and started >= rules.ILACS_2026_STARTS:
            framework = ReportFramework.ILACS_2026
        else:
            reading.warnings.append(
                "framework: the judgement table has no overall effectiveness row, as ILACS "
                "reports have only from April 2026, but the inspection "
                + (f"started on {started}" if started else "has no readable start date")
                + "; framework left empty"
            )
            framework = None
    if combined and reading.grades[Area.CARE_LEAVERS]:
        reading.warnings.append("care_leavers: also judged with children in care; left empty")
        reading.grades[Area.CARE_LEAVERS] = None
    reading.framework = framework


def _ilacs_authority(cover: str, match: re.Match, framework: ReportFramework) -> str:
    if framework == ReportFramework.ILACS:
        return match["authority"].strip()
    # 2018–2020: the authority is printed above the title (after the page number, if any).
    before = cover[: match.start()].strip()
    return re.sub(r"^\d+\s+", "", before).strip()


# --- SIF -------------------------------------------------------------------------------------

#: Page 1's numbered summary (and the 2014 cover's LSCB sentence); no colon after the label, so
#: that a list of a previous inspection's grades ("adoption performance: good") is never read.
_SIF_SUMMARY = {
    Area.HELP_AND_PROTECTION: r"\b1\.\s*Children who need help and protection",
    Area.CHILDREN_IN_CARE: r"\b2\.\s*Children looked after and achieving permanence",
    Area.ADOPTION: r"\b2\.1\.?\s*Adoption performance",
    Area.CARE_LEAVERS: r"\b2\.2\.?\s*(?:The )?Experiences? and progress of care leavers",
    Area.LEADERSHIP: r"\b3\.\s*Leadership, management and governance",
    Area.LSCB: r"The effectiveness of the Local Safeguarding Children Board(?: \(LSCB\))?"
    r"(?: is| are)?",
}
_SIF_OVERALL = (
    r"(?:The overall judgement is(?: that children's services)?|"
    r"Children's services in [A-Z][^.]{0,80}?)(?:\s+(?:are|is))?(?:\s+judged to be)?"
)
#: The body: the key judgements at the head of their sections, the graded sub-judgements, the
#: LSCB section.
_SIF_BODY = {
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


def _read_sif(document: Document, reading: ReportReading, kind: ReportKind) -> None:
    cover = document.flat(0)
    _read_dates(reading, cover)
    _read_published(reading, cover)
    book = GradeBook()
    if kind == ReportKind.FULL_INSPECTION:
        if match := re.search(_SIF_OVERALL + r"\s+" + _GRADE, cover, re.IGNORECASE):
            book.add(OVERALL, grade_from_words(match["grade"]), "page 1")
        _find_grades(cover, _SIF_SUMMARY, book, "page 1 summary", once=True)
    else:
        _find_grades(cover, {Area.LSCB: _SIF_BODY[Area.LSCB]}, book, "page 1", once=True)

    entries, offset = _contents(document)
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
        if reading.framework == ReportFramework.SIF_REINSPECTION and Area.LSCB in keys:
            continue  # re-inspections review no LSCB
        if kind == ReportKind.LSCB_REVIEW and Area.LSCB not in keys:
            continue
        wanted = "|".join(_SIF_BODY[key] + r"\s+" + _GRADE for key in keys)
        pages = _pages_for(document, entries, offset, entry)
        if not pages and not needed:
            continue
        found = _search_section(document, pages, wanted, scan_all=needed)
        if found:
            index, text = found
            checked |= _find_grades(
                text, {key: _SIF_BODY[key] for key in keys}, book, f"page {index + 1}", once=True
            )

    pages = _pages_for(document, entries, offset, r"Information about this inspection")
    found = _search_section(document, pages, r"Lead inspector", spill=2, scan_all=True)
    if found:
        index, _ = found
        reading.lead_inspector = _read_lead_inspector(document.text(index))
    if not reading.lead_inspector:
        reading.warnings.append(
            "lead inspector: no 'Lead inspector' line in 'Information about this inspection'; "
            "left empty"
        )
    book.settle(reading)
    if kind == ReportKind.FULL_INSPECTION:
        _warn_missing(reading, (OVERALL, *_SIF_SUMMARY))


def _sif_authority(cover: str, match: re.Match) -> str:
    before = cover[: match.start()].strip()
    return re.sub(r"^\d+\s+", "", before).strip()


def _warn_missing(reading: ReportReading, keys) -> None:
    for key in keys:
        if key == Area.LSCB and reading.framework == ReportFramework.SIF_REINSPECTION:
            continue
        if reading.grades.get(key) is None and not any(
            w.startswith(f"{key}:") for w in reading.warnings
        ):
            reading.warnings.append(
                f"{key}: no grade found where this format prints it; left empty"
            )


# --- Before SIF ------------------------------------------------------------------------------

#: Record of main findings and section labels → key (checked in this order).
_PRE_SIF_LABELS: list[tuple[str, str]] = [
    (r"Overall effectiveness(?: of [a-z ,]+?(?:children|young people|carers))?", OVERALL),
    (r"Capacity (?:to|for) improve(?:ment)?", Area.CAPACITY_TO_IMPROVE),
    (r"Outcomes for looked after children(?: and young people)?", OUTCOMES),
    (r"Quality of provision", QUALITY_OF_PROVISION),
    (r"(?:The )?quality of practice", QUALITY_OF_PRACTICE),
    (r"Leadership and (?:management|governance)", Area.LEADERSHIP),
    (r"(?:The )?effectiveness of (?:the )?help and protection(?: [a-z ,]+?carers)?",
     "effectiveness_of_help_and_protection"),
]  # fmt: skip


def _read_pre_sif(document: Document, reading: ReportReading) -> None:
    cover = document.flat(0)
    _read_dates(reading, cover)
    _read_published(reading, cover)
    reading.lead_inspector = _read_lead_inspector(document.text(0))
    if not reading.lead_inspector:
        reading.warnings.append(
            "lead inspector: no 'Reporting inspector' line on page 1; left empty"
        )
    book = GradeBook()
    entries, offset = _contents(document)

    # The record of main findings: one table of every grade, under section headings.
    pages = _pages_for(document, entries, offset, r"Record of main findings")
    found = _search_section(
        document, pages or [len(document) - 1, len(document) - 2], r"Record of main findings"
    )
    if found:
        _, text = found
        record = text.split("Record of main findings", 1)[1]
        _read_record(record, book)
    else:
        reading.warnings.append("grades: no 'Record of main findings' table found")

    # Each judgement's own section, headed "<label> Grade N (word)".
    for label, key in _PRE_SIF_LABELS:
        pages = _pages_for(document, entries, offset, "^" + label)
        wanted = rf"{label}\s+Grade\s+[1-4]\s*\("
        found = _search_section(document, pages, wanted)
        if not found:
            continue
        index, text = found
        for match in re.finditer(
            rf"{label}\s+Grade\s+(?P<number>[1-4])\s*\(\s*{_GRADE}\s*\)", text, re.IGNORECASE
        ):
            grade = grade_from_words(match["grade"])
            if _GRADE_NUMBERS[int(match["number"])] != grade:
                reading.warnings.append(
                    f"{key}: page {index + 1} prints 'Grade {match['number']} "
                    f"({match['grade']})', a number and a word that do not agree"
                )
                continue
            book.add(key, grade, f"page {index + 1}")
            break
    book.settle(reading)
    _warn_missing(reading, (OVERALL, Area.CAPACITY_TO_IMPROVE, Area.LEADERSHIP))


def _read_record(record: str, book: GradeBook) -> None:
    """'Services for looked after children Overall effectiveness Inadequate Capacity to improve
    Inadequate …'; in a combined report the looked-after section's keys get a prefix."""
    labels = "|".join(f"(?P<l{i}>{label})" for i, (label, _) in enumerate(_PRE_SIF_LABELS))
    row = re.compile(rf"(?:{labels})\s+{_GRADE}", re.IGNORECASE)
    section_starts = [
        (m.start(), m[0].lower())
        for m in re.finditer(
            r"Safeguarding services|Services for looked after children", record, re.IGNORECASE
        )
    ]
    sections = {name for _, name in section_starts}
    for match in row.finditer(record):
        index = next(int(n[1:]) for n, v in match.groupdict().items() if v and n.startswith("l"))
        key = _PRE_SIF_LABELS[index][1]
        section = next(
            (name for start, name in reversed(section_starts) if start < match.start()), ""
        )
        if len(sections) > 1 and section.startswith("services for looked after"):
            key = LOOKED_AFTER_PREFIX + key
        if key not in book.seen or not any(w == "record of main findings"
                                           for _, w in book.seen[key]):  # fmt: skip
            book.add(key, grade_from_words(match["grade"]), "record of main findings")


def _pre_sif_authority(cover: str, match: re.Match) -> str:
    after = cover[match.end() :]
    authority = re.split(r"\s*Inspection dates?\b", after, maxsplit=1, flags=re.IGNORECASE)[0]
    return authority.strip(" ,")


# --- The reader ------------------------------------------------------------------------------


def report_read_in_process(path: str | Path, *, published: dt.date | None = None) -> ReportReading:
    """Read one report in this process, unbounded in time and memory: the site reads files only
    through report_process (a child process with a deadline and a memory limit), which calls
    this. `published` is the caller's publication date, used when the report prints none
    (ILACS); a printed date always wins, and a different one is a warning."""
    path = Path(path)
    reading = ReportReading(file=str(path))
    try:
        document = _open(path)
        cover = document.flat(0)
        framework, kind, title = _identify(cover)
        reading.kind, reading.framework = kind, framework
        if framework in (ReportFramework.ILACS, ReportFramework.ILACS_2018):
            printed = _ilacs_authority(cover, title, framework)
            _read_ilacs(document, reading, framework)
        elif framework in (ReportFramework.SIF, ReportFramework.SIF_REINSPECTION):
            printed = _sif_authority(cover, title)
            _read_sif(document, reading, kind)
        else:
            printed = _pre_sif_authority(cover, title)
            _read_pre_sif(document, reading)
        # The cover's text is never taken as it is: only what looks like a name is a name.
        reading.authority = plausible_name(printed)
        if not printed:
            reading.warnings.append("authority: no name on the cover; left empty")
        elif not reading.authority:
            reading.warnings.append(
                f"authority: the cover's text where the name is printed ({len(printed)} "
                "characters) does not look like an authority's name; not found, choose it"
            )
    except ReportUnreadable as error:
        return ReportReading(file=str(path), error=str(error))
    except MemoryError:
        raise  # the child process's memory limit: report_worker answers for it
    except Exception as error:  # pypdf can fail on a damaged page after the cover
        return ReportReading(file=str(path), error=f"damaged PDF: {type(error).__name__}: {error}")

    _check_framework_dates(reading)
    _check_dates(reading, published)
    return reading


def _check_framework_dates(reading: ReportReading) -> None:
    if reading.framework is None or reading.inspection_start is None:
        return
    by_date = rules.framework_for_start(reading.inspection_start)
    if by_date != reading.model_framework:
        reading.warnings.append(
            f"framework: the report is in the {reading.framework} format, but on-site work that "
            f"started on {reading.inspection_start} falls under {Framework(by_date).label}; "
            "check the report"
        )


def _check_dates(reading: ReportReading, published: dt.date | None) -> None:
    start, end = reading.inspection_start, reading.inspection_end
    if published:
        if reading.published is None:
            reading.published = published
        elif reading.published != published:
            reading.warnings.append(
                f"published: the report prints {reading.published}; the date supplied "
                f"({published}) was not used"
            )
    if reading.published and end and reading.published < end:
        reading.warnings.append(
            f"published {reading.published} is before the inspection ended ({end}); check it"
        )
    if start and end and end - start > dt.timedelta(days=62):
        reading.warnings.append(
            f"on-site dates: {start} to {end} is longer than any inspection; check them"
        )
