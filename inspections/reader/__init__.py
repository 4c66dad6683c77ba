"""Reading Ofsted's report PDFs: one module per format behind one registry, run in a bounded child.

    with ReportReader() as reader:          # one child process, a deadline per file
        reading = reader.read(path)         # a ReportReading; `error` set for a bad file
    reading = report_read(path)             # the same, with a child of its own
    for path, reading in read_many(paths):  # a child per core, the readings in order

Modules: `formats/` (one per format: its layouts, titles and how it reads), `registry` (which
format a report is in), `read` (one report in this process), `reading` (the result), `findings`
(what to check, by field), `common` (dates, inspector and grades several formats read alike),
`pdf` (opening a PDF, its pages and contents), `text` (dates, grades and names as printed),
`process` and `worker` (the bounded child process).
"""

from .findings import Finding
from .pdf import MAX_PAGES, SCAN_PAGES, ReportUnreadable
from .process import ReportReader, read_many, report_read, size_refusal
from .read import report_read_in_process
from .reading import GRADE_KEYS, Layout, ReportKind, ReportReading
from .text import parse_day, plausible_name, plausible_person

__all__ = [
    "GRADE_KEYS",
    "MAX_PAGES",
    "SCAN_PAGES",
    "Finding",
    "Layout",
    "ReportKind",
    "ReportReader",
    "ReportReading",
    "ReportUnreadable",
    "parse_day",
    "plausible_name",
    "plausible_person",
    "read_many",
    "report_read",
    "report_read_in_process",
    "size_refusal",
]
