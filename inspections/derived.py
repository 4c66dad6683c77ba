"""Recording that the data changed: the tables derived from it (each authority's standing and
inadequate periods, standing_table.py; England's series by quarter, coverage.py) are rewritten
and the data version (models.DataVersion) moves, in the caller's transaction, so that a reader
sees them together with the change or not at all.

The model signals (signals.py) call `record` for every save and delete; a writer that sends no
signals (bulk_create, raw SQL) calls it itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .coverage import refresh_quarters
from .models import DataVersion
from .standing_table import refresh as refresh_standings


def refresh(authority_ids: Iterable[int] | None = None) -> None:
    """The standings of the authorities given (None: every one) and their part in England's
    series: for a few authorities, a fixed number of queries whatever the size of the data."""
    authority_ids = None if authority_ids is None else set(authority_ids)
    with transaction.atomic():
        refresh_standings(authority_ids)
        refresh_quarters(authority_ids)


def record(*, standings_of: Iterable[int] | None = None) -> DataVersion:
    """A change recorded: the standings of the authorities `standings_of` names rewritten
    (every authority's when None, a bulk writer's change; none when empty), England's series
    with them, and a new data version."""
    with transaction.atomic():
        if standings_of is None or standings_of:
            refresh(standings_of)
        return DataVersion.bump()
