"""Downloads: each page's CSV and JSON links give exactly the rows the page shows, on the real data.

Every test follows the link the page itself offers (so the page and its download are read with the
same filters), then compares the download's rows with the page's table as parsed.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db.models import Max

from dashboard import provenance
from inspections.models import Inspection
from tests.admin_helpers import Element, parse
from tests.dashboard import figures

pytestmark = pytest.mark.usefixtures("national_site")


def download_link(page: Element, fmt: str, nth: int = 0) -> str:
    return page.find_all("a", **{"data-format": fmt})[nth].attrs["href"]


def csv_rows(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def json_body(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def body_rows(table: Element) -> list[Element]:
    return [tr for tbody in table.find_all("tbody") for tr in tbody.find_all("tr")]


def both_formats(client, page: Element, nth: int = 0) -> tuple[list[dict], dict]:
    """The CSV rows and the JSON document behind the page's nth pair of download links;
    the two formats hold the same rows (CSV writes a missing value as empty)."""
    rows = csv_rows(client, download_link(page, "csv", nth))
    document = json_body(client, download_link(page, "json", nth))
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in document["rows"]]
    as_text = [
        {k: v.lower() if v in ("True", "False") else v for k, v in r.items()} for r in as_text
    ]
    assert as_text == rows
    assert document["columns"] == list(rows[0]) if rows else document["columns"]
    return rows, document


# --- The authorities index --------------------------------------------------------------------


def index_names(page: Element) -> list[str]:
    table = page.find("div", id="results").find("table")
    return [
        tr.find("th").find("a").text()
        for tr in body_rows(table)
        if tr.find_all("th")  # the "No authority matches" row has none
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "region=GL&sort=grade",
        "grade=inadequate&sort=last_inspection",
        "q=northampton&include_former=on",
        "inadequate_since=2019&change=improved",
        "region=NE&authority_type=county&grade=outstanding",  # nothing matches
        "q=no+such+place",
    ],
)
def test_index_download_has_the_rows_the_index_shows(client, query):
    page = parse(client.get(f"/authorities/?{query}"))
    rows, document = both_formats(client, page)
    assert [r["authority"] for r in rows] == index_names(page)
    assert document["view_url"].endswith("/authorities/" + (f"?{query}" if query else ""))


def test_a_filter_that_matches_nothing_gives_a_header_and_no_rows(client):
    page = parse(client.get("/authorities/?q=no+such+place"))
    assert index_names(page) == []
    response = client.get(download_link(page, "csv"))
    assert b"".join(response.streaming_content).decode().splitlines() == [
        "authority,authority_slug,region,authority_type,dfe_code,ons_code,ofsted_urn,active_until,"
        "latest_published_on,latest_framework,overall_effectiveness,"
        "previous_overall_effectiveness,change,latest_report_url,page_url,standing,standing_basis,"
        "change_basis,help_and_protection,children_in_care,care_leavers,leadership,"
        "inadequate_since,left_inadequate_on,left_inadequate_after_days,left_inadequate_by,"
        "left_inadequate_began_after_unknown,inadequate_then_unknown_on"
    ]
    assert json_body(client, download_link(page, "json"))["rows"] == []


def test_index_download_values_are_words_and_iso_dates(client):
    rows = csv_rows(client, "/downloads/authorities.csv?q=825")
    assert len(rows) == 1
    row = rows[0]
    latest = (
        Inspection.objects.filter(authority__slug="buckinghamshire", published_on__isnull=False)
        .order_by("-published_on")
        .first()
    )
    assert row["latest_published_on"] == latest.published_on.isoformat()
    assert row["overall_effectiveness"] == latest.get_overall_effectiveness_display()
    assert row["region"] == "South East"
    assert row["latest_report_url"] == latest.report_url
    assert row["page_url"] == "http://testserver/authorities/buckinghamshire/"


def test_index_invalid_filters_are_a_400_with_the_reason(client):
    page = parse(client.get("/authorities/?region=XX&inadequate_since=1800"))
    # The page applies only the valid filters, and its links carry only those.
    assert "region" not in download_link(page, "csv")
    response = client.get("/downloads/authorities.csv?region=XX&inadequate_since=1800")
    assert response.status_code == 400
    message = response.content.decode()
    assert "region" in message and "inadequate_since" in message


# --- The national picture ---------------------------------------------------------------------


def page_records(table, section: str = "tbody") -> list[dict[str, str]]:
    """A page table's rows as its cells' keys and values (data-key, data-value)."""
    return page_records_of(table.find(section))


def page_records_of(section) -> list[dict[str, str]]:
    return [
        {
            cell.attrs["data-key"]: cell.attrs["data-value"]
            for cell in tr.find_all()
            if cell.tag in ("th", "td")
        }
        for tr in section.find_all("tr")
    ]


def as_shown(rows: list[dict], table) -> list[dict[str, str]]:
    """A download's rows, with only the columns the page shows, as the page writes values."""
    keys = [th.attrs["data-key"] for th in table.find("thead").find_all("th")]
    return [{k: "" if row[k] is None else str(row[k]) for k in keys} for row in rows]


