"""Every save or delete of data a page shows bumps the data version (models.DataVersion), and
every save or delete of a judgement moves its inspection's edit version (Inspection.version).

Connected in apps.py. Bulk writes send no signals: the services that make them bump the version
themselves (authorities.services._set_neighbours). A transaction that saves row by row (an
import, an editor's request) runs in `changes_batched()` (authorities.signals), so the versions
move and the derived tables are rewritten once at its end, for what changed, instead of once a
row.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from authorities import signals as authority_signals
from authorities.models import Authority, FormerName, StatisticalNeighbour
from authorities.signals import rows_bulk_written

from .derived import record as derived_record
from .derived import refresh as derived_refresh
from .models import (
    DataNote,
    FocusedVisit,
    Inspection,
    Intervention,
    JointTargetedAreaInspection,
    Judgement,
    MonitoringVisit,
    report_file_discard,
)

SHOWN = (
    Authority,
    FormerName,
    StatisticalNeighbour,
    Inspection,
    Judgement,
    MonitoringVisit,
    FocusedVisit,
    JointTargetedAreaInspection,
    Intervention,
    # The disagreements between sources: listed on /data/ (a note of a merge that changed
    # nothing else must reach the page too).
    DataNote,
)


class _Batch(threading.local):
    #: None outside a batch (authorities.signals.changes_batched); inside, what changed so far.
    changes: dict | None = None
    #: Inspections whose judgements' changes do not move their version (version_moved_by_caller).
    held: frozenset[int] = frozenset()


_batch = _Batch()


def batch_opened(sender, **kwargs) -> None:
    _batch.changes = {"data": False, "inspections": set(), "standings": set(), "judged": set()}


def batch_closing(sender, **kwargs) -> None:
    """Move the data version, and the version of each inspection whose judgements changed, once,
    still inside the batch's transaction: a form opened before the batch cannot save over it."""
    changes = _batch.changes
    if changes is None:
        return
    _batch.changes = None
    if changes["inspections"]:
        Inspection.objects.filter(pk__in=changes["inspections"]).update(version=F("version") + 1)
    if changes["judged"] and changes["standings"] is not None:
        # The authorities of the inspections whose judgements changed, in one query (one a
        # judgement outside a batch). An inspection deleted since: its own delete named its.
        changes["standings"] |= set(
            Inspection.objects.filter(pk__in=changes["judged"]).values_list(
                "authority_id", flat=True
            )
        )
    if changes["data"]:
        derived_record(standings_of=changes["standings"])


def batch_closed(sender, **kwargs) -> None:
    _batch.changes = None


@contextmanager
def version_moved_by_caller(inspection_id: int) -> Iterator[None]:
    """Within it, a change to one of the inspection's judgements does not move the inspection's
    version: the caller has saved the inspection in the same transaction, and that save moved
    it. Everything else (the data version) is noted as usual."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("version_moved_by_caller() belongs inside a transaction")
    outer = _batch.held
    _batch.held = outer | {inspection_id}
    try:
        yield
    finally:
        _batch.held = outer


def data_changed(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):
        if _batch.changes is not None and sender is Judgement:
            _batch.changes["data"] = True
            _batch.changes["judged"].add(kwargs["instance"].inspection_id)
            return
        standings = _standings_touched(sender, kwargs.get("instance"))
        if _batch.changes is not None:
            _batch.changes["data"] = True
            if standings is None or _batch.changes["standings"] is None:
                _batch.changes["standings"] = None
            else:
                _batch.changes["standings"] |= standings
        else:
            derived_record(standings_of=standings)


def _standings_touched(sender, instance) -> set[int] | None:
    """The authorities whose standing (standing.py) a change to `instance` may move: its own
    for an inspection, a judgement or a new authority; none for the rest; every one (None)
    when it cannot tell."""
    if sender is Inspection or sender is Authority:
        return {instance.pk if sender is Authority else instance.authority_id}
    if sender is Judgement:
        authority = (
            Inspection.objects.filter(pk=instance.inspection_id)
            .values_list("authority_id", flat=True)
            .first()
        )
        # Deleted with its inspection: that inspection's own delete refreshes its authority.
        return {authority} if authority is not None else set()
    return set()


def judgement_changed(sender, instance: Judgement, raw: bool = False, **kwargs) -> None:
    """A judgement is part of its inspection's record: changing it, by any path (the inspection's
    form, the judgement's own page, a revert from its history, an import), moves the
    inspection's version, so a form opened before the change cannot save over it (admin.py).
    Not when the inspection is saved with it (`version_moved_by_caller`): that save moves it.

    An update in the database (F), not a save: it adds no history record of the inspection and
    cannot lose a concurrent bump. In a fixture load (raw) versions are loaded as they are.
    """
    if raw or instance.inspection_id in _batch.held:
        return
    if _batch.changes is not None:
        _batch.changes["inspections"].add(instance.inspection_id)
    else:
        Inspection.objects.filter(pk=instance.inspection_id).update(version=F("version") + 1)


def report_file_deleted(sender, instance: Inspection, **kwargs) -> None:
    """A deleted inspection's report goes with it (a post_delete signal, not Inspection.delete(),
    so the admin's bulk delete and cascades remove it too)."""
    if instance.report_file:
        report_file_discard(instance.report_file.name)


def standings_after_migrate(sender, **kwargs) -> None:
    """Every standing rewritten after `migrate`: a database made or upgraded has them at once
    (the tables are derived; derived.refresh)."""
    if sender.label != "inspections":
        return
    with transaction.atomic(using=kwargs.get("using", "default")):
        derived_refresh()


#: The migrations that make the editors group and grant it its rights, with their functions.
EDITORS_GROUP_MIGRATIONS = (("0002_editors_group", "create_editors_group"),
                            ("0007_editors_review_publications", "grant"),
                            ("0013_editors_review_data_notes", "grant"))  # fmt: skip


def editors_group_after_migrate(sender, using="default", apps=None, **kwargs) -> None:
    """The editors group and its rights made again after `migrate` or `flush` when they are gone
    (a flush empties auth's tables; Django makes its permissions again the same way), by the
    migrations' own functions, which change nothing when the group is there."""
    if sender.label != "inspections":
        return
    from importlib import import_module

    from django.apps import apps as installed_apps
    from django.db import connections

    apps = apps or installed_apps  # flush sends none: the models as installed

    class Editor:  # what the functions read of a schema editor
        connection = connections[using]

    for module, function in EDITORS_GROUP_MIGRATIONS:
        getattr(import_module(f"inspections.migrations.{module}"), function)(apps, Editor())


def connect() -> None:
    post_migrate.connect(standings_after_migrate, dispatch_uid="standings-after-migrate")
    post_migrate.connect(editors_group_after_migrate, dispatch_uid="editors-group-after-migrate")
    for model in SHOWN:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
    post_delete.connect(report_file_deleted, sender=Inspection, dispatch_uid="report-file-del")
    post_save.connect(judgement_changed, sender=Judgement, dispatch_uid="judgement-version-save")
    post_delete.connect(judgement_changed, sender=Judgement, dispatch_uid="judgement-version-del")
    m2m_changed.connect(
        data_changed, sender=Authority.predecessors.through, dispatch_uid="data-version-m2m"
    )
    rows_bulk_written.connect(data_changed, dispatch_uid="data-version-bulk")
    authority_signals.batch_opened.connect(batch_opened, dispatch_uid="changes-batch-opened")
    authority_signals.batch_closing.connect(batch_closing, dispatch_uid="changes-batch-closing")
    authority_signals.batch_closed.connect(batch_closed, dispatch_uid="changes-batch-closed")
