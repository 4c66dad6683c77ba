"""Saving one inspection with its judgements: the one write the admin, prefill and imports share.

`inspection_save()` owns everything a save of an inspection involves:

- the edit check: a caller that read the inspection at some version (an editor's form) passes it
  as `seen_version`; the row is locked until the transaction ends and a version that has moved
  raises `EditConflict`, naming the latest change, before anything is written;
- the rules: the inspection and every judgement given are validated (`full_clean`), and the
  judgements already recorded must still fit the inspection as saved;
- the version: the save moves it exactly once, however many judgements change with it (the
  judgements' own signal is held for the inspection, signals.py), and leaves one history record
  of the inspection at that version;
- the report file: an upload already on the instance is written by the save, a replaced or
  cleared one removed once the save commits (Inspection.save); a report uploaded to fill in the
  add form and kept aside meanwhile (`PendingReport`) becomes the inspection's report here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from authorities.signals import changes_batched

from .models import Inspection, Judgement
from .signals import version_moved_by_caller
from .sources import SOURCED_FIELDS, Source

#: Where reports uploaded to fill in the add form wait, by token, until the inspection is saved.
PENDING_FOLDER = "reports/pending"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class EditConflict(Exception):
    """The inspection changed (its version moved) after the caller read it; nothing was saved.

    Carries the latest change to the inspection or one of its judgements, from their history,
    so that the editor can be told who made it and when.
    """

    def __init__(
        self,
        *,
        inspection_id: int,
        seen_version: int | None,
        changed_by=None,
        changed_at: dt.datetime | None = None,
    ):
        self.inspection_id = inspection_id
        self.seen_version = seen_version
        self.changed_by = changed_by
        self.changed_at = changed_at
        by = f" by {changed_by}" if changed_by else ""
        at = f" at {changed_at:%Y-%m-%d %H:%M:%S %Z}" if changed_at else ""
        super().__init__(
            f"inspection {inspection_id} was changed{by}{at}, after it was read at version "
            f"{seen_version}"
        )


@dataclass(frozen=True)
class PendingReport:
    """A report uploaded to fill in the add form, kept aside under `token` until it is saved."""

    token: str
    file_name: str


def stored_version(inspection_id: int, *, lock: bool = False) -> int | None:
    """The inspection's version as stored (None if it is gone); with `lock`, its row is locked
    until the transaction ends, so the save that follows a check cannot interleave with
    another's."""
    rows = Inspection.objects.filter(pk=inspection_id)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


def inspection_version_check(*, inspection_id: int, seen_version: int | None) -> None:
    """Lock the inspection's row and raise EditConflict unless its version is `seen_version`.

    Inside a transaction: the lock holds until it ends. The admin's forms call this from their
    clean(), so that a conflict is shown as the form's error; `inspection_save` calls it again
    (under the lock already held) before it writes.
    """
    if stored_version(inspection_id, lock=True) == seen_version:
        return
    records = [
        Inspection.history.filter(id=inspection_id),
        Judgement.history.filter(inspection_id=inspection_id),
    ]
    latest = max(
        (
            record
            for history in records
            if (record := history.select_related("history_user").order_by("-history_date").first())
        ),
        key=lambda record: record.history_date,
        default=None,
    )
    raise EditConflict(
        inspection_id=inspection_id,
        seen_version=seen_version,
        changed_by=latest.history_user if latest else None,
        changed_at=latest.history_date if latest else None,
    )


