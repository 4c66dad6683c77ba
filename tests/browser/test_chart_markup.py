"""Markup in an authority's name is drawn as text in its embeddable chart: plotly.js makes no
SVG link (or any other element) of it."""

import datetime as dt

import pytest

from authorities.models import Authority, Region
from inspections.models import FocusedVisit
from inspections.rules import Grade
from tests.factories import make_authority, make_inspection

pytestmark = pytest.mark.django_db(transaction=True)

MARKUP = '<a href="https://evil.example/x">Dudley</a>'


def test_a_name_with_markup_draws_no_link_in_the_embed(live_server, page):
    authority = make_authority(slug="renamed", region=Region.WEST_MIDLANDS)
    Authority.objects.filter(pk=authority.pk).update(name=MARKUP)
    make_inspection(authority, overall_effectiveness=Grade.GOOD)
    FocusedVisit.objects.create(
        authority=authority,
        started_on=dt.date(2024, 1, 8),
        ended_on=dt.date(2024, 1, 9),
        theme=MARKUP,
    )
    page.goto(f"{live_server.url}/embed/authorities/renamed/")
    chart = page.locator(".chart[data-drawn=true]")
    chart.wait_for(timeout=20000)
    box = chart.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + 1, box["y"] + 1)
    for marker in chart.locator("g.scatterlayer .point").all():  # each hover label in turn
        marker.hover(force=True)
        assert chart.locator("svg a").count() == 0
    assert chart.locator("svg a").count() == 0
    # The embed's heading (HTML, escaped by Django) names it, as typed; the figure has no title.
    assert page.locator("h1").inner_text() == f"{MARKUP}: inspection judgements over time"
    assert page.locator("h1 a").count() == 1 and chart.locator("svg .gtitle").count() == 0
    page.goto(f"{live_server.url}/authorities/renamed/")  # the page's figure draws it as text
    chart = page.locator(".chart[data-drawn=true]")
    chart.wait_for(timeout=20000)
    assert MARKUP in chart.locator("svg .gtitle").text_content()
    assert chart.locator("svg a").count() == 0
    assert page.errors == []
