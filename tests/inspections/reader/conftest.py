"""Reading reports made from text (tests/pdfs.py), so each format is tested without the shared
PDFs: a fixture's pages are lists of lines, laid out as the real reports print them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from inspections.reader import ReportReading, report_read_in_process
from tests.pdfs import text_pdf

ReadPages = Callable[..., ReportReading]


@pytest.fixture
def read_pages(tmp_path) -> ReadPages:
    """`read_pages(pages, published=None)`: the reading of a PDF whose page i shows pages[i]."""

    def read(pages: list[list[str]], *, published: dt.date | None = None) -> ReportReading:
        path = tmp_path / "report.pdf"
        path.write_bytes(text_pdf(pages))
        return report_read_in_process(path, published=published)

    return read
