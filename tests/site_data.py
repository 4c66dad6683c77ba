"""Module-scoped test data: loaded once, rolled back at the end."""

from contextlib import contextmanager
from pathlib import Path


@contextmanager
def site_data_rolled_back(shared: Path | None):
    """The register and history from `shared` (when given) and the demo data, loaded in a
    transaction that is rolled back on leaving: module-scoped data that no test can keep."""
    from django.db import connection, transaction

    from authorities.services import register_import
    from inspections.services import demo_load, history_import

    # Opened inside a test's own transaction, the data would vanish with that test's
    # rollback: request `national_site` in the test's signature, before `db`.
    assert not connection.in_atomic_block, "national_site must be set up before db"
    outer = transaction.atomic()
    outer.__enter__()
    try:
        if shared is not None:
            register_import(source=str(shared / "la_lookup.csv"))
            history_import(source=str(shared / "ilacs_history.csv"))
        demo_load()
        yield
    finally:
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
