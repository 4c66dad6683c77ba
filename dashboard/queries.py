"""The query each page reads from its URL.

`Selection`: the compare page's ?a=<slug>&a=<slug>…&area=<judgement>.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from authorities.models import Authority
from inspections import rules
from inspections.models import Inspection
from inspections.rules import OVERALL, Framework, Grade

from . import timeline
from .compare_forms import CompareForm

MIN_AUTHORITIES = 2
#: More lines than this cannot be told apart, however they are styled.
MAX_AUTHORITIES = 12


@dataclass(frozen=True)
class Selection:
    """The authorities (in the link's order) and the judgement a compare link asks for."""

    authorities: list[Authority]
    area: str = OVERALL
    notes: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, form: CompareForm, authorities: QuerySet[Authority]) -> Selection:
        form.is_valid()  # every field is read on its own: one bad parameter spoils nothing else
        found = list(authorities.in_order_of(form.slugs))
        unknown = sorted(set(form.slugs) - {a.slug for a in found}, key=form.slugs.index)
        notes = [form.area_problem] if form.area_problem else []
        if unknown:
            names = ", ".join(f"“{slug}”" for slug in unknown)
            notes.append(f"No authority is known as {names}; the comparison leaves it out.")
        if len(found) > MAX_AUTHORITIES:
            left_out = ", ".join(a.name for a in found[MAX_AUTHORITIES:])
            notes.append(
                f"A comparison shows at most {MAX_AUTHORITIES} authorities: these are the first "
                f"{MAX_AUTHORITIES}. Left out: {left_out}."
            )
        return cls(found[:MAX_AUTHORITIES], form.area_key, notes)

    @property
    def slugs(self) -> list[str]:
        return [a.slug for a in self.authorities]

    @property
    def room(self) -> int:
        return MAX_AUTHORITIES - len(self.authorities)

    @property
    def can_chart(self) -> bool:
        return len(self.authorities) >= MIN_AUTHORITIES

    @property
    def area_label(self) -> str:
        return timeline.series_label(self.area)

    @property
    def query(self) -> dict:
        """The link's query: the authorities shown and the judgement."""
        return {"a": self.slugs, "area": self.area}

    def url(self, slugs: list[str] | None = None, area: str | None = None) -> str:
        query = {"a": self.slugs if slugs is None else slugs, "area": area or self.area}
        return f"{reverse('compare')}?{urlencode(query, doseq=True)}"

    def url_adding(self, authorities: list[Authority]) -> str:
        """Adds those not yet shown, in their order, as far as there is room."""
        new = [a.slug for a in authorities if a.slug not in self.slugs][: self.room]
        return self.url([*self.slugs, *new])

    def url_removing(self, authority: Authority) -> str:
        return self.url([slug for slug in self.slugs if slug != authority.slug])

    def controls(self) -> list[dict]:
        """Per authority shown: its remove link, and links adding its neighbours and
        predecessors (prefetched by AuthorityQuerySet.for_compare(): no queries here)."""
        rows = []
        for authority in self.authorities:
            neighbours = [link.neighbour for link in authority.neighbour_links.all()]
            missing = [n for n in neighbours if n.slug not in self.slugs]
            predecessors = [p for p in authority.predecessors.all() if p.slug not in self.slugs]
            rows.append(
                {
                    "authority": authority,
                    "remove_url": self.url_removing(authority),
                    "neighbours": len(neighbours),
                    "neighbours_missing": len(missing),
                    "neighbours_fitting": min(len(missing), self.room),
                    "neighbours_url": self.url_adding(missing) if missing else "",
                    "predecessors": [(p, self.url_adding([p])) for p in predecessors],
                }
            )
        return rows


def table_row(inspection: Inspection, area: str) -> dict:
    grade = timeline.grade_of(inspection, area)
    judged_as = (
        rules.area_label(inspection.framework, area, inspection.started_on)
        if area != OVERALL
        else ""
    )
    return {
        "inspection": inspection,
        "as_name": inspection.authority.name_on(inspection.published_on),
        "framework": Framework(inspection.framework).label,
        "grade": grade or "",
        "grade_label": Grade(grade).label if grade else "",
        "judged_as": judged_as if judged_as != timeline.series_label(area) else "",
        "not_judged": not grade and not inspection.judges(area),
    }


def inspections_by_authority(selection: Selection) -> dict[int, list[Inspection]]:
    """Each authority's published inspections, oldest first: one query and a prefetch."""
    own = {a.pk: [] for a in selection.authorities}
    for inspection in Inspection.objects.for_authorities(selection.authorities):
        own[inspection.authority_id].append(inspection)
    return own
