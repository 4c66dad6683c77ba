"""Load test: gunicorn + PostgreSQL on loopback, 64 connections for 30 seconds over the main
pages, with wrk. Prints throughput, latency percentiles and errors (the target is no errors).

    .venv/bin/python bench/load_test.py                  # DATABASE_URL, or the local wt database
    .venv/bin/python bench/load_test.py --load-data      # first import the national data

The database must hold the real national data (import_authorities + import_history + load_demo,
as the README says); --load-data does that. Needs wrk ('apt-get install wrk').
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--port", type=int, default=8063)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--load-data", action="store_true", help="import the national data first")
    parser.add_argument(
        "--shared", type=Path, default=harness.BASE_DIR.parent / "shared" / "data" / "ofsted"
    )
    args = parser.parse_args()
    if not (args.database_url or "").startswith("postgres"):
        sys.exit("Give a PostgreSQL database: --database-url or DATABASE_URL=postgres://...")
    harness.require_wrk()
    if args.load_data:
        harness.load_national_data(args.database_url, args.shared)
    authorities, inspections, judgements = harness.row_counts(args.database_url)
    if authorities < 150 or inspections < 490:
        sys.exit(
            f"The database has {authorities} authorities and {inspections} inspections, not the "
            "national data: run again with --load-data."
        )
    pages = harness.main_pages(args.database_url)
    print(f"machine: {harness.machine()}")
    print(f"data: {authorities} authorities, {inspections} inspections, {judgements} judgements")
    print(f"pages: {len(pages)} URLs (national picture, index, every authority, comparisons)")
    with harness.gunicorn(args.database_url, args.port) as server:
        print(f"gunicorn: {len(server.worker_pids())} workers, production settings")
        harness.run_wrk(server.url, pages, connections=8, seconds=5, threads=args.wrk_threads)
        result = harness.run_wrk(
            server.url,
            pages,
            connections=args.connections,
            seconds=args.seconds,
            threads=args.wrk_threads,
        )
    print(f"wrk: {args.connections} connections, {args.seconds}s (after a 5 s warm-up)")
    print(harness.describe(result))
    sys.exit(1 if result["http_errors"] or result["socket_errors"] else 0)


if __name__ == "__main__":
    main()
