"""One sync at a time: a lock on a file in the archive folder.

    with run_lock(archive):      # AlreadyRunning at once if another run holds it
        ...

The lock is `fcntl.flock` on `<archive>/.sync.lock`, which the kernel releases when the holding
process ends, however it ends (killed with SIGKILL included): a killed run leaves the file but no
lock, so it never blocks the next run, and there is no PID to check or stale lock to clear. The
file holds the holder's PID only to say who holds it. It works the same on SQLite and PostgreSQL,
since it does not use the database; it excludes runs on one machine (or sharing one archive
volume on a file system with working flock, as a Docker volume does): runs on two machines with
two archives would each need a database lock instead.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".sync.lock"


class AlreadyRunning(Exception):
    """Another sync holds the lock."""


@contextlib.contextmanager
def run_lock(archive: Path) -> Iterator[None]:
    archive = Path(archive)
    archive.mkdir(parents=True, exist_ok=True)
    path = archive / LOCK_NAME
    # "a+": opening must not truncate the holder's PID before we know we hold the lock.
    with path.open("a+", encoding="ascii") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.seek(0)
            holder = lock.read(20).strip()
            raise AlreadyRunning(
                "another sync is running"
                + (f" (process {holder})" if holder.isascii() and holder.isdigit() else "")
                + f": it holds {path}; this run did nothing"
            ) from None
        lock.seek(0)
        lock.truncate()
        lock.write(str(os.getpid()))
        lock.flush()
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
