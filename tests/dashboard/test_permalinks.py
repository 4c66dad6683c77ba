"""Every page has a "Link to this view" that reopens the same view: the filters applied, the
judgements shown on the chart, the compare set and its judgement."""

from __future__ import annotations

import json

import pytest

from tests.admin_helpers import parse

pytestmark = pytest.mark.usefixtures("national_site")


def permalink(response) -> str:
    link = parse(response).find("p", class_="permalink").find("a")
    assert link.attrs["href"] in link.text()  # shown in full, to copy
    return link.attrs["href"]


def results(response) -> list[str]:
    table = parse(response).find("div", id="results").find("table")
    return [tr.find("th").text() for tr in table.find("tbody").find_all("tr") if tr.find_all("th")]


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", ""),
        ("region=GL&sort=grade", "region=GL&sort=grade"),
        ("sort=grade&region=GL&q=&change=", "region=GL&sort=grade"),  # empty filters dropped
        ("region=XX&grade=inadequate", "grade=inadequate"),  # only the filters applied
        ("q=northampton&include_former=on", "q=northampton&include_former=on"),
    ],
)
def test_index_link_reopens_the_same_rows(client, query, canonical):
    response = client.get(f"/authorities/?{query}")
    link = permalink(response)
    assert link == "/authorities/" + (f"?{canonical}" if canonical else "")
    assert results(client.get(link)) == results(response)


def test_index_link_follows_htmx_updates(client):
    response = client.get("/authorities/?region=NE", headers={"HX-Request": "true"})
    assert permalink(response) == "/authorities/?region=NE"


def visible_lines(response) -> list[str]:
    figure = json.loads(parse(response).find("script", id="trajectory-figure").text())
    return [
        t["name"]
        for t in figure["data"]
        if t.get("visible", True) is True and t.get("line", {}).get("shape") == "hv"
    ]


@pytest.mark.parametrize(
    "query",
    ["", "show=adoption&show=overall", "show=lscb&show=nonsense"],
)
def test_authority_link_keeps_the_judgements_shown(client, query):
    response = client.get(f"/authorities/buckinghamshire/?{query}")
    link = permalink(response)
    assert link.startswith("/authorities/buckinghamshire/?show=")
    assert "nonsense" not in link
    assert visible_lines(client.get(link)) == visible_lines(response)


def test_compare_link_keeps_the_set_and_the_judgement(client):
    response = client.get("/compare/?a=sandwell&a=oxfordshire&a=atlantis&area=leadership")
    link = permalink(response)
    assert link == "/compare/?a=sandwell&a=oxfordshire&area=leadership"
    figure = parse(response).find("script", id="compare-figure").text()
    assert parse(client.get(link)).find("script", id="compare-figure").text() == figure


def test_home_has_a_link_to_this_view(client):
    assert permalink(client.get("/")) == "/"
