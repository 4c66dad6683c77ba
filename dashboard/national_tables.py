"""The home page's tables of the national picture (dashboard.national): England's and the
regions' current grades, the share good or outstanding over time, the latest reports and the
authorities judged inadequate, each chosen for its download by its name in NATIONAL_TABLES."""

from __future__ import annotations

from inspections.rules import Grade, Standing

from . import national
from .table import DATE, NUMBER, PERCENT, URL, Absolute, Column, Table, framework_word

STANDINGS = (*Grade.values, *Standing.values)
NATIONAL_TABLES = ("regions", "over-time", "latest", "inadequate")


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
    first = picture.first_covered
    return Table(
        "national-over-time",
        "Authorities judged good or outstanding overall at each date since "
        f"{national.SERIES_STARTS.year}",
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
        note=(
            f"The share is given from {first.on:%-d %B %Y}, the first date at which at least "
            "half of the active authorities had a known overall grade; where fewer than half "
            "have one it is not given (never a share of the few that are known)."
            if first
            else "No date has a known overall grade for at least half of the active "
            "authorities, so no share is given."
        ),
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
                "ungraded_reports_before": " ".join(d.isoformat() for d in run.ungraded_before)
                or None,
                "page_url": absolute(run.authority.get_absolute_url()),
            }
            for run in picture.inadequate
        ],
    )
