"""The authority page (dashboard/pages/authority.py), on the real data."""

import datetime as dt

import pytest
from django.utils import timezone

from authorities.models import Authority
from inspections.models import Inspection
from inspections.rules import Area, Framework, Grade
from tests.dashboard.figures import events, grade_trace, grade_traces, traces
from tests.dashboard.pages import parse
from tests.factories import make_authority, make_focused_visit, make_inspection

D = dt.date


def overall_points(figure: dict) -> list[tuple[str, int]]:
    trace = grade_trace(figure, "Overall effectiveness")
    return [
        (x[:10], round(y)) for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None
    ]


@pytest.fixture
def everything(national_site):
    """The register, the history and the demo data (loaded once per module)."""


def test_buckinghamshire_page_tells_its_story(client, everything):
    response = client.get("/authorities/buckinghamshire/")
    assert response.status_code == 200
    page = parse(response)
    figure = page.scripts["trajectory-figure"]
    assert overall_points(figure) == [
        ("2011-01-24", 2),  # SLAC, from Ofsted's official statistics: good
        ("2014-08-08", 4),
        ("2018-01-29", 4),
        ("2022-02-11", 3),
        ("2025-05-14", 3),
    ]
    hovers = grade_trace(figure, "Overall effectiveness")["hovertext"]
    assert "Overall effectiveness: Good" in hovers[0] and "SLAC" in hovers[0]
    assert (
        "Overall effectiveness: Inadequate" in hovers[1]
        and "Single inspection framework" in hovers[1]
    )
    assert "Buckinghamshire County Council" in hovers[2]  # its name then
    # The visit's letter has no publication date in the data: drawn at its last day on site,
    # and says so; the commissioner from the day announced, running on to today (no end known).
    today = timezone.localdate().isoformat()
    assert events(figure) == {
        "Monitoring visit": ["2016-12-01"],
        "Commissioner": ["2018-01-29", today, None],
        "Focused visit": ["2022-10-12"],  # the statistics' 2022-23 table: its first day
    }
    [visit] = traces(figure, "event")[:1]
    assert "on site until 1 December 2016" in visit["hovertext"][0]
    assert "publication date not recorded" in visit["hovertext"][0]
    assert any("publication date not recorded" in row for row in page.rows)  # the table too
    # The same data as tables: every inspection with all of its judgements and its report.
    assert len([c for c in page.captions if c.startswith("Published")]) == 5
    assert any(
        "Published 29 January 2018: Single inspection framework" in c
        and "as Buckinghamshire County Council" in c
        for c in page.captions
    )
    body = response.content.decode()
    for url in (
        Inspection.objects.filter(authority__slug="buckinghamshire")
        .exclude(report_url="")
        .values_list("report_url", flat=True)
    ):  # the 2011 SLAC's, from the statistics, has none
        assert f'href="{url}"' in body
    assert "Adoption performance" in body and "Children in need" in body  # judgement + visit theme
    assert "Not printed in the source" in body  # the undated monitoring visit says why


def test_authority_page_current_judgements_are_the_latest_published(client, everything):
    response = client.get(Authority.objects.get(slug="sandwell").get_absolute_url())
    body = response.content.decode()
    assert "published 2 December 2025" in body
    assert "Sandwell Children&#x27;s Trust, since April 2018" in body


def test_series_toggles_are_links_that_work_without_javascript(client, everything):
    response = client.get("/authorities/buckinghamshire/?show=adoption&show=nonsense")
    figure = parse(response).scripts["trajectory-figure"]
    visible = [t["name"] for t in grade_traces(figure) if t.get("visible", True) is True]
    assert visible == ["Adoption performance"]


