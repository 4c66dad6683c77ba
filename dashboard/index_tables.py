"""The tables of the authorities index and of its map: a row per authority with its latest
report and its standing (`standing_values`, which the API's authorities list gives too)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from authorities.models import Authority, AuthorityQuerySet
from inspections import index_query
from inspections.rules import OVERALL, STANDING_AREAS, Basis, Grade

from .table import (
    BOOL,
    DATE,
    GRADE,
    NUMBER,
    PAGE_MISSING,
    URL,
    Absolute,
    Column,
    Table,
    framework_word,
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
    # An inadequate period that ended at a report with no grade recorded (standing.py).
    Column(
        "left_inadequate_by", "Left inadequate by (grade on 'left inadequate on' unknown)", DATE
    ),
    Column(
        "left_inadequate_began_after_unknown",
        "Left period may have begun earlier (reports before it ungraded)",
        BOOL,
    ),
    Column(
        "inadequate_then_unknown_on",
        "Inadequate at last known grade; no grade recorded from",
        DATE,
    ),
)


def standing_values(a) -> dict:
    """An index row's standing keys, from index_query.with_latest_inspection()'s annotations and
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
        "left_inadequate_by": row.left_inadequate_by if row else None,
        "left_inadequate_began_after_unknown": (
            row.left_inadequate_began_after_unknown if row and row.left_inadequate_on else None
        ),
        "inadequate_then_unknown_on": row.inadequate_then_unknown_on if row else None,
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
                "change": index_query.change_of(a),
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
