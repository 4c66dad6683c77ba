"""Throughput of the cached authority page next to a static file of the same size, same server.

    .venv/bin/python bench/cached.py                   # SQLite in a temporary file
    .venv/bin/python bench/cached.py --redis redis://127.0.0.1:6379/7
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/cached.py

Needs wrk (Debian/Ubuntu: `apt-get install -y wrk`; macOS: `brew install wrk`).

Loads the real national data into a fresh bench database (never yours: see bench/pages.py),
collects the static files as production does, copies the authority page's HTML into the static
files so that both responses carry the same bytes, and starts gunicorn on loopback (DEBUG off,
persistent database connections). wrk then requests the static copy (served by whitenoise) and
the page (served by Django from the data-version cache: one query for the version, then the
cache) in turns, and prints requests per second for each and the page's share of the static
file's. Target: the cached page at 50% or more.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages  # noqa: E402  (this folder's bench/pages.py)

PORT = 8070
PAGE = f"/authorities/{pages.TYPICAL}/"
STATIC_COPY = "bench/authority-page-copy.html"


def wrk(url: str, seconds: int, connections: int, threads: int) -> dict:
    run = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = run.stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors for {url}:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1),
        "p99": re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1),
    }


def median(runs: list[dict]) -> float:
    return statistics.median(r["rps"] for r in runs)


def start_server(env: dict, workers: int, threads: int) -> subprocess.Popen:
    root = Path(pages.ROOT)
    config = Path(env["STATIC_ROOT"]).parent / "gunicorn-bench.conf.py"
    config.write_text("")  # not a project gunicorn.conf.py: the settings come from env here
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(config),
            "config.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "5",
        ],
        cwd=root,
        env=env,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(server.stderr.read().decode()[-3000:])
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}{PAGE}", timeout=5).read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer:\n" + server.communicate()[1].decode()[-3000:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="static, page, … turns")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn process")
    parser.add_argument("--redis", default="", help="CACHE_URL for a shared Redis cache")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk (or brew install wrk)")

    description = pages.configure()
    print(f"Database: {description}")
    pages.load_real_data()
    from django.conf import settings
    from django.test import Client

    html = Client().get(PAGE).content
    copy = Path(settings.STATIC_ROOT) / STATIC_COPY
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes(html)

    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_ENV": "production",
        "SECURE_SSL_REDIRECT": "0",
    }
    if options.redis:
        env["CACHE_URL"] = options.redis
    server = start_server(env, options.workers, options.threads)
    try:
        page_url = f"http://127.0.0.1:{PORT}{PAGE}"
        static_url = f"http://127.0.0.1:{PORT}{settings.STATIC_URL.rstrip('/')}/{STATIC_COPY}"
        served = urllib.request.urlopen(page_url).read()
        static = urllib.request.urlopen(static_url).read()
        print(
            f"gunicorn: {options.workers} processes × {options.threads} threads "
            f"on 127.0.0.1:{PORT}; "
            f"cache: {options.redis or 'local memory in each process'}; "
            f"wrk: {options.connections} connections, {options.seconds}s a run"
        )
        print(f"page {PAGE}: {len(served):,} bytes; static copy: {len(static):,} bytes")
        results = {"static file": [], "cached page": []}
        for _ in range(options.rounds):
            results["static file"].append(wrk(static_url, options.seconds, options.connections, 2))
            results["cached page"].append(wrk(page_url, options.seconds, options.connections, 2))
        for name, runs in results.items():
            rates = ", ".join(f"{r['rps']:,.0f}" for r in runs)
            print(
                f"{name:12} requests/s: {rates} (median {median(runs):,.0f}); "
                f"latency p50 {runs[-1]['p50']}, p99 {runs[-1]['p99']}"
            )
        page, static = median(results["cached page"]), median(results["static file"])
        print(f"cached page / static file (medians): {page / static:.0%} (target ≥ 50%)")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
