"""Plotly figures, built server-side: data in, figure dict out. The only module importing plotly.

Conventions shared by every chart:
- Grades are ordinal: y is the rank (1 outstanding at the top … 4 inadequate), never averaged.
  Adequate shares rank 3 with requires improvement and is named in the hover text.
- A missing judgement is a gap (None breaks the line), never a zero.
- Series differ by colour (the Government Analysis Function's colour-blind-safe categorical
  palette, each colour at least 3:1 against white: tests/inspections/test_chart_colours.py), by
  marker symbol and by dash, and each grade is named in text (axis labels, hovers, and the
  caption and table beside each chart: chart_text.py), so colour never carries meaning alone.
- Inspections are placed at their publication date: the day a rating took effect.
- Every string a chart is given (titles, names, labels, themes) is plain text, escaped here by
  plotly_text() wherever plotly.js would read it as markup; only this module's own <b> and <br>
  are markup.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from inspections.coverage import CoveragePoint
from inspections.rules import GRADE_RANK, Grade

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
#: Coverage bars with no report: a mid grey at 4.6:1 on white (Frontend's #b1b4b6 is 2:1).
NO_DATA_GREY = "#757575"
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
    #: The judgement it draws, where a chart has several authorities' series of one judgement
    #: (an authority and its predecessors): its column in the chart's table.
    judgement: str = ""

    @property
    def is_predecessor(self) -> bool:
        return any(point.is_predecessor for point in self.points)


@dataclass(frozen=True)
class TimelineEvent:
    """A visit or intervention, marked on the time axis."""

    on: dt.date
    kind: str
    label: str


def plotly_text(text: str) -> str:
    """Text from data, for a place where plotly.js draws text: shown as typed.

    plotly.js reads tags in trace names, hover text, titles, tick and annotation text as SVG
    markup (an `<a href>` in an authority's name would be a live link in its chart and in every
    embed of it), and turns `&lt;`, `&gt;` and `&amp;` back into characters when it draws them.
    """
    return escape(text, quote=False)  # plotly.js knows no &quot;: quotes stay as they are


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour_on(background: str) -> str:
    """Near-black or white, whichever reads better on the background (labels inside bars)."""
    light = _luminance(background)
    return (
        "#0b0c0c"
        if (light + 0.05) / (_luminance("#0b0c0c") + 0.05) >= 1.05 / (light + 0.05)
        else "#ffffff"
    )


def _hover(series_name: str, point: GradePoint) -> str:
    grade = Grade(point.grade).label if point.grade else "no judgement recorded"
    who = plotly_text(point.authority_name)
    who += " (predecessor authority)" if point.is_predecessor else ""
    return (
        f"<b>{plotly_text(series_name)}: {grade}</b><br>{who}<br>{plotly_text(point.framework)}"
        f"<br>On site: {plotly_text(point.on_site)}<br>Published: {point.published_on:%-d %B %Y}"
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
        title=dict(text=plotly_text(title), x=0, xanchor="left"),
        font=dict(family=FONT, size=14, color="#0b0c0c"),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hovermode="closest",
        margin=dict(l=10, r=10, t=60, b=40),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0),
        **extra,
    )


def date_markers(
    boundaries: Sequence[tuple[dt.date, str]], *, right_of=lambda on: True
) -> tuple[list[dict], list[dict]]:
    """A dotted vertical line and a label for each (date, text): framework changes,
    reorganisations. `right_of(date)` says whether the label sits right of its line."""
    shapes, annotations = [], []
    for on, text in boundaries:
        shapes.append(
            dict(
                type="line",
                xref="x",
                x0=on,
                x1=on,
                yref="paper",
                y0=0,
                y1=1,
                line=dict(color="#505a5f", width=1, dash="dot"),
            )
        )
        annotations.append(
            dict(
                x=on,
                xref="x",
                yref="paper",
                y=1,
                text=plotly_text(text),
                showarrow=False,
                xanchor="left" if right_of(on) else "right",
                yanchor="bottom",
                font=dict(size=12, color="#505a5f"),
            )
        )
    return shapes, annotations


def _nudges(series: Sequence[GradeSeries]) -> list[float]:
    """How far each series is drawn from its exact grade (positive is higher up the chart).

    The first visible series is drawn exactly, on the grade axis itself (plotly draws an axis only
    with a trace on it); the others alternate just above and below it, a tenth of a grade apart at
    most and a quarter either way at the very most. Series hidden at first are drawn exactly.
    """
    shown = [index for index, one in enumerate(series) if one.visible]
    step = min(0.1, 0.5 / max(len(shown), 1))
    nudges = [0.0] * len(series)
    for place, index in enumerate(shown):
        nudges[index] = round((place + 1) // 2 * step * (1 if place % 2 else -1), 3) + 0.0
    return nudges


def trajectory(
    title: str,
    series: Sequence[GradeSeries],
    events: Sequence[TimelineEvent] = (),
    *,
    boundaries: Sequence[tuple[dt.date, str]] = (),
) -> dict:
    """Step lines of grades over time, one per series, with events marked below the scale."""
    figure = go.Figure()
    nudges = _nudges(series)
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        figure.add_trace(
            go.Scatter(
                name=plotly_text(one.name),
                x=[p.published_on for p in one.points],
                y=[p.rank for p in one.points],  # exact: the table and the CSV give the same
                yaxis=f"y{index + 2}" if nudges[index] else "y",
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
                name=plotly_text(kind),
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
                hovertext=[
                    f"<b>{plotly_text(kind)}</b><br>{e.on:%-d %B %Y}<br>{plotly_text(e.label)}"
                    for e in of_kind
                ],
                hoverinfo="text",
            )
        )
    shapes, annotations = date_markers(boundaries)
    yaxis = _grade_axis()
    if has_events:
        yaxis["tickvals"] = [*yaxis["tickvals"], EVENT_ROW]
        yaxis["ticktext"] = [*yaxis["ticktext"], "Visits and<br>interventions"]
        yaxis["range"] = [EVENT_ROW + 0.5, 0.5]
    # Lines at the same grade would hide each other. Each series keeps its exact grades but is
    # drawn on its own invisible copy of the grade axis, shifted a little (at most a quarter of
    # a grade), so equal lines run side by side; markers, dashes and the legend tell them apart.
    nudged_axes = {
        f"yaxis{index + 2}": dict(
            overlaying="y",
            visible=False,
            fixedrange=True,
            range=[yaxis["range"][0] + nudge, yaxis["range"][1] + nudge],
        )
        for index, nudge in enumerate(nudges)
        if nudge
    }
    layout = _layout(
        title,
        xaxis=dict(
            title=dict(text="Date the report was published"), type="date", gridcolor="#eeeeee"
        ),
        yaxis=yaxis,
        shapes=shapes,
        annotations=annotations,
        height=480,
        **nudged_axes,
    )
    # Below the axis title, never over it.
    layout["legend"] = dict(orientation="h", yanchor="top", y=-0.2, x=0)
    figure.update_layout(layout)
    return as_dict(figure)


def as_dict(figure: go.Figure) -> dict:
    """Plain JSON-ready data (plotly's own encoder turns dates and arrays into JSON)."""
    return json.loads(figure.to_json())


# The national picture (home page). The data shapes are defined here, as GradePoint is above, and
# filled by dashboard/national.py.


@dataclass(frozen=True)
class AreaGrades:
    """England's or a region's authorities by the standing of their latest report.

    `counts` holds a count per grade and may hold counts of authorities without an overall grade
    (other keys): those are in `total` but never in a share.
    """

    name: str
    counts: dict[str, int]

    @property
    def graded(self) -> int:
        """Authorities with an overall grade: the base of every share."""
        return sum(self.counts.get(grade, 0) for grade in Grade.values)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, key: str) -> float | None:
        """Percentage of the authorities with an overall grade; None for non-grades or no base."""
        if key not in Grade.values or not self.graded:
            return None
        return 100 * self.counts.get(key, 0) / self.graded


