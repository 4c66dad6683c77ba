"""One query object per page, read from its URL: `IndexQuery`, `TimelineQuery`, `CompareQuery`,
`MapQuery`, `DataNotesQuery`.

Each is built from the request's query string in one of two modes, the same for every page:

- lenient (`strict=False`), for pages and embeds: what is invalid is dropped and said in `notes`,
  the rest applies, so a link or an iframe already published keeps working;
- strict (`strict=True`), for downloads and the API: anything invalid raises `QueryProblem`,
  whose message the caller answers as a 400, the same words everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from authorities.models import Authority, Region
from inspections import index_query
from inspections.models import Inspection
from inspections.rules import OVERALL, STANDING_AREAS
from inspections.sources import Settled, Source

from . import timeline
from .compare_forms import CompareForm
from .forms import AuthorityFilterForm

MIN_AUTHORITIES = 2
#: More lines than this cannot be told apart, however they are styled.
MAX_AUTHORITIES = 12


class QueryProblem(ValueError):
    """A query string a download or the API cannot answer: the message says what is wrong."""


def form_problems(form) -> str:
    return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())


@dataclass(frozen=True)
class IndexQuery:
    """The index's filters and sort (?q=&region=&authority_type=&grade=&inadequate_since=&change=
    &include_former=&sort=), declared once by the index's form; the API takes the same values."""

    form: AuthorityFilterForm
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, data, *, strict: bool = False) -> IndexQuery:
        form = AuthorityFilterForm(data)
        if not form.is_valid():  # the page reports invalid fields beside them; the rest apply
            if strict:
                raise QueryProblem(f"Bad filter: {form_problems(form)}")
            return cls(form, [form_problems(form)])
        return cls(form)

    @property
    def filters(self) -> dict:
        return self.form.cleaned_data

    def authorities(self) -> QuerySet[Authority]:
        return index_query.index(**self.filters)

    def not_known(self) -> list[str]:
        """What the inadequacy filters applied cannot tell, in words (index_query.not_known):
        the authorities an unknown grade keeps out of the list, never left out silently."""
        found = index_query.not_known(**self.filters)
        words = []
        if count := found.get("inadequate_since"):
            year = self.filters["inadequate_since"]
            words.append(
                f"Not listed: {count} more authorit{'y' if count == 1 else 'ies'} whose grade "
                f"at some time since 1 January {year} is not known (a report with no grade "
                "recorded): they may have been inadequate then."
            )
        if count := found.get("left_inadequate"):
            words.append(
                f"Not listed: {count} more authorit{'y' if count == 1 else 'ies'} judged "
                "inadequate at the last inspection with a known grade, with no grade recorded "
                "since: whether they have left inadequate is not known."
            )
        return words

    @property
    def applied(self) -> dict[str, str]:
        """The filters applied, as the query string of the view and of its downloads."""
        return self.form.applied_query()


@dataclass(frozen=True)
class TimelineQuery:
    """The judgement lines an authority's trajectory shows (?show=<judgement>…)."""

    shown: list[str]
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, data, *, strict: bool = False) -> TimelineQuery:
        asked = list(dict.fromkeys(data.getlist("show")))
        unknown = [key for key in asked if key not in timeline.SERIES_KEYS]
        notes = []
        if unknown:
            known = ", ".join(timeline.SERIES_KEYS)
            problem = f"No judgement called {', '.join(unknown)}; show takes {known}."
            if strict:
                raise QueryProblem(problem)
            notes.append(problem)
        shown = [key for key in asked if key not in unknown]
        return cls(shown or list(timeline.DEFAULT_SERIES), notes)

    @property
    def query(self) -> dict:
        return {"show": self.shown}


