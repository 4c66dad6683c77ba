"""One `Table` per figure and list: what the page shows as a table, and what its CSV and JSON hold.

A table is columns (a stable snake_case key, a label for the page, a kind) and rows (dicts of raw
values by key: dates, grade keys, numbers, text, None). The page renders it through one include
(`templates/dashboard/_table.html`); the downloads stream it through one writer
(`dashboard.downloads`). Columns marked `on_page=False` are in the files only (codes, URLs, the
exact dates a reader of the page does not need). So the caption, the table and the files come
from the same object, built from the same series as the figure.

Files: dates are ISO 8601; grades are words; a missing value is empty (CSV) or null (JSON),
never a zero. The page: dates in words, grades as tags, a missing value as a dash or the
column's own words for it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from authorities.models import Authority, AuthorityQuerySet
from inspections import rules, standing
from inspections.models import Inspection
from inspections.rules import OVERALL, STANDING_AREAS, Basis, Framework, Grade, Standing

from . import benchmarks, national, timeline
from .queries import CompareQuery, inspections_by_authority

#: Makes a site path absolute (dashboard.site.absolute, from SITE_URL).
Absolute = Callable[[str], str]

TEXT = "text"
NUMBER = "number"
DATE = "date"
GRADE = "grade"
URL = "url"
PERCENT = "percent"
BOOL = "bool"

STANDINGS = (*Grade.values, *Standing.values)
NATIONAL_TABLES = ("regions", "over-time", "latest", "inadequate")


#: A row may say, for the page only, why a cell is empty: {column key: words}.
PAGE_MISSING = "page_missing"


@dataclass(frozen=True)
class Column:
    key: str  # the files' column name and JSON key: stable snake_case
    label: str  # the page's column header
    kind: str = TEXT
    on_page: bool = True
    #: what the page says where the value is missing (files: empty or null)
    missing: str = "–"
    #: another column whose value the page writes beside this one's, in brackets (a share
    #: beside its count); the files keep both columns
    beside: str = ""


@dataclass(frozen=True)
class Pivot:
    """How the page lays out a long table wide: a row per distinct value of the other columns,
    a column per value of `across` (headed by the `label` column's value) holding `value`."""

    across: str
    label: str
    value: str


@dataclass(frozen=True)
class Table:
    name: str  # the download's file name, without extension
    title: str  # the page's caption and the JSON's title
    columns: tuple[Column, ...]
    rows: Iterable[dict]
    #: the column whose value heads each row on the page (<th scope="row">)
    header: str = ""
    #: the column whose value keys each row on the page (<tr data-key>): an ISO date, a slug
    row_key: str = ""
    #: the page groups rows in one <tbody> per value of this column (compare: per authority)
    group_by: str = ""
    #: a last row that totals the others (England): first in the files, the page's <tfoot>
    total: dict | None = None
    #: words under the caption on the page
    note: str = ""
    #: the page shows the rows wide (the files keep them long)
    pivot: Pivot | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @functools.cached_property
    def page_columns(self) -> list[Column]:
        """The columns the page shows: the row header's first."""
        shown = [column for column in self.columns if column.on_page]
        return sorted(shown, key=lambda column: column.key != self.header)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def page(self) -> Table:
        """The table as the page lays it out: itself, or its rows pivoted wide."""
        if self.pivot is None:
            return self
        across, label, value = self.pivot.across, self.pivot.label, self.pivot.value
        pivoted = {across, label, value}
        base = [column for column in self.columns if column.key not in pivoted]
        value_column = self.column(value)
        wide: dict[tuple, dict] = {}
        headings: dict[str, str] = {}
        for row in self.rows:
            identity = tuple(row.get(column.key) for column in base)
            headings.setdefault(row[across], row[label])
            wide.setdefault(identity, {c.key: row.get(c.key) for c in base})[row[across]] = row[
                value
            ]
        columns = (
            *base,
            *(
                Column(key, heading, value_column.kind, missing=value_column.missing)
                for key, heading in headings.items()
            ),
        )
        rows = list(wide.values())
        if self.row_key:
            rows.sort(key=lambda row: (row[self.row_key] is None, row[self.row_key] or 0))
        return replace(self, columns=columns, rows=rows, pivot=None)

    def records(self) -> Iterator[dict]:
        """Every row as the files hold it, the total first."""
        if self.total is not None:
            yield self.total
        yield from self.rows

    def row_groups(self) -> list[tuple[str, list[dict]]]:
        """The rows in their page groups (one group, unnamed, unless `group_by`)."""
        if not self.group_by:
            return [("", list(self.rows))]
        groups: dict[str, list[dict]] = {}
        for row in self.rows:
            groups.setdefault(row[self.group_by], []).append(row)
        return list(groups.items())


def file_value(column: Column, value):
    """A cell as the files hold it: ISO dates, grade words, None for missing."""
    if value is None or value == "":
        return None
    if column.kind == DATE:
        return value.isoformat()
    if column.kind == GRADE:
        return Grade(value).label
    if column.kind == PERCENT:
        return round(value, 1)
    return value


def framework_word(framework: str) -> str | None:
    return Framework(framework).label if framework else None


# The national picture (home page) ------------------------------------------------------------


def national_table(picture: national.NationalPicture, name: str, absolute: Absolute) -> Table:
    builders = {
        "regions": regions_table,
        "over-time": over_time_table,
        "latest": latest_table,
        "inadequate": inadequate_table,
    }
    return builders[name](picture, absolute)


def regions_table(picture: national.NationalPicture, absolute: Absolute | None = None) -> Table:
    """The regions chart's counts: a row per region, England as the total. The page shows the
    standings some authority has (adequate and "no report" only then); the files all of them."""

    def row(area: national.Distribution) -> dict:
        return {
            "area": area.name,
            **{key: area.counts.get(key, 0) for key in STANDINGS},
            "with_overall_grade": area.graded,
            "total": area.total,
            **{f"share_{grade}": area.share(grade) for grade in Grade.values},
        }

    columns = (
        Column("area", "Area"),
        *(
            Column(
                key,
                national.STANDING_LABELS[key],
                NUMBER,
                on_page=key in picture.columns,
                beside=f"share_{key}" if key in Grade.values else "",
            )
            for key in STANDINGS
        ),
        Column("with_overall_grade", "With an overall grade", NUMBER),
        Column("total", "All authorities", NUMBER),
        *(
            Column(
                f"share_{grade}", f"Share {Grade(grade).label.lower()} (%)", PERCENT, on_page=False
            )
            for grade in Grade.values
        ),
    )
    return Table(
        "national-regions",
        "Current overall effectiveness by the latest published report: England and its regions",
        columns,
        [row(region) for region in picture.regions],
        header="area",
        total=row(picture.england),
        note="In brackets: the share of the authorities with an overall grade, to the nearest "
        "whole number (the files give one decimal place).",
    )


def over_time_table(picture: national.NationalPicture, absolute: Absolute | None = None) -> Table:
    columns = (
        Column("date", "Date", DATE),
        Column("active", "Active authorities", NUMBER),
        Column("with_known_overall_grade", "With a known overall grade", NUMBER),
        Column("good_or_outstanding", "Good or outstanding", NUMBER),
        Column(
            "share_good_or_outstanding",
            "Share good or outstanding (%)",
            PERCENT,
            missing="not shown: fewer than half known",
        ),
        Column(
            "no_overall_judgement",
            "No overall grade: this framework gives none (April 2026)",
            NUMBER,
        ),
        Column("overall_grade_not_recorded", "Overall grade not recorded", NUMBER),
        Column("no_report", "No report in the data", NUMBER),
    )
    return Table(
        "national-over-time",
        "Authorities judged good or outstanding overall at each date since 2013",
        columns,
        [
            {
                "date": p.on,
                "active": p.active,
                "with_known_overall_grade": p.known,
                "good_or_outstanding": p.good_or_outstanding,
                "share_good_or_outstanding": p.share,
                "no_overall_judgement": p.no_overall,
                "overall_grade_not_recorded": p.not_recorded,
                "no_report": p.not_inspected,
            }
            for p in picture.over_time
        ],
        header="date",
        row_key="date",
    )


def latest_table(picture: national.NationalPicture, absolute: Absolute) -> Table:
    columns = (
        Column("authority", "Authority"),
        Column("authority_slug", "Authority (slug)", on_page=False),
        Column("published_on", "Published", DATE),
        Column("framework", "Framework"),
        Column("overall_effectiveness", "Overall effectiveness"),
        Column("report_url", "Report", URL),
        Column("page_url", "Page", URL, on_page=False),
    )
    return Table(
        "national-latest",
        "The most recently published inspection reports",
        columns,
        [
            {
                "authority": row.inspection.authority.name,
                "authority_slug": row.inspection.authority.slug,
                "published_on": row.inspection.published_on,
                "framework": framework_word(row.inspection.framework),
                "overall_effectiveness": row.overall_in_words,
                "report_url": row.inspection.report_url or None,
                "page_url": absolute(row.inspection.authority.get_absolute_url()),
            }
            for row in picture.latest_reports
        ],
    )


def inadequate_table(picture: national.NationalPicture, absolute: Absolute) -> Table:
    columns = (
        Column("authority", "Authority"),
        Column("authority_slug", "Authority (slug)", on_page=False),
        Column("region", "Region"),
        Column("inadequate_since", "Inadequate since", DATE),
        Column("months", "Months", NUMBER),
        Column("latest_report", "Latest report", DATE),
        Column("inadequate_reports", "Inadequate reports", NUMBER),
        Column("ungraded_reports_within", "Reports without an overall grade within", NUMBER),
        Column("ungraded_reports_before", "Reports without an overall grade just before"),
        Column("page_url", "Page", URL, on_page=False),
    )
    return Table(
        "national-inadequate",
        "Authorities judged inadequate overall in their latest report, longest first",
        columns,
        [
            {
                "authority": run.authority.name,
                "authority_slug": run.authority.slug,
                "region": run.authority.get_region_display(),
                "inadequate_since": run.since,
                "months": run.months,
                "latest_report": run.latest,
                "inadequate_reports": run.inadequate_reports,
                "ungraded_reports_within": run.ungraded_within,
                "ungraded_reports_before": " ".join(d.isoformat() for d in run.ungraded_before)
                or None,
                "page_url": absolute(run.authority.get_absolute_url()),
            }
            for run in picture.inadequate
        ],
    )


# The authorities index ------------------------------------------------------------------------

INDEX_COLUMNS = (
    Column("authority", "Authority"),
    Column("authority_slug", "Authority (slug)"),
    Column("region", "Region"),
    Column("authority_type", "Type"),
    Column("dfe_code", "DfE code"),
    Column("ons_code", "ONS code"),
    Column("ofsted_urn", "Ofsted URN", NUMBER),
    Column("active_until", "Active until", DATE),
    Column("latest_published_on", "Latest published", DATE),
    Column("latest_framework", "Latest framework"),
    Column("overall_effectiveness", "Overall effectiveness", GRADE),
    Column("previous_overall_effectiveness", "Previous overall effectiveness", GRADE),
    Column("change", "Change"),
    Column("latest_report_url", "Latest report", URL),
    Column("page_url", "Page", URL),
    # The standing (inspections/standing.py), after the columns files already had.
    Column("standing", "Standing", GRADE),
    Column("standing_basis", "Standing from"),
    Column("change_basis", "Change compares"),
    *[Column(area.value, area.label, GRADE) for area in STANDING_AREAS],
    Column("inadequate_since", "Inadequate since", DATE),
    Column("left_inadequate_on", "Left inadequate on", DATE),
    Column("left_inadequate_after_days", "Left inadequate after (days)", NUMBER),
)


def standing_values(a) -> dict:
    """An index row's standing keys, from standing.with_latest_inspection()'s annotations and
    the standing row it joins (none: not inspected): for the index's files and the API."""
    row = getattr(a, "standing", None)
    return {
        "standing": a.standing_grade or None,
        "standing_basis": a.standing_basis or Basis.NOT_INSPECTED.value,
        "change_basis": a.standing_change_basis or None,
        **{area: (getattr(row, area) or None) if row else None for area in STANDING_AREAS},
        "inadequate_since": a.standing_inadequate_since,
        "left_inadequate_on": row.left_inadequate_on if row else None,
        "left_inadequate_after_days": row.left_inadequate_after_days if row else None,
    }


def index_table(authorities: AuthorityQuerySet, absolute: Absolute) -> Table:
    """`authorities` is the index's rows (IndexQuery.authorities()); streamed in chunks."""

    def rows() -> Iterator[dict]:
        for a in authorities.iterator(chunk_size=500):
            yield {
                "authority": a.name,
                "authority_slug": a.slug,
                "region": a.get_region_display(),
                "authority_type": a.get_authority_type_display() or None,
                "dfe_code": a.dfe_code,
                "ons_code": a.ons_code,
                "ofsted_urn": a.ofsted_urn,
                "active_until": a.active_until,
                "latest_published_on": a.latest_published_on,
                "latest_framework": framework_word(a.latest_framework),
                "overall_effectiveness": a.latest_overall or None,
                "previous_overall_effectiveness": a.previous_overall or None,
                "change": standing.change_of(a),
                "latest_report_url": a.latest_report_url or None,
                "page_url": absolute(a.get_absolute_url()),
                **standing_values(a),
            }

    return Table("authorities", "Authorities matching the filters", INDEX_COLUMNS, rows())


# The map -------------------------------------------------------------------------------------

MAP_COLUMNS = (
    Column("authority", "Authority"),
    Column("authority_slug", "Authority (slug)", on_page=False),
    Column("ons_code", "ONS code", on_page=False),
    Column("region", "Region"),
    Column("area", "Judgement area (key)", on_page=False),
    Column("grade", "Grade", GRADE),
    Column("standing_basis", "Standing from (key)", on_page=False),
    Column("latest_published_on", "Latest published", DATE, missing="no report in the data"),
    Column("page_url", "Page", URL),
)


def _map_missing(area: str, basis: str) -> str:
    """Why a row has no grade in the area mapped, in words."""
    if basis == Basis.NOT_INSPECTED:
        return "No report in the data"
    if area == OVERALL:
        return Basis(basis).label if basis in Basis.values else "No grade recorded"
    return "Not graded at the latest inspection"


def map_table(
    authorities: Iterable[Authority], area: str, area_label: str, place: str, absolute: Absolute
) -> Table:
    """The map's data: each authority (`MapQuery.authorities()`, the index's rows) with its
    grade in `area`, read as the index reads it (standing_values: the standing, or the area's
    column). Beside the columns, for the page and the map only: the authority's page path and
    its grade in words (`grade_words`)."""
    rows = []
    for a in authorities:
        values = standing_values(a)
        grade = values["standing"] if area == OVERALL else values[area]
        basis = values["standing_basis"]
        missing = _map_missing(area, basis)
        words = Grade(grade).label if grade else missing
        if grade and area == OVERALL and basis == Basis.AREAS:
            words += " (lowest area grade: this framework gives no overall grade)"
        rows.append(
            {
                "authority": a.name,
                "authority_slug": a.slug,
                "ons_code": a.ons_code,
                "region": a.get_region_display(),
                "area": area,
                "grade": grade,
                "standing_basis": basis,
                "latest_published_on": a.latest_published_on,
                "page_url": absolute(a.get_absolute_url()),
                "page_path": a.get_absolute_url(),
                "grade_words": words,
                PAGE_MISSING: {"grade": missing},
            }
        )
    columns = tuple(replace(c, label=area_label) if c.key == "grade" else c for c in MAP_COLUMNS)
    return Table(
        f"map-{area}",
        f"{area_label}: the authorities of {place}",
        columns,
        rows,
        header="authority",
        note="By each authority's latest published report: its overall grade, or, where the "
        "framework gives none (from April 2026), its lowest area grade."
        if area == OVERALL
        else "By each authority's latest published report: its grade in this area, where that "
        "report judged it.",
    )


# One authority's trajectory -------------------------------------------------------------------

JUDGEMENT_COLUMNS = (
    Column("authority", "Authority", on_page=False),
    Column("authority_slug", "Authority (slug)", on_page=False),
    Column("authority_name_then", "Authority (as then named)"),
    Column("is_predecessor", "A predecessor's", BOOL, on_page=False),
    Column("judgement", "Judgement (key)", on_page=False),
    Column("judgement_label", "Judgement"),
    Column("published_on", "Published", DATE),
    Column("framework", "Framework"),
    Column("inspection_type", "Inspection type", on_page=False),
    Column("started_on", "On site from", DATE, on_page=False),
    Column("ended_on", "On site to", DATE, on_page=False),
    Column("grade", "Grade", GRADE, missing="not recorded"),
    Column("report_url", "Report", URL, on_page=False),
)


def _judgement_row(inspection: Inspection, key: str, grade: str | None) -> dict:
    return {
        "authority": inspection.authority.name,
        "authority_slug": inspection.authority.slug,
        "authority_name_then": inspection.authority.name_on(inspection.published_on),
        "judgement": key,
        "judgement_label": timeline.series_label(key),
        "published_on": inspection.published_on,
        "framework": framework_word(inspection.framework),
        "inspection_type": inspection.get_inspection_type_display(),
        "started_on": inspection.started_on,
        "ended_on": inspection.ended_on,
        "grade": grade or None,
        "report_url": inspection.report_url or None,
    }


def timeline_table(
    authority: Authority, inspections: Sequence[Inspection], shown: Iterable[str]
) -> Table:
    """The points of the trajectory's lines that are shown (?show=): a row per published
    inspection per judgement, in the chart's line order; an empty grade is a gap in the line."""
    shown = set(shown)
    lines = [
        line for line in timeline.judgement_lines(inspections, authority.pk) if line.key in shown
    ]
    rows = [
        _judgement_row(inspection, line.key, timeline.grade_of(inspection, line.key))
        | {"is_predecessor": line.is_predecessor}
        for line in lines
        for inspection in line.inspections
    ]
    return Table(
        f"{authority.slug}-judgements",
        f"{authority.name}: every grade on the chart, by the date each report was published",
        JUDGEMENT_COLUMNS,
        rows,
        header="published_on",
        row_key="published_on",
        pivot=Pivot(across="judgement", label="judgement_label", value="grade"),
    )


EVENT_COLUMNS = (
    # Where the chart places each: a visit at its publication (as inspections are; else its last
    # day on site, said in its details), an intervention at its start.
    Column("date", "Date (a visit's publication, an intervention's start)", DATE),
    Column("kind", "Kind"),
    Column("details", "Details"),
)


def events_table(authority: Authority, events: Sequence) -> Table:
    """The visits and interventions the trajectory marks below the grades."""
    return Table(
        f"{authority.slug}-events",
        f"{authority.name}: visits and interventions marked on the chart",
        EVENT_COLUMNS,
        [{"date": e.on, "kind": e.kind, "details": e.label} for e in events],
        header="date",
        row_key="date",
    )


# A compare set --------------------------------------------------------------------------------

COMPARE_COLUMNS = (
    Column("authority", "Authority"),
    Column("authority_slug", "Authority (slug)", on_page=False),
    Column("authority_name_then", "As then named"),
    Column("judgement", "Judgement (key)", on_page=False),
    Column("judgement_label", "Judgement", on_page=False),
    Column("published_on", "Published", DATE, missing="no published inspection"),
    Column("judged_as", "Judged as"),
    Column("framework", "Framework"),
    Column("inspection_type", "Inspection type", on_page=False),
    Column("started_on", "On site from", DATE, on_page=False),
    Column("ended_on", "On site to", DATE, on_page=False),
    Column("grade", "Grade", GRADE, missing="no judgement recorded"),
    Column("report_url", "Report", URL),
)


def _judged_as(inspection: Inspection, area: str) -> str | None:
    """The judgement's own wording in the inspection's framework, where it differs from ours
    ("The experiences and progress of children in care" for children in care)."""
    if area == OVERALL:
        return None
    words = rules.area_label(inspection.framework, area, inspection.started_on)
    return words if words != timeline.series_label(area) else None


def compare_table(selection: CompareQuery, own: dict[int, list[Inspection]] | None = None) -> Table:
    """The compare chart's grades: each authority's published inspections, oldest first, graded
    in the chosen judgement; an authority with none has one row saying so (empty dates)."""
    own = inspections_by_authority(selection) if own is None else own
    rows = []
    for authority in selection.authorities:
        for inspection in own[authority.pk]:
            grade = timeline.grade_of(inspection, selection.area)
            not_judged = not grade and not inspection.judges(selection.area)
            rows.append(
                {
                    **_judgement_row(inspection, selection.area, grade),
                    "judged_as": _judged_as(inspection, selection.area),
                    PAGE_MISSING: {"grade": "not judged in this framework"} if not_judged else {},
                }
            )
        if not own[authority.pk]:
            rows.append(
                {column.key: None for column in COMPARE_COLUMNS}
                | {
                    "authority": authority.name,
                    "authority_slug": authority.slug,
                    "authority_name_then": authority.name,
                    "judgement": selection.area,
                    "judgement_label": selection.area_label,
                }
            )
    # On the page, the name then and the judgement's own wording only where some row has one.
    renamed = any(row["authority_name_then"] != row["authority"] for row in rows)
    reworded = any(row["judged_as"] for row in rows)
    columns = tuple(
        replace(c, label=selection.area_label)
        if c.key == "grade"
        else replace(c, on_page=renamed)
        if c.key == "authority_name_then"
        else replace(c, on_page=reworded)
        if c.key == "judged_as"
        else c
        for c in COMPARE_COLUMNS
    )
    return Table(
        f"compare-{selection.area}",
        f"{selection.area_label}: every published inspection of "
        f"{', '.join(a.name for a in selection.authorities)}, oldest first",
        columns,
        rows,
        header="authority",
        row_key="published_on",
        group_by="authority",
    )


# Benchmarks: England's and a region's grades at an authority's inspections ---------------------


def benchmark_table(name: str, title: str, rows: Sequence[benchmarks.InspectionBenchmark]) -> Table:
    """England's (or a region's) authorities by grade at the publication date of each
    inspection listed (dashboard.benchmarks): counts, with the share of those with a known grade
    beside each where at least half had one. Adequate (before November 2013) only when some
    authority had it."""
    grades = [
        g for g in Grade.values if g != Grade.ADEQUATE or any(r.shares.counts.get(g) for r in rows)
    ]
    columns = (
        Column("authority", "Authority (as then named)"),
        Column("authority_slug", "Authority (slug)", on_page=False),
        Column("published_on", "Inspection published", DATE),
        Column("grade", "Its grade", GRADE, missing="no grade recorded"),
        Column("grade_basis", "Its grade from", on_page=False),
        Column("place", "Compared with"),
        Column("active", "Active authorities", NUMBER),
        Column("known", "With a known grade", NUMBER),
        *(Column(grade, Grade(grade).label, NUMBER, beside=f"share_{grade}") for grade in grades),
        *(
            Column(
                f"share_{grade}", f"Share {Grade(grade).label.lower()} (%)", PERCENT, on_page=False
            )
            for grade in grades
        ),
    )
    return Table(
        name,
        title,
        columns,
        [
            {
                "authority": r.authority_name,
                "authority_slug": r.authority_slug,
                "published_on": r.published_on,
                "grade": r.grade,
                "grade_basis": rules.Basis(r.basis).label,
                "place": r.shares.place_label,
                "active": r.shares.active,
                "known": r.shares.known,
                **{g: r.shares.counts.get(g, 0) for g in grades},
                **{f"share_{g}": r.shares.share(g) for g in grades},
            }
            for r in rows
        ],
        header="published_on",
        note="Each authority active on the date counts by the grade of its latest report "
        "published by then: the overall grade, or the lowest area grade where the framework "
        "gives no overall grade. In brackets: the share of those with a known grade, to the "
        "nearest whole number; none where fewer than half had a known grade.",
    )