#: Adequate shares requires improvement's colour (rank 3): a hatch tells them apart.
_GRADE_PATTERNS = {Grade.ADEQUATE: "/"}


def grade_shares_by_area(title: str, areas: Sequence[AreaGrades], grades: Sequence[str]) -> dict:
    """Horizontal stacked bars, one per area (the first at the top): the shares of each grade
    among its authorities with an overall grade, grades in order, each segment labelled with its
    count. Authorities without an overall grade are named on the area's label, not drawn."""
    labels = [f"{plotly_text(area.name)} · {area.graded} of {area.total} graded" for area in areas]
    figure = go.Figure()
    for grade in grades:
        label = Grade(grade).label
        counts = [area.counts.get(grade, 0) for area in areas]
        shares = [area.share(grade) for area in areas]
        figure.add_trace(
            go.Bar(
                name=label,
                orientation="h",
                x=[None if s is None else round(s, 1) for s in shares],
                y=labels,
                customdata=counts,
                text=[str(c) if c else "" for c in counts],
                textposition="inside",
                insidetextanchor="middle",
                insidetextfont=dict(color=text_colour_on(GRADE_COLOURS[grade])),
                marker=dict(
                    color=GRADE_COLOURS[grade],
                    line=dict(color="#ffffff", width=1),
                    pattern=dict(shape=_GRADE_PATTERNS.get(grade, ""), fgcolor="#ffffff"),
                ),
                hovertext=[
                    f"<b>{plotly_text(area.name)}: {label}</b><br>"
                    f"{count} authorit{'y' if count == 1 else 'ies'}"
                    + (
                        f", {share:.0f}% of the {area.graded} with an overall grade"
                        if share is not None
                        else ""
                    )
                    for area, count, share in zip(areas, counts, shares, strict=True)
                ],
                hoverinfo="text",
            )
        )
    figure.update_layout(
        _layout(
            title,
            barmode="stack",
            xaxis=dict(
                title=dict(text="Share of the authorities with an overall grade (%)"),
                range=[0, 100],
                ticksuffix="%",
                gridcolor="#dddddd",
                fixedrange=True,
            ),
            yaxis=dict(autorange="reversed", automargin=True, fixedrange=True),
            height=140 + 42 * len(areas),
        )
        | {"legend": dict(orientation="h", yanchor="top", y=-0.2, x=0, traceorder="normal")}
    )
    return as_dict(figure)


