"""What each page costs as the data grows: queries, server time and HTML size at 1×, 10× and 100×.

    .venv/bin/python bench/pages.py                      # SQLite, in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/pages.py
    .venv/bin/python bench/pages.py --sizes 1,10 --repeat 10
    .venv/bin/python bench/pages.py --sizes 1,100 --pages home   # the home page only

Never touches your database: on SQLite it works in a temporary file; with a PostgreSQL
DATABASE_URL it drops and creates `<name>_bench` on the same server and uses that.

1× is the real national data (the register, the history and the demo data from
data/ofsted), plus one authority whose history is ten times as long as a real one's.
10× and 100× add synthetic authorities until there are ten and a hundred times as many, each with
a history drawn like the real ones: an inspection in each framework's window (on-site dates,
publication, the framework's judgement areas and scale from inspections/rules.py), monitoring
visits after an inadequate judgement, an intervention after some of them, focused visits, JTAIs,
ten statistical neighbours and now and then a former name. Written with bulk_create.

Each size has its own database (1×, then a copy grown to 10×, then a copy of that grown to
100×), all open at once, so that for each page the sizes' requests take turns: other work on the
machine slows every size alike and the ratios hold even when the absolute times are noisy.
Times are in-process (django.test.Client, DEBUG off, warm: two requests first), per page:
queries per request, median and 95th-percentile time, HTML bytes, and each size's ratio to 1×.
Each page is measured twice: "uncached", with every cache off (what a request costs when it has to
be rendered), and "cached", with the data-version caches warm (what a repeat request costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TYPICAL = "buckinghamshire"  # the authority page measured at every size
LONG_HISTORY_SLUG = "long-history"
COMPARED = [
    "buckinghamshire",
    "sandwell",
    "birmingham",
    "leeds",
    "kent",
    "camden",
    "cornwall",
    "manchester",
    "norfolk",
    "hackney",
]


def pages() -> list[tuple[str, str, dict]]:
    """(label, URL, extra headers) for each page and htmx partial measured."""
    compare = "/compare/?" + "&".join(f"a={slug}" for slug in COMPARED) + "&area=overall"
    htmx = {"HTTP_HX_REQUEST": "true"}
    return [
        ("home", "/", {}),
        ("index", "/authorities/", {}),
        ("index, filtered (region)", "/authorities/?region=SE", {}),
        ("index, filtered (grade, sorted)", "/authorities/?grade=good&sort=grade", {}),
        ("index #results (htmx)", "/authorities/?region=SE", htmx),
        ("authority", f"/authorities/{TYPICAL}/", {}),
        ("authority, long history", f"/authorities/{LONG_HISTORY_SLUG}/", {}),
        ("compare, 10 authorities", compare, {}),
        ("compare #compare (htmx)", compare, htmx),
        (
            "compare picker #picker-results (htmx)",
            "/compare/search/?q=shire&" + "&".join(f"a={s}" for s in COMPARED[:3]),
            htmx,
        ),
    ]


# --- The bench database --------------------------------------------------------------------------


#: The PostgreSQL server's maintenance database, to create and drop the bench databases.
POSTGRES_ADMIN_URL = ""


def create_postgres_database(name: str, template: str | None = None) -> None:
    import psycopg

    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{copy}')


def bench_database_url() -> tuple[str, str]:
    """A fresh database for the bench, never the user's: (URL, description)."""
    global POSTGRES_ADMIN_URL
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(url)
        name = (parsed.path.lstrip("/") or "postgres") + "_bench"
        POSTGRES_ADMIN_URL = urlunparse(parsed._replace(path="/postgres"))
        create_postgres_database(name)
        return urlunparse(parsed._replace(path=f"/{name}")), f"PostgreSQL database {name}"
    path = Path(tempfile.mkdtemp(prefix="bench-pages-")) / "bench.sqlite3"
    return f"sqlite:///{path}", f"SQLite file {path}"


def configure() -> str:
    url, description = bench_database_url()
    os.environ["DATABASE_URL"] = url
    # Production settings, as deployed (hashed static files, no DEBUG), over plain http on loopback.
    os.environ["DJANGO_ENV"] = "production"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["CONN_MAX_AGE"] = "600"  # one connection, as a production server keeps it
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # DEBUG off serves hashed static file names, as production does: they need collectstatic.
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="bench-static-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return description


