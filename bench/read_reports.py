"""How long the report reader takes on a folder of reports (the shared 27 by default).

    .venv/bin/python bench/read_reports.py [DIR]

Prints each file's time and the total; the target is well under a second a report and under ten
seconds for the shared folder.
"""

import os
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402

from inspections.reader import ReportReader  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else settings.SHARED_DATA_DIR / "reports"
    files = sorted(p for p in folder.iterdir() if p.is_file())
    started = time.perf_counter()
    slowest = 0.0
    reader = ReportReader()  # one child process for the folder, as import_reports uses
    for path in files:
        began = time.perf_counter()
        reading = reader.read(path)
        took = time.perf_counter() - began
        slowest = max(slowest, took)
        outcome = reading.error or f"{reading.framework}, {len(reading.warnings)} warnings"
        print(f"{took:6.3f}s  {path.name}  ({outcome})")
    total = time.perf_counter() - started
    reader.close()
    print(f"{len(files)} files in {total:.2f}s; slowest {slowest:.3f}s")


if __name__ == "__main__":
    main()
