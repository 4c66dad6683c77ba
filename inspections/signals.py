"""Every save or delete of data a page shows bumps the data version (models.DataVersion).

Connected in apps.py. Bulk writes send no signals: the services that make them bump the version
themselves (authorities.services._set_neighbours).
"""

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


def connect() -> None:
    for model in SHOWN:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-del-{model}")
    m2m_changed.connect(
        data_changed, sender=Authority.predecessors.through, dispatch_uid="data-version-m2m"
    )
