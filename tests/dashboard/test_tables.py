"""Every chart's table gives the same values as the figure drawn beside it, its caption is written
from the same data, and its CSV holds the same rows. The tables are read from the page as a
reader gets them (grade words), the figures from their json_script data."""

from __future__ import annotations

import csv
import io

import pytest

from authorities.models import Authority
from dashboard import timeline
from inspections.models import Inspection
from inspections.rules import Grade
from tests.admin_helpers import Element, parse
from tests.dashboard import figures

RANK_OF_WORDS = {
    Grade.OUTSTANDING.label: 1,
    Grade.GOOD.label: 2,
    Grade.REQUIRES_IMPROVEMENT.label: 3,
    Grade.ADEQUATE.label: 3,
    Grade.INADEQUATE.label: 4,
}


@pytest.fixture
def everything(national_site):
    """The register, the history and the demo data (loaded once per module)."""


def figure(page: Element, figure_id: str) -> dict:
    import json

    return json.loads(page.find("script", id=figure_id).text())


def grade_traces(figure_data: dict) -> list[dict]:
    """The grade series (their step lines at their exact grades), not the lines carried on to
    today nor the visits and interventions."""
    return figures.grade_traces(figure_data)


def records(table: Element) -> list[dict[str, tuple[str, str]]]:
    """Each body row's cells by column key: (the value as the files give it, the text shown)."""
    return [
        {
            cell.attrs["data-key"]: (cell.attrs["data-value"], cell.text())
            for cell in tr.find_all()
            if cell.tag in ("th", "td")
        }
        for tbody in table.find_all("tbody")
        for tr in tbody.find_all("tr")
    ]


@pytest.mark.parametrize(
    "slug", ["buckinghamshire", "sandwell", "cumberland", "bournemouth-christchurch-and-poole"]
)
def test_trajectory_table_matches_the_figure(client, everything, slug):
    """Every point of every line the chart shows is a cell of the table (a row per report, a
    column per judgement), with the same grade; every grade in the table is a point on the chart."""
    every = "&".join(f"show={key}" for key in timeline.SERIES_KEYS)
    page = parse(client.get(f"/authorities/{slug}/?{every}"))
    traces = grade_traces(figure(page, "trajectory-figure"))
    rows = records(page.find("table", id="trajectory-table"))
    keys = {timeline.series_label(key): key for key in timeline.SERIES_KEYS}
    assert traces and rows
    drawn = 0
    for trace in traces:
        assert trace.get("visible", True) is True
        key = keys[trace["name"].split(" – ")[0]]
        for x, y, hover in zip(trace["x"], trace["y"], trace["hovertext"], strict=True):
            # The row of that report, of the authority it was of (predecessors' too).
            matches = [
                row
                for row in rows
                if row["published_on"][0] == x[:10] and row["authority_name_then"][1] in hover
            ]
            assert len(matches) == 1, (trace["name"], x)
            value, words = matches[0][key]
            if y is None:
                assert (value, words) == ("", "not recorded"), (trace["name"], x)
            else:
                assert RANK_OF_WORDS[words] == y == RANK_OF_WORDS[value], (trace["name"], x)
                drawn += 1
    graded = sum(1 for row in rows for k, (value, _) in row.items() if k in keys.values() and value)
    assert graded == drawn


def test_trajectory_caption_tells_the_story_from_the_data(client, everything):
    page = parse(client.get("/authorities/buckinghamshire/"))
    caption = page.find("figcaption", id="trajectory-caption").text()
    assert caption.startswith(
        "Overall effectiveness: Buckinghamshire was judged good in 2011; inadequate in 2014 and "
        "again in 2018; requires improvement to be good in 2022 and again in 2025."
    )
    assert "1 monitoring visit (2016), 1 commissioner (2018) and 1 focused visit (2022)" in caption
    chart = page.find("div", id="trajectory")
    assert chart.attrs["role"] == "img" and chart.attrs["aria-describedby"] == "trajectory-caption"


