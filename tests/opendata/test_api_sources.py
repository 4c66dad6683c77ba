"""Each inspection in the API says where its values come from (`sources`) and where two sources
disagreed (`notes`), beside every key it had before."""

import datetime as dt

import pytest

from inspections.models import Inspection
from inspections.rules import Grade
from inspections.sources import Settled, Source
from tests.factories import make_authority, make_data_note, make_inspection

SOURCES = {
    "published_on": ["report", "official", "history"],
    "overall": ["report", "history"],
    "help_and_protection": ["official"],
}
KEYS_BEFORE = {
    "id", "authority", "framework", "framework_label", "inspection_type", "started_on",
    "ended_on", "published_on", "lead_inspector", "report_url", "overall_effectiveness",
    "judgements",
}  # fmt: skip


@pytest.fixture
def inspection(db):
    authority = make_authority(name="Northshire", slug="northshire")
    inspection = make_inspection(
        authority,
        published_on=dt.date(2023, 5, 2),
        overall_effectiveness=Grade.GOOD,
        grades={"help_and_protection": Grade.GOOD},
        sources=SOURCES,
    )
    make_data_note(inspection)  # the report's good over the history's RI
    make_data_note(
        inspection,
        field="published_on",
        kept_value="2023-05-02",
        other_value="2023-05-04",
        other_source=Source.OFFICIAL,
        settled=Settled.NOTE,
    )
    return inspection


NOTES = [
    {
        "field": "overall",
        "kept_value": "good",
        "kept_source": "report",
        "other_value": "requires_improvement",
        "other_source": "history",
        "settled": "higher_source",
        "detail": "",
    },
    {
        "field": "published_on",
        "kept_value": "2023-05-02",
        "kept_source": "report",
        "other_value": "2023-05-04",
        "other_source": "official",
        "settled": "note",
        "detail": "",
    },
]


def test_an_authoritys_inspections_give_their_sources_and_notes(client, inspection):
    (found,) = client.get("/api/authorities/northshire").json()["inspections"]

    assert found["sources"] == SOURCES
    assert found["notes"] == NOTES
    assert set(found) > KEYS_BEFORE


def test_the_inspections_list_gives_them_too(client, inspection):
    (found,) = client.get("/api/inspections?authority=northshire").json()["items"]
    assert found["sources"] == SOURCES
    assert [n["field"] for n in found["notes"]] == ["overall", "published_on"]


def test_an_inspection_without_sources_or_notes_gives_empty_ones(client, db):
    make_inspection(make_authority(slug="plainshire"))
    (found,) = client.get("/api/authorities/plainshire").json()["inspections"]
    assert (found["sources"], found["notes"]) == ({}, [])


def test_a_source_the_site_does_not_know_is_left_out_not_a_500(client, inspection):
    Inspection.objects.filter(pk=inspection.pk).update(
        sources={"overall": ["report", "somewhere"], "ended_on": ["report"]}
    )
    response = client.get("/api/authorities/northshire")
    assert response.status_code == 200
    assert response.json()["inspections"][0]["sources"] == {
        "overall": ["report"],
        "ended_on": ["report"],
    }


def test_the_schema_documents_sources_and_notes(client, db):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    inspection = schema["InspectionOut"]["properties"]
    assert "the one whose value is kept first" in inspection["sources"]["description"]
    assert set(schema["DataNoteOut"]["properties"]) == {
        "field", "kept_value", "kept_source", "other_value", "other_source", "settled", "detail",
    }  # fmt: skip
    assert "higher_source" in schema["DataNoteOut"]["properties"]["settled"]["description"]


def test_the_notes_cost_one_query_for_the_whole_list(client, db, django_assert_max_num_queries):
    for n in range(5):
        make_data_note(make_inspection(published_on=dt.date(2023, 5, 2 + n)))
    # The data version aside: the count, the page of inspections, their judgements and notes.
    with django_assert_max_num_queries(5):
        assert len(client.get("/api/inspections").json()["items"]) == 5