def copy_database(size: int) -> str:
    """A copy of the database in use, named for `size`, to grow without touching the smaller."""
    from django.db import connection

    source = connection.settings_dict["NAME"]
    connection.close()
    if connection.vendor == "postgresql":
        name = f"{source.split('_bench')[0]}_bench_{size}x"
        create_postgres_database(name, template=source)
        return name
    target = Path(source).with_name(f"bench-{size}x.sqlite3")
    shutil.copyfile(source, target)
    return str(target)


def database_wrapper(name: str):
    """A connection to the bench database `name`, with the default database's other settings."""
    from django.db import connections
    from django.db.utils import load_backend

    settings_dict = {**connections.settings["default"], "NAME": name}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")


def use(wrapper) -> None:
    """Serve the next requests from this database (its connection stays open)."""
    from django.db import connections

    connections._connections.default = wrapper


# --- Data ----------------------------------------------------------------------------------------


def load_real_data() -> None:
    from django.conf import settings

    from authorities.services import register_import
    from inspections.demo_load import demo_load
    from inspections.history_import import history_import

    shipped = Path(settings.NATIONAL_DATA_DIR)
    register_import(source=str(shipped / "la_lookup.csv"))
    history_import(source=str(shipped / "ilacs_history.csv"))
    demo_load()


def history_size(authority) -> int:
    """Inspections, visits and interventions: the rows an authority page lists."""
    return (
        authority.inspections.count()
        + authority.monitoring_visits.count()
        + authority.focused_visits.count()
        + authority.jtais.count()
        + authority.interventions.count()
    )


