"""The published sources the record is built from, and the periods for which visits are known
nationally: written once, for the /data/ page, the authority pages' words and anyone else who
must say how complete the data is.

Each `Release` is one publication as its publisher released it: who, when (as its own cover
says; None where the file carries no date of release), under which licence, and what it holds.
Editors and the sync are sources too (sources.Source) but not releases: what they add is dated
by the record itself (an editor's history, `SyncCheck`).

Visits between inspections are not known for every year. Ofsted's official statistics list every
monitoring and focused visit of one year (the year's in-year sheet: 2022-23 in the 2023 release,
2024-25 in the 2025 one); the sync reads every publication from its first finished run on. In
any other year a visit is in the record only if an editor entered it, so "no visit recorded"
says nothing about that year (`visits_known_periods`).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.utils import timezone

from .models import SyncCheck
from .sources import Source

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
MIT = "MIT licence"
MIT_URL = "https://opensource.org/license/mit"
SCRAPE_TOOL_URL = "https://github.com/data-to-insight/ofsted-ilacs-scrape-tool"
#: Where Ofsted lists its children's social care statistics (both releases' covers link here).
STATISTICS_URL = "https://www.gov.uk/government/collections/childrens-social-care-statistics"


class Release(NamedTuple):
    key: str
    title: str
    publisher: str
    #: The release's own date (its cover's "Published on"); None where it carries none.
    published_on: dt.date | None
    licence: str
    licence_url: str
    covers: str
    url: str


REPORTS = Release(
    key="reports",
    title="Ofsted's inspection reports on local authority children's services",
    publisher="Ofsted",
    published_on=None,  # each report on its own date
    licence=OGL,
    licence_url=OGL_URL,
    covers="Each inspection report as Ofsted published it, read from its PDF: the 497 reports of "
    "the history file (published 13 July 2012 to 20 August 2026) and every report the sync has "
    "found since. Each report is published on its own date, given with it.",
    url="https://reports.ofsted.gov.uk/",
)
OFFICIAL_2023 = Release(
    key="official-2023",
    title="Children's social care data in England 2023: underlying data",
    publisher="Ofsted (official statistics)",
    published_on=dt.date(2023, 7, 6),
    licence=OGL,
    licence_url=OGL_URL,
    covers="Every authority's inspections from 2009 to 31 March 2023 by publication date "
    "(safeguarding and looked after children, child protection, looked after children, the "
    "single inspection framework and ILACS), and every ILACS inspection, monitoring visit and "
    "focused visit of 1 April 2022 to 31 March 2023 (reports published by 30 April 2023).",
    url=STATISTICS_URL,
)
OFFICIAL_2025 = Release(
    key="official-2025",
    title="Local authority inspection outcomes as at 31 March 2025",
    publisher="Ofsted (official statistics)",
    published_on=dt.date(2025, 9, 25),
    licence=OGL,
    licence_url=OGL_URL,
    covers="Every ILACS inspection from 2018 to 31 March 2025 with its on-site and publication "
    "dates, and every ILACS inspection, monitoring visit and focused visit of 1 April 2024 to "
    "31 March 2025 (reports published by 30 June 2025).",
    url=STATISTICS_URL,
)
HISTORY = Release(
    key="history",
    title="The ILACS scrape tool's inspection history (ilacs_history.csv)",
    publisher="data-to-insight",
    published_on=None,  # the file carries no date of its own
    licence=f"{MIT} (the compilation; the data in it is Ofsted's, under the {OGL})",
    licence_url=MIT_URL,
    covers="One row per published inspection report: 497 reports of 153 authorities, published "
    "13 July 2012 to 20 August 2026, with the grades and dates the tool read from them (none for "
    "most reports before 2018). Inspection reports only: no visits.",
    url=SCRAPE_TOOL_URL,
)
REGISTER = Release(
    key="register",
    title="The ILACS scrape tool's register of local authorities (la_lookup.csv)",
    publisher="data-to-insight",
    published_on=None,
    licence=MIT,
    licence_url=MIT_URL,
    covers="156 local authorities, predecessors included: DfE and ONS codes, Ofsted URN, "
    "region, type, population aged 0 to 25 and the DfE's ten statistical neighbours of each.",
    url=SCRAPE_TOOL_URL,
)

RELEASES: tuple[Release, ...] = (REPORTS, OFFICIAL_2023, OFFICIAL_2025, HISTORY, REGISTER)

#: The releases each source's values come from (the register gives authorities, not values).
RELEASES_OF_SOURCE: dict[str, tuple[Release, ...]] = {
    Source.REPORT: (REPORTS,),
    Source.OFFICIAL: (OFFICIAL_2023, OFFICIAL_2025),
    Source.HISTORY: (HISTORY,),
}


def release(key: str) -> Release:
    return next(r for r in RELEASES if r.key == key)


class KnownPeriod(NamedTuple):
    """Days on which every visit of England's authorities is in the record: from `starts_on` to
    `ends_on` (None: to this day), and what says so."""

    starts_on: dt.date
    ends_on: dt.date | None
    basis: str


OFFICIAL_2023_BASIS = "official 2023"
OFFICIAL_2025_BASIS = "official 2025"
SYNC_BASIS = "since the first finished sync"

#: The official statistics' in-year sheets: every monitoring and focused visit of the year.
VISITS_KNOWN: tuple[KnownPeriod, ...] = (
    KnownPeriod(dt.date(2022, 4, 1), dt.date(2023, 3, 31), OFFICIAL_2023_BASIS),
    KnownPeriod(dt.date(2024, 4, 1), dt.date(2025, 3, 31), OFFICIAL_2025_BASIS),
)

#: The release behind each basis that is one.
RELEASE_OF_BASIS = {OFFICIAL_2023_BASIS: OFFICIAL_2023, OFFICIAL_2025_BASIS: OFFICIAL_2025}


def first_sync_on() -> dt.date | None:
    """The day the first sync that finished finished (the report finder read in full), or None
    if none has: one query."""
    first = SyncCheck.objects.filter(finished_at__isnull=False).order_by("finished_at").first()
    return timezone.localdate(first.finished_at) if first else None


def visits_known_periods() -> tuple[KnownPeriod, ...]:
    """VISITS_KNOWN, and from the first finished sync on (open-ended), if one has finished."""
    since = first_sync_on()
    if since is None:
        return VISITS_KNOWN
    return (*VISITS_KNOWN, KnownPeriod(since, None, SYNC_BASIS))


def in_known_period(day: dt.date | None, periods: tuple[KnownPeriod, ...]) -> bool:
    """Whether a day falls in one of the periods (a day not known falls in none)."""
    if day is None:
        return False
    return any(p.starts_on <= day and (p.ends_on is None or day <= p.ends_on) for p in periods)