def _coverage_hover(point: CoveragePoint) -> str:
    when = f"{point.on:%-d %B %Y}"
    if point.share is None:
        return (
            f"<b>{when}: share not shown</b><br>{point.known} of {point.active} active "
            "authorities have a known overall grade (fewer than half)"
        )
    return (
        f"<b>{when}: {point.share:.0f}% good or outstanding</b><br>({point.good_or_outstanding} "
        f"of {point.known} authorities with a known grade; {point.active} active)"
    )


def good_or_outstanding_over_time(
    title: str,
    points: Sequence[CoveragePoint],
    *,
    boundaries: Sequence[tuple[dt.date, str]] = (),
) -> dict:
    """The share judged good or outstanding (a line, top) over its coverage (stacked bars, below).

    The share is drawn only where at least half of the active authorities have a known grade;
    elsewhere the line has a gap and the bars show why.
    """
    from plotly.subplots import make_subplots  # only this chart has two panels

    figure = make_subplots(
        rows=2, cols=1, shared_xaxes=True, row_heights=[0.6, 0.4], vertical_spacing=0.08
    )
    days = [p.on for p in points]
    figure.add_trace(
        go.Scatter(
            name="Good or outstanding (% of authorities with a known grade)",
            x=days,
            y=[None if p.share is None else round(p.share, 1) for p in points],
            customdata=[[p.good_or_outstanding, p.known, p.active] for p in points],
            mode="lines+markers",
            line=dict(color=PALETTE[0], width=3),
            marker=dict(size=7, color=PALETTE[0], symbol="circle"),
            connectgaps=False,
            hovertext=[_coverage_hover(p) for p in points],
            hoverinfo="text",
        ),
        row=1,
        col=1,
    )
    # Bars a little narrower than the gap before them (the last point, today, may be close).
    widths = [
        0.8 * 86_400_000 * ((day - days[i - 1]).days if i else 91) for i, day in enumerate(days)
    ]
    coverage = (
        ("known", "Known overall grade", PALETTE[0], ""),
        ("no_overall", "This framework gives no overall grade (April 2026)", PALETTE[5], "x"),
        ("not_recorded", "Overall grade not recorded", PALETTE[4], "/"),
        ("not_inspected", "No report in the data yet", NO_DATA_GREY, "."),
    )
    for field, name, colour, pattern in coverage:
        counts = [getattr(p, field) for p in points]
        figure.add_trace(
            go.Bar(
                name=name,
                x=days,
                y=counts,
                width=widths,
                marker=dict(
                    color=colour, pattern=dict(shape=pattern, fgcolor="#ffffff", solidity=0.3)
                ),
                hovertext=[
                    f"<b>{p.on:%-d %B %Y}: {name.lower()}</b><br>{count} of {p.active} active "
                    "authorities"
                    for p, count in zip(points, counts, strict=True)
                ],
                hoverinfo="text",
            ),
            row=2,
            col=1,
        )
    figure.add_trace(
        go.Scatter(
            name="Half of the active authorities (the share is shown above this)",
            x=days,
            y=[p.active / 2 for p in points],
            mode="lines",
            line=dict(color="#0b0c0c", width=2, dash="dot", shape="hv"),
            hovertext=[f"Half of {p.active} active authorities: {p.active / 2:g}" for p in points],
            hoverinfo="text",
        ),
        row=2,
        col=1,
    )
    # Labels in the later half read leftwards, so the last one is not cut off.
    middle = days[0] + (days[-1] - days[0]) / 2 if days else None
    shapes, annotations = date_markers(
        boundaries, right_of=lambda on: middle is None or on <= middle
    )
    first_covered = next((p for p in points if p.share is not None), None)
    if points and points[0].share is None:
        gap_ends = first_covered.on if first_covered else points[-1].on
        annotations.append(
            dict(
                x=points[0].on,
                xref="x",
                y=50,
                yref="y",
                xanchor="left",
                showarrow=False,
                align="left",
                font=dict(size=13, color="#505a5f"),
                text="No share shown: fewer than half of<br>the active authorities have a "
                "known grade",
            )
        )
        shapes.append(
            dict(
                type="rect",
                xref="x",
                x0=points[0].on,
                x1=gap_ends,
                yref="y",
                y0=0,
                y1=100,
                fillcolor="#f3f2f1",
                line=dict(width=0),
                layer="below",
            )
        )
    figure.update_layout(
        _layout(
            title,
            barmode="stack",
            shapes=shapes,
            annotations=annotations,
            height=660,
        )
        | {
            "legend": dict(orientation="h", yanchor="top", y=-0.14, x=0, traceorder="normal"),
            "margin": dict(l=10, r=10, t=80, b=60),
        }
    )
    figure.update_yaxes(
        title=dict(text="Good or outstanding"), range=[0, 100], ticksuffix="%",
        gridcolor="#dddddd", fixedrange=True, row=1, col=1,
    )  # fmt: skip
    figure.update_yaxes(
        title=dict(text="Authorities"), gridcolor="#dddddd", fixedrange=True, rangemode="tozero",
        row=2, col=1,
    )  # fmt: skip
    padding = dt.timedelta(days=60)
    figure.update_xaxes(
        type="date",
        gridcolor="#eeeeee",
        range=[days[0] - padding, days[-1] + padding] if days else None,
    )
    figure.update_xaxes(title=dict(text="Each authority's latest report on the date"), row=2)
    return as_dict(figure)


def comparison(title: str, series: Sequence[GradeSeries]) -> dict:
    """trajectory() for several authorities (up to twelve), one series each.

    The palette has six colours and trajectory() pairs colour and dash by position, so from the
    seventh series on a colour would come back with its dash too; here the second round of colours
    takes other dashes, so no two series share colour and dash, and the legend gets the room it
    needs below the plot.
    """
    figure = trajectory(title, series)
    for index, trace in enumerate(figure["data"]):
        if index >= len(PALETTE):
            trace["line"]["dash"] = DASHES[(index + len(DASHES) // 2) % len(DASHES)]
    legend_rows = -(-len(series) // 3)  # about three entries fit on a line of the legend
    figure["layout"]["height"] = 480 + 24 * max(legend_rows - 1, 0)
    return figure
