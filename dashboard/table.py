"""The `Table`: what a page shows as a table, and what its CSV and JSON hold.

A table is columns (a stable snake_case key, a label for the page, a kind) and rows (dicts of raw
values by key: dates, grade keys, numbers, text, None). The page renders it through one include
(`templates/dashboard/_table.html`); the downloads stream it through one writer
(`dashboard.downloads`). Columns marked `on_page=False` are in the files only (codes, URLs, the
exact dates a reader of the page does not need). Each page's tables are built from the same
series as its figure (`national_tables`, `index_tables`, `inspection_tables`), so the caption,
the table and the files come from the same object.

Files: dates are ISO 8601; grades are words; a missing value is empty (CSV) or null (JSON),
never a zero. The page: dates in words, grades as tags, a missing value as a dash or the
column's own words for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from inspections.rules import Framework, Grade

#: Makes a site path absolute (dashboard.site.absolute, from SITE_URL).
Absolute = Callable[[str], str]

TEXT = "text"
NUMBER = "number"
DATE = "date"
GRADE = "grade"
URL = "url"
PERCENT = "percent"
BOOL = "bool"

#: A row may say, for the page only, why a cell is empty: {column key: words}.
PAGE_MISSING = "page_missing"


@dataclass(frozen=True)
class Column:
    key: str  # the files' column name and JSON key: stable snake_case
    label: str  # the page's column header
    kind: str = TEXT
    on_page: bool = True
    #: what the page says where the value is missing (files: empty or null)
    missing: str = "–"
    #: another column whose value the page writes beside this one's, in brackets (a share
    #: beside its count); the files keep both columns
    beside: str = ""


@dataclass(frozen=True)
class Pivot:
    """How the page lays out a long table wide: a row per distinct value of the other columns,
    a column per value of `across` (headed by the `label` column's value) holding `value`."""

    across: str
    label: str
    value: str


@dataclass(frozen=True)
class Table:
    name: str  # the download's file name, without extension
    title: str  # the page's caption and the JSON's title
    columns: tuple[Column, ...]
    rows: Iterable[dict]
    #: the column whose value heads each row on the page (<th scope="row">)
    header: str = ""
    #: the column whose value keys each row on the page (<tr data-key>): an ISO date, a slug
    row_key: str = ""
    #: the page groups rows in one <tbody> per value of this column (compare: per authority)
    group_by: str = ""
    #: a last row that totals the others (England): first in the files, the page's <tfoot>
    total: dict | None = None
    #: words under the caption on the page
    note: str = ""
    #: the page shows the rows wide (the files keep them long)
    pivot: Pivot | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @functools.cached_property
    def page_columns(self) -> list[Column]:
        """The columns the page shows: the row header's first."""
        shown = [column for column in self.columns if column.on_page]
        return sorted(shown, key=lambda column: column.key != self.header)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def page(self) -> Table:
        """The table as the page lays it out: itself, or its rows pivoted wide."""
        if self.pivot is None:
            return self
        across, label, value = self.pivot.across, self.pivot.label, self.pivot.value
        pivoted = {across, label, value}
        base = [column for column in self.columns if column.key not in pivoted]
        value_column = self.column(value)
        wide: dict[tuple, dict] = {}
        headings: dict[str, str] = {}
        for row in self.rows:
            identity = tuple(row.get(column.key) for column in base)
            headings.setdefault(row[across], row[label])
            wide.setdefault(identity, {c.key: row.get(c.key) for c in base})[row[across]] = row[
                value
            ]
        columns = (
            *base,
            *(
                Column(key, heading, value_column.kind, missing=value_column.missing)
                for key, heading in headings.items()
            ),
        )
        rows = list(wide.values())
        if self.row_key:
            rows.sort(key=lambda row: (row[self.row_key] is None, row[self.row_key] or 0))
        return replace(self, columns=columns, rows=rows, pivot=None)

    def records(self) -> Iterator[dict]:
        """Every row as the files hold it, the total first."""
        if self.total is not None:
            yield self.total
        yield from self.rows

    def row_groups(self) -> list[tuple[str, list[dict]]]:
        """The rows in their page groups (one group, unnamed, unless `group_by`)."""
        if not self.group_by:
            return [("", list(self.rows))]
        groups: dict[str, list[dict]] = {}
        for row in self.rows:
            groups.setdefault(row[self.group_by], []).append(row)
        return list(groups.items())


def file_value(column: Column, value):
    """A cell as the files hold it: ISO dates, grade words, None for missing."""
    if value is None or value == "":
        return None
    if column.kind == DATE:
        return value.isoformat()
    if column.kind == GRADE:
        return Grade(value).label
    if column.kind == PERCENT:
        return round(value, 1)
    return value


def framework_word(framework: str) -> str | None:
    return Framework(framework).label if framework else None
