"""`manage.py import_reports DIR`: a folder of report PDFs read into the record through the one
report recording policy the sync uses (recording.py). It is the sync's front for files already
on disk: the shared archive (`<file id>.pdf`, as a sync's archive names them), or a folder of
named reports (`<urn>_<name>__<dd-month-yyyy>.pdf`).

What the sync learns from Ofsted's provider page, whose report it is and the listing's
publication date and link, comes here from what is recorded and from the file's name:

1. the authority whose recorded inspection links this very file (the history import stored
   Ofsted's links, whose last part is the file id); that inspection's publication date and link
   stand for the listing's, with their own source (the history's);
2. else the Ofsted URN in the file's name, with the date there as the listing's;
3. else the authority the cover names (the register's names and aliases), with no listing date.

Each reading is then recorded, or waits, exactly as the sync decides (recording.py says how);
what waits is listed with its reasons, and nothing of it is recorded. Files are read on every
core at once (reader.read_many: each file in a bounded child process with its deadline) while
this process records them in order, each in a savepoint of its own. Idempotent: a second run
over the same folder changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from authorities.models import Authority
from authorities.tabular import ImportRejected, ImportResult, LineProblem

from .authority_match import AuthorityFinder, authority_name_key, file_name_facts
from .merging import existing_inspections
from .models import Inspection
from .reader import ReportReading, read_many
from .recording import Listing, reading_record
from .sources import UNRECORDED


def _provider(
    path: Path,
    reading: ReportReading,
    finder: AuthorityFinder,
    linked: dict[str, Inspection],
    authorities: dict[int, Authority],
) -> tuple[Authority | None, Listing]:
    """Whose report the file is, and what stands for its listing (see the module)."""
    file_id = path.stem
    if (inspection := linked.get(file_id)) is not None:
        sources = (inspection.sources or {}).get("published_on") or [UNRECORDED]
        listing = Listing(
            published_on=inspection.published_on,
            url=inspection.report_url,
            file_id=file_id,
            source=sources[0],
        )
        return authorities[inspection.authority_id], listing
    urn, day = file_name_facts(path)
    listing = Listing(published_on=day, file_id=file_id)
    if urn is not None and (authority := finder.by_urn.get(urn)) is not None:
        return authority, listing
    named = finder.by_key.get(authority_name_key(reading.authority), [])
    return (named[0] if reading.authority and len(named) == 1 else None), listing


def reports_import(
    *,
    directory: str,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
    workers: int | None = None,
) -> ImportResult:
    """Record the report PDFs of a folder through the report recording policy (see the module).

    `created`, `updated` and `unchanged` count the recorded reports by what their merge did;
    details["unreadable"] counts the files that are no readable report, details["waiting"] those
    read but in doubt. Every file that waits or is not read gets one warning with its reasons,
    and every recorded one a warning for each thing kept about it (a value left unknown, a date
    kept as a note). `workers` children read at once (default: one per core). `progress(n,
    total, file name)` is called as each file is recorded.
    """
    folder = Path(directory)
    if not folder.is_dir():
        raise ImportRejected(directory, [LineProblem(None, "not a folder")])
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    result = ImportResult(source=directory, dry_run=dry_run)
    result.details = {"unreadable": 0, "waiting": 0}
    finder = AuthorityFinder.load()
    authorities = {a.pk: a for a in Authority.objects.all()}
    recorded = existing_inspections(list(authorities.values()))
    # The recorded inspections by the file their link names (the history's links).
    linked = {
        inspection.report_url.rstrip("/").rsplit("/", 1)[-1]: inspection
        for _, inspection in recorded.items()
        if inspection.report_url
    }

    outer = transaction.atomic() if dry_run else contextlib.nullcontext()
    with outer:
        for number, (path, reading) in enumerate(read_many(files, workers=workers), start=1):
            if progress:
                progress(number, len(files), path.name)
            if reading.error:
                result.warn(None, f"{path.name}: not read: {reading.error}")
                result.details["unreadable"] += 1
                continue
            authority, listing = _provider(path, reading, finder, linked, authorities)
            if authority is None:
                result.warn(
                    None,
                    f"{path.name}: not recorded: no recorded inspection links it, its name holds "
                    f"no Ofsted URN of the register and its cover's '{reading.authority}' names "
                    "no authority",
                )
                result.details["waiting"] += 1
                continue
            outcome = reading_record(
                authority=authority,
                reading=reading,
                listing=listing,
                finder=finder,
                existing=recorded,
            )
            if not outcome.recorded:
                result.warn(None, f"{path.name}: not recorded: {'; '.join(outcome.reasons)}")
                result.details["waiting"] += 1
                continue
            for reason in outcome.reasons:
                result.warn(None, f"{path.name}: {reason}")
            setattr(result, outcome.outcome, getattr(result, outcome.outcome) + 1)
        if dry_run:
            transaction.set_rollback(True)
    return result
