"""Build the reconciled national record (data/ofsted/record/) from every source in ../shared.

    .venv/bin/python scripts/build_record.py [--shared DIR] [--out DIR] [--workers N]

How the team refreshes the shipped record; a deployment keeps its own copy current afterwards
with `sync_ofsted`. Into a new, empty SQLite database (in a temporary folder) it runs the
project's own imports, in order, exactly as a user would run them:

1. the register (data/ofsted/la_lookup.csv) and the history (ilacs_history.csv), load_national's
   way (history_import.py);
2. Ofsted's official statistics, both spreadsheets (official_import.py, `import_official`);
3. every report of the archive, read on every core and recorded through the sync's policy
   (reports_import.py, `import_reports`);

then writes the database's inspections, visits and data notes as the three CSV files
(record_files.py). Each value keeps the sources that gave it, and every disagreement how it was
settled (sources.py). Run again on the same sources it gives the same bytes: nothing depends on
the clock, the order files are listed in, or the database's ids (bench/record_build.py checks it).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OFFICIAL_FILES = (
    "childrens_social_care_in_england_2023_underlying_data.ods",
    "la_inspection_outcomes_as_at_31_march_2025.ods",
)


def _setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(shared: Path, out: Path, workers: int | None, say=print) -> dict[str, int]:
    """Build the record from `shared` (../shared/data/ofsted) into `out`; the rows written."""
    missing = [
        p
        for p in (
            shared / "ilacs_history.csv",
            shared / "archive",
            *(shared / "official" / name for name in OFFICIAL_FILES),
        )
        if not p.exists()
    ]
    if missing:
        raise SystemExit("Missing: " + ", ".join(str(p) for p in missing))
    with tempfile.TemporaryDirectory(prefix="build-record-") as folder:
        started = time.monotonic()
        _setup(Path(folder) / "record.sqlite3")
        from django.conf import settings

        from inspections.history_import import national_load
        from inspections.official_import import official_import
        from inspections.record_files import record_dump
        from inspections.reports_import import reports_import

        def step(what: str, result) -> None:
            say(f"{time.monotonic() - started:6.1f} s  {what}: {result.summary()}")

        register, history = national_load(
            register=str(settings.NATIONAL_DATA_DIR / "la_lookup.csv"),
            history=str(shared / "ilacs_history.csv"),
        )
        step("register", register)
        step("history", history)
        official = official_import(
            paths=[str(shared / "official" / name) for name in OFFICIAL_FILES]
        )
        step("official statistics", official)
        reports = reports_import(directory=str(shared / "archive"), workers=workers)
        step("reports", reports)
        counts = record_dump(out)
        say(f"{time.monotonic() - started:6.1f} s  written to {out}: {counts}")
        return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "ofsted")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "ofsted" / "record")
    parser.add_argument("--workers", type=int, default=None, help="default: every core")
    args = parser.parse_args()
    build(args.shared, args.out, args.workers)


if __name__ == "__main__":
    main()
