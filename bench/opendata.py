"""How long the downloads, the API and the feed take on the national data.

    .venv/bin/python bench/opendata.py [RUNS]

Loads the register, the history and the demo data into a fresh SQLite database in a temporary
folder (nothing else is touched), then requests each address RUNS times (default 5) through
Django's test client and prints the median and slowest time, the status and the size.
"""

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
folder = tempfile.mkdtemp(prefix="opendata-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from authorities.services import register_import  # noqa: E402
from inspections.demo_load import demo_load  # noqa: E402
from inspections.history_import import history_import  # noqa: E402

ADDRESSES = [
    "/downloads/national/regions.csv",
    "/downloads/national/over-time.json",
    "/downloads/authorities.csv?include_former=on",
    "/downloads/authorities.json?include_former=on",
    "/downloads/authorities/buckinghamshire.csv?show=overall&show=leadership",
    "/downloads/compare.csv?a=sandwell&a=walsall&a=wolverhampton&a=dudley",
    "/api/authorities?page_size=200&include_former=on",
    "/api/authorities/sandwell",
    "/api/inspections?page_size=200",
    "/api/openapi.json",
    "/feeds/changes/",
    "/embed/compare/?a=sandwell&a=walsall",
]


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    call_command("migrate", verbosity=0)
    register_import(source=str(settings.NATIONAL_DATA_DIR / "la_lookup.csv"))
    history_import(source=str(settings.NATIONAL_DATA_DIR / "ilacs_history.csv"))
    demo_load()
    setup_test_environment()
    client = Client()
    print(f"{runs} runs each; median / slowest, status, bytes")
    for address in ADDRESSES:
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(address)
            size = len(body_of(response))
            times.append(time.perf_counter() - began)
        print(
            f"{statistics.median(times) * 1000:7.1f} ms / {max(times) * 1000:7.1f} ms  "
            f"{response.status_code}  {size:8,d}  {address}"
        )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
