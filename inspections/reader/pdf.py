"""A report's PDF: opening it safely, its pages' text, and the sections its contents page names.

`open_report` refuses, in plain words, whatever is not a PDF a report could be (empty, a saved web
page, truncated, encrypted, damaged, no pages, far too many pages) before any page but the first
is read. Pages are extracted lazily (about 30 ms a page), so a format reads only the pages it
needs; a search for a section reads at most SCAN_PAGES pages.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from .text import flatten

# pypdf reports recoverable damage through logging ("Ignoring wrong pointing object"); the
# reader's own findings and errors say what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)

#: A report runs to tens of pages (the longest of the shared reports has 46); a document far
#: beyond that is refused before any page is read.
MAX_PAGES = 200
#: Where the contents page leads nowhere, at most this many pages are searched for a section.
SCAN_PAGES = 80


class ReportUnreadable(Exception):
    """The file is not a report the reader can read; the message says why, for a person."""


class Document:
    """A PDF's pages, extracted lazily and cached: a report needs only some of them."""

    def __init__(self, data: bytes):
        from pypdf import PdfReader  # pypdf loads only where a PDF is read: the child process

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

    def is_extracted(self, index: int) -> bool:
        """Whether page `index`'s text has been read already."""
        return index in self._texts

    @property
    def extracted(self) -> Sequence[int]:
        """The indexes of the pages read so far, in order."""
        return sorted(self._texts)


def open_report(path: Path) -> Document:
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


# --- Pages named by the contents -------------------------------------------------------------

#: A contents page's entries: (entry's title, printed page number).
Contents = list[tuple[str, int]]


def _printed_number(text: str) -> int | None:
    """The page number printed at the top of a page (the first number-only line)."""
    for line in text.splitlines()[:5]:
        if line.strip().isdigit():
            return int(line.strip())
    return None


def contents(document: Document, last: int = 4) -> tuple[Contents, int]:
    """(entry, printed page) pairs of the contents page, and index minus printed page number."""
    for index in range(1, min(last, len(document))):
        text = document.text(index)
        if not re.search(r"^\s*Contents\s*$", text, re.MULTILINE):
            continue
        printed = _printed_number(text)
        offset = index - printed if printed is not None else -1
        entries: Contents = []
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


def pages_for(document: Document, entries: Contents, offset: int, entry_pattern: str) -> list[int]:
    """The page indexes where the contents entries matching `entry_pattern` start."""
    indexes = []
    for title, printed in entries:
        if re.search(entry_pattern, title, re.IGNORECASE):
            index = printed + offset
            if 0 < index < len(document):
                indexes.append(index)
    return indexes


def search_section(
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
        joined = without_running_heads(document, index - 1, index) if index > 0 else ""
        if re.search(wanted, joined, re.IGNORECASE):
            return index, joined
    return None


def without_running_heads(document: Document, first: int, last: int) -> str:
    """Pages first..last flattened, without page numbers and running headers, so that a section
    heading at the foot of one page reads on into the grade at the top of the next."""
    parts = []
    for index in range(max(first, 0), last + 1):
        if not document.is_extracted(index) and index != last:
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
