"""Every save or delete of data a page shows bumps the data version (models.DataVersion), and
every save or delete of a judgement moves its inspection's edit version (Inspection.version).

Connected in apps.py. Bulk writes send no signals: the services that make them bump the version
themselves (authorities.services._set_neighbours). No service writes judgements in bulk.
"""

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from authorities.models import Authority, FormerName, StatisticalNeighbour

from .models import (
    DataVersion,
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
)


def data_changed(sender, **kwargs) -> None:
    if kwargs.get("action", "post_").startswith("post_"):
        DataVersion.bump()


def judgement_changed(sender, instance: Judgement, raw: bool = False, **kwargs) -> None:
    """A judgement is part of its inspection's record: changing it, by any path (the inspection's
    form, the judgement's own page, a revert from its history, an import), moves the
    inspection's version, so a form opened before the change cannot save over it (admin.py).

    An update in the database (F), not a save: it adds no history record of the inspection and
    cannot lose a concurrent bump. In a fixture load (raw) versions are loaded as they are.
    """
    if not raw:
        Inspection.objects.filter(pk=instance.inspection_id).update(version=F("version") + 1)


def report_file_deleted(sender, instance: Inspection, **kwargs) -> None:
    """A deleted inspection's report goes with it (a post_delete signal, not Inspection.delete(),
    so the admin's bulk delete and cascades remove it too)."""
    if instance.report_file:
        report_file_discard(instance.report_file.name)


def connect() -> None:
    for model in SHOWN:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
    post_delete.connect(report_file_deleted, sender=Inspection, dispatch_uid="report-file-del")
    post_save.connect(judgement_changed, sender=Judgement, dispatch_uid="judgement-version-save")
    post_delete.connect(judgement_changed, sender=Judgement, dispatch_uid="judgement-version-del")
    m2m_changed.connect(
        data_changed, sender=Authority.predecessors.through, dispatch_uid="data-version-m2m"
    )
