"""Where each recorded value comes from, and which source wins when two disagree: written once.

Every inspection keeps, per value (`Inspection.sources`: a field name, "overall" or an area →
the sources that gave it, the one whose value is kept first, then those that agree), and every
visit its one source. When two sources give different values for the same inspection
(merging.py), `settle` says which is kept:

- the report wins (it is the primary source), then Ofsted's official statistics, then the scrape
  tool's history file (SOURCE_RANK);
- an editor's entry wins over all of them, but the disagreement is flagged for the editor;
- two sources of the same rank that disagree (two readings of reports, say) settle nothing:
  the value recorded is kept and the disagreement waits in the admin's review queue.

Each disagreement is a `DataNote` (models.py), listed on /data/ and in
/downloads/data-notes.csv|json with how it was settled.
"""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    REPORT = "report", "The inspection report"
    OFFICIAL = "official", "Ofsted's official statistics"
    HISTORY = "history", "The ILACS scrape tool's history file"
    SYNC_LISTING = "listing", "Ofsted's report listing"
    EDITOR = "editor", "An editor"
    DEMO = "demo", "The demo data"
    #: A value worked out from others by a stated rule (SLAC's overall: the lower of its two).
    DERIVED = "derived", "Worked out from the values beside it"


#: Higher wins. An editor is above every other source, but is flagged when one disagrees.
SOURCE_RANK = {
    Source.DEMO: 0,
    Source.HISTORY: 1,
    Source.SYNC_LISTING: 1,
    Source.OFFICIAL: 2,
    Source.DERIVED: 2,
    Source.REPORT: 3,
    Source.EDITOR: 4,
}

#: Where one value's sources rank otherwise: a report's title says "re-inspection" only
#: sometimes (Somerset's January 2018 report does; Slough's, Lambeth's, Leicester's and
#: Darlington's SIF re-inspections print the standard title), while Ofsted's statistics list
#: every SIF re-inspection in columns of their own: for the type, the statistics outrank the
#: report.
FIELD_RANK = {"inspection_type": {Source.OFFICIAL: 3.5}}

#: The source assumed for a value recorded before sources were kept (migration 0012 sets the
#: history's for what an import wrote and an editor's for what a person saved).
UNRECORDED = Source.HISTORY


#: The inspection's own fields whose sources are kept (Inspection.sources), beside its overall
#: grade (kept under "overall") and each area's judgement (under the area).
SOURCED_FIELDS = (
    "framework",
    "inspection_type",
    "started_on",
    "ended_on",
    "published_on",
    "lead_inspector",
    "report_url",
)


class Settled(models.TextChoices):
    """How a disagreement between two sources was settled (DataNote.settled)."""

    HIGHER_SOURCE = "higher_source", "The better source's value kept"
    EDITOR_KEPT = "editor_kept", "The editor's entry kept; flagged for the editor"
    NOTE = "note", "Kept as a note beside the value recorded"
    WAITING = "waiting", "Waits for review: no rule settles it"
    ACCEPTED = "accepted", "Settled by an editor"


def rank(source: str, key: str = "") -> float:
    """How much a source's word counts, for one value's `key` (FIELD_RANK) or in general."""
    special = FIELD_RANK.get(key, {})
    return special.get(source, SOURCE_RANK.get(source, SOURCE_RANK[UNRECORDED]))


def settle(kept_source: str, incoming_source: str, key: str = "") -> tuple[bool, str]:
    """(take the incoming value?, how it is settled) when the two disagree about `key`."""
    if kept_source == Source.EDITOR:
        return False, Settled.EDITOR_KEPT
    if incoming_source == Source.EDITOR:
        return True, Settled.EDITOR_KEPT
    kept, incoming = rank(kept_source, key), rank(incoming_source, key)
    if incoming > kept:
        return True, Settled.HIGHER_SOURCE
    if incoming < kept:
        return False, Settled.HIGHER_SOURCE
    return False, Settled.WAITING