@dataclass(frozen=True)
class CompareQuery:
    """The authorities (in the link's order), the judgement a compare link asks for, and the
    reference set beside them, if any (`benchmarks.REFERENCES`: England, or each one's region)."""

    authorities: list[Authority]
    area: str = OVERALL
    notes: list[str] = field(default_factory=list)
    reference: str = ""

    @classmethod
    def from_request(
        cls, data, authorities: QuerySet[Authority] | None = None, *, strict: bool = False
    ) -> CompareQuery:
        query = cls.read(
            CompareForm(data), Authority.objects.all() if authorities is None else authorities
        )
        if strict and query.notes:
            raise QueryProblem(" ".join(query.notes))
        if strict and not query.can_chart:
            raise QueryProblem("A comparison needs two authorities or more: ?a=<slug>&a=<slug>.")
        return query

    @classmethod
    def read(cls, form: CompareForm, authorities: QuerySet[Authority]) -> CompareQuery:
        form.is_valid()  # every field is read on its own: one bad parameter spoils nothing else
        found = list(authorities.in_order_of(form.slugs))
        unknown = sorted(set(form.slugs) - {a.slug for a in found}, key=form.slugs.index)
        problems = (form.slug_problem, form.area_problem, form.reference_problem)
        notes = [problem for problem in problems if problem]
        if unknown:
            names = ", ".join(f"“{slug}”" for slug in unknown)
            notes.append(f"No authority is known as {names}; the comparison leaves it out.")
        if len(found) > MAX_AUTHORITIES:
            left_out = ", ".join(a.name for a in found[MAX_AUTHORITIES:])
            notes.append(
                f"A comparison shows at most {MAX_AUTHORITIES} authorities: these are the first "
                f"{MAX_AUTHORITIES}. Left out: {left_out}."
            )
        return cls(found[:MAX_AUTHORITIES], form.area_key, notes, form.reference_key)

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
        """The link's query: the authorities shown, the judgement and the reference, if any."""
        return {"a": self.slugs, "area": self.area} | (
            {"reference": self.reference} if self.reference else {}
        )

    def url(self, slugs: list[str] | None = None, area: str | None = None) -> str:
        query = {"a": self.slugs if slugs is None else slugs, "area": area or self.area}
        if self.reference:
            query["reference"] = self.reference
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


#: What the map colours by (?area=): the standing (the index's "Standing"), or an area's grade at
#: the latest inspection (the index's area columns, as its ?area= filter reads them).
MAP_AREAS = {
    OVERALL: "Current standing",
    **{area.value: f"{area.label}: grade at the latest inspection" for area in STANDING_AREAS},
}


@dataclass(frozen=True)
class MapQuery:
    """The map's judgement area and region (?area=<overall|area>&region=<code>): the same region
    codes as the index's filter. A page or embed told an unknown value shows the default and
    says why, answering 400; a download refuses it (QueryProblem)."""

    area: str = OVERALL
    region: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, data, *, strict: bool = False) -> MapQuery:
        area, region = data.get("area") or OVERALL, data.get("region") or ""
        notes = []
        if area not in MAP_AREAS:
            notes.append(
                f"There is no judgement area called “{area}” on the map; area takes "
                f"{', '.join(MAP_AREAS)}. Showing the current standing."
            )
            area = OVERALL
        if region and region not in Region.values:
            notes.append(
                f"There is no region called “{region}”; region takes "
                f"{', '.join(f'{code} ({name})' for code, name in Region.choices)}. "
                "Showing all of England."
            )
            region = ""
        if strict and notes:
            raise QueryProblem(" ".join(notes))
        return cls(area, region, notes)

    @property
    def area_label(self) -> str:
        return MAP_AREAS[self.area]

    @property
    def region_label(self) -> str:
        return Region(self.region).label if self.region else "England"

    def authorities(self) -> QuerySet[Authority]:
        """The current authorities of the region (or England) with their standing: the index's
        rows for the same ?region=."""
        return index_query.index(region=self.region)

    @property
    def query(self) -> dict[str, str]:
        """The view's query string: what is not the default."""
        return {
            **({"area": self.area} if self.area != OVERALL else {}),
            **({"region": self.region} if self.region else {}),
        }


def inspections_by_authority(selection: CompareQuery) -> dict[int, list[Inspection]]:
    """Each authority's published inspections, oldest first: one query and a prefetch."""
    own = {a.pk: [] for a in selection.authorities}
    for inspection in Inspection.objects.for_authorities(selection.authorities):
        own[inspection.authority_id].append(inspection)
    return own


@dataclass(frozen=True)
class DataNotesQuery:
    """Which disagreements /data/ and its downloads list (?settled=<how>&source=<source>): the
    codes Settled and Source name. A page told an unknown value lists every note and says why; a
    download refuses it (QueryProblem)."""

    settled: str = ""
    source: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_request(cls, data, *, strict: bool = False) -> DataNotesQuery:
        settled, source = data.get("settled") or "", data.get("source") or ""
        notes = []
        if settled and settled not in Settled.values:
            notes.append(
                f"No settlement is called “{settled}”; settled takes {', '.join(Settled.values)}."
                " Listing every settlement."
            )
            settled = ""
        if source and source not in Source.values:
            notes.append(
                f"No source is called “{source}”; source takes {', '.join(Source.values)}. "
                "Listing every source."
            )
            source = ""
        if strict and notes:
            raise QueryProblem(" ".join(notes))
        return cls(settled, source, notes)

    @property
    def query(self) -> dict[str, str]:
        """The view's query string: the filters applied."""
        return {
            **({"settled": self.settled} if self.settled else {}),
            **({"source": self.source} if self.source else {}),
        }