def inspection_save(
    *,
    inspection: Inspection,
    seen_version: int | None = None,
    judgements: Iterable[Judgement] = (),
    judgements_deleted: Iterable[Judgement] = (),
    pending_report: PendingReport | None = None,
    changed_by=None,
) -> Inspection:
    """Save the inspection, the judgements given (new or changed) and the deletions, as one.

    `seen_version`: the version the caller read the inspection at; a stored inspection whose
    version has moved since raises EditConflict and nothing is written. None skips the check:
    for a new inspection, and for an import, which merges into what it read in its own
    transaction.
    `judgements` become this inspection's; `judgements_deleted` are removed first, so a row
    can be deleted and its area given a new one in the same save.
    `pending_report`: the report kept aside when the add form was filled in from it. It
    becomes the inspection's report unless the inspection already has one (then it is
    discarded); if it is no longer held the inspection is saved without it (its report_file
    stays empty, which the caller can check).
    `changed_by`: the user named in the history records of this save.

    Raises ValidationError if the inspection or a judgement breaks a rule, EditConflict as
    above; both before anything is written, so a caller may go on in its transaction. Runs in
    the caller's transaction if there is one (an import's, the admin's), else in its own.
    """
    judgements = list(judgements)
    judgements_deleted = list(judgements_deleted)
    for judgement in [*judgements, *judgements_deleted]:
        if judgement.inspection_id not in (None, inspection.pk):
            raise ValueError(f"{judgement!r} is another inspection's judgement")
    in_callers = transaction.get_connection().in_atomic_block
    with contextlib.nullcontext() if in_callers else transaction.atomic():
        # Every check before the first write.
        if inspection.pk is not None and seen_version is not None:
            inspection_version_check(inspection_id=inspection.pk, seen_version=seen_version)
        inspection.full_clean(validate_constraints=False)  # the database checks constraints
        for judgement in judgements:
            judgement.inspection = inspection  # perhaps not saved yet: not validated as a key
            judgement.full_clean(exclude=["inspection"], validate_constraints=False)
        recorded_judgements_check(inspection, changing=[*judgements, *judgements_deleted])
        if changed_by is not None:
            _sources_edited(inspection, judgements, judgements_deleted)
        # Any failure from here on leaves the transaction to be rolled back (savepoint=False).
        with transaction.atomic(savepoint=False), changes_batched():
            if pending_report is not None:
                if inspection.report_file:
                    pending_report_discard(pending_report.token)
                else:
                    _pending_report_attach(inspection, pending_report)
            _named(inspection, changed_by).save()  # moves the version once (Inspection.save)
            with version_moved_by_caller(inspection.pk):  # so the judgements do not move it
                for judgement in judgements_deleted:
                    _named(judgement, changed_by).delete()
                for judgement in judgements:
                    _named(judgement, changed_by).save()
    return inspection


#: The inspection's fields whose sources are kept, with its overall grade (sources.py).
_SOURCED = (*SOURCED_FIELDS, "overall_effectiveness")


def _sources_edited(inspection: Inspection, judgements, judgements_deleted) -> None:
    """A person's save: every value it changes or adds is the editor's (sources.py), every value
    it empties loses its sources."""
    stored = {}
    if inspection.pk is not None:
        stored = Inspection.objects.filter(pk=inspection.pk).values(*_SOURCED).first() or {}
    sources = dict(inspection.sources or {})
    for name in _SOURCED:
        key = "overall" if name == "overall_effectiveness" else name
        value = getattr(inspection, name)
        if value in (None, "", "unknown"):
            sources.pop(key, None)
        elif stored.get(name) != value:
            sources[key] = [Source.EDITOR]
    for judgement in judgements:  # the judgements given are those the person changed or added
        sources[judgement.area] = [Source.EDITOR]
    for judgement in judgements_deleted:
        sources.pop(judgement.area, None)
    inspection.sources = sources


def _named(record, changed_by):
    """The record, its history to name `changed_by` (else the request's user, if any)."""
    if changed_by is not None:
        record._history_user = changed_by
    return record


def recorded_judgements_check(inspection: Inspection, *, changing: Iterable[Judgement] = ()):
    """Raise ValidationError (Judgement.clean's) if a judgement already recorded, other than
    those `changing` in the same save, does not fit the inspection as it is about to be saved:
    its framework or dates may have changed."""
    if inspection.pk is None:
        return
    skipped = {judgement.pk for judgement in changing if judgement.pk is not None}
    for judgement in inspection.judgements.all():  # prefetched by the imports
        if judgement.pk not in skipped:
            judgement.inspection = inspection
            judgement.clean()


# --- Reports kept aside between the add form's upload and its save ------------------------------


def pending_report_keep(upload: UploadedFile) -> PendingReport:
    """Keep an uploaded report aside under a new random token, from the upload's start."""
    token = secrets.token_urlsafe(24)
    upload.seek(0)
    default_storage.save(f"{PENDING_FOLDER}/{token}.pdf", File(upload))
    return PendingReport(token=token, file_name=Path(upload.name).name)


def _pending_path(token: str) -> str | None:
    if not _TOKEN.match(token or ""):
        return None
    path = f"{PENDING_FOLDER}/{token}.pdf"
    return path if default_storage.exists(path) else None


def _pending_report_attach(inspection: Inspection, pending: PendingReport) -> None:
    """Give the (unsaved) inspection the report kept under the token, if it is still held."""
    path = _pending_path(pending.token)
    if path is None:
        return
    with default_storage.open(path, "rb") as kept:
        inspection.report_file.save(pending.file_name, File(kept), save=False)
    default_storage.delete(path)


def pending_report_discard(token: str) -> None:
    if path := _pending_path(token):
        default_storage.delete(path)


def pending_reports_discard_stale(older_than: dt.timedelta = dt.timedelta(days=1)) -> None:
    """Forget reports uploaded and never saved (the editor left the page)."""
    try:
        _, names = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return
    cutoff = dt.datetime.now(dt.UTC) - older_than
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