class Synthesiser:
    """Authorities with realistic histories, written in bulk."""

    def __init__(self, seed: int = 7) -> None:
        from django.utils import timezone

        self.random = random.Random(seed)
        self.today = timezone.localdate()
        self.made = 0

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.random.randint(0, (last - first).days))

    def grade(self, framework: str, area: str | None) -> str:
        from inspections import rules

        scale = rules.scale_for(framework)
        if area is not None:
            possible = rules.grades_possible_for_area(area)
            scale = [g for g in scale if g in possible]
        # Good and requires improvement (or adequate) are the common grades.
        weights = [{"outstanding": 1, "inadequate": 2}.get(g, 4) for g in scale]
        return self.random.choices(scale, weights)[0]

    def inspection(self, authority, framework: str, started_on: dt.date, kind: str = "standard"):
        from inspections import rules
        from inspections.models import Inspection, Judgement

        ended_on = started_on + dt.timedelta(days=self.random.randint(8, 20))
        published_on = ended_on + dt.timedelta(days=self.random.randint(25, 60))
        has_overall = rules.FRAMEWORKS[framework].has_overall
        inspection = Inspection(
            authority=authority,
            framework=framework,
            inspection_type=kind,
            started_on=started_on,
            ended_on=ended_on,
            published_on=published_on,
            lead_inspector=self.random.choice(["A. Inspector", "B. Lead", "C. Reviewer"]),
            report_url=f"https://reports.ofsted.gov.uk/bench/{authority.slug}/{published_on}",
            overall_effectiveness=self.grade(framework, None) if has_overall else "",
        )
        judgements = [
            Judgement(inspection=inspection, area=area, grade=self.grade(framework, area))
            for area in rules.areas_for(framework, started_on)
        ]
        return inspection, judgements

    def history(self, authority) -> tuple[list, list, list]:
        """Inspections with judgements, and the visits, one per framework window."""
        from inspections.rules import FRAMEWORKS, Framework

        D = dt.date
        windows = [
            (Framework.PRE_SIF, D(2009, 6, 1), D(2012, 12, 31), 0.8),
            (Framework.SIF, D(2014, 1, 1), D(2017, 3, 31), 1.0),
            (Framework.ILACS, D(2018, 3, 1), D(2022, 10, 31), 1.0),
            (Framework.ILACS, D(2023, 1, 1), D(2026, 1, 31), 0.6),
            (
                Framework.ILACS_2026,
                FRAMEWORKS[Framework.ILACS_2026].first_start,
                self.today - dt.timedelta(days=90),
                0.2,
            ),
        ]
        made = []
        for framework, first, last, chance in windows:
            if first <= last and self.random.random() < chance:
                made.append(self.inspection(authority, framework, self.day_between(first, last)))
        return made

    def visits(self, authority, inspection) -> tuple[list, list]:
        """Monitoring visits (and sometimes an intervention) after an inadequate judgement."""
        from inspections.models import Intervention, MonitoringVisit

        visits, interventions = [], []
        if inspection.overall_effectiveness != "inadequate":
            return visits, interventions
        started_on = inspection.ended_on
        for sequence in range(1, self.random.randint(2, 5)):
            started_on += dt.timedelta(days=self.random.randint(90, 150))
            if started_on > self.today - dt.timedelta(days=30):
                break
            visits.append(
                MonitoringVisit(
                    authority=authority,
                    follows=inspection,
                    sequence=sequence,
                    started_on=started_on,
                    ended_on=started_on + dt.timedelta(days=1),
                    published_on=started_on + dt.timedelta(days=30),
                    theme="Children in need of help and protection",
                    findings="Progress since the last inspection is slow but real.",
                )
            )
        if self.random.random() < 0.4:
            interventions.append(
                Intervention(
                    authority=authority,
                    kind=self.random.choice(["statutory_direction", "commissioner", "trust"]),
                    started_on=inspection.published_on + dt.timedelta(days=60),
                    follows=inspection,
                    description="Following the inadequate judgement.",
                )
            )
        return visits, interventions

    def other_visits(self, authority) -> tuple[list, list]:
        from inspections.models import FocusedVisit, JointTargetedAreaInspection

        focused, jtais = [], []
        if self.random.random() < 0.5:
            started_on = self.day_between(dt.date(2019, 1, 1), dt.date(2022, 12, 31))
            focused.append(
                FocusedVisit(
                    authority=authority,
                    started_on=started_on,
                    ended_on=started_on + dt.timedelta(days=1),
                    published_on=started_on + dt.timedelta(days=35),
                    theme="The front door",
                    findings="Thresholds are understood and applied consistently.",
                )
            )
        if self.random.random() < 0.3:
            started_on = self.day_between(dt.date(2016, 1, 1), dt.date(2025, 12, 31))
            jtais.append(
                JointTargetedAreaInspection(
                    authority=authority,
                    started_on=started_on,
                    ended_on=started_on + dt.timedelta(days=4),
                    published_on=started_on + dt.timedelta(days=50),
                    theme="Children at risk of exploitation",
                )
            )
        return focused, jtais

    def authorities(self, count: int) -> None:
        """`count` new authorities named after real ones, with histories and neighbours."""
        from django.utils.text import slugify

        from authorities.models import Authority, AuthorityType, FormerName, Region

        real = list(Authority.objects.filter(dfe_code__isnull=False).values_list("name", flat=True))
        new = []
        for _ in range(count):
            self.made += 1
            name = f"{real[self.made % len(real)]} {self.made:06d}"
            new.append(
                Authority(
                    name=name,
                    slug=slugify(name),
                    region=self.random.choice(Region.values),
                    authority_type=self.random.choice(AuthorityType.values),
                    population_0_25=self.random.randint(20_000, 400_000),
                )
            )
        new = Authority.objects.bulk_create(new, batch_size=2000)
        self.write_histories(new)
        self.link(new)
        FormerName.objects.bulk_create(
            [
                FormerName(
                    authority=a,
                    name=f"{a.name} County Council",
                    used_until=dt.date(2019, 3, 31),
                )
                for a in new
                if self.random.random() < 0.05
            ],
            batch_size=2000,
        )

    def write_histories(self, authorities, long: bool = False) -> None:
        from inspections.models import (
            FocusedVisit,
            Inspection,
            Intervention,
            JointTargetedAreaInspection,
            Judgement,
            MonitoringVisit,
        )

        pairs, focused, jtais = [], [], []
        for authority in authorities:
            pairs.extend(self.long_history(authority) if long else self.history(authority))
            for _ in range(10 if long else 1):
                more_focused, more_jtais = self.other_visits(authority)
                focused += more_focused
                jtais += more_jtais
        inspections = Inspection.objects.bulk_create([i for i, _ in pairs], batch_size=2000)
        Judgement.objects.bulk_create([j for _, js in pairs for j in js], batch_size=5000)
        visits, interventions = [], []
        for inspection in inspections:
            more_visits, more_interventions = self.visits(inspection.authority, inspection)
            visits += more_visits
            interventions += more_interventions
        MonitoringVisit.objects.bulk_create(visits, batch_size=2000)
        Intervention.objects.bulk_create(interventions, batch_size=2000)
        FocusedVisit.objects.bulk_create(focused, batch_size=2000)
        JointTargetedAreaInspection.objects.bulk_create(jtais, batch_size=2000)

    def long_history(self, authority) -> list:
        """Inspections every few months since 2009, each under the framework of its start date."""
        from inspections.rules import FRAMEWORKS, InspectionType, framework_for_start

        made = []
        count = authority.target_inspections
        first, last = dt.date(2009, 4, 1), self.today - dt.timedelta(days=120)
        step = (last - first) / count
        for n in range(count):
            started_on = first + step * n
            framework = framework_for_start(started_on)
            kind = InspectionType.STANDARD
            if InspectionType.SHORT in FRAMEWORKS[framework].types and n % 3 == 1:
                kind = InspectionType.SHORT
            made.append(self.inspection(authority, framework, started_on, kind))
        return made

    def link(self, authorities) -> None:
        """Ten statistical neighbours each, among the authorities made with it."""
        from authorities.models import StatisticalNeighbour

        links = []
        for index, authority in enumerate(authorities):
            others = [authorities[(index + k) % len(authorities)] for k in range(1, 11)]
            links += [
                StatisticalNeighbour(authority=authority, neighbour=other, rank=rank)
                for rank, other in enumerate(others, start=1)
                if other.pk != authority.pk
            ]
        StatisticalNeighbour.objects.bulk_create(links, batch_size=5000)

    def long_history_authority(self, typical_size: int, typical_inspections: int) -> None:
        """One authority with ten times the typical authority's history."""
        from authorities.models import Authority

        authority = Authority.objects.create(
            name="Long History", slug=LONG_HISTORY_SLUG, region="NW", authority_type="unitary"
        )
        authority.target_inspections = 10 * typical_inspections
        self.write_histories([authority], long=True)
        # Monitoring visits follow only the inadequate ones; top up with focused visits so the
        # whole history is ten times as long.
        from inspections.models import FocusedVisit

        missing = 10 * typical_size - history_size(authority)
        start = dt.date(2019, 1, 1)
        FocusedVisit.objects.bulk_create(
            [
                FocusedVisit(
                    authority=authority,
                    started_on=start + dt.timedelta(days=9 * n),
                    ended_on=start + dt.timedelta(days=9 * n + 1),
                    theme="The front door",
                )
                for n in range(max(missing, 0))
            ]
        )


