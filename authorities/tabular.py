"""Reading the CSV files the importers take: from a path or a URL, strictly UTF-8, line-numbered.

Problems of structure (unreadable source, not UTF-8, missing columns, ragged rows) reject the file
whole: they raise ImportRejected naming every bad line. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

FETCH_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class LineProblem:
    line: int | None  # None: the file as a whole
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line else self.reason


class ImportRejected(Exception):
    """The file was rejected whole; nothing was written."""

    def __init__(self, source: str, problems: Iterable[LineProblem]):
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p.line or 0, p.reason))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{source}: rejected, nothing imported ({len(self.problems)} problem"
            f"{'' if len(self.problems) == 1 else 's'}):\n{lines}"
        )


@dataclass
class ImportResult:
    """What an import did (or, with dry_run, would do)."""

    source: str
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[LineProblem] = field(default_factory=list)
    details: dict[str, int] = field(default_factory=dict)

    def warn(self, line: int | None, reason: str) -> None:
        self.warnings.append(LineProblem(line, reason))

    def summary(self) -> str:
        parts = [
            f"{self.created} created",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
        ]
        extra = "".join(f", {n} {what}" for what, n in self.details.items())
        head = f"{self.source}: {', '.join(parts)}{extra}"
        if self.dry_run:
            head += " (would be written; dry run, nothing saved)"
        return head + f"; {len(self.warnings)} warning{'' if len(self.warnings) == 1 else 's'}."


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


def read_source(source: str) -> bytes:
    """The bytes of a local path or an http(s)/file URL."""
    if "://" in source:
        try:
            with urllib.request.urlopen(source, timeout=FETCH_TIMEOUT_SECONDS) as response:  # noqa: S310
                return response.read()
        except (urllib.error.URLError, ValueError, TimeoutError, OSError) as error:
            raise ImportRejected(source, [LineProblem(None, f"could not fetch: {error}")]) from None
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportRejected(
            source, [LineProblem(None, f"could not read: {error.strerror}")]
        ) from None


def decode_utf8(source: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportRejected(
            source,
            [
                LineProblem(
                    line, f"not UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
                )
            ],
        ) from None


def read_rows(source: str, required_columns: Iterable[str]) -> list[Row]:
    """Every data row of a CSV file, with its line number; rejects files of the wrong shape."""
    text = decode_utf8(source, read_source(source))
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportRejected(source, [LineProblem(None, "the file is empty")]) from None
    except csv.Error as error:
        raise ImportRejected(source, [LineProblem(1, f"not a CSV header: {error}")]) from None
    if reader.line_num > 1:
        raise ImportRejected(
            source,
            [
                LineProblem(
                    1,
                    f"the header runs on to line {reader.line_num}: a quote opened on line 1 is "
                    "never closed",
                )
            ],
        )
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise ImportRejected(
            source,
            [
                LineProblem(
                    1, f"missing column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}"
                )
            ],
        )
    rows: list[Row] = []
    problems: list[LineProblem] = []
    for record in _records(reader, problems):
        line, cells = record
        if not any(c.strip() for c in cells):
            continue  # a blank line, e.g. at the end of the file
        if len(cells) != len(header):
            problems.append(
                LineProblem(line, f"{len(cells)} fields where the header has {len(header)}")
            )
            continue
        rows.append(Row(line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    if problems:
        raise ImportRejected(source, problems)
    return rows


def _records(reader, problems: list[LineProblem]) -> Iterator[tuple[int, list[str]]]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(LineProblem(reader.line_num, f"unreadable CSV: {error}"))
            return
        yield reader.line_num, cells
