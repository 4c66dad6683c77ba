"""The tables of inspections and their grades: one authority's trajectory (its judgements and
the visits and interventions marked beside them), a compare set's, and the benchmarks of England
and a region at each inspection (dashboard.benchmarks)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from authorities.models import Authority
from inspections import rules
from inspections.models import Inspection
from inspections.rules import OVERALL, Grade

from . import benchmarks, timeline
from .queries import CompareQuery, inspections_by_authority
from .table import (
    BOOL,
    DATE,
    GRADE,
    NUMBER,
    PAGE_MISSING,
    PERCENT,
    URL,
    Column,
    Pivot,
    Table,
    framework_word,
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