def test_post_2026_inspection_says_no_overall_judgement(client, everything):
    response = client.get(Authority.objects.get(name="North Northamptonshire").get_absolute_url())
    body = response.content.decode()
    assert "this framework gives no overall grade" in body
    figure = parse(response).scripts["trajectory-figure"]
    # The 2026 report gives no overall judgement: the line is not broken there (no point, no
    # gap, never a zero); it holds the last overall grade on to today, and says why.
    overall = grade_trace(figure, "Overall effectiveness")
    assert None not in overall["y"] and 0 not in overall["y"]
    assert all(x < "2026-04-01" for x in overall["x"])
    [held] = [t for t in traces(figure, "held") if t["name"] == "Overall effectiveness"]
    assert held["x"][0] == overall["x"][-1] and held["y"] == [overall["y"][-1]] * 2
    assert held["x"][-1] == timezone.localdate().isoformat()
    assert "a framework giving no such judgement" in held["hovertext"][0]


@pytest.mark.django_db
def test_predecessor_history_is_in_the_successors_timeline():
    old = make_authority(name="Oldshire", slug="oldshire", active_until=D(2021, 3, 31))
    new = make_authority(name="Newshire", slug="newshire", active_from=D(2021, 4, 1))
    new.predecessors.add(old)
    make_inspection(
        old,
        framework=Framework.ILACS,
        started_on=D(2019, 3, 4),
        ended_on=D(2019, 3, 15),
        published_on=D(2019, 5, 1),
        overall_effectiveness=Grade.INADEQUATE,
    )
    make_inspection(new, overall_effectiveness=Grade.GOOD)
    from django.test import Client

    response = Client().get(new.get_absolute_url())
    page = parse(response)
    assert any("predecessor authority: Oldshire" in c for c in page.captions)
    names = [t["name"] for t in page.scripts["trajectory-figure"]["data"]]
    assert "Overall effectiveness – Oldshire (predecessor)" in names
    assert "Overall effectiveness" in names


@pytest.mark.django_db
def test_unknown_authority_is_a_404(client):
    assert client.get("/authorities/atlantis/").status_code == 404
    assert client.post("/authorities/").status_code == 405


@pytest.mark.parametrize("inspections", [1, 25])
@pytest.mark.django_db
def test_authority_page_queries_do_not_grow(client, django_assert_max_num_queries, inspections):
    """Judgements, former names and visits are prefetched, not loaded per inspection (the data
    version is one more query). The benchmarks add four, whatever the inspections: the
    standings of the authority and its neighbours (1), and for England and the region at each
    inspection every authority (1) and every report with its area grades (2). The first
    finished sync, which opens a period of visits known nationally, is one more."""
    authority = make_authority()
    for n in range(inspections):
        make_inspection(
            authority,
            started_on=D(2018 + n % 8, 1 + n // 8, 1),
            ended_on=D(2018 + n % 8, 1 + n // 8, 10),
            published_on=D(2018 + n % 8, 2 + n // 8, 1),
            overall_effectiveness=Grade.GOOD,
            grades={Area.LEADERSHIP: Grade.GOOD, Area.HELP_AND_PROTECTION: Grade.INADEQUATE},
        )
    with django_assert_max_num_queries(18):
        assert client.get(authority.get_absolute_url()).status_code == 200


def test_a_visit_without_on_site_dates_is_drawn_at_its_publication_date_saying_so(client, db):
    """A letter the sync recorded has no on-site dates: drawn at its publication, labelled."""
    authority = make_authority()
    make_inspection(authority, published_on=dt.date(2023, 5, 1), started_on=dt.date(2023, 3, 6),
                    ended_on=dt.date(2023, 3, 17))  # fmt: skip
    make_focused_visit(authority, started_on=None, ended_on=None,
                       published_on=dt.date(2024, 10, 2), theme="",
                       dates_note="On-site dates not read from the letter")  # fmt: skip

    page = parse(client.get(authority.get_absolute_url()))

    figure = page.scripts["trajectory-figure"]
    assert events(figure) == {"Focused visit": ["2024-10-02"]}
    assert "published 2 October 2024" in traces(figure, "event")[0]["hovertext"][0]
    assert "2 October 2024 Focused visit Focused visit" in page.rows
