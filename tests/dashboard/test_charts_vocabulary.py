"""The charts' one legend vocabulary (dashboard/vocabulary.py), read from every figure's JSON on
every page that draws one: each judgement and each kind of event is drawn in its own mark
(colour, marker, dash) wherever it appears, the marks are unique, and every grade sits exactly
on its level of the one grade axis of its panel: nothing on an overlaid or shifted axis."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from dashboard import vocabulary
from inspections import rules
from inspections.models import InterventionKind
from inspections.rules import OVERALL, Area, Framework, Grade, VisitKind
from tests.admin_helpers import parse
from tests.dashboard.figures import part
from tests.factories import (
    make_authority,
    make_focused_visit,
    make_former_name,
    make_inspection,
    make_intervention,
    make_jtai,
    make_monitoring_visit,
    make_predecessor,
)

D = dt.date
GRADE_LEVELS = {1, 2, 3, 4}
EVERY_JUDGEMENT = "&".join(f"show={key}" for key in vocabulary.JUDGEMENTS)


def test_every_judgement_and_every_event_kind_has_a_mark():
    """The judgements are those rules.FRAMEWORKS gives (a framework that adds one needs its
    style in vocabulary.JUDGEMENT_STYLES: this says which)."""
    missing = [key for key in rules.JUDGEMENT_KEYS if key not in vocabulary.JUDGEMENT_STYLES]
    assert not missing, f"give these judgements a mark in dashboard/vocabulary.py: {missing}"
    assert list(vocabulary.JUDGEMENTS) == list(rules.JUDGEMENT_KEYS) == [OVERALL, *Area.values]
    assert set(vocabulary.VISITS) == set(VisitKind.values)
    assert set(vocabulary.INTERVENTIONS) == set(InterventionKind.values)


def test_no_two_marks_share_colour_marker_and_dash():
    styles = [mark.style for mark in vocabulary.ALL.values()]
    assert len(set(styles)) == len(styles) == len(vocabulary.ALL)
    # Colours from the colour-blind-safe palette; a line's marker is never an event's.
    assert {mark.colour for mark in vocabulary.ALL.values()} <= set(vocabulary.PALETTE)
    judgement_markers = {mark.marker for mark in vocabulary.JUDGEMENTS.values()}
    event_markers = {mark.marker for mark in vocabulary.EVENTS.values()}
    assert len(judgement_markers) == len(vocabulary.JUDGEMENTS)
    assert len(event_markers) == len(vocabulary.EVENTS)
    assert not judgement_markers & event_markers


def figures_of(response) -> list[dict]:
    assert response.status_code == 200
    scripts = parse(response).find_all("script", type="application/json")
    found = [json.loads(script.text()) for script in scripts]
    return [figure for figure in found if "data" in figure and "layout" in figure]


def symbols(trace: dict) -> list[str]:
    symbol = trace.get("marker", {}).get("symbol", [])
    return symbol if isinstance(symbol, list) else [symbol]


def assert_drawn_in_their_marks(figure: dict) -> set[str]:
    """Every trace that draws a judgement or an event kind in its mark; the keys drawn."""
    drawn = set()
    for trace in figure["data"]:
        key = (trace.get("meta") or {}).get("key")
        if key is None:
            continue
        mark = vocabulary.ALL[key]
        where = (trace["name"], part(trace))
        assert trace["line"]["color"] == mark.colour, where
        assert trace["line"]["dash"] == mark.dash, where
        if part(trace) != "held":  # the line carried on to today has no markers
            assert trace["marker"]["color"] == mark.colour, where
            drawn_symbols = {s.removesuffix("-open") for s in symbols(trace)}
            assert drawn_symbols == ({mark.marker} if trace["x"] else set()), where
        if part(trace) in ("event", "legend"):
            assert trace["name"] == mark.label, where
        drawn.add(key)
    return drawn


def assert_every_grade_exact(figure: dict) -> None:
    """No overlaid or shifted axis; each grade trace on a panel's grade axis, at a level."""
    layout = figure["layout"]
    axes = {name: axis for name, axis in layout.items() if name.startswith("yaxis")}
    assert not any("overlaying" in axis for axis in axes.values())
    domains = sorted(axis.get("domain", [0, 1]) for axis in axes.values())
    assert all(lower[1] <= upper[0] for lower, upper in itertools.pairwise(domains))
    for trace in figure["data"]:
        if part(trace) not in ("grades", "held"):
            continue
        axis = axes["yaxis" + trace.get("yaxis", "y")[1:]]
        assert axis["range"] == [4.5, 0.5] and axis["tickvals"] == [1, 2, 3, 4]
        assert {y for y in trace["y"] if y is not None} <= GRADE_LEVELS, trace["name"]