def test_compare_table_matches_the_figure(client, everything):
    slugs = ["buckinghamshire", "sandwell", "oxfordshire", "cumberland", "cumbria"]
    for area in ("overall", "care_leavers"):
        page = parse(client.get(f"/compare/?{'&'.join(f'a={s}' for s in slugs)}&area={area}"))
        traces = grade_traces(figure(page, "compare-figure"))
        groups = page.find("table", id="compare-table").find_all("tbody")
        assert len(traces) == len(groups) == len(slugs)
        for trace, group in zip(traces, groups, strict=True):
            assert trace["name"].startswith(group.attrs["data-group"])
            rows = {
                tr.attrs["data-key"]: tr for tr in group.find_all("tr") if "data-key" in tr.attrs
            }
            # Every point is a row; a row without a point is a report whose framework gives no
            # such judgement (the line holds its grade across it), and the table says so.
            assert set(x[:10] for x in trace["x"]) <= set(rows)
            for date in set(rows) - set(x[:10] for x in trace["x"]):
                grade = next(
                    td for td in rows[date].find_all("td") if td.attrs["data-key"] == "grade"
                )
                assert grade.text() == "not judged in this framework", (trace["name"], date)
            for x, y in zip(trace["x"], trace["y"], strict=True):
                grade = next(
                    td for td in rows[x[:10]].find_all("td") if td.attrs["data-key"] == "grade"
                )
                if y is None:
                    assert grade.attrs["data-value"] == ""
                    assert grade.text() in ("no judgement recorded", "not judged in this framework")
                else:
                    assert RANK_OF_WORDS[grade.find("span").text()] == y
        caption = page.find("figcaption", id="compare-caption").text()
        assert all(a in caption for a in ("Buckinghamshire", "Sandwell", "Oxfordshire"))


def test_regions_caption_is_the_table_in_words(client, everything):
    page = parse(client.get("/"))
    caption = page.find("figcaption", id="regions-caption").text()
    england = {
        td.attrs["data-key"]: td.attrs["data-value"]
        for td in page.find("table", id="regions-table").find("tfoot").find_all("td")
    }
    assert (
        f"of the {england['with_overall_grade']} authorities whose latest report has an overall grade"
        in caption
    )
    assert f"{england['inadequate']} inadequate" in caption


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


EVERY_SERIES = "show=" + "&show=".join(timeline.SERIES_KEYS)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (
            "/authorities/buckinghamshire/trajectory.csv",
            f"/downloads/authorities/buckinghamshire.csv?{EVERY_SERIES}",
        ),
        (
            "/compare/grades.csv?a=buckinghamshire&a=sandwell&area=overall",
            "/downloads/compare.csv?a=buckinghamshire&a=sandwell&area=overall",
        ),
        ("/national/current-grades.csv", "/downloads/national/regions.csv"),
        ("/national/good-or-outstanding.csv", "/downloads/national/over-time.csv"),
    ],
)
def test_old_chart_csv_addresses_move_permanently_to_the_downloads(client, everything, old, new):
    """The chart CSVs of before are one download now: the old addresses answer 301 to the file
    holding the same rows, which then downloads."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    lines = read_csv(client.get(new))
    assert len(lines) > 1


def test_the_trajectorys_old_csv_holds_every_judgement_line(client, everything):
    lines = read_csv(client.get("/authorities/buckinghamshire/trajectory.csv", follow=True))
    drawn = {dict(zip(lines[0], line, strict=True))["judgement"] for line in lines[1:]}
    authority = Authority.objects.get(slug="buckinghamshire")
    inspections = list(Inspection.objects.for_timeline_of(authority))
    assert drawn == {line.key for line in timeline.judgement_lines(inspections, authority.pk)}
    assert {"overall", "help_and_protection", "children_in_care", "leadership"} <= drawn


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/authorities/atlantis/trajectory.csv", 404),
        ("/compare/grades.csv", 400),
        ("/compare/grades.csv?a=atlantis", 400),
        ("/national/other.csv", 404),
    ],
)
def test_old_csv_bad_requests_stay_clear_errors(client, everything, url, status):
    assert client.get(url, follow=True).status_code == status
