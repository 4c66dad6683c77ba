"""What a write costs as the data grows: queries and seconds of an editor's save and of each
import, at 1× and 100× the national number of authorities.

    .venv/bin/python bench/save_cost.py                      # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/save_cost.py
    .venv/bin/python bench/save_cost.py --sizes 1,10

Never touches your database (the same databases as bench/pages.py: a temporary SQLite file, or
`<name>_bench` on the PostgreSQL server of DATABASE_URL, dropped and made anew).

1× is the real register (data/ofsted/la_lookup.csv); each larger size is a copy of it with
synthetic authorities added until there are that many times as many, each with a history drawn
like the real ones (bench/pages.py's Synthesiser). At each size, in this order:

- the real history imported (data/ofsted/ilacs_history.csv: 497 inspections of the real
  authorities), then imported again (a second import changes nothing);
- the demo data loaded;
- an editor's save: the admin's change page of Buckinghamshire's latest inspection posted with
  one grade changed, as an editor's browser sends it (the POST alone is counted), three times;
- the register imported again (it changes nothing at 1×; at larger sizes the synthetic
  authorities are left as they are).

The derived tables (standings, inadequate periods, England's quarter days) are rewritten once
per import or save, for the authorities it changed: the figures should not grow with the size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import (  # noqa: E402
    Synthesiser,
    configure,
    copy_database,
    database_wrapper,
    use,
)

SAVES = 3


def counted(work) -> tuple[int, float]:
    """Queries and seconds of `work()`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        began = time.perf_counter()
        work()
        seconds = time.perf_counter() - began
    return len(queries), seconds


def editor_saves() -> list[tuple[int, float]]:
    """An editor's save of Buckinghamshire's latest inspection, one grade changed each time."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from authorities.models import Authority
    from inspections.rules import Grade
    from tests.admin_helpers import admin_form

    user, _ = get_user_model().objects.get_or_create(
        username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    inspection = (
        Authority.objects.get(slug="buckinghamshire")
        .inspections.exclude(published_on=None)
        .order_by("-published_on")
        .first()
    )
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    results = []
    for grade in [Grade.INADEQUATE, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT][:SAVES]:
        data = admin_form(client.get(url))
        area = next(k for k, v in data.items() if k.endswith("-area") and v == "leadership")
        data[area.replace("-area", "-grade")] = grade
        response = None

        def post(data=data):
            nonlocal response
            response = client.post(url, data)

        results.append(counted(post))
        if response.status_code != 302:
            sys.exit(f"the editor's save was refused ({response.status_code})")
    return results


def measure() -> dict[str, tuple[int, float]]:
    from django.conf import settings

    from authorities.services import register_import
    from inspections.demo_load import demo_load
    from inspections.history_import import history_import

    data = Path(settings.NATIONAL_DATA_DIR)
    figures = {
        "history import": counted(lambda: history_import(source=str(data / "ilacs_history.csv"))),
        "history import, again": counted(
            lambda: history_import(source=str(data / "ilacs_history.csv"))
        ),
        "demo load": counted(demo_load),
    }
    saves = editor_saves()
    figures["editor's save"] = (
        int(statistics.median(q for q, _ in saves)),
        statistics.median(s for _, s in saves),
    )
    figures["register import, again"] = counted(
        lambda: register_import(source=str(data / "la_lookup.csv"))
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100", help="comma-separated, e.g. 1,10,100")
    options = parser.parse_args()
    sizes = sorted({int(s) for s in options.sizes.split(",")} | {1})

    description = configure()
    from django.conf import settings
    from django.db import connection

    from authorities.models import Authority
    from authorities.services import register_import
    from inspections import derived

    print(f"Database: {description} ({connection.vendor})")
    data = Path(settings.NATIONAL_DATA_DIR)
    register = counted(lambda: register_import(source=str(data / "la_lookup.csv")))
    real = Authority.objects.count()
    print(f"1×: the register imported, {real} authorities", flush=True)
    names = {1: connection.settings_dict["NAME"]}
    synthesiser = Synthesiser()
    for size in sizes[1:]:
        names[size] = copy_database(size)
        use(database_wrapper(names[size]))
        began = time.perf_counter()
        synthesiser.authorities(real * size - Authority.objects.count())
        derived.record()  # bulk_create sends no signals
        print(
            f"{size}×: {Authority.objects.count():,} authorities "
            f"(added in {time.perf_counter() - began:.0f} s)",
            flush=True,
        )
    by_size = {}
    for size in sizes:
        use(database_wrapper(names[size]))
        by_size[size] = measure()
        if size == 1:
            by_size[1] = {"register import (empty database)": register, **by_size[1]}

    print()
    header = "| write | " + " | ".join(f"{s}×: queries | {s}×: s" for s in sizes)
    print(header + " | queries, largest / 1× |")
    print("|---" * (2 * len(sizes) + 2) + "|")
    for name in by_size[sizes[-1]] | by_size[1]:
        cells, queries = [], []
        for size in sizes:
            if name in by_size[size]:
                q, seconds = by_size[size][name]
                cells += [f"{q:,}", f"{seconds:.2f}"]
                queries.append(q)
            else:
                cells += ["", ""]
        ratio = f"{queries[-1] / queries[0]:.2f}" if len(queries) == len(sizes) else ""
        print(f"| {name} | " + " | ".join(cells) + f" | {ratio} |")


if __name__ == "__main__":
    main()
