"""The rows each page shows, as tables for download.

Every table is read with the same forms, QuerySet methods and builders as its page (the index's
AuthorityFilterForm and AuthorityQuerySet.matching(), the compare page's Selection, the
trajectory's judgement lines, the national picture), so a download cannot drift from its page.
Column names are stable snake_case; dates are ISO 8601; grades are words; a missing value is
empty (CSV) or null (JSON), never a zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from authorities.models import Authority, AuthorityQuerySet
from dashboard import national, timeline
from inspections.models import Inspection
from inspections.rules import Framework, Grade

from .queries import Selection, inspections_by_authority, table_row

#: Makes a site path absolute (dashboard.site.absolute, from SITE_URL).
Absolute = Callable[[str], str]

STANDINGS = (*Grade.values, national.NO_OVERALL, national.NOT_RECORDED, national.NOT_INSPECTED)
NATIONAL_TABLES = ("regions", "over-time", "latest", "inadequate")


@dataclass(frozen=True)
class Table:
    name: str  # the download's file name, without extension
    title: str
    columns: tuple[str, ...]
    rows: Iterable[dict]


def grade_word(grade: str | None) -> str | None:
    return Grade(grade).label if grade else None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def framework_word(framework: str) -> str:
    return Framework(framework).label


# The national picture (home page) ------------------------------------------------------------


def national_table(picture: national.NationalPicture, name: str, absolute: Absolute) -> Table:
    builders = {
        "regions": _regions,
        "over-time": _over_time,
        "latest": _latest,
        "inadequate": _inadequate,
    }
    return builders[name](picture, absolute)


def _regions(picture: national.NationalPicture, absolute: Absolute) -> Table:
    shares = tuple(f"share_{grade}" for grade in Grade.values)
    columns = ("area", *STANDINGS, "with_overall_grade", "total", *shares)

    def row(area: national.Distribution) -> dict:
        return {
            "area": area.name,
            **{key: area.counts.get(key, 0) for key in STANDINGS},
            "with_overall_grade": area.graded,
            "total": area.total,
            **{
                f"share_{grade}": None if area.share(grade) is None else round(area.share(grade), 1)
                for grade in Grade.values
            },
        }

    return Table(
        "national-regions",
        "Current overall effectiveness by the latest published report: England and its regions",
        columns,
        [row(picture.england), *(row(region) for region in picture.regions)],
    )


def _over_time(picture: national.NationalPicture, absolute: Absolute) -> Table:
    columns = (
        "date",
        "active",
        "with_known_overall_grade",
        "good_or_outstanding",
        "share_good_or_outstanding",
        "no_overall_judgement",
        "overall_grade_not_recorded",
        "no_report",
    )
    return Table(
        "national-over-time",
        "Authorities judged good or outstanding overall at each date since 2013",
        columns,
        [
            {
                "date": iso(p.on),
                "active": p.active,
                "with_known_overall_grade": p.known,
                "good_or_outstanding": p.good_or_outstanding,
                "share_good_or_outstanding": None if p.share is None else round(p.share, 1),
                "no_overall_judgement": p.no_overall,
                "overall_grade_not_recorded": p.not_recorded,
                "no_report": p.not_inspected,
            }
            for p in picture.over_time
        ],
    )


def _latest(picture: national.NationalPicture, absolute: Absolute) -> Table:
    columns = (
        "authority",
        "authority_slug",
        "published_on",
        "framework",
        "overall_effectiveness",
        "report_url",
        "page_url",
    )
    return Table(
        "national-latest",
        "The most recently published inspection reports",
        columns,
        [
            {
                "authority": row.inspection.authority.name,
                "authority_slug": row.inspection.authority.slug,
                "published_on": iso(row.inspection.published_on),
                "framework": framework_word(row.inspection.framework),
                "overall_effectiveness": row.overall_in_words,
                "report_url": row.inspection.report_url or None,
                "page_url": absolute(row.inspection.authority.get_absolute_url()),
            }
            for row in picture.latest_reports
        ],
    )


def _inadequate(picture: national.NationalPicture, absolute: Absolute) -> Table:
    columns = (
        "authority",
        "authority_slug",
        "region",
        "inadequate_since",
        "months",
        "latest_report",
        "inadequate_reports",
        "ungraded_reports_within",
        "ungraded_reports_before",
        "page_url",
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
                "inadequate_since": iso(run.since),
                "months": run.months,
                "latest_report": iso(run.latest),
                "inadequate_reports": run.inadequate_reports,
                "ungraded_reports_within": run.ungraded_within,
                "ungraded_reports_before": " ".join(iso(d) for d in run.ungraded_before) or None,
                "page_url": absolute(run.authority.get_absolute_url()),
            }
            for run in picture.inadequate
        ],
    )


# The authorities index ------------------------------------------------------------------------

INDEX_COLUMNS = (
    "authority",
    "authority_slug",
    "region",
    "authority_type",
    "dfe_code",
    "ons_code",
    "ofsted_urn",
    "active_until",
    "latest_published_on",
    "latest_framework",
    "overall_effectiveness",
    "previous_overall_effectiveness",
    "change",
    "latest_report_url",
    "page_url",
)


def index_table(authorities: AuthorityQuerySet, absolute: Absolute) -> Table:
    """`authorities` is Authority.objects.for_index().matching(...) as the index reads it."""

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
                "active_until": iso(a.active_until),
                "latest_published_on": iso(a.latest_published_on),
                "latest_framework": framework_word(a.latest_framework)
                if a.latest_framework
                else None,
                "overall_effectiveness": grade_word(a.latest_overall),
                "previous_overall_effectiveness": grade_word(a.previous_overall),
                "change": None if a.change_label == "–" else a.change_label.lower(),
                "latest_report_url": a.latest_report_url or None,
                "page_url": absolute(a.get_absolute_url()),
            }

    return Table("authorities", "Authorities matching the filters", INDEX_COLUMNS, rows())


# One authority's trajectory -------------------------------------------------------------------

JUDGEMENT_COLUMNS = (
    "authority",
    "authority_slug",
    "authority_name_then",
    "is_predecessor",
    "judgement",
    "judgement_label",
    "published_on",
    "framework",
    "inspection_type",
    "started_on",
    "ended_on",
    "grade",
    "report_url",
)


def _judgement_row(inspection: Inspection, key: str, grade: str | None) -> dict:
    return {
        "authority": inspection.authority.name,
        "authority_slug": inspection.authority.slug,
        "authority_name_then": inspection.authority.name_on(inspection.published_on),
        "judgement": key,
        "judgement_label": timeline.series_label(key),
        "published_on": iso(inspection.published_on),
        "framework": framework_word(inspection.framework),
        "inspection_type": inspection.get_inspection_type_display(),
        "started_on": iso(inspection.started_on),
        "ended_on": iso(inspection.ended_on),
        "grade": grade_word(grade),
        "report_url": inspection.report_url or None,
    }


def timeline_table(
    authority: Authority, inspections: list[Inspection], shown: Iterable[str]
) -> Table:
    """The points of the trajectory's lines that are shown (?show=): a row per published
    inspection per judgement, in the chart's line order; an empty grade is a gap in the line."""
    shown = set(shown)
    rows = [
        _judgement_row(inspection, line.key, timeline.grade_of(inspection, line.key))
        | {"is_predecessor": line.is_predecessor}
        for line in timeline.judgement_lines(inspections, authority.pk)
        if line.key in shown
        for inspection in line.inspections
    ]
    return Table(
        f"{authority.slug}-judgements",
        f"{authority.name}: inspection judgements over time",
        JUDGEMENT_COLUMNS,
        rows,
    )


