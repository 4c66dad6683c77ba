"""The "Report PDF" field of the inspection form keeps only a readable report within the size limit,
and a replaced or cleared report leaves no file behind."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from inspections.uploads import report_upload_check
from tests.admin_helpers import admin_form, error_texts
from tests.factories import make_inspection

REPORTS = ("80564_stoke-on-trent__18-march-2019.pdf", "80578_west-sussex__08-may-2019.pdf")


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def report_pdfs(reports_dir) -> list[Path]:
    return [reports_dir / name for name in REPORTS]


def kept_files(media_root: Path) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(p.name for p in media_root.rglob("*") if p.is_file())


def upload(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/pdf")


def save_with(client, inspection, **changes):
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    return client.post(url, {**admin_form(client.get(url)), **changes})


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("report.html", "“report.html” is not a report's PDF file, ending .pdf"),
        ("report.pdf", "“report.pdf” cannot be read as a report: not a PDF"),  # renamed page
    ],
)
def test_a_web_page_is_refused_with_the_reason_and_nothing_kept(
    admin_client, media_root, name, reason
):
    inspection = make_inspection()
    page = SimpleUploadedFile(
        name, b"<!DOCTYPE html><script>alert(1)</script>", content_type="text/html"
    )

    response = save_with(admin_client, inspection, report_file=page)

    assert response.status_code == 200
    [error] = error_texts(response)
    assert error.startswith(reason)
    inspection.refresh_from_db()
    assert not inspection.report_file
    assert kept_files(media_root) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_kept(
    admin_client, media_root, report_pdfs, settings
):
    settings.MAX_REPORT_UPLOAD_BYTES = 100 * 1024  # the reports are 147 and 172 KB
    inspection = make_inspection()

    response = save_with(admin_client, inspection, report_file=upload(report_pdfs[0]))

    assert response.status_code == 200
    [error] = error_texts(response)
    assert "a report is at most 0.1 MB" in error
    inspection.refresh_from_db()
    assert not inspection.report_file
    assert kept_files(media_root) == []


def test_a_real_report_is_kept_and_a_replaced_or_cleared_one_removed(
    admin_client, media_root, report_pdfs, django_capture_on_commit_callbacks
):
    inspection = make_inspection()
    first, second = report_pdfs

    response = save_with(admin_client, inspection, report_file=upload(first))
    assert response.status_code == 302, error_texts(response)
    assert kept_files(media_root) == [first.name]

    with django_capture_on_commit_callbacks(execute=True):  # removed once committed
        response = save_with(admin_client, inspection, report_file=upload(second))
    assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert Path(inspection.report_file.name).name == second.name
    assert kept_files(media_root) == [second.name]  # the first is gone

    with django_capture_on_commit_callbacks(execute=True):
        response = save_with(admin_client, inspection, **{"report_file-clear": "on"})
    assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert not inspection.report_file
    assert kept_files(media_root) == []


def test_deleting_an_inspection_removes_its_report(
    admin_client, media_root, report_pdfs, django_capture_on_commit_callbacks
):
    inspection = make_inspection()
    save_with(admin_client, inspection, report_file=upload(report_pdfs[0]))
    assert kept_files(media_root) == [report_pdfs[0].name]

    url = reverse("admin:inspections_inspection_delete", args=[inspection.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, {"post": "yes"}).status_code == 302

    assert kept_files(media_root) == []


def test_the_check_returns_the_reading_and_refuses_other_names(report_pdfs):
    reading = report_upload_check(upload(report_pdfs[0]))
    assert reading.authority == "Stoke-on-Trent City Council"

    renamed = SimpleUploadedFile("report.html", report_pdfs[0].read_bytes())
    with pytest.raises(ValidationError, match="a report's PDF file, ending .pdf"):
        report_upload_check(renamed)


def test_a_report_django_wrote_to_disk_is_read_where_it_lies(
    admin_client, media_root, report_pdfs, settings
):
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE are temporary files: read there, not copied."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    inspection = make_inspection()
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    with report_pdfs[0].open("rb") as report:
        response = admin_client.post(
            url, {**admin_form(admin_client.get(url)), "report_file": report}
        )

    assert response.status_code == 302, error_texts(response)
    assert kept_files(media_root) == [report_pdfs[0].name]
