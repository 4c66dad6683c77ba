"""Benchmarks: an authority against its statistical neighbours, its region and England.

- The neighbours' current standings come from `AuthorityStanding` (one query for them all).
- The distribution at a date: every authority active that day (`active_from`/`active_until`, as
  the home page counts them), by the standing of its latest report published on or before it
  (`inspections.standing`: the overall grade, or the lowest area grade where the framework gives
  none; unknown when no grade is recorded or there is no report yet). Shares are of the
  authorities with a known grade, under the home page's coverage rule: below half known, no
  share is given (`GradeShares.share` is None), and the words say so.

Three queries whatever the number of dates (every authority; every published report and its area
grades, `standing_table.published_reports`); the dates are swept in Python, as
`national.coverage_over_time` does, so time grows with the reports plus the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.urls import reverse

from authorities.models import Authority, Region
from inspections import standing, standing_table
from inspections.coverage import counts_over_days
from inspections.rules import OVERALL, Basis, Grade

ENGLAND = "england"
#: Where a reference is taken: England, or each authority's own region.
REFERENCES = {ENGLAND: "England", "region": "Each authority's own region"}


def place_label(place: str) -> str:
    return "England" if place == ENGLAND else Region(place).label


def place_phrase(place: str) -> str:
    """ "in England", "in London", "in the South East"."""
    label = place_label(place)
    bare = place in (ENGLAND, Region.LONDON, Region.YORKSHIRE_AND_THE_HUMBER)
    return f"in {label}" if bare else f"in the {label}"


@dataclass(frozen=True)
class GradeShares:
    """The authorities active in a place on a date, by the grade of their latest report then."""

    place: str  # ENGLAND or a Region code
    on: dt.date
    active: int
    counts: Mapping[str, int] = field(default_factory=dict)  # Grade value -> authorities

    @property
    def place_label(self) -> str:
        return place_label(self.place)

    @property
    def known(self) -> int:
        return sum(self.counts.values())

    @property
    def is_covered(self) -> bool:
        """At least half of the active authorities have a known grade (the home page's rule)."""
        return self.known > 0 and 2 * self.known >= self.active

    def share(self, grade: str) -> float | None:
        """Percentage of those with a known grade; None where fewer than half have one."""
        return 100 * self.counts.get(grade, 0) / self.known if self.is_covered else None


def grade_shares(
    authorities: Iterable[Authority],
    reports: Mapping[int, Sequence[standing.Report]],
    days: Iterable[dt.date],
) -> dict[tuple[str, dt.date], GradeShares]:
    """England's and each region's GradeShares on each day, keyed (place, day).

    A report counts from the day it is published, so an inspection's own grade is in the
    distribution at its date (coverage.counts_over_days sweeps the days).
    """
    counted = counts_over_days(
        authorities, reports, days, key=lambda r: r.grade,
        places=lambda a: (ENGLAND, a.region), before_any="",  # "": no known grade
    )  # fmt: skip
    shares = {}
    for day, counts in counted:
        for place in sorted({place for place, _ in counts}):
            known = {g: counts.get((place, g), 0) for g in Grade.values}
            active = counts.get((place, ""), 0) + sum(known.values())
            shares[place, day] = GradeShares(
                place, day, active, {g: n for g, n in known.items() if n}
            )
    return shares


@dataclass(frozen=True)
class InspectionBenchmark:
    """One published inspection of an authority, with England's or its region's grades then."""

    authority_name: str  # as then named
    authority_slug: str
    published_on: dt.date
    grade: str  # the inspection's standing grade; "" when none is recorded
    basis: str  # rules.Basis
    shares: GradeShares

    @property
    def verb_phrase(self) -> str:
        if not self.grade:
            return "was inspected (no grade recorded)"
        words = Grade(self.grade).label.lower()
        if self.basis == Basis.AREAS:
            return f"was judged {words} at its lowest (no overall grade in this framework)"
        return f"was judged {words}"


def inspection_benchmarks(
    inspections: Iterable, places: Iterable[str] = (ENGLAND, "region")
) -> list[InspectionBenchmark]:
    """For each published inspection given (authority loaded), the grades in each place at its
    publication date: `ENGLAND`, and "region" for the inspected authority's region. Three
    queries."""
    inspections = [i for i in inspections if i.published_on]
    if not inspections:
        return []
    authorities = Authority.objects.only("region", "active_from", "active_until")
    reports = standing_table.published_reports()
    shares = grade_shares(authorities, reports, [i.published_on for i in inspections])
    by_pk = {r.pk: r for own in reports.values() for r in own}
    rows = []
    for inspection in inspections:
        report = by_pk.get(inspection.pk)
        for place in places:
            key = inspection.authority.region if place == "region" else place
            rows.append(
                InspectionBenchmark(
                    authority_name=inspection.authority.name_on(inspection.published_on),
                    authority_slug=inspection.authority.slug,
                    published_on=inspection.published_on,
                    grade=report.grade if report else "",
                    basis=report.basis if report else Basis.NOT_RECORDED,
                    shares=shares.get(
                        (key, inspection.published_on), GradeShares(key, inspection.published_on, 0)
                    ),
                )
            )
    return rows


def standing_words(row) -> str:
    """An AuthorityStanding (or None: not inspected) in words."""
    if row is None or row.basis == Basis.NOT_INSPECTED:
        return Basis.NOT_INSPECTED.label
    if not row.grade:
        return Basis(row.basis).label
    words = Grade(row.grade).label
    if row.basis == Basis.AREAS:
        return f"{words} (lowest area grade; this framework gives no overall grade)"
    return words


def _standing_of(authority: Authority):
    try:
        return authority.standing
    except Authority.standing.RelatedObjectDoesNotExist:
        return None


@dataclass(frozen=True)
class NeighbourRow:
    rank: int | None  # None: the authority itself
    authority: Authority
    standing: object  # AuthorityStanding or None
    words: str


def neighbours(authority: Authority) -> list[NeighbourRow]:
    """The authority, then its statistical neighbours closest first, each with its current
    standing. Needs `neighbour_links__neighbour` prefetched (AuthorityQuerySet.for_detail());
    the standings are one query."""
    links = list(authority.neighbour_links.all())
    prefetch_related_objects([authority, *(link.neighbour for link in links)], "standing")
    rows = [(None, authority), *((link.rank, link.neighbour) for link in links)]
    return [
        NeighbourRow(rank, a, _standing_of(a), standing_words(_standing_of(a)))
        for rank, a in sorted(rows, key=lambda row: row[0] or 0)
    ]


def compare_with_neighbours_url(authority: Authority) -> str:
    """The compare page with the authority and its statistical neighbours, overall."""
    slugs = [authority.slug, *(link.neighbour.slug for link in authority.neighbour_links.all())]
    return f"{reverse('compare')}?{urlencode({'a': slugs, 'area': OVERALL}, doseq=True)}"
