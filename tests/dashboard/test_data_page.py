"""/data/ (where the data comes from) and its downloads, on a small record whose counts are
worked out by hand below: what each source gave, how many agree, every disagreement with how it
was settled, the files' columns and values, and bad query strings (400 or 404, never 500)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.pages import data as data_page
from inspections import releases
from inspections.data_notes import data_notes_accept
from inspections.models import DataNote, SyncCheck
from inspections.rules import Grade
from inspections.sources import Settled, Source
from tests.admin_helpers import Element, parse
from tests.factories import (
    make_authority,
    make_data_note,
    make_focused_visit,
    make_inspection,
    make_jtai,
)

D = dt.date


@pytest.fixture
def record(db):
    """Two authorities, two inspections with their sources, four notes and two visits.

    By hand, from the sources below (first: gave the value kept; the rest agree):
    - report gave 4 (north: published_on, started_on, ended_on, overall), 3 of them agreed by
      another source (published_on, started_on, overall); it agrees with 1 (south's overall);
    - official gave 2 (north's framework, south's leadership), 1 agreed (framework); agrees
      with 2 (north's published_on and started_on);
    - history gave 2 (north's help_and_protection, south's published_on), none agreed; agrees
      with 3 (north's published_on, framework, overall);
    - editor gave 1 (south's overall), agreed by the report; agrees with none.
    Every source: 9 values, 5 of them agreed by another source.
    """
    north = make_authority(name="Northshire", slug="northshire", dfe_code="901")
    south = make_authority(name="Southshire", slug="southshire", dfe_code="902")
    first = make_inspection(
        north,
        published_on=D(2023, 5, 2),
        overall_effectiveness=Grade.GOOD,
        grades={"help_and_protection": Grade.GOOD},
        sources={
            "published_on": ["report", "official", "history"],
            "started_on": ["report", "official"],
            "ended_on": ["report"],
            "framework": ["official", "history"],
            "overall": ["report", "history"],
            "help_and_protection": ["history"],
        },
    )
    second = make_inspection(
        south,
        started_on=D(2019, 1, 7),
        ended_on=D(2019, 1, 18),
        published_on=D(2019, 3, 1),
        overall_effectiveness=Grade.INADEQUATE,
        grades={"leadership": Grade.INADEQUATE},
        sources={
            "published_on": ["history"],
            "overall": ["editor", "report"],
            "leadership": ["official"],
        },
    )
    notes = {
        "overall": make_data_note(first),  # report's good kept over the history's RI
        "published_on": make_data_note(
            first,
            field="published_on",
            kept_value="2023-05-02",
            kept_source=Source.REPORT,
            other_value="2023-05-04",
            other_source=Source.OFFICIAL,
            settled=Settled.NOTE,
        ),
        "editor": make_data_note(
            second,
            kept_value=Grade.INADEQUATE,
            kept_source=Source.EDITOR,
            other_value=Grade.REQUIRES_IMPROVEMENT,
            other_source=Source.REPORT,
            settled=Settled.EDITOR_KEPT,
        ),
        "unplaced": make_data_note(
            authority=south,
            field="monitoring_visit",
            kept_value="",
            kept_source="",
            other_value="2024-01-10",
            other_source=Source.OFFICIAL,
            settled=Settled.WAITING,
            detail="No inspection judged inadequate for it to follow.",
        ),
    }
    make_focused_visit(north, started_on=D(2022, 10, 10), ended_on=D(2022, 10, 11),
                       published_on=D(2022, 11, 15), source=Source.OFFICIAL)  # fmt: skip
    make_jtai(south)  # an editor's (the model's default source)
    return {"north": north, "south": south, "first": first, "second": second, **notes}


def page(client, query: str = "") -> Element:
    response = client.get(reverse("data") + query)
    assert response.status_code == 200
    return parse(response)


def rows_of(table: Element) -> list[Element]:
    return [tr for tbody in table.find_all("tbody") for tr in tbody.find_all("tr")]


def values(row: Element) -> dict[str, str]:
    return {cell.attrs["data-key"]: cell.attrs.get("data-value", "") for cell in row.iter()
            if cell.tag in ("th", "td") and "data-key" in cell.attrs}  # fmt: skip


def test_each_source_gave_so_many_values_and_so_many_agree(client, record):
    table = page(client).find("table", id="sources-table")

    counted = {row.attrs["data-key"]: values(row) for row in rows_of(table)}

    # Best source first (sources.SOURCE_RANK): editor, report, official, history.
    assert list(counted) == ["editor", "report", "official", "history"]
    number = ("gave", "gave_agreed", "agreed", "kept_in_notes", "not_kept_in_notes", "visits")
    assert {s: [int(c[k]) for k in number] for s, c in counted.items()} == {
        "editor": [1, 1, 0, 1, 0, 1],
        "report": [4, 3, 1, 2, 1, 0],
        "official": [2, 1, 2, 0, 2, 1],
        "history": [2, 0, 3, 0, 1, 0],
    }
    total = values(table.find("tfoot").find("tr"))
    assert (total["gave"], total["gave_agreed"], total["visits"]) == ("9", "5", "2")
    assert counted["report"]["source"] == "The inspection report"


def test_every_disagreement_is_listed_with_how_it_was_settled(client, record):
    listed = [values(row) for row in rows_of(page(client).find("table", id="notes-table"))]

    # The record waiting to be placed first, then the newest inspection's notes by field.
    assert [(n["field"], n["settled"]) for n in listed] == [
        ("monitoring_visit", "waiting"),
        ("overall", "higher_source"),
        ("published_on", "note"),
        ("overall", "editor_kept"),
    ]
    assert [n["inspection_published_on"] for n in listed] == [
        "", "2023-05-02", "2023-05-02", "2019-03-01",
    ]  # fmt: skip
    assert (listed[1]["kept_value"], listed[1]["other_value"]) == ("good", "requires_improvement")


def test_a_disagreement_says_its_values_sources_and_settlement_in_words(client, record):
    row = rows_of(page(client).find("table", id="notes-table"))[1]

    assert row.find("th").text() == "Northshire"
    said = row.text()
    assert "Overall effectiveness" in said
    assert "Good The inspection report" in said
    assert "Requires improvement to be good The ILACS scrape tool's history file" in said
    assert Settled.HIGHER_SOURCE.label in said
    link = row.find("td").find("a").attrs["href"]
    assert link == f"/authorities/northshire/#inspection-{record['first'].pk}"


def test_the_settlements_are_counted(client, record):
    table = page(client).find("table", id="settled-table")

    counts = {row.attrs["data-key"]: int(values(row)["count"]) for row in rows_of(table)}

    assert counts == {
        "higher_source": 1, "editor_kept": 1, "note": 1, "waiting": 1, "accepted": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("?settled=waiting", ["monitoring_visit"]),
        ("?source=editor", ["overall"]),
        ("?source=official", ["monitoring_visit", "published_on"]),
        ("?settled=note&source=official", ["published_on"]),
        ("?settled=accepted", []),
    ],
)
def test_the_disagreements_filter_by_settlement_and_source(client, record, query, fields):
    found = page(client, query)
    if not fields:
        assert "No disagreement matches these filters." in found.find(id="no-notes").text()
        return
    listed = [values(row)["field"] for row in rows_of(found.find("table", id="notes-table"))]
    assert listed == fields


def test_the_disagreements_are_paginated(client, record, monkeypatch):
    monkeypatch.setattr(data_page, "PAGE_SIZE", 3)

    first = page(client)
    second = page(client, "?page=2")

    assert len(rows_of(first.find("table", id="notes-table"))) == 3
    assert [values(r)["settled"] for r in rows_of(second.find("table", id="notes-table"))] == [
        "editor_kept"
    ]
    assert first.find("a", href="/data/?page=2#notes").text() == "Next page"
    assert "4 disagreements" in first.find(id="notes-count").text()


def test_the_releases_are_listed_with_their_licences_and_dates(client, record):
    table = page(client).find("table", id="releases-table")
    rows = {row.attrs["data-key"]: row for row in rows_of(table)}

    assert list(rows) == [r.key for r in releases.RELEASES]
    assert values(rows["official-2023"])["published_on"] == "2023-07-06"
    assert "6 July 2023" in rows["official-2023"].text()
    assert values(rows["official-2025"])["published_on"] == "2025-09-25"
    assert "each report on its own date" in rows["reports"].text()
    licence = rows["history"].find("a", rel="license")
    assert licence.attrs["href"] == releases.MIT_URL
    ogl = rows["official-2025"].find("a", rel="license")
    assert ogl.attrs["href"] == releases.OGL_URL
    assert ogl.text() == "Open Government Licence v3.0"


def test_the_page_says_when_visits_are_known_and_who_enters_interventions(client, record):
    found = page(client)

    periods = [li.text() for li in found.find("ul", id="visits-known-periods").find_all("li")]
    assert periods == [
        "1 April 2022 – 31 March 2023: Children's social care data in England 2023: underlying "
        "data, Ofsted (official statistics)",
        "1 April 2024 – 31 March 2025: Local authority inspection outcomes as at 31 March 2025, "
        "Ofsted (official statistics)",
    ]
    assert "entered by editors" in found.find(id="interventions-source").text()
    assert "never been checked" in found.find(id="sync-checks").text()


def test_the_page_names_the_first_and_latest_sync(client, record):
    for day in (3, 10):
        at = timezone.make_aware(dt.datetime(2026, 12, day, 12))
        SyncCheck.objects.create(started_at=at, finished_at=at, base_url="https://example.org/")
    SyncCheck.objects.create(started_at=timezone.now(), base_url="https://example.org/")

    found = page(client)

    said = found.find(id="sync-checks").text()
    assert "2 finished checks, the first on 3 December 2026, the latest on 10 December 2026" in said
    assert found.find("ul", id="visits-known-periods").find_all("li")[-1].text() == (
        "since 3 December 2026: Ofsted's report finder, read by the sync"
    )


def test_an_editor_settling_a_note_reaches_the_cached_page(client, record):
    page(client)  # cached

    data_notes_accept(notes=DataNote.objects.filter(pk=record["unplaced"].pk))

    listed = [values(row) for row in rows_of(page(client).find("table", id="notes-table"))]
    assert listed[0]["settled"] == "accepted"


def test_the_footer_links_the_page(client, db):
    footer = parse(client.get(reverse("accessibility"))).find("footer")
    assert footer.find("a", href="/data/").text() == "Where the data comes from"


def test_with_no_record_at_all_the_page_says_so(client, db):
    found = page(client)
    assert "No two sources disagree" in found.find(id="no-notes").text()
    table = found.find("table", id="sources-table")
    assert [r.text() for r in rows_of(table)] == ["Nothing to show."]


# --- The downloads -------------------------------------------------------------------------------

COLUMNS = [
    "authority",
    "authority_slug",
    "dfe_code",
    "inspection_id",
    "inspection_published_on",
    "inspection_framework",
    "field",
    "kept_value",
    "kept_source",
    "other_value",
    "other_source",
    "settled",
    "detail",
]


def csv_rows(client, query: str = "") -> list[dict]:
    response = client.get("/downloads/data-notes.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def json_document(client, query: str = "") -> dict:
    response = client.get("/downloads/data-notes.json" + query)
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))


def test_the_downloads_hold_every_note_with_its_columns(client, record):
    rows = csv_rows(client)
    document = json_document(client)

    assert document["columns"] == COLUMNS
    assert document["title"].startswith("Disagreements between sources")
    assert document["view_url"].endswith("/data/")
    assert len(rows) == len(document["rows"]) == 4
    assert document["rows"][1] == {
        "authority": "Northshire",
        "authority_slug": "northshire",
        "dfe_code": "901",
        "inspection_id": record["first"].pk,
        "inspection_published_on": "2023-05-02",
        "inspection_framework": "ILACS (2018 – March 2026)",
        "field": "overall",
        "kept_value": "good",
        "kept_source": "report",
        "other_value": "requires_improvement",
        "other_source": "history",
        "settled": "higher_source",
        "detail": None,
    }
    assert document["rows"][0]["inspection_id"] is None
    assert document["rows"][0]["kept_source"] is None
    assert rows[0] == {
        "authority": "Southshire",
        "authority_slug": "southshire",
        "dfe_code": "902",
        "inspection_id": "",
        "inspection_published_on": "",
        "inspection_framework": "",
        "field": "monitoring_visit",
        "kept_value": "",
        "kept_source": "",
        "other_value": "2024-01-10",
        "other_source": "official",
        "settled": "waiting",
        "detail": "No inspection judged inadequate for it to follow.",
    }
    as_text = [{k: "" if v is None else str(v) for k, v in r.items()} for r in document["rows"]]
    assert as_text == rows


def test_the_downloads_filter_as_the_page_does(client, record):
    assert [r["field"] for r in csv_rows(client, "?source=official")] == [
        "monitoring_visit",
        "published_on",
    ]
    document = json_document(client, "?settled=editor_kept")
    assert [r["authority"] for r in document["rows"]] == ["Southshire"]
    assert document["view_url"].endswith("/data/?settled=editor_kept")


def test_a_value_a_spreadsheet_would_run_is_text_in_the_csv_only(client, record):
    formula = '=HYPERLINK("http://example.org","x")'
    make_data_note(record["second"], field="lead_inspector", kept_value="Ann Smith",
                   other_value=formula, other_source=Source.HISTORY)  # fmt: skip

    by_field = {r["field"]: r for r in csv_rows(client, "?source=history")}
    assert by_field["lead_inspector"]["other_value"] == "'" + formula
    document = json_document(client, "?source=history")
    assert formula in [r["other_value"] for r in document["rows"]]


def test_the_page_links_its_downloads_with_its_filters(client, record):
    found = page(client, "?settled=waiting")
    links = {a.attrs["data-format"]: a.attrs["href"] for a in found.find_all("a", download="")}
    assert links == {
        "csv": "/downloads/data-notes.csv?settled=waiting",
        "json": "/downloads/data-notes.json?settled=waiting",
    }


# --- Odd query strings: a page says what it left out, a download refuses (never a 500) ----------

ODD = ["²", "\x00", "waiting\x00", "a" * 5000, "'; DROP TABLE x; --", "①"]


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("name", ["settled", "source", "page"])
def test_an_odd_value_on_the_page_lists_every_note(client, record, name, odd):
    response = client.get(reverse("data"), {name: odd})
    assert response.status_code == 200
    if name != "page":
        assert "Listing every" in response.text


@pytest.mark.parametrize("odd", ODD)
@pytest.mark.parametrize("name", ["settled", "source"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_odd_value_in_a_download_is_a_400(client, record, name, odd, fmt):
    response = client.get(f"/downloads/data-notes.{fmt}", {name: odd})
    assert response.status_code == 400
    assert f"{name} takes" in response.text


@pytest.mark.parametrize(
    "path", ["/downloads/data-notes.xml", "/downloads/data-notes.csv/", "/data/notes/"]
)
def test_an_unknown_address_is_a_404(client, db, path):
    assert client.get(path).status_code == 404


def test_a_page_beyond_the_last_shows_the_last(client, record):
    found = page(client, "?page=99")
    assert len(rows_of(found.find("table", id="notes-table"))) == 4


def test_the_page_and_downloads_answer_reads_only(client, db):
    assert client.post(reverse("data")).status_code == 405
    assert client.head("/downloads/data-notes.csv").status_code == 200
