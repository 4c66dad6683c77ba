"""Text from data is text in the charts: plotly.js draws tags in trace names, hover text, titles,
axis labels and annotations as SVG markup, so an authority renamed
`<a href="https://evil.example/x">Dudley</a>` would be a live link in its chart and in every
embed of it. Only the charts' own <b> and <br> may be markup."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

import pytest

from authorities.models import Authority, Region
from dashboard import charts
from dashboard.series import AreaGrades, GradePoint, GradeSeries, TimelineEvent
from inspections.models import FocusedVisit, Intervention, InterventionKind
from inspections.rules import Area, Grade
from tests.admin_helpers import parse
from tests.factories import make_authority, make_inspection

MARKUP = '<a href="https://evil.example/x">Dudley</a>'
ESCAPED = '&lt;a href="https://evil.example/x"&gt;Dudley&lt;/a&gt;'
OWN_TAGS = {"<b>", "</b>", "<br>"}
TAG = re.compile(r"<[^<>]*>")


def strings(node) -> Iterator[str]:
    """Every string in a figure's JSON, wherever it sits."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def foreign_tags(figure: dict) -> list[str]:
    return [tag for text in strings(figure) for tag in TAG.findall(text) if tag not in OWN_TAGS]


def shows_escaped(figure: dict) -> bool:
    return any(ESCAPED in text for text in strings(figure))


def point(**changes) -> GradePoint:
    values = dict(
        published_on=dt.date(2019, 5, 1),
        grade=Grade.GOOD,
        framework=MARKUP,
        on_site=MARKUP,
        authority_name=MARKUP,
    )
    return GradePoint(**(values | changes))


def test_every_chart_escapes_text_from_data():
    series = [GradeSeries(name=MARKUP, points=[point(), point(grade=None)])]
    events = [TimelineEvent(on=dt.date(2020, 1, 1), kind=MARKUP, label=MARKUP, key="focused_visit")]
    boundaries = [(dt.date(2018, 1, 1), f"Was {MARKUP}")]
    areas = [AreaGrades(MARKUP, {Grade.GOOD: 3, Grade.INADEQUATE: 1})]
    figures = {
        "trajectory": charts.trajectory(MARKUP, series, events, boundaries=boundaries),
        "comparison": charts.comparison(MARKUP, series * 2),
        "regions": charts.grade_shares_by_area(MARKUP, areas, [Grade.GOOD, Grade.INADEQUATE]),
        "over time": charts.good_or_outstanding_over_time(
            MARKUP, [], boundaries=[(dt.date(2018, 1, 1), MARKUP)]
        ),
    }
    for name, figure in figures.items():
        assert foreign_tags(figure) == [], name
        assert shows_escaped(figure), name
    trajectory = figures["trajectory"]
    assert trajectory["data"][0]["name"] == ESCAPED
    assert trajectory["layout"]["title"]["text"] == ESCAPED
    # the charts' own markup stays: a bold first line in every hover
    assert trajectory["data"][0]["hovertext"][0].startswith(f"<b>{ESCAPED}: Good</b><br>")


@pytest.fixture
def renamed(db) -> Authority:
    """An authority renamed with markup, with inspections, a visit and an intervention whose
    texts are markup too."""
    authority = make_authority(slug="renamed", region=Region.WEST_MIDLANDS)
    Authority.objects.filter(pk=authority.pk).update(name=MARKUP)
    authority.refresh_from_db()
    make_inspection(
        authority, overall_effectiveness=Grade.GOOD, grades={Area.LEADERSHIP: Grade.GOOD}
    )
    FocusedVisit.objects.create(
        authority=authority,
        started_on=dt.date(2024, 1, 8),
        ended_on=dt.date(2024, 1, 9),
        theme=MARKUP,
    )
    Intervention.objects.create(
        authority=authority,
        kind=InterventionKind.IMPROVEMENT_PARTNER,
        name=MARKUP,
        started_on=dt.date(2024, 3, 1),
    )
    make_inspection(make_authority(slug="other"), overall_effectiveness=Grade.INADEQUATE)
    return authority


@pytest.mark.parametrize(
    "url",
    [
        "/authorities/renamed/",
        "/embed/authorities/renamed/",
        "/compare/?a=renamed&a=other",
        "/embed/compare/?a=renamed&a=other",
    ],
)
def test_pages_and_embeds_draw_names_as_text(client, renamed, url):
    response = client.get(url)
    assert response.status_code == 200
    scripts = parse(response).find_all("script", type="application/json")
    figures = [json.loads(script.text()) for script in scripts]
    figures = [figure for figure in figures if "data" in figure and "layout" in figure]
    assert len(figures) == 1
    assert foreign_tags(figures[0]) == []
    assert shows_escaped(figures[0])