@pytest.fixture
def every_kind(db):
    """An authority with every judgement graded somewhere in its history, a former name, a
    predecessor, every kind of visit and every kind of intervention; and one to compare it with."""
    authority = make_authority(name="Allshire", slug="allshire")
    make_former_name(authority, name="Allshire County Council", used_until=D(2020, 3, 31))
    predecessor = make_predecessor(authority, replaced_on=D(2019, 4, 1), name="Oldshire")
    make_inspection(predecessor, framework=Framework.ILACS, started_on=D(2018, 6, 4),
                    ended_on=D(2018, 6, 15), published_on=D(2018, 8, 1),
                    overall_effectiveness=Grade.GOOD)  # fmt: skip
    make_inspection(
        authority,
        framework=Framework.SLAC,
        started_on=D(2012, 5, 7),
        ended_on=D(2012, 5, 18),
        published_on=D(2012, 7, 2),
        overall_effectiveness=Grade.ADEQUATE,
        grades={
            Area.CAPACITY_TO_IMPROVE: Grade.GOOD,
            Area.LEADERSHIP: Grade.ADEQUATE,
            Area.SAFEGUARDING: Grade.ADEQUATE,
            Area.LOOKED_AFTER_CHILDREN: Grade.GOOD,
        },
    )
    inadequate = make_inspection(
        authority,
        framework=Framework.SIF,
        started_on=D(2015, 3, 2),
        ended_on=D(2015, 3, 26),
        published_on=D(2015, 5, 20),
        overall_effectiveness=Grade.INADEQUATE,
        grades={
            Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
            Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
            Area.ADOPTION: Grade.GOOD,
            Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
            Area.LEADERSHIP: Grade.INADEQUATE,
            Area.LSCB: Grade.REQUIRES_IMPROVEMENT,
        },
    )
    make_inspection(
        authority,
        framework=Framework.ILACS,
        started_on=D(2024, 1, 8),
        ended_on=D(2024, 1, 19),
        published_on=D(2024, 3, 1),
        overall_effectiveness=Grade.GOOD,
        grades={a: Grade.GOOD for a in (Area.HELP_AND_PROTECTION, Area.CHILDREN_IN_CARE,
                                        Area.CARE_LEAVERS, Area.LEADERSHIP)},
    )  # fmt: skip
    make_monitoring_visit(inadequate)
    make_focused_visit(authority)
    make_jtai(authority)
    for kind in InterventionKind.values:
        make_intervention(authority, kind=kind, follows=inadequate)
    make_inspection(make_authority(slug="othershire"), overall_effectiveness=Grade.GOOD)
    return authority


def pages_drawing_every_kind() -> list[str]:
    compare = [f"compare/?a=allshire&a=othershire&area={key}" for key in vocabulary.JUDGEMENTS]
    return [
        f"/authorities/allshire/?{EVERY_JUDGEMENT}",
        f"/embed/authorities/allshire/?{EVERY_JUDGEMENT}",
        *(f"/{url}" for url in compare),
        *(f"/embed/{url}" for url in compare),
    ]


def test_every_page_draws_each_judgement_and_event_in_its_mark(client, every_kind):
    drawn_on = {}
    for url in pages_drawing_every_kind():
        for figure in figures_of(client.get(url)):
            assert_every_grade_exact(figure)
            for key in assert_drawn_in_their_marks(figure):
                drawn_on.setdefault(key, set()).add(url.split("/")[1])
    # Every judgement on the authority page, its embed, compare and its embed; every event kind
    # on the authority page and its embed.
    for key in vocabulary.JUDGEMENTS:
        assert drawn_on[key] == {"authorities", "embed", "compare"}, key
    for key in vocabulary.EVENTS:
        assert drawn_on[key] == {"authorities", "embed"}, key


def test_the_authority_page_draws_events_at_their_stated_dates(client, every_kind):
    [figure] = figures_of(client.get("/authorities/allshire/"))
    events = {t["name"]: t for t in figure["data"] if part(t) == "event"}
    # A visit at its publication date, as inspections are; an intervention from its start,
    # running to today when it has no end.
    assert events["Focused visit"]["x"] == ["2024-03-12"]
    assert "published 12 March 2024" in events["Focused visit"]["hovertext"][0]
    direction = events["Statutory direction"]
    assert direction["x"][0] == "2015-06-19" and direction["x"][2] is None
    assert direction["x"][1] == dt.date.today().isoformat()
    assert {events[k]["yaxis"] for k in events} == {"y2"}


def test_a_former_name_is_labelled_before_its_boundary_and_a_replacement_after(client, every_kind):
    [figure] = figures_of(client.get("/authorities/allshire/"))
    labels = {a["text"].replace("<br>", " "): a for a in figure["layout"]["annotations"]}
    was = labels["Was Allshire County Council"]
    replaced = labels["Replaced Oldshire"]
    assert (was["x"], was["xanchor"]) == ("2020-04-01", "right")  # its text ends at its line
    assert (replaced["x"], replaced["xanchor"]) == ("2019-04-01", "left")


def test_lines_run_to_today_and_a_predecessors_to_its_last_day(client, every_kind):
    [figure] = figures_of(client.get(f"/authorities/allshire/?{EVERY_JUDGEMENT}"))
    held = {t["name"]: t for t in figure["data"] if part(t) == "held"}
    today = dt.date.today().isoformat()
    assert held["Overall effectiveness"]["x"] == ["2024-03-01", today]
    # Adoption was last judged in 2015 (ILACS gives no adoption judgement): held, and said so.
    assert held["Adoption performance"]["x"] == ["2015-05-20", today]
    assert "no such judgement" in held["Adoption performance"]["hovertext"][0]
    assert held["Overall effectiveness – Oldshire (predecessor)"]["x"] == [
        "2018-08-01",
        "2019-03-31",
    ]


@pytest.mark.usefixtures("national_site")
def test_the_national_charts_draw_overall_in_its_mark_on_exact_axes(client):
    regions, over_time = figures_of(client.get("/"))
    assert assert_drawn_in_their_marks(over_time) == {OVERALL}
    for figure in (regions, over_time):
        layout = figure["layout"]
        assert not any("overlaying" in v for k, v in layout.items() if k.startswith("yaxis"))
        assert layout["showlegend"] is True and layout["legend"]["orientation"] == "h"
        assert layout["legend"]["y"] < 0  # below the plot
