"""The one Table: the page's include and the downloads' writer render the same rows."""

import csv
import datetime as dt
import io
import json

from django.template.loader import render_to_string

from dashboard import downloads
from dashboard.table import DATE, GRADE, NUMBER, PAGE_MISSING, PERCENT, URL, Column, Pivot, Table
from tests.admin_helpers import parse

TABLE = Table(
    "things",
    "Things <by> date",
    (
        Column("name", "Name"),
        Column("slug", "Slug", on_page=False),
        Column("on", "Published", DATE),
        Column("grade", "Grade", GRADE, missing="not recorded"),
        Column("count", "Count", NUMBER),
        Column("report_url", "Report", URL),
    ),
    [
        {
            "name": "<script>alert(1)</script>",
            "slug": "x",
            "on": dt.date(2018, 1, 29),
            "grade": "inadequate",
            "count": 3,
            "report_url": "https://reports.ofsted.gov.uk/provider/44/1",
        },
        {
            "name": "Second",
            "slug": "y",
            "on": dt.date(2022, 2, 11),
            "grade": None,
            "count": 0,
            "report_url": None,
            PAGE_MISSING: {"grade": "not judged in this framework"},
        },
    ],
    header="name",
    row_key="on",
    total={"name": "All", "slug": None, "on": None, "grade": None, "count": 3, "report_url": None},
)


def test_the_page_shows_the_rows_escaped_with_each_cells_file_value():
    page = parse(render_to_string("dashboard/_table.html", {"table": TABLE, "id": "things"}))
    table = page.find("table", id="things")
    assert table.find("caption").text() == "Things <by> date"
    assert [th.attrs["data-key"] for th in table.find("thead").find_all("th")] == [
        "name",
        "on",
        "grade",
        "count",
        "report_url",
    ]  # the header first; "slug" is in the files only
    first, second = table.find("tbody").find_all("tr")
    assert first.attrs["data-key"] == "2018-01-29"
    assert first.find("th").text() == "<script>alert(1)</script>"  # text, not markup
    assert not first.find_all("script")
    cells = {td.attrs["data-key"]: td for td in first.find_all("td")}
    assert (
        cells["on"].text() == "29 January 2018" and cells["on"].attrs["data-value"] == "2018-01-29"
    )
    assert cells["grade"].find("span").attrs["class"] == "tag tag-inadequate"
    assert cells["grade"].attrs["data-value"] == "Inadequate"
    link = cells["report_url"].find("a")
    assert link.attrs["href"] == "https://reports.ofsted.gov.uk/provider/44/1"
    assert link.text() == "Report : <script>alert(1)</script>"  # named for its row, as text
    missing = {td.attrs["data-key"]: td for td in second.find_all("td")}
    assert missing["grade"].text() == "not judged in this framework"
    assert missing["grade"].attrs["data-value"] == ""
    assert missing["report_url"].text() == "–"
    total = table.find("tfoot").find("tr")
    assert total.find("th").text() == "All"


def test_the_files_hold_the_same_rows_total_first():
    lines = list(csv.reader(io.StringIO("".join(downloads.csv_lines(TABLE)))))
    assert lines[0] == ["name", "slug", "on", "grade", "count", "report_url"]
    assert lines[1] == ["All", "", "", "", "3", ""]
    assert lines[2][0] == "<script>alert(1)</script>"
    assert lines[2][2:5] == ["2018-01-29", "Inadequate", "3"]
    assert lines[3] == ["Second", "y", "2022-02-11", "", "0", ""]  # no page-only words
    document = json.loads("".join(downloads.json_chunks(TABLE, {"title": TABLE.title})))
    assert document["columns"] == lines[0]
    assert document["rows"][2] == {
        "name": "Second",
        "slug": "y",
        "on": "2022-02-11",
        "grade": None,
        "count": 0,
        "report_url": None,
    }


def test_a_long_table_is_laid_out_wide_on_the_page_and_kept_long_in_the_files():
    long = Table(
        "grades",
        "Grades",
        (
            Column("on", "Published", DATE),
            Column("judgement", "Judgement (key)", on_page=False),
            Column("judgement_label", "Judgement"),
            Column("grade", "Grade", GRADE, missing="not recorded"),
        ),
        [
            {
                "on": dt.date(2014, 8, 8),
                "judgement": "overall",
                "judgement_label": "Overall",
                "grade": "inadequate",
            },
            {
                "on": dt.date(2022, 2, 11),
                "judgement": "overall",
                "judgement_label": "Overall",
                "grade": "requires_improvement",
            },
            {
                "on": dt.date(2014, 8, 8),
                "judgement": "leadership",
                "judgement_label": "Leaders",
                "grade": None,
            },
        ],
        header="on",
        row_key="on",
        pivot=Pivot(across="judgement", label="judgement_label", value="grade"),
    )
    page = parse(render_to_string("dashboard/_table.html", {"table": long, "id": "wide"}))
    table = page.find("table", id="wide")
    assert [th.text() for th in table.find("thead").find_all("th")] == [
        "Published",
        "Overall",
        "Leaders",
    ]
    rows = table.find("tbody").find_all("tr")
    assert [tr.attrs["data-key"] for tr in rows] == ["2014-08-08", "2022-02-11"]
    first = {
        td.attrs["data-key"]: (td.attrs["data-value"], td.text()) for td in rows[0].find_all("td")
    }
    assert first == {"overall": ("Inadequate", "Inadequate"), "leadership": ("", "not recorded")}
    assert rows[1].find_all("td")[1].text() == "not recorded"  # no leadership row at all
    lines = "".join(downloads.csv_lines(long)).splitlines()
    assert len(lines) == 1 + 3 and lines[0] == "on,judgement,judgement_label,grade"


def test_a_count_shows_its_share_beside_it_on_the_page_only():
    counts = Table(
        "counts",
        "Counts",
        (
            Column("area", "Area"),
            Column("good", "Good", NUMBER, beside="share_good"),
            Column("share_good", "Share good (%)", PERCENT, on_page=False),
        ),
        [
            {"area": "North", "good": 3, "share_good": 12.5},
            {"area": "South", "good": 0, "share_good": None},
        ],
        header="area",
    )
    page = parse(render_to_string("dashboard/_table.html", {"table": counts, "id": "c"}))
    north, south = page.find("table", id="c").find("tbody").find_all("tr")
    cell = north.find("td")
    assert (cell.attrs["data-value"], cell.text()) == ("3", "3 (13%)")
    assert south.find("td").text() == "0"
    assert "".join(downloads.csv_lines(counts)).splitlines()[1] == "North,3,12.5"