# A compare set --------------------------------------------------------------------------------

COMPARE_COLUMNS = tuple(
    c
    for c in (*JUDGEMENT_COLUMNS[:7], "judged_as", *JUDGEMENT_COLUMNS[7:])
    if c != "is_predecessor"
)


def compare_table(selection: Selection) -> Table:
    """The compare page's table: each authority's published inspections, oldest first, graded in
    the chosen judgement; an authority with none has one row saying so (empty dates)."""
    own = inspections_by_authority(selection)
    rows = []
    for authority in selection.authorities:
        for inspection in own[authority.pk]:
            shown = table_row(inspection, selection.area)
            rows.append(
                {
                    **_judgement_row(inspection, selection.area, shown["grade"] or None),
                    "judged_as": shown["judged_as"] or None,
                }
            )
        if not own[authority.pk]:
            rows.append(
                {column: None for column in COMPARE_COLUMNS}
                | {
                    "authority": authority.name,
                    "authority_slug": authority.slug,
                    "authority_name_then": authority.name,
                    "judgement": selection.area,
                    "judgement_label": selection.area_label,
                }
            )
    return Table(
        f"compare-{selection.area}",
        f"{selection.area_label}: {', '.join(a.name for a in selection.authorities)}",
        COMPARE_COLUMNS,
        rows,
    )
