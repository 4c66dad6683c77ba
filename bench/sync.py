"""`manage.py sync_ofsted` against a local stand-in of Ofsted's report finder
(tests/ofsted/standin.py) serving the shared archive (every report of the history, 497 files
named by file id), into a fresh SQLite database holding only the register: how many reports are
recorded and how many wait for review, every one that waits and why, the run's time, and a
second run's (which must download nothing).

    .venv/bin/python bench/sync.py [--pause SECONDS] [--reports]

`--reports` serves the 27 named reports (shared/data/ofsted/reports) instead. The real site
cannot be reached from here: these are the stand-in's figures. With the site's pause
(OFSTED_PAUSE, 1 s between requests) a run's time is about (pages + publications) × pause; the
script prints that estimate for the real site too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from bench.harness import PYTHON, manage  # noqa: E402

#: What the bench asks of the database after a run: each publication's state and reasons.
PUBLICATIONS = """
import json
from inspections.models import Publication
print(json.dumps([[p.file_id, p.provider_name, p.title, p.state, p.reasons]
                  for p in Publication.objects.order_by("provider_name", "published_on")]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pause", type=float, default=0.0, help="OFSTED_PAUSE for the runs")
    parser.add_argument(
        "--reports", action="store_true", help="serve the 27 named reports, not the archive"
    )
    options = parser.parse_args()
    import django

    django.setup()
    from django.conf import settings

    from tests.ofsted.standin import StandIn

    shared = Path(settings.SHARED_DATA_DIR)
    folder = shared / ("reports" if options.reports else "archive")
    if not folder.is_dir():
        sys.exit(f"no shared reports at {folder}")
    history = settings.NATIONAL_DATA_DIR / "ilacs_history.csv"
    with tempfile.TemporaryDirectory() as scratch:
        database_url = f"sqlite:///{scratch}/sync.db"
        os.environ.update(MEDIA_ROOT=f"{scratch}/media", OFSTED_PAUSE=str(options.pause))
        manage("migrate", "--no-input", database_url=database_url)
        manage("import_authorities", str(settings.NATIONAL_DATA_DIR / "la_lookup.csv"),
               database_url=database_url)  # fmt: skip
        standin = StandIn(folder, history_csv=history) if options.reports else StandIn()
        with standin as site:
            for urn, name in _register(database_url):
                site.add_provider(urn, name)
            if not options.reports:
                served = site.add_archive(folder, history)
                print(f"the stand-in serves {served} reports of {folder}")
            for run in ("first", "second"):
                files_before = _files(site)
                started = time.perf_counter()
                printed = manage("sync_ofsted", "--base-url", site.base_url,
                                 database_url=database_url)  # fmt: skip
                seconds = time.perf_counter() - started
                print(f"--- {run} run against the stand-in: {seconds:.1f} s "
                      f"(pause {options.pause} s), {_files(site) - files_before} files "
                      "downloaded ---")  # fmt: skip
                print(printed.strip().splitlines()[-1] if run == "second" else printed.strip())
                if run == "first":
                    _waiting(database_url)
            pages = sum(1 for p in site.paths if not p.startswith("/v1/file/"))
            files = _files(site)
            print(f"requests: {pages} pages and {files} files in both runs ({PYTHON})")
            print(f"at the real site's 1 s pause, a first run takes about "
                  f"{(pages / 2 + files) / 60:.0f} minutes")  # fmt: skip


def _files(site) -> int:
    return sum(1 for p in site.paths if p.startswith("/v1/file/"))


def _waiting(database_url: str) -> None:
    """Every publication's state, and each one that waits or failed with its reasons."""
    rows = json.loads(manage("shell", "--no-imports", "-c", PUBLICATIONS,
                             database_url=database_url))  # fmt: skip
    states: dict[str, int] = {}
    for _, _, _, state, _ in rows:
        states[state] = states.get(state, 0) + 1
    print("publications by state: " + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
    for file_id, provider, title, state, reasons in rows:
        if state != "recorded":
            print(f"  {state}: {file_id} {provider}: {title}: {'; '.join(reasons)}")


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
