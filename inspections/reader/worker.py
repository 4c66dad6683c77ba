"""The child process of process.ReportReader: `python -m inspections.reader.worker BYTES`.

Limits its own address space to BYTES first, says it is ready, then reads one JSON request a
line from stdin ({"path": ..., "published": "YYYY-MM-DD" | null}) and answers each with the
reading's `as_dict()` as JSON on one line of stdout. A file that needs more memory than the
limit is answered with an error, not a crash. Runs without Django's settings: the reader needs
none. The reader's modules are imported before the limit is set; nothing from a file is read
before it.
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import sys

from .read import report_read_in_process
from .reading import ReportReading


def _limit_memory(limit: int) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str]) -> int:
    limit = int(argv[1])
    _limit_memory(limit)

    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        path, published = request["path"], request.get("published")
        try:
            reading = report_read_in_process(
                path, published=dt.date.fromisoformat(published) if published else None
            )
        except MemoryError:
            reading = ReportReading(
                file=path,
                error=f"reading it needs more than {limit // 1_048_576} MB of memory, which no "
                "report does; it was stopped",
            )
        out.write(json.dumps(reading.as_dict()) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
