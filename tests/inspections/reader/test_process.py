"""Reading reports in a child process, bounded in time, memory, size and pages (issue 12,
finding 2): a crafted PDF can never hold the server for more than the deadline."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.reader import (
    MAX_PAGES,
    SCAN_PAGES,
    ReportReader,
    findings,
    read_many,
    report_read,
    report_read_in_process,
)
from inspections.reader.pdf import open_report, search_section
from inspections.reports_import import reports_import
from inspections.rules import OVERALL
from tests.pdfs import inflating_pdf, text_pdf

SIF_COVER = [
    "Sandwell Metropolitan Borough Council",
    "Inspection of services for children in need of help and protection, children looked "
    "after and care leavers",
    "Inspection dates: 12 May 2014 to 4 June 2014",
    "Report published: 8 August 2014",
]
NORFOLK_2015 = "80418_norfolk__20-october-2015.pdf"  # the longest shared report: 46 pages


@pytest.fixture(scope="module")
def many_pages(tmp_path_factory) -> Path:
    """5,000 pages of the same text after a report's cover: under 1 MB, as in the review."""
    path = tmp_path_factory.mktemp("crafted") / "many-pages.pdf"
    path.write_bytes(text_pdf([SIF_COVER] + [["Some text of the report"] * 40] * 4999))
    return path


def test_a_report_is_read_in_a_child_process_as_in_this_one(reports_dir):
    path = reports_dir / NORFOLK_2015
    assert report_read(path).as_json() == report_read_in_process(path).as_json()


def test_findings_keep_their_fields_through_the_child_process(tmp_path):
    """A cover alone: no grades, no inspector, each a finding on its field."""
    path = tmp_path / "cover.pdf"
    path.write_bytes(text_pdf([SIF_COVER]))

    reading = report_read(path)

    assert reading == report_read_in_process(path)
    assert {finding.field for finding in reading.findings} >= {findings.LEAD_INSPECTOR, OVERALL}


def test_a_document_of_thousands_of_pages_is_refused_before_its_pages_are_read(many_pages):
    assert many_pages.stat().st_size < 1_000_000
    reading = report_read(many_pages)

    assert reading.error == (
        f"the PDF has 5,000 pages; a report runs to tens of pages, so this is not one "
        f"(at most {MAX_PAGES} are read)"
    )


def test_a_long_document_within_the_page_limit_is_searched_only_so_far(tmp_path):
    """200 pages without the sections a SIF report has: the search stops at SCAN_PAGES."""
    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf([SIF_COVER] + [["Some text of the report"] * 40] * (MAX_PAGES - 1)))

    document = open_report(path)
    search_section(document, [], r"Lead inspector", scan_all=True)
    assert max(document.extracted) == SCAN_PAGES - 1


def test_a_file_larger_than_a_report_is_not_opened(tmp_path, reports_dir):
    with ReportReader(max_bytes=100_000) as reader:
        reading = reader.read(reports_dir / NORFOLK_2015)
        assert reading.error.startswith("the file is ") and "so it was not opened" in reading.error
        assert reader._child is None  # no child was even started


def test_a_read_past_the_deadline_is_stopped_and_the_next_file_is_read(reports_dir):
    with ReportReader(seconds=0.001) as reader:
        reading = reader.read(reports_dir / NORFOLK_2015)
        assert reading.error == (
            "reading it took longer than 0.001 seconds, which no report does; it was stopped"
        )
        assert reader._child is None  # killed
        reader.seconds = 30
        assert reader.read(reports_dir / NORFOLK_2015).framework == "sif"


def test_a_read_past_the_memory_limit_is_stopped_and_the_next_file_is_read(tmp_path, reports_dir):
    bomb = tmp_path / "inflates.pdf"
    bomb.write_bytes(inflating_pdf(2 << 30))  # 2 MB on disk, 2 GB inflated
    assert bomb.stat().st_size < 3_000_000
    with ReportReader(memory_bytes=120 * 1_048_576, seconds=30) as reader:
        reading = reader.read(bomb)
        assert reading.error == (
            "reading it needs more than 120 MB of memory, which no report does; it was stopped"
        )
        assert reader.read(reports_dir / NORFOLK_2015).framework == "sif"


def test_a_child_that_dies_gives_an_error_and_a_new_child_reads_on(reports_dir):
    with ReportReader(seconds=30) as reader:
        assert reader.read(reports_dir / NORFOLK_2015).error is None
        reader._child.kill()
        reader._child.wait()
        assert reader.read(reports_dir / NORFOLK_2015).framework == "sif"


def test_many_files_are_read_by_several_children_and_given_back_in_their_order(
    reports_dir, many_pages, monkeypatch
):
    started = []
    real_init = ReportReader.__init__

    def counted(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(ReportReader, "__init__", counted)
    files = [
        reports_dir / NORFOLK_2015,
        many_pages,
        reports_dir / "80429_birmingham__19-october-2012.pdf",
        reports_dir / "80547_rutland__12-july-2024.pdf",
        reports_dir / "80549_sandwell__02-august-2013.pdf",
    ]

    read = list(read_many(files, workers=2))

    assert [path for path, _ in read] == files
    assert [reading.as_json() for _, reading in read] == [
        report_read_in_process(path).as_json() for path in files
    ]
    assert len(started) == 2  # a child each, for the whole run
    assert all(reader._child is None for reader in started)  # and each ended


def test_many_files_read_at_once_each_keep_their_deadline(reports_dir, settings):
    settings.REPORT_READ_SECONDS = 0.001
    files = [reports_dir / NORFOLK_2015] * 3

    errors = [reading.error for _, reading in read_many(files, workers=2)]

    assert (
        errors
        == ["reading it took longer than 0.001 seconds, which no report does; it was stopped"] * 3
    )


def test_an_upload_of_thousands_of_pages_is_refused_and_nothing_kept(
    client, django_user_model, settings, tmp_path, many_pages
):
    from tests.admin_helpers import editor

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(editor(django_user_model))
    upload = SimpleUploadedFile("many.pdf", many_pages.read_bytes(), "application/pdf")
    response = client.post(reverse("admin:inspections_inspection_read_report"), {"report": upload})

    page = client.get(response["Location"])
    assert "?report=" not in response["Location"]
    assert "the PDF has 5,000 pages" in page.content.decode()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.pdf"))


def test_import_reports_refuses_a_crafted_file_and_reads_the_rest(
    db, tmp_path, many_pages, reports_dir, national_register
):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / many_pages.name).write_bytes(many_pages.read_bytes())
    (folder / NORFOLK_2015).write_bytes((reports_dir / NORFOLK_2015).read_bytes())

    result = reports_import(directory=str(folder), workers=2)

    assert result.details["unreadable"] == 1
    assert result.created == 1
    assert any(
        "many-pages.pdf: not read: the PDF has 5,000 pages" in str(w) for w in result.warnings
    )