def test_home_downloads_match_its_tables(client):
    page = parse(client.get("/"))
    links = [a.attrs["href"] for a in page.find_all("a", **{"data-format": "csv"})]
    assert links == [
        f"/downloads/national/{t}.csv" for t in ("regions", "over-time", "latest", "inadequate")
    ]

    # The charts' tables are the downloads' Table: every cell on the page is the file's value.
    regions, _ = both_formats(client, page, 0)
    table = page.find("table", id="regions-table")
    assert page_records(table, "tfoot") + page_records(table) == as_shown(regions, table)
    assert [r["area"] for r in regions][0] == "England" and len(regions) == 10

    over_time, _ = both_formats(client, page, 1)
    table = page.find("table", id="over-time-table")
    assert page_records(table) == as_shown(over_time, table)

    latest, _ = both_formats(client, page, 2)
    shown_latest = [
        (tr.find("th").text(), tr.find_all("td")[0].text())
        for tr in body_rows(page.find("table", id="latest-table"))
    ]
    assert [(r["authority"], r["published_on"]) for r in latest] == [
        (name, _iso(day)) for name, day in shown_latest
    ]

    inadequate, _ = both_formats(client, page, 3)
    shown_runs = [
        (tr.find("th").text(), tr.find("td", **{"data-key": "since"}).attrs["data-date"])
        for tr in body_rows(page.find("table", id="inadequate-table"))
    ]
    assert shown_runs  # the page's first rows; the download has them all
    every = [(r["authority"], r["inadequate_since"]) for r in inadequate]
    assert every[: len(shown_runs)] == shown_runs and len(every) >= len(shown_runs)


def _iso(day_in_words: str) -> str:
    import datetime as dt

    return dt.datetime.strptime(day_in_words, "%d %B %Y").date().isoformat()


def test_unknown_national_table_is_a_404(client):
    assert client.get("/downloads/national/everything.csv").status_code == 404
    assert client.get("/downloads/national/regions.xlsx").status_code == 404


# --- One authority's trajectory ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "query"),
    [
        ("buckinghamshire", ""),
        ("buckinghamshire", "show=adoption&show=overall"),
        ("north-northamptonshire", "show=overall"),  # with its predecessor's inspections
        ("sandwell", "show=lscb"),
    ],
)
def test_timeline_download_has_the_points_the_chart_shows(client, slug, query):
    """Every point of the chart is a row of the download, with the same grade; a row the chart
    has no point for is a report without that grade (its framework gives no such judgement, so
    the line holds across it), never a grade left out."""
    response = client.get(f"/authorities/{slug}/?{query}")
    page = parse(response)
    figure = json.loads(page.find("script", id="trajectory-figure").text())
    shown = {
        (trace["name"], x[:10]): y
        for trace in figures.grade_traces(figure)
        if trace.get("visible", True) is True
        for x, y in zip(trace["x"], trace["y"], strict=True)
    }
    rows, _ = both_formats(client, page)
    downloaded = {
        (
            r["judgement_label"]
            + (f" – {r['authority']} (predecessor)" if r["is_predecessor"] == "true" else ""),
            r["published_on"],
        ): r["grade"]
        for r in rows
    }
    assert shown and set(shown) <= set(downloaded)
    ranks = {"Outstanding": 1, "Good": 2, "Adequate": 3, "Inadequate": 4}
    ranks["Requires improvement to be good"] = 3
    for point, y in shown.items():
        assert y == ranks.get(downloaded[point]), point
    assert all(downloaded[point] == "" for point in set(downloaded) - set(shown))


def test_timeline_download_bad_judgement_is_a_400_and_unknown_authority_a_404(client):
    response = client.get("/downloads/authorities/buckinghamshire.csv?show=nonsense")
    assert response.status_code == 400
    assert "nonsense" in response.content.decode()
    assert client.get("/downloads/authorities/nowhere.csv").status_code == 404


# --- A compare set ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "a=buckinghamshire&a=sandwell&area=overall",
        "a=sandwell&a=oxfordshire&a=north-northamptonshire&area=children_in_care",
    ],
)
def test_compare_download_has_the_rows_of_the_compare_table(client, query):
    page = parse(client.get(f"/compare/?{query}"))
    table = page.find("table", id="compare-table")
    rows, document = both_formats(client, page)
    records = [record for tbody in table.find_all("tbody") for record in page_records_of(tbody)]
    assert records == as_shown(rows, table)
    assert {r["authority"] for r in rows} == {
        t.attrs["data-group"] for t in table.find_all("tbody")
    }
    assert document["view_url"].endswith(f"/compare/?{query}")


def _words(iso_day: str) -> str:
    import datetime as dt

    return f"{dt.date.fromisoformat(iso_day):%-d %B %Y}"


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("a=sandwell", "two authorities"),
        ("a=sandwell&a=atlantis", "atlantis"),
        ("a=sandwell&a=oxfordshire&area=bravery", "bravery"),
    ],
)
def test_compare_download_bad_set_is_a_400(client, query, says):
    response = client.get(f"/downloads/compare.json?{query}")
    assert response.status_code == 400
    assert says in response.content.decode()


# --- Provenance -------------------------------------------------------------------------------


def test_downloads_say_their_source_and_when_the_data_last_changed(client):
    newest = Inspection.history.aggregate(latest=Max("history_date"))["latest"]
    assert provenance.last_changed() >= newest
    response = client.get("/downloads/authorities.csv?region=GL")
    assert response["X-Data-Source"].startswith("Ofsted inspection reports")
    assert response["X-Data-Last-Changed"] == provenance.iso(provenance.last_changed())
    assert response["Last-Modified"]
    assert response["Link"] == (
        '<http://testserver/downloads/authorities.json?region=GL>; rel="describedby"; '
        'type="application/json"'
    )
    assert response["Content-Disposition"].startswith('attachment; filename="authorities-')
    document = json_body(client, "/downloads/authorities.json?region=GL")
    assert document["source"] == provenance.SOURCE
    assert document["last_changed"] == provenance.iso(provenance.last_changed())
