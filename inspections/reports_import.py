"""Inspections backfilled from a folder of report PDFs (reader/): each report matched to its
authority (authority_match.py) and to the inspection already recorded, then merged with it as
the history is (merging.py), one transaction per report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from authorities.models import Authority
from authorities.tabular import ImportRejected, ImportResult, LineProblem

from .authority_match import AuthorityFinder, file_name_facts
from .merging import InspectionRecord, existing_inspections, inspection_merge_or_refuse
from .models import Inspection
from .reader import GRADE_KEYS, ReportKind, ReportReader


def _matching_inspection(
    authority: Authority,
    dates: list[dt.date],
    reading,
    existing: dict[tuple[int, dt.date], Inspection],
) -> Inspection | None:
    """The recorded inspection this report is: same publication date (the printed one, else
    the file name's), else same on-site dates."""
    for day in dates:
        if (found := existing.get((authority.pk, day))) is not None:
            return found
    if reading.inspection_start and reading.inspection_end:
        for (authority_id, _), inspection in existing.items():
            if (
                authority_id == authority.pk
                and inspection.started_on == reading.inspection_start
                and inspection.ended_on == reading.inspection_end
            ):
                return inspection
    return None


def reports_import(
    *,
    directory: str,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Backfill inspections from the report PDFs in a folder.

    Each report is matched to its authority (by the name on the cover, else by the URN in the
    file name) and to the inspection already recorded (same authority and publication date; the
    printed date, else the file name's; else the same on-site dates), then merged like the
    history: missing grades and fields are filled, a grade that differs is listed as a conflict
    and never overwritten. One transaction per report; a report that breaks a rule is refused
    with a warning and the rest go on. Idempotent. `progress(n, total, file name)` is called
    before each report.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise ImportRejected(directory, [LineProblem(None, "not a folder")])
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    result = ImportResult(source=directory, dry_run=dry_run)
    result.details = {"unreadable": 0, "refused": 0}
    authorities = AuthorityFinder.load()
    existing = existing_inspections(Authority.objects.all())

    outer = transaction.atomic() if dry_run else contextlib.nullcontext()
    # One child process reads the folder, each report within the deadline (reader/process.py).
    with outer, ReportReader() as reader:
        for number, path in enumerate(files, start=1):
            if progress:
                progress(number, len(files), path.name)

            def warn(reason: str, name=path.name) -> None:
                result.warn(None, f"{name}: {reason}")

            reading = reader.read(path)
            if reading.error:
                warn(f"not read: {reading.error}")
                result.details["unreadable"] += 1
                continue
            for reason in reading.warnings:
                warn(reason)
            urn, file_day = file_name_facts(path)
            authority = authorities.find(reading.authority, urn, warn)
            if authority is None:
                warn(f"no authority matches the cover's '{reading.authority}'; not recorded")
                result.details["refused"] += 1
                continue
            dates = [d for d in (reading.published, file_day) if d]
            matched = _matching_inspection(authority, dates, reading, existing)
            if matched is not None:
                published = matched.published_on
                if reading.published and reading.published != published:
                    warn(
                        f"the report prints publication on {reading.published}; matched to the "
                        f"inspection recorded as published {published}, which is kept"
                    )
            elif reading.published:
                published = reading.published
            elif file_day:
                published = file_day
                warn(f"the report prints no publication date; {file_day} from the file name")
            else:
                warn("no publication date in the report or its file name; not recorded")
                result.details["refused"] += 1
                continue
            if reading.kind == ReportKind.LSCB_REVIEW and matched is None:
                warn("an LSCB review is recorded only with its inspection, and none matches")
                result.details["refused"] += 1
                continue
            if others := sorted(k for k, g in reading.grades.items() if g and k not in GRADE_KEYS):
                warn(f"judgements with no place in the model, not recorded: {', '.join(others)}")
            record = InspectionRecord.from_reading(
                reading, authority=authority, published_on=published
            )
            outcome, refusal = inspection_merge_or_refuse(
                record=record, warn=warn, existing=existing
            )
            if refusal:
                warn(f"refused, nothing recorded: {refusal}")
                result.details["refused"] += 1
                continue
            setattr(result, outcome, getattr(result, outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    return result
