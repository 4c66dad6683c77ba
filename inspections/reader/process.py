"""Reading report PDFs in a child process, bounded in time and memory.

A PDF is untrusted input: one crafted file can make a parser spin for minutes or take all the
memory, and a thread of a gunicorn worker cannot be interrupted. So every report the site reads
(an admin's upload, the Report PDF field, `import_reports`, `read_report`) is read here, by a
child Python process that

- limits its own address space (`resource.RLIMIT_AS`) before it opens anything, so a file that
  needs more memory fails in the child with a MemoryError, never in the server;
- is given a wall-clock deadline per file by the parent, which kills it when the deadline
  passes and starts a new one for the next file;
- reads with the reader's own bounds (pdf.MAX_PAGES, SCAN_PAGES), after the parent has
  refused a file larger than MAX_REPORT_UPLOAD_BYTES without opening it.

`ReportReader` keeps one child for many files (a folder import pays the start-up, about 0.2 s,
once); `report_read` reads one file with a child of its own; `read_many` reads many files with
several children at once (one per core by default), each file still within its deadline in a
bounded child, and gives the readings back in the files' order. Either way the answer is the
reader's `ReportReading`, with `error` set when the file broke a bound: never an exception, and
never a wait longer than the deadline.

    with ReportReader() as reader:
        for path in paths:
            reading = reader.read(path)
    for path, reading in read_many(paths, workers=2):
        ...
"""

from __future__ import annotations

import datetime as dt
import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

from .reading import ReportReading

#: The module the child runs (`python -m`); it needs only the reader, not Django's settings.
WORKER = "inspections.reader.worker"
_ROOT = Path(__file__).resolve().parents[2]


def size_refusal(size: int | None, limit: int) -> str | None:
    """Why a file of `size` bytes is not read as a report (larger than `limit`), or None."""
    if size is not None and size <= limit:
        return None
    shown = f"{size / 1_048_576:.1f} MB" if size is not None else "of no size"
    return f"the file is {shown}; a report is at most {limit / 1_048_576:.1f} MB"


def _limits() -> tuple[float, int, int]:
    return (
        float(settings.REPORT_READ_SECONDS),
        int(settings.REPORT_READ_MEMORY_BYTES),
        int(settings.MAX_REPORT_UPLOAD_BYTES),
    )


class ReportReader:
    """A child process that reads reports one at a time, each within a deadline."""

    def __init__(
        self,
        *,
        seconds: float | None = None,
        memory_bytes: int | None = None,
        max_bytes: int | None = None,
    ):
        default_seconds, default_memory, default_bytes = _limits()
        self.seconds = default_seconds if seconds is None else seconds
        self.memory_bytes = default_memory if memory_bytes is None else memory_bytes
        self.max_bytes = default_bytes if max_bytes is None else max_bytes
        self._child: subprocess.Popen | None = None
        self._buffer = b""

    # --- The child ---------------------------------------------------------------------------

    def _start(self) -> None:
        # `python -m` from the project's folder finds the worker there; the same interpreter
        # (the virtual environment's) finds pypdf and Django.
        self._child = subprocess.Popen(
            [sys.executable, "-m", WORKER, str(self.memory_bytes)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=_ROOT,
            close_fds=True,
        )
        self._buffer = b""
        # Start-up is not counted against a file's deadline, but is bounded all the same.
        ready = self._line(deadline=time.monotonic() + max(self.seconds, 10.0))
        if ready is None or json.loads(ready).get("ready") is not True:
            self.close()
            raise RuntimeError("the report reader's child process did not start")

    def _line(self, *, deadline: float) -> bytes | None:
        """The child's next line of output, or None at the deadline or when it has gone."""
        child = self._child
        assert child is not None and child.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(child.stdout, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(timeout=left):
                    return None
                chunk = os.read(child.stdout.fileno(), 65536)
                if not chunk:
                    return None  # the child exited
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def close(self) -> None:
        child, self._child = self._child, None
        if child is None:
            return
        if child.poll() is None:
            child.kill()
        child.wait()
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> ReportReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- Reading -----------------------------------------------------------------------------

    def read(self, path: str | Path, *, published: dt.date | None = None) -> ReportReading:
        """Read one report; `error` says why when it is not a report or broke a bound."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except OSError as error:
            return ReportReading(
                file=str(path), error=f"cannot read the file: {error.strerror or error}"
            )
        if refusal := size_refusal(size, self.max_bytes):
            return ReportReading(file=str(path), error=f"{refusal}, so it was not opened")
        if self._child is None or self._child.poll() is not None:
            self._start()
        request = {"path": str(path), "published": published.isoformat() if published else None}
        try:
            self._child.stdin.write(json.dumps(request).encode() + b"\n")
            self._child.stdin.flush()
        except BrokenPipeError:
            self.close()
            return ReportReading(file=str(path), error="the reader stopped before reading it")
        answer = self._line(deadline=time.monotonic() + self.seconds)
        if answer is None:
            timed_out = self._child.poll() is None
            self.close()
            if timed_out:
                return ReportReading(
                    file=str(path),
                    error=f"reading it took longer than {self.seconds:g} seconds, which no "
                    "report does; it was stopped",
                )
            return ReportReading(
                file=str(path),
                error="reading it stopped the reader (a damaged or crafted PDF)",
            )
        return ReportReading.from_dict(json.loads(answer))


def report_read(path: str | Path, *, published: dt.date | None = None) -> ReportReading:
    """Read one report in a child process of its own, within the configured bounds."""
    with ReportReader() as reader:
        return reader.read(path, published=published)


def read_many(
    paths: Iterable[str | Path], *, workers: int | None = None
) -> Iterator[tuple[Path, ReportReading]]:
    """(path, reading) for each file, in the order given, read by `workers` children at once
    (default: one per core). Each child is a ReportReader of its own, driven by a thread of
    this process that only waits on its pipe, so the readings of the next files go on while
    the caller records one. The children end when the iterator is exhausted or closed."""
    paths = [Path(p) for p in paths]
    workers = max(1, min(workers or os.cpu_count() or 1, len(paths) or 1))
    readers: list[ReportReader] = []
    local = threading.local()
    lock = threading.Lock()

    def read(path: Path) -> ReportReading:
        reader = getattr(local, "reader", None)
        if reader is None:
            reader = local.reader = ReportReader()
            with lock:
                readers.append(reader)
        return reader.read(path)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report-reader")
    try:
        yield from zip(paths, pool.map(read, paths), strict=True)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for reader in readers:
            reader.close()
