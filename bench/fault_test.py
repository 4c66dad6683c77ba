"""Fault test: restart PostgreSQL in the middle of the load test and count what it costs.

    .venv/bin/python bench/fault_test.py

Starts its own throwaway PostgreSQL cluster (initdb into a temporary directory, port 5499; as
the postgres user when run as root, since initdb refuses root), never the machine's own server.
Loads the national data into it, serves it with gunicorn as deployed, puts wrk's load on it
(64 connections, 30 s) and, 10 s in, restarts PostgreSQL (pg_ctl restart -m fast: every
connection is cut). A probe requests a page every 500 ms throughout, noting when each answer
came and whether it failed.

Prints the requests that failed, when the last failure came and how long after the restart
began every answer was good again (target: within 5 s), whether any gunicorn process was
replaced (target: none) and whether the data is intact (target: nothing lost).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

# Small authority pages: the probe should measure the service, not add much to its load.
PROBE_PAGES = ["/authorities/sandwell/", "/authorities/rutland/", "/authorities/buckinghamshire/"]


def postgres_bin() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if found:
        return Path(found[-1]).parent
    if initdb := shutil.which("initdb"):
        return Path(initdb).parent
    sys.exit("No PostgreSQL server binaries (initdb, pg_ctl): apt-get install postgresql")


class ThrowawayCluster:
    """A PostgreSQL cluster of our own in a temporary directory, removed afterwards."""

    def __init__(self, port: int):
        self.port = port
        self.bin = postgres_bin()
        self.root = Path(tempfile.mkdtemp(prefix="fault-test-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, "postgres")

    def run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, cwd=self.root)

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        self.run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            options,
            "-w",
            *args,
        )

    def __enter__(self) -> str:
        self.run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        )
        self.pg_ctl("start")
        self.run(
            str(self.bin / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "dashboard",
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/dashboard"

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)


class Probe:
    """Requests a page every interval (not waiting for the last answer) and notes each answer."""

    def __init__(self, url: str, interval: float = 0.5):
        self.url, self.interval = url, interval
        self.answers: list[tuple[float, float, int | str]] = []  # (sent, answered, outcome)
        self.stopping = threading.Event()
        self.pool = ThreadPoolExecutor(max_workers=64)

    def _one(self, path: str) -> None:
        sent = time.monotonic()
        try:
            outcome: int | str = harness.get(self.url + path, timeout=20)
        except OSError as error:
            outcome = type(error).__name__
        self.answers.append((sent, time.monotonic(), outcome))

    def run(self) -> None:
        n = 0
        while not self.stopping.wait(self.interval):
            self.pool.submit(self._one, PROBE_PAGES[n % len(PROBE_PAGES)])
            n += 1

    def stop(self) -> None:
        self.stopping.set()
        self.pool.shutdown(wait=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-port", type=int, default=5499)
    parser.add_argument("--port", type=int, default=8064)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--restart-after", type=float, default=10)
    parser.add_argument(
        "--no-restart", action="store_true", help="the same run without the restart, to compare"
    )
    parser.add_argument(
        "--shared", type=Path, default=harness.BASE_DIR.parent / "shared" / "data" / "ofsted"
    )
    args = parser.parse_args()
    harness.require_wrk()
    if not (args.shared / "la_lookup.csv").is_file():
        sys.exit(f"The national data is not at {args.shared} (--shared DIR).")

    print(f"machine: {harness.machine()}")
    cluster = ThrowawayCluster(args.pg_port)
    with cluster as database_url:
        started = time.monotonic()
        harness.load_national_data(database_url, args.shared)
        # Fresh tables have no statistics until autovacuum gets to them; a live site has them.
        cluster.run(
            str(cluster.bin / "vacuumdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "--analyze-only",
            "dashboard",
        )
        before = harness.row_counts(database_url)
        print(
            f"throwaway PostgreSQL on port {args.pg_port}: national data loaded in "
            f"{time.monotonic() - started:.0f}s ({before[0]} authorities, {before[1]} "
            f"inspections, {before[2]} judgements)"
        )
        pages = harness.main_pages(database_url)
        log = cluster.root / "gunicorn.log"
        with harness.gunicorn(database_url, args.port, log=log) as server:
            workers_before = server.worker_pids()
            probe = Probe(server.url)
            wrk_result: dict = {}
            load = threading.Thread(
                target=lambda: wrk_result.update(
                    harness.run_wrk(
                        server.url,
                        pages,
                        connections=args.connections,
                        seconds=args.seconds,
                        threads=2,
                    )
                )
            )
            # Warm up as the load test does, so the measured run starts from a running service.
            harness.run_wrk(server.url, pages, connections=8, seconds=5, threads=2)
            # Warm up as the load test does, so the measured run starts from a running service.
            harness.run_wrk(server.url, pages, connections=8, seconds=5, threads=2)
            probing = threading.Thread(target=probe.run)
            load.start()
            probing.start()
            time.sleep(args.restart_after)
            restart_began = time.monotonic()
            if not args.no_restart:
                cluster.pg_ctl("restart", "-m", "fast")
            restart_done = time.monotonic()
            load.join()
            probe.stop()
            probing.join()
            workers_after = server.worker_pids()
            master_alive = server.process.poll() is None
        after = harness.row_counts(database_url)
        retried = log.read_text().count("read again after the database connection was lost")

    report(args, wrk_result, probe.answers, restart_began, restart_done)
    print(f"requests read again on a new connection (config/middleware.py): {retried}")
    unchanged = workers_after == workers_before and master_alive
    print(
        f"gunicorn: {len(workers_before)} workers before, {len(workers_after & workers_before)} "
        f"of them still there after, master {'running' if master_alive else 'gone'}: "
        + ("no process restarted" if unchanged else "PROCESSES CHANGED")
    )
    lost = "nothing lost" if before == after else "DIFFERENT"
    print(f"data (authorities, inspections, judgements): before {before}, after {after}: {lost}")
    sys.exit(0 if unchanged and before == after else 1)


def report(args, wrk_result, answers, restart_began, restart_done) -> None:
    if args.no_restart:
        fault = "no restart (the control run)"
    else:
        fault = (
            f"PostgreSQL restarted {args.restart_after:.0f}s in, down for "
            f"{restart_done - restart_began:.1f}s (pg_ctl restart -m fast)"
        )
    print(f"wrk: {args.connections} connections, {args.seconds}s (after a 5 s warm-up); {fault}")
    print(harness.describe(wrk_result))
    failed = sorted(
        (answered, sent, outcome) for sent, answered, outcome in answers if outcome != 200
    )
    print(f"probe: {len(answers)} requests, one every 500 ms, {len(failed)} failed")
    if failed:
        last_failure = failed[-1][0]
        good_after = [a for _, a, o in answers if o == 200 and a > last_failure]
        outcomes = sorted({str(o) for _, _, o in failed})
        print(
            f"  failures answered from {failed[0][0] - restart_began:+.1f}s to "
            f"{last_failure - restart_began:+.1f}s after the restart began ({', '.join(outcomes)})"
        )
        whole = (min(good_after) if good_after else float("nan")) - restart_began
        print(
            f"  service whole again {whole:.1f}s after the restart began; every later answer good"
        )
    else:
        print("  no probe request failed")
    before = sorted(a - s for s, a, o in answers if a < restart_began)
    sent_after = sorted((a, a - s) for s, a, o in answers if s >= restart_began and o == 200)
    during = [a - s for s, a, o in answers if s < restart_done + 2 and a > restart_began]
    if before and sent_after and during:
        print(
            f"  answer time: median {before[len(before) // 2]:.1f}s before the restart, "
            f"longest {max(during):.1f}s across it; the first request sent after the restart "
            f"began was answered {sent_after[0][0] - restart_began:.1f}s after it began"
        )
    print(
        f"failed requests in all: {wrk_result['http_errors'] + wrk_result['socket_errors']} of "
        f"{wrk_result['requests']} (wrk) + {len(failed)} of {len(answers)} (probe)"
    )


if __name__ == "__main__":
    main()
