"""Plotly figures, built server-side: data in, figure dict out. The only module importing plotly.

Conventions shared by every chart:
- Grades are ordinal: y is the rank (1 outstanding at the top … 4 inadequate), never averaged.
  Adequate shares rank 3 with requires improvement and is named in the hover text.
- A missing judgement is a gap (None breaks the line), never a zero.
- Series differ by colour (the Government Analysis Function's colour-blind-safe categorical
  palette, each colour at least 3:1 against white), by marker symbol and by dash, and each grade
  is named in text (axis labels and hovers), so colour never carries meaning alone.
- Inspections are placed at their publication date: the day a rating took effect.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from .rules import GRADE_RANK, Grade

#: Government Analysis Function categorical palette (colour-blind safe), in its order.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross", "x", "star", "hexagon")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
GRADE_COLOURS = {
    Grade.OUTSTANDING: "#12436D",
    Grade.GOOD: "#28A197",
    Grade.REQUIRES_IMPROVEMENT: "#F46A25",
    Grade.ADEQUATE: "#F46A25",
    Grade.INADEQUATE: "#801650",
}
GRADE_AXIS_LABELS = {
    1: "Outstanding",
    2: "Good",
    3: "Requires improvement<br>(adequate before 2013)",
    4: "Inadequate",
}
EVENT_ROW = 5.0  # below inadequate: visits and interventions
FONT = "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"


@dataclass(frozen=True)
class GradePoint:
    """One inspection's grade in one series (grade None: no judgement, drawn as a gap)."""

    published_on: dt.date
    grade: str | None
    framework: str
    on_site: str
    authority_name: str
    is_predecessor: bool = False

    @property
    def rank(self) -> int | None:
        return GRADE_RANK.get(self.grade) if self.grade else None


@dataclass(frozen=True)
class GradeSeries:
    name: str
    points: Sequence[GradePoint]
    visible: bool = True


@dataclass(frozen=True)
class TimelineEvent:
    """A visit or intervention, marked on the time axis."""

    on: dt.date
    kind: str
    label: str


def _hover(series_name: str, point: GradePoint) -> str:
    grade = Grade(point.grade).label if point.grade else "no judgement recorded"
    who = point.authority_name + (" (predecessor authority)" if point.is_predecessor else "")
    return (
        f"<b>{series_name}: {grade}</b><br>{who}<br>{point.framework}"
        f"<br>On site: {point.on_site}<br>Published: {point.published_on:%-d %B %Y}"
    )


def _grade_axis(**extra) -> dict:
    return dict(
        title=dict(text="Grade"),
        tickmode="array",
        tickvals=list(GRADE_AXIS_LABELS),
        ticktext=list(GRADE_AXIS_LABELS.values()),
        range=[4.5, 0.5],  # reversed: outstanding at the top
        zeroline=False,
        gridcolor="#dddddd",
        fixedrange=True,
        **extra,
    )


def _layout(title: str, **extra) -> dict:
    return dict(
        title=dict(text=title, x=0, xanchor="left"),
        font=dict(family=FONT, size=14, color="#0b0c0c"),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hovermode="closest",
        margin=dict(l=10, r=10, t=60, b=40),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
        **extra,
    )


def trajectory(
    title: str,
    series: Sequence[GradeSeries],
    events: Sequence[TimelineEvent] = (),
    *,
    boundaries: Sequence[tuple[dt.date, str]] = (),
) -> dict:
    """Step lines of grades over time, one per series, with events marked below the scale."""
    figure = go.Figure()
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        figure.add_trace(
            go.Scatter(
                name=one.name,
                x=[p.published_on for p in one.points],
                y=[p.rank for p in one.points],
                mode="lines+markers",
                line=dict(shape="hv", color=colour, width=3, dash=DASHES[index % len(DASHES)]),
                marker=dict(
                    size=11,
                    color=colour,
                    symbol=[
                        SYMBOLS[index % len(SYMBOLS)] + ("-open" if p.is_predecessor else "")
                        for p in one.points
                    ],
                    line=dict(width=2, color=colour),
                ),
                connectgaps=False,
                hovertext=[_hover(one.name, p) for p in one.points],
                hoverinfo="text",
                visible=True if one.visible else "legendonly",
            )
        )
    has_events = bool(events)
    for kind_index, kind in enumerate(dict.fromkeys(e.kind for e in events)):
        of_kind = [e for e in events if e.kind == kind]
        figure.add_trace(
            go.Scatter(
                name=kind,
                x=[e.on for e in of_kind],
                y=[EVENT_ROW] * len(of_kind),
                mode="markers",
                marker=dict(
                    size=13,
                    symbol=("diamond-tall", "star", "triangle-down", "square", "hourglass")[
                        kind_index % 5
                    ],
                    color="#3D3D3D",
                ),
                hovertext=[f"<b>{kind}</b><br>{e.on:%-d %B %Y}<br>{e.label}" for e in of_kind],
                hoverinfo="text",
            )
        )
    shapes, annotations = [], []
    for on, text in boundaries:
        shapes.append(
            dict(type="line", x0=on, x1=on, yref="paper", y0=0, y1=1,
                 line=dict(color="#505a5f", width=1, dash="dot"))
        )
        annotations.append(
            dict(x=on, yref="paper", y=1, text=text, showarrow=False, xanchor="left",
                 yanchor="bottom", font=dict(size=12, color="#505a5f"))
        )
    yaxis = _grade_axis()
    if has_events:
        yaxis["tickvals"] = [*yaxis["tickvals"], EVENT_ROW]
        yaxis["ticktext"] = [*yaxis["ticktext"], "Visits and<br>interventions"]
        yaxis["range"] = [EVENT_ROW + 0.5, 0.5]
    layout = _layout(
        title,
        xaxis=dict(title=dict(text="Date the report was published"), type="date",
                   gridcolor="#eeeeee"),
        yaxis=yaxis,
        shapes=shapes,
        annotations=annotations,
        height=480,
    )
    figure.update_layout(layout)
    return as_dict(figure)


def as_dict(figure: go.Figure) -> dict:
    """Plain JSON-ready data (plotly's own encoder turns dates and arrays into JSON)."""
    return json.loads(figure.to_json())