# --- Measuring -----------------------------------------------------------------------------------


def measure(client, url: str, headers: dict, wrappers: dict, repeat: int, budget: float) -> dict:
    """Each size's figures for one page, the sizes' requests taking turns, so that a change in
    the machine's load (other processes) touches every size alike."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    figures = {}
    for size, wrapper in wrappers.items():
        use(wrapper)
        for _ in range(2):  # warm: templates compiled, caches filled, connection open
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, size, response.status_code)
        reset_queries()  # a full log (its length is capped) would count nothing
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        # Counted now: the next request empties the log the capture reads.
        figures[size] = {"queries": len(captured), "bytes": len(response.content), "times": []}
    started = time.perf_counter()
    rounds = 0
    while rounds < repeat and (rounds < 5 or time.perf_counter() - started < budget):
        rounds += 1
        for size, wrapper in wrappers.items():
            use(wrapper)
            began = time.perf_counter()
            client.get(url, **headers)
            figures[size]["times"].append((time.perf_counter() - began) * 1000)
    for row in figures.values():
        times = sorted(row.pop("times"))
        row["median"] = statistics.median(times)
        row["p95"] = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        row["samples"] = len(times)
    return figures


def measure_all(wrappers: dict, repeat: int, budget: float, only: str = "") -> dict[int, dict]:
    from django.core.cache import caches
    from django.test import Client, override_settings

    by_size = {size: {} for size in wrappers}
    client = Client()
    for mode in ("uncached", "cached"):
        backend = (
            "django.core.cache.backends.dummy.DummyCache"
            if mode == "uncached"
            else "django.core.cache.backends.locmem.LocMemCache"
        )
        with override_settings(CACHES={"default": {"BACKEND": backend}}):
            caches["default"].clear()
            for label, url, headers in pages():
                if only and not label.startswith(only):
                    continue
                for size, row in measure(client, url, headers, wrappers, repeat, budget).items():
                    by_size[size][(label, mode)] = row
                print(f"measured {label} ({mode})", file=sys.stderr, flush=True)
    return by_size


def print_table(by_size: dict[int, dict], extra: dict) -> None:
    sizes = sorted(by_size)
    base = by_size[sizes[0]]
    header = (
        f"{'page':40} {'mode':8} {'size':>5} {'queries':>7} {'median ms':>9} {'p95 ms':>8} "
        f"{'HTML bytes':>10} {'× time':>7} {'× queries':>9} {'× bytes':>7}"
    )
    print(header)
    print("-" * len(header))
    for label, _url, _headers in pages():
        for mode in ("uncached", "cached"):
            if (label, mode) not in base:
                continue  # not measured (--pages)
            for size in sizes:
                row = by_size[size][(label, mode)]
                first = base[(label, mode)]
                print(
                    f"{label:40} {mode:8} {size:>4}× {row['queries']:>7} {row['median']:>9.1f} "
                    f"{row['p95']:>8.1f} {row['bytes']:>10,} "
                    f"{row['median'] / first['median']:>7.2f} "
                    f"{row['queries'] / max(first['queries'], 1):>9.2f} "
                    f"{row['bytes'] / first['bytes']:>7.2f}"
                )
        print()
    for size in sizes:
        rows = by_size[size]
        if ("authority, long history", "uncached") not in rows:
            break
        typical, long = (
            rows[("authority", "uncached")],
            rows[("authority, long history", "uncached")],
        )
        print(
            f"{size:>4}×: long-history authority page / typical: history "
            f"{extra['history_ratio']:.1f}×, time {long['median'] / typical['median']:.2f}×, "
            f"queries {long['queries']} vs {typical['queries']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="multiples of the real data, e.g. 1,10")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument(
        "--budget", type=float, default=6.0, help="seconds per page before stopping early (≥5 runs)"
    )
    parser.add_argument(
        "--pages", default="", help="only the pages whose label starts so, e.g. home or index"
    )
    options = parser.parse_args()
    sizes = sorted({int(s) for s in options.sizes.split(",")})
    if sizes[0] != 1:
        sizes.insert(0, 1)  # ratios are to 1×

    description = configure()
    from django.db import connection

    from authorities.models import Authority
    from inspections import derived

    print(f"Database: {description} ({connection.vendor})")
    began = time.perf_counter()
    load_real_data()
    real = Authority.objects.count()
    synthesiser = Synthesiser()
    typical = Authority.objects.get(slug=TYPICAL)
    typical_size = history_size(typical)
    synthesiser.long_history_authority(typical_size, typical.inspections.count())
    long_size = history_size(Authority.objects.get(slug=LONG_HISTORY_SLUG))
    extra = {"history_ratio": long_size / typical_size}
    print(
        f"1×: {real} real authorities loaded in {time.perf_counter() - began:.1f}s; "
        f"{TYPICAL} has {typical_size} inspections, visits and interventions, "
        f"{LONG_HISTORY_SLUG} {long_size}"
    )
    names = {1: connection.settings_dict["NAME"]}
    for size in sizes[1:]:
        names[size] = copy_database(size)
        use(database_wrapper(names[size]))
        began = time.perf_counter()
        missing = real * size - Authority.objects.count()
        synthesiser.authorities(missing)
        derived.record()  # bulk_create sends no signals
        print(f"{size}×: added {missing} authorities in {time.perf_counter() - began:.1f}s")
        connection.close()
    wrappers = {size: database_wrapper(name) for size, name in names.items()}
    for size, wrapper in wrappers.items():
        use(wrapper)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"{size}×: {counts()}", flush=True)
    by_size = measure_all(wrappers, options.repeat, options.budget, options.pages)
    print()
    print_table(by_size, extra)


def counts() -> str:
    from authorities.models import Authority
    from inspections.models import (
        FocusedVisit,
        Inspection,
        Intervention,
        JointTargetedAreaInspection,
        Judgement,
        MonitoringVisit,
    )

    models = [
        ("authorities", Authority),
        ("inspections", Inspection),
        ("judgements", Judgement),
        ("monitoring visits", MonitoringVisit),
        ("focused visits", FocusedVisit),
        ("JTAIs", JointTargetedAreaInspection),
        ("interventions", Intervention),
    ]
    return ", ".join(f"{model.objects.count():,} {name}" for name, model in models)


if __name__ == "__main__":
    main()
