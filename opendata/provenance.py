"""Where the data comes from and when it last changed: said by every download, the API and embeds.

"Last changed" is the newest entry in the audit history (django-simple-history) of the models
that hold inspection data: every import, admin save and deletion writes one, so it moves exactly
when the data does.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.utils.http import http_date

from authorities.models import Authority, FormerName, StatisticalNeighbour
from inspections.models import (
    FocusedVisit,
    Inspection,
    Intervention,
    JointTargetedAreaInspection,
    Judgement,
    MonitoringVisit,
)

SOURCE = (
    "Ofsted inspection reports on local authority children's services "
    "(https://reports.ofsted.gov.uk/); each row's report_url, where known, is its report"
)
LICENCE = "Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)"

HISTORIED_MODELS = (
    Inspection,
    Judgement,
    MonitoringVisit,
    FocusedVisit,
    JointTargetedAreaInspection,
    Intervention,
    Authority,
    FormerName,
    StatisticalNeighbour,
)


def last_changed() -> dt.datetime | None:
    """When the inspection data last changed (None for a database never written to)."""
    dates = [
        model.history.aggregate(latest=Max("history_date"))["latest"] for model in HISTORIED_MODELS
    ]
    return max((d for d in dates if d), default=None)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def headers(moment: dt.datetime | None) -> dict[str, str]:
    """Provenance as HTTP headers, for responses (CSV) that cannot carry it in their body."""
    values = {"X-Data-Source": SOURCE, "X-Data-Licence": LICENCE}
    if moment:
        values["Last-Modified"] = http_date(moment.timestamp())
        values["X-Data-Last-Changed"] = iso(moment)
    return values
