"""What each source gave the record, and the disagreements between sources (DataNote): the reads
the /data/ page, its downloads and the API make, and the one write, an editor settling a note.

Counted from `Inspection.sources` (key → [the source of the kept value, *sources that agree]):
a source *gave* a value when it is first for that key, and *agrees* with a value another gave
when it follows. Visits have one source each (Visit.source).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from . import derived
from .models import (
    VISIT_MODELS,
    DataNote,
    Inspection,
)
from .sources import SOURCE_RANK, Settled, Source

#: The notes a person should look at: no rule settled them, or an editor's entry was kept
#: against a source (flagged). The admin's "Data notes to review".
TO_REVIEW = (Settled.WAITING, Settled.EDITOR_KEPT)


@dataclass(frozen=True)
class SourceCount:
    """One source's part in the record."""

    source: str
    #: Values of inspections it gave (the value kept is its).
    gave: int = 0
    #: Of those, values at least one other source gave the same.
    gave_agreed: int = 0
    #: Values another source gave that it gave the same.
    agreed: int = 0
    #: Disagreements where its value was kept, and where another's was kept instead of its.
    kept_in_notes: int = 0
    not_kept_in_notes: int = 0
    #: Visits recorded from it.
    visits: int = 0

    @property
    def label(self) -> str:
        return Source(self.source).label if self.source in Source.values else self.source


def source_counts() -> list[SourceCount]:
    """Every source with any part in the record, best first (sources.SOURCE_RANK), then any
    source not known to the ranks; a fixed number of queries (the inspections' sources are read
    as one column)."""
    gave, gave_agreed, agreed = Counter(), Counter(), Counter()
    for sources in Inspection.objects.values_list("sources", flat=True).iterator(chunk_size=2000):
        for given in (sources or {}).values():
            if not given:
                continue
            first, *rest = given
            gave[first] += 1
            if any(other != first for other in rest):
                gave_agreed[first] += 1
            for other in dict.fromkeys(rest):
                if other != first:
                    agreed[other] += 1
    kept = Counter(
        dict(DataNote.objects.values_list("kept_source").annotate(n=Count("pk")).order_by())
    )
    not_kept = Counter(
        dict(DataNote.objects.values_list("other_source").annotate(n=Count("pk")).order_by())
    )
    visits = Counter()
    for model in VISIT_MODELS.values():
        visits.update(dict(model.objects.values_list("source").annotate(n=Count("pk")).order_by()))
    named = {*gave, *agreed, *kept, *not_kept, *visits} - {""}
    order = sorted(named, key=lambda s: (-SOURCE_RANK.get(s, -1), s))
    return [
        SourceCount(
            source=source,
            gave=gave[source],
            gave_agreed=gave_agreed[source],
            agreed=agreed[source],
            kept_in_notes=kept[source],
            not_kept_in_notes=not_kept[source],
            visits=visits[source],
        )
        for source in order
    ]


def settled_counts() -> dict[str, int]:
    """How many notes were settled each way, in Settled's order (every way, zero or not)."""
    found = dict(DataNote.objects.values_list("settled").annotate(n=Count("pk")).order_by())
    return {settled: found.get(settled, 0) for settled in Settled.values}


def data_notes(*, settled: str = "", source: str = "") -> QuerySet[DataNote]:
    """The notes, newest inspection first (notes of no inspection, waiting to be placed, before
    them), each with its authority and inspection; `settled` and `source` (kept or not) filter."""
    notes = DataNote.objects.select_related("authority", "inspection")
    if settled:
        notes = notes.filter(settled=settled)
    if source:
        notes = notes.filter(Q(kept_source=source) | Q(other_source=source))
    return notes.order_by(
        F("inspection__published_on").desc(nulls_first=True), "authority__name", "field", "pk"
    )


@transaction.atomic
def data_notes_accept(*, notes: QuerySet[DataNote]) -> list[DataNote]:
    """Mark the notes among `notes` that wait for review (TO_REVIEW) as settled by an editor
    (Settled.ACCEPTED); the others were settled by a rule and stay as they are. Returns the
    notes changed, as they were before, for the caller's record of who did it (the admin's
    log). The data version moves with them: /data/ lists them."""
    chosen = list(
        DataNote.objects.select_for_update()
        .filter(pk__in=notes.values("pk"), settled__in=TO_REVIEW)
        .order_by("pk")
    )
    if not chosen:
        return []
    DataNote.objects.filter(pk__in=[note.pk for note in chosen]).update(
        settled=Settled.ACCEPTED, updated_at=timezone.now()
    )
    derived.record(standings_of=set())
    return chosen
