"""The index's filters as an Atom feed (/feeds/index/?…): the new inspections and visits of
the authorities a filter matches now."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from inspections.rules import Framework, Grade
from tests.factories import make_authority, make_inspection

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def entries(response) -> list[str]:
    assert response.status_code == 200, response.content
    feed = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]


def ilacs(authority, published_on, overall):
    return make_inspection(
        authority, framework=Framework.ILACS, started_on=published_on - dt.timedelta(days=40),
        ended_on=published_on - dt.timedelta(days=29), published_on=published_on,
        overall_effectiveness=overall,
    )  # fmt: skip


def test_a_report_that_ends_an_inadequate_period_reaches_the_left_inadequate_feed(client):
    left = make_authority(name="Leftshire")
    ilacs(left, dt.date(2022, 6, 1), Grade.INADEQUATE)
    still = make_authority(name="Stillshire")
    ilacs(still, dt.date(2023, 6, 1), Grade.INADEQUATE)
    assert entries(client.get("/feeds/index/?left_inadequate=on")) == []

    ilacs(left, dt.date(2025, 6, 1), Grade.GOOD)

    titles = entries(client.get("/feeds/index/?left_inadequate=on"))
    assert [t.split(":")[0] for t in titles] == ["Leftshire", "Leftshire"]
    assert "overall effectiveness: Good" in titles[0]
    stuck = entries(client.get("/feeds/index/?grade=inadequate"))
    assert [t.split(":")[0] for t in stuck] == ["Stillshire"]


def test_a_bad_filter_is_a_400_that_says_why(client):
    response = client.get("/feeds/index/?published_within=0")
    assert response.status_code == 400
    assert b"published_within" in response.content


def test_a_search_text_with_control_characters_still_makes_a_feed(client):
    ilacs(make_authority(name="Leftshire"), dt.date(2022, 6, 1), Grade.INADEQUATE)
    response = client.get("/feeds/index/?q=Left%01shire%0B")
    assert response.status_code == 200
    title = ET.fromstring(response.content).find(f"{ATOM}title").text
    assert "q=Leftshire" in title


def test_the_index_links_its_feed_with_its_filters(client):
    make_authority()
    html = client.get("/authorities/?left_inadequate=on&sort=left_inadequate").content.decode()
    assert 'href="/feeds/index/?left_inadequate=on&amp;sort=left_inadequate"' in html
