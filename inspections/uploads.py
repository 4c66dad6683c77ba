"""The one check an uploaded report passes before anything of it is kept or shown.

Used by the inspection form's "Report PDF" field (admin.py) and the add form's "Fill in from the
report" upload (prefill.py), so both refuse the same files with the same words. The file is read
in a bounded child process (reader/process.py).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from .reader import ReportKind, ReportReading, report_read, size_refusal


def report_upload_check(upload: UploadedFile) -> ReportReading:
    """The reader's reading of an uploaded report; raises ValidationError, its one message fit to
    show the editor (`error.messages[0]`), for a file that is not a report's PDF, is larger
    than settings.MAX_REPORT_UPLOAD_BYTES, cannot be read as a report, or is an LSCB review alone.

    The size is checked before a byte is read. The reader wants a path: a large upload is read
    where Django wrote it, a small one (held in memory) from a temporary copy. The upload is
    left at its start, ready to be saved.
    """
    name = Path(upload.name or "").name
    if Path(name).suffix.lower() != ".pdf":
        raise ValidationError(
            f"“{name}” is not a report's PDF file, ending .pdf: upload the report as published.",
            code="report_not_pdf",
        )
    if refusal := size_refusal(upload.size, settings.MAX_REPORT_UPLOAD_BYTES):
        raise ValidationError(
            f"{refusal[0].upper()}{refusal[1:]}. Upload the report PDF itself.",
            code="report_too_large",
        )
    if hasattr(upload, "temporary_file_path"):  # a large upload is already on disk
        reading = report_read(upload.temporary_file_path())
    else:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
            copy.flush()
            reading = report_read(copy.name)
    upload.seek(0)
    if reading.error:
        raise ValidationError(
            f"“{name}” cannot be read as a report: {reading.error}.", code="report_unreadable"
        )
    if reading.kind == ReportKind.LSCB_REVIEW:
        raise ValidationError(
            f"“{name}” is a review of the Local Safeguarding Children Board, not an inspection: "
            "enter its judgement on the inspection it was published with.",
            code="report_lscb_review",
        )
    return reading
