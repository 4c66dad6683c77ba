"""The read-only API: its OpenAPI schema validates its own responses (schemathesis, in process
through the WSGI application: no network), and bad parameters are a 400 that says why."""

from __future__ import annotations

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from authorities.models import Authority
from inspections import index_query
from inspections.models import Inspection

# Read from the application itself (no database needed for the schema). Loaded at import rather
# than through schemathesis.pytest.from_fixture, which does not run under pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def connection_kept():
    """Calling the WSGI application directly sends request_started/finished, which would close
    the test's database connection (and its transaction); Django's test client disconnects the
    same handler while it runs."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_as_its_schema_says(
    national_site, connection_kept, case
):
    """Generated valid and invalid requests: no 5xx, every status and body as documented, invalid
    input rejected (with a 400), valid input accepted. Bounded at 30 examples per operation.

    One rule spans two parameters, which OpenAPI cannot say: a date range that ends before it
    starts is refused (400) although each date is valid on its own."""
    query = case.query or {}
    first, last = query.get("published_from"), query.get("published_to")
    dates = [d for d in (first, last) if isinstance(d, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", d)]
    reversed_range = len(dates) == 2 and first > last
    response = case.call()
    excluded = [positive_data_acceptance] if reversed_range else []
    case.validate_response(response, excluded_checks=excluded)


def test_authorities_filter_as_the_index_does(client, national_site):
    response = client.get("/api/authorities?region=GL&grade=inadequate&page_size=200")
    assert response.status_code == 200
    body = response.json()
    expected = index_query.index(region="GL", grade="inadequate")
    assert [a["slug"] for a in body["items"]] == [a.slug for a in expected]
    assert body["count"] == len(expected)


def test_authorities_are_paginated_with_links(client, national_site):
    first = client.get("/api/authorities?page_size=50").json()
    assert first["count"] == Authority.objects.current().count() == 153
    assert len(first["items"]) == 50 and first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["items"][0]["slug"] != first["items"][0]["slug"]
    last = client.get("/api/authorities?page_size=50&page=4").json()
    assert len(last["items"]) == 3 and last["next"] is None
    assert client.get("/api/authorities?page=99").json()["items"] == []


def test_one_authority_has_its_full_history(client, national_site):
    body = client.get("/api/authorities/sandwell").json()
    sandwell = Authority.objects.get(slug="sandwell")
    assert [i["published_on"] for i in body["inspections"]] == [
        i.published_on.isoformat() if i.published_on else None
        for i in Inspection.objects.filter(authority=sandwell).in_timeline_order()
    ]
    assert {i["kind"] for i in body["interventions"]} == {"commissioner", "trust"}
    visits = client.get("/api/authorities/buckinghamshire").json()["visits"]
    # The demo's monitoring visits and the statistics' focused visit of 2022, by date (the
    # second monitoring visit has no on-site date: last).
    assert [v["kind"] for v in visits] == ["monitoring_visit", "focused_visit", "monitoring_visit"]
    assert all(v["follows_inspection"] for v in visits if v["kind"] == "monitoring_visit")
    assert len(body["statistical_neighbours"]) == 10
    north = client.get("/api/authorities/north-northamptonshire").json()
    assert [p["slug"] for p in north["predecessors"]] == ["northamptonshire"]
    old = client.get("/api/authorities/northamptonshire").json()
    assert {s["slug"] for s in old["successors"]} == {
        "north-northamptonshire",
        "west-northamptonshire",
    }


def test_inspections_filter_by_dates_framework_grade_and_region(client, national_site):
    url = (
        "/api/inspections?published_from=2019-01-01&published_to=2021-12-31"
        "&framework=ilacs&grade=inadequate&region=NW&page_size=200"
    )
    body = client.get(url).json()
    expected = Inspection.objects.filter(
        published_on__range=("2019-01-01", "2021-12-31"),
        framework="ilacs",
        overall_effectiveness="inadequate",
        authority__region="NW",
    )
    assert body["count"] == expected.count() > 0
    assert {i["id"] for i in body["items"]} == set(expected.values_list("pk", flat=True))
    by_area = client.get("/api/inspections?area=care_leavers&grade=outstanding").json()
    assert (
        by_area["count"]
        == Inspection.objects.filter(
            judgements__area="care_leavers", judgements__grade="outstanding"
        ).count()
    )


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/api/authorities?region=XX", "region"),
        ("/api/authorities?inadequate_since=1066", "inadequate_since"),
        ("/api/authorities?page=0", "page"),
        ("/api/authorities?page_size=100000", "page_size"),
        ("/api/inspections?published_from=2021-01-01&published_to=2020-01-01", "after"),
        ("/api/inspections?published_from=yesterday", "published_from"),
        ("/api/inspections?grade=brilliant", "grade"),
        ("/api/authorities/not%20a%20slug", "slug"),
        ("/api/authorities?q=Sand%00well", "q"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, url, says):
    response = client.get(url)
    assert response.status_code == 400
    assert says in response.json()["detail"]


def test_unknown_authority_is_a_404(client, db):
    assert client.get("/api/authorities/atlantis").status_code == 404


def test_schema_and_docs_are_served_without_a_cdn(client):
    assert client.get("/api/openapi.json").json()["info"]["title"]
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
