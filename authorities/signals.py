"""Signals the authority register sends that Django's own do not cover, and the batch within
which a transaction's changes are recorded once, at its end."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import Signal

#: Rows were written in bulk (bulk_create sends no post_save): whoever keeps a version of the
#: data (inspections.signals) moves it.
rows_bulk_written = Signal()

#: A batch (`changes_batched`) opens: whoever records changes (inspections.signals) starts
#: noting them instead of recording each one as it happens.
batch_opened = Signal()
#: The batch's body ended without an error, still inside its transaction: record what was noted.
batch_closing = Signal()
#: The batch ended, with or without an error: stop noting (sent after batch_closing).
batch_closed = Signal()


class _Open(threading.local):
    open = False


_state = _Open()


@contextmanager
def changes_batched() -> Iterator[None]:
    """Within one transaction (an import, an editor's request), note the changes row by row and
    record them once at the end, still inside the transaction: the derived tables are rewritten
    once, for what changed, and a failed body records nothing (it is rolled back). Nested uses
    join the outer one. The register's import runs in one; so does every request that may write
    (config.middleware.ChangesBatchedMiddleware), and inspections' own imports and saves."""
    if _state.open:
        yield
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("changes_batched() belongs inside a transaction")
    _state.open = True
    try:
        batch_opened.send(sender=None)
        yield
        batch_closing.send(sender=None)
    finally:
        _state.open = False
        batch_closed.send(sender=None)
