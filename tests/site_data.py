"""Test data from the real imports, loaded once and put back as rows after that.

The national register and history go through the real import services the first time a test
session needs them (about 15 s on PostgreSQL). Every table the imports wrote is then read back,
and the next test or module that needs the same data on an empty database gets those rows
inserted as they were (ids, audit history, derived tables and all) in a fraction of a second,
with the import's result as it was. The first load of each kind in a session is always the real
one, and the tests of the imports themselves call the services in their own bodies.
`restores` counts the loads put back, for the test that they happen (tests/test_site_data.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

#: The apps whose tables the loaders write (their models, audit history and many-to-many tables).
APPS = ("authorities_", "inspections_")
#: Kept apart: one row that every page reads, moved by the loaders themselves.
DATA_VERSION = "inspections_dataversion"
#: Derived from the data (derived.refresh) and written even for an empty database (`migrate`
#: writes England's quarter days): not data, so not what makes a database empty; put back with
#: the rest, in place of what is there.
DERIVED = (
    "inspections_authoritystanding",
    "inspections_inadequateperiod",
    "inspections_coveragequarter",
    "inspections_coverageshare",
)

_snapshots: dict[str, tuple[dict[str, tuple[list[str], list[tuple]]], object]] = {}
#: How many loads were put back from a snapshot, by name, in this session.
restores: dict[str, int] = {}


def _tables() -> list[str]:
    from django.db import connection

    names = connection.introspection.django_table_names(include_views=False)
    return sorted(name for name in names if name.startswith(APPS) and name != DATA_VERSION)


def _is_empty(tables: list[str]) -> bool:
    """No data in any of the tables (derived tables aside, which `migrate` fills even then)."""
    from django.db import connection

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            if table in DERIVED:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
            if cursor.fetchone():
                return False
    return True


def _read(tables: list[str]) -> dict[str, tuple[list[str], list[tuple]]]:
    from django.db import connection

    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            found = cursor.fetchall()
            if found:
                rows[table] = ([column[0] for column in cursor.description], found)
    return rows


def _restore(rows: dict[str, tuple[list[str], list[tuple]]]) -> None:
    """The rows put back as they were read, derived tables included (in place of the empty
    database's), ids and all; the sequences moved past them (PostgreSQL) and the data version
    moved, as after the real load."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from inspections.models import DataVersion

    quote = connection.ops.quote_name
    # Foreign keys are checked at commit (Django makes them deferrable), so order is free inside
    # one transaction (a transactional test's database is in autocommit otherwise).
    with transaction.atomic(), connection.cursor() as cursor:
        for table in DERIVED:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, values) in rows.items():
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in rows]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        DataVersion.bump()


def loaded(name: str, load: Callable[[], object]) -> object:
    """`load()`'s result, run for real the first time in a session; after that, on an empty
    database, the rows it wrote put back as they were and a copy of its result."""
    tables = _tables()
    empty = _is_empty(tables)
    if empty and name in _snapshots:
        rows, result = _snapshots[name]
        _restore(rows)
        restores[name] = restores.get(name, 0) + 1
        return copy.deepcopy(result)
    result = load()
    if empty:
        _snapshots[name] = (_read(tables), copy.deepcopy(result))
    return result


def national_register_loaded(shared: Path):
    from authorities.services import register_import

    return loaded("register", lambda: register_import(source=str(shared / "la_lookup.csv")))


def _national_load(folder: Path):
    """The register and the history file from `folder`: the history's import result."""
    from inspections.history_import import national_load

    _, history = national_load(
        register=str(folder / "la_lookup.csv"), history=str(folder / "ilacs_history.csv")
    )
    return history


def _record_load(folder: Path):
    """The register and the reconciled record from `folder`, as `manage.py load_national` loads
    them: the record's import result."""
    from inspections.history_import import national_load

    _, record = national_load(register=str(folder / "la_lookup.csv"), record=str(folder / "record"))
    return record


def national_history_loaded(shared: Path):
    """The register and the history (the history's import result)."""
    return loaded("register+history", lambda: _national_load(shared))


def site_loaded(shipped: Path | None):
    """The register and the reconciled record from `shipped` (when given) and the demo data, as
    `bin/serve` loads them: the demo's summary."""
    from inspections.demo_load import demo_load

    def load():
        if shipped is not None:
            _record_load(shipped)
        return demo_load()

    return loaded(f"site:{shipped is not None}", load)


def demo_loaded():
    """The demo data alone (Buckinghamshire and Sandwell): the demo's summary."""
    return site_loaded(None)


@contextmanager
def site_data_rolled_back(shared: Path | None):
    """The register and history from `shared` (when given) and the demo data, loaded in a
    transaction that is rolled back on leaving: module-scoped data that no test can keep."""
    from django.db import connection, transaction

    # Opened inside a test's own transaction, the data would vanish with that test's
    # rollback: request `national_site` in the test's signature, before `db`.
    assert not connection.in_atomic_block, "national_site must be set up before db"
    outer = transaction.atomic()
    outer.__enter__()
    try:
        site_loaded(shared)
        yield
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
