"""Where the data comes from and when it last changed: said by every download, the API and embeds.

"Last changed" is the data version's time (inspections.models.DataVersion): every import, admin
save and deletion of data the pages show moves it, in the same transaction, and it is the time the
pages' own Last-Modified and ETag come from, so a download and its page always agree.
"""

from __future__ import annotations

import datetime as dt

from django.utils.http import http_date

from inspections.models import DataVersion

SOURCE = (
    "Ofsted inspection reports on local authority children's services "
    "(https://reports.ofsted.gov.uk/); each row's report_url, where known, is its report"
)
LICENCE = "Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)"


def last_changed() -> dt.datetime:
    """When the data the pages show last changed: one query."""
    return DataVersion.current().changed_at


def iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def headers(moment: dt.datetime | None) -> dict[str, str]:
    """Provenance as HTTP headers, for responses (CSV) that cannot carry it in their body."""
    values = {"X-Data-Source": SOURCE, "X-Data-Licence": LICENCE}
    if moment:
        values["Last-Modified"] = http_date(moment.timestamp())
        values["X-Data-Last-Changed"] = iso(moment)
    return values
