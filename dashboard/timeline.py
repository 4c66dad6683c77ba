"""From inspections (already loaded, judgements prefetched) to chart series and table rows.

No queries here: callers load with `Inspection.objects.for_timeline_of()` / `for_compare()` so the
page's query count does not grow with the data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from authorities.models import Authority
from inspections.models import Inspection, Intervention
from inspections.rules import OVERALL, Area, Framework

from . import vocabulary
from .series import GradePoint, GradeSeries, TimelineEvent

#: Every judgement a chart can show, overall effectiveness first.
SERIES_KEYS = (OVERALL, *Area.values)
DEFAULT_SERIES = (OVERALL, Area.HELP_AND_PROTECTION, Area.CHILDREN_IN_CARE, Area.LEADERSHIP)


def series_label(key: str) -> str:
    return vocabulary.judgement_label(key)


def grade_of(inspection: Inspection, key: str) -> str | None:
    if key == OVERALL:
        return inspection.overall_effectiveness or None
    for judgement in inspection.judgements.all():  # prefetched: no query
        if judgement.area == key:
            return judgement.grade
    return None


def on_site(inspection: Inspection) -> str:
    if inspection.started_on and inspection.ended_on:
        return f"{inspection.started_on:%-d %b %Y} to {inspection.ended_on:%-d %b %Y}"
    return "dates not recorded"


def grade_points(
    inspections: Iterable[Inspection], key: str, *, predecessor_ids: Iterable[int] = ()
) -> list[GradePoint]:
    """One point per published inspection; grade None (a gap) where there is no judgement."""
    predecessors = set(predecessor_ids)
    return [
        GradePoint(
            published_on=inspection.published_on,
            grade=grade_of(inspection, key),
            framework=Framework(inspection.framework).label,
            on_site=on_site(inspection),
            authority_name=inspection.authority.name_on(inspection.published_on),
            is_predecessor=inspection.authority_id in predecessors,
            judged=inspection.judges(key),
        )
        for inspection in inspections
        if inspection.published_on
    ]


@dataclass(frozen=True)
class JudgementLine:
    """One line of an authority's trajectory: a judgement of one owner (the authority itself or
    a predecessor) across that owner's inspections. The chart and the downloads both read these."""

    owner: Authority
    key: str
    inspections: list[Inspection]
    is_predecessor: bool

    @property
    def name(self) -> str:
        suffix = f" – {self.owner.name} (predecessor)" if self.is_predecessor else ""
        return series_label(self.key) + suffix


def judgement_lines(inspections: Sequence[Inspection], authority_id: int) -> list[JudgementLine]:
    """A line per judgement that any of these inspections grades; predecessors' inspections make
    lines of their own (open markers), so merged authorities' lines never interleave."""
    lines = []
    owners = list(dict.fromkeys(i.authority for i in inspections))
    owners.sort(key=lambda a: a.pk != authority_id)  # the authority itself first
    for owner in owners:
        own = [i for i in inspections if i.authority_id == owner.pk and i.published_on]
        for key in SERIES_KEYS:
            if any(grade_of(i, key) for i in own):
                lines.append(JudgementLine(owner, key, own, owner.pk != authority_id))
    return lines


def authority_series(
    inspections: Sequence[Inspection], authority_id: int, visible: Iterable[str]
) -> list[GradeSeries]:
    visible = set(visible)
    return [
        GradeSeries(
            name=line.name,
            points=grade_points(
                line.inspections,
                line.key,
                predecessor_ids=[line.owner.pk] if line.is_predecessor else [],
            ),
            visible=line.key in visible,
            judgement=series_label(line.key),
            key=line.key,
            until=line.owner.active_until if line.is_predecessor else None,
        )
        for line in judgement_lines(inspections, authority_id)
    ]


def authority_events(authority, visits: Sequence, interventions: Sequence[Intervention]) -> list:
    """The visits and interventions the trajectory marks, each at a stated date: a visit at its
    publication, as inspections are (else at its last day on site, said so; a visit with no
    date at all is not drawn); an intervention from its start, running to its end or today."""
    events = []
    for visit in visits:
        on_site_end = visit.ended_on or visit.started_on
        label = visit.theme or visit.kind_label
        if visit.published_on:
            on, dated_by = visit.published_on, "published"
        elif on_site_end:
            on, dated_by = on_site_end, "on site until"
            label += " (placed at its last day on site: publication date not recorded)"
        else:
            continue
        events.append(
            TimelineEvent(
                on=on,
                kind=vocabulary.event_label(visit.kind),
                label=label,
                key=visit.kind,
                dated_by=dated_by,
            )
        )
    events += [
        TimelineEvent(
            on=i.started_on,
            kind=vocabulary.event_label(i.kind),
            label=i.name + (f" ({i.dates_note})" if i.dates_note else ""),
            key=i.kind,
            dated_by="from",
            until=i.ended_on,
        )
        for i in interventions
    ]
    return sorted(events, key=lambda e: e.on)


def reorganisation_boundaries(authority) -> list[tuple[dt.date, str]]:
    boundaries = []
    if authority.active_from and authority.predecessors.all():
        names = " and ".join(p.name for p in authority.predecessors.all())
        boundaries.append((authority.active_from, f"Replaced {names}", "right"))
    for former in authority.former_names.all():
        # The former name was used before the line: its label sits on the line's left.
        boundaries.append((former.used_until + dt.timedelta(days=1), f"Was {former.name}", "left"))
    return boundaries
