"""The shipped record rebuilt from ../shared, timed, and compared byte for byte with
data/ofsted/record/.

    .venv/bin/python bench/record_build.py [--shared DIR] [--workers N] [--twice]

Runs scripts/build_record.py's build into a temporary folder (a new process each time, as the
team runs it), prints each step's time and the rows written, and says for each shipped file
whether the build gave the same bytes. --twice builds a second time and compares the two builds
as well (the build depends on nothing but its sources). Exits 1 when a file differs.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "ofsted" / "record"
FILES = ("inspections.csv", "visits.csv", "notes.csv")


def build(out: Path, shared: Path, workers: int | None) -> float:
    command = [sys.executable, str(ROOT / "scripts" / "build_record.py"), "--shared", str(shared),
               "--out", str(out)]  # fmt: skip
    if workers:
        command += ["--workers", str(workers)]
    started = time.monotonic()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.monotonic() - started


def same(one: Path, other: Path) -> list[str]:
    """The files that differ between two record folders."""
    return [n for n in FILES if not filecmp.cmp(one / n, other / n, shallow=False)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "ofsted")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--twice", action="store_true")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        first = Path(folder) / "first"
        seconds = build(first, args.shared, args.workers)
        print(f"build: {seconds:.1f} s in all (wall time)")
        differ = same(first, SHIPPED)
        print("against data/ofsted/record/: " + (f"DIFFERENT {differ}" if differ else "identical"))
        failed |= bool(differ)
        if args.twice:
            second = Path(folder) / "second"
            seconds = build(second, args.shared, args.workers)
            differ = same(first, second)
            print(f"second build: {seconds:.1f} s; " + (f"DIFFERENT {differ}" if differ
                                                      else "identical to the first"))  # fmt: skip
            failed |= bool(differ)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
