"""`manage.py sync_ofsted` against a local stand-in of Ofsted's report finder
(tests/ofsted/standin.py) serving the shared reports, into a fresh SQLite database holding only
the register: the figures it prints, its time, and a second run's.

    .venv/bin/python bench/sync.py [--pause SECONDS]

The real site cannot be reached from here: these are the stand-in's figures. With the default
pause (OFSTED_PAUSE, 1 s between requests) a run's time is about (pages + publications) × pause;
the script prints that estimate for the real site too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.harness import PYTHON, manage  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=1.0, help="OFSTED_PAUSE for the runs")
    options = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    from tests.ofsted.standin import StandIn

    reports = Path(settings.SHARED_DATA_DIR) / "reports"
    if not reports.is_dir():
        sys.exit(f"no shared reports at {reports}")
    with tempfile.TemporaryDirectory() as scratch:
        database_url = f"sqlite:///{scratch}/sync.db"
        os.environ.update(MEDIA_ROOT=f"{scratch}/media", OFSTED_PAUSE=str(options.pause))
        manage("migrate", "--no-input", database_url=database_url)
        manage("import_authorities", str(settings.NATIONAL_DATA_DIR / "la_lookup.csv"),
               database_url=database_url)  # fmt: skip
        history = settings.NATIONAL_DATA_DIR / "ilacs_history.csv"
        with StandIn(reports, history_csv=history) as site:
            for urn, name in _register(database_url):
                site.add_provider(urn, name)
            for run in ("first", "second"):
                started = time.perf_counter()
                printed = manage("sync_ofsted", "--base-url", site.base_url,
                                 database_url=database_url)  # fmt: skip
                seconds = time.perf_counter() - started
                print(f"--- {run} run against the stand-in: {seconds:.1f} s "
                      f"(pause {options.pause} s) ---")  # fmt: skip
                print(printed.strip())
            pages = sum(1 for p in site.paths if not p.startswith("/v1/file/"))
            files = sum(1 for p in site.paths if p.startswith("/v1/file/"))
            print(f"requests: {pages} pages and {files} files in both runs ({PYTHON})")


def _register(database_url: str) -> list[tuple[int, str]]:
    printed = manage(
        "shell", "--no-imports", "-c",
        "from authorities.models import Authority\n"
        "for a in Authority.objects.exclude(ofsted_urn=None):\n"
        "    print(a.ofsted_urn, a.name, sep='|')",
        database_url=database_url,
    )  # fmt: skip
    return [
        (int(urn), name)
        for urn, name in (line.split("|", 1) for line in printed.splitlines() if "|" in line)
    ]


if __name__ == "__main__":
    main()
