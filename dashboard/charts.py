"""Plotly figures, built server-side: data in, figure dict out. The only module importing plotly.

Conventions shared by every chart:
- Grades are ordinal: y is the rank (1 outstanding at the top … 4 inadequate), never averaged,
  and every mark sits at its exact grade on the one grade axis of its panel: nothing is shifted
  or drawn on an overlaid axis. Adequate shares rank 3 with requires improvement and is named in
  the hover text.
- A judgement the framework gives but whose grade is not recorded is a gap, never a zero; an
  inspection whose framework gives no such judgement does not break the line, which holds its
  last grade; every line runs on to today (thinner, no markers) from its last grade.
- Each judgement and each kind of event is drawn in its mark from dashboard/vocabulary.py
  (colour from the colour-blind-safe palette, marker, dash: the same on every page); marks that
  coincide are told apart by marker, dash and drawing order, and each grade is named in text
  (axis labels, hovers, the caption and table beside each chart).
- Inspections are placed at their publication date: the day a rating took effect; visits too
  (else at their last day on site, said so); interventions at their start.
- Phone first: titles wrap (shorter below NARROW_PX, through the layout's `meta.narrow`, which
  static/js/charts.js applies), axes carry short words, legends sit below the plot and are part
  of the figure, so an embed shows them too.
- Every string a chart is given (titles, names, labels, themes) is plain text, escaped here by
  plotly_text() wherever plotly.js would read it as markup; only this module's own <b> and <br>
  are markup.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Sequence
from html import escape

import plotly.graph_objects as go

from inspections.coverage import CoveragePoint
from inspections.rules import OVERALL, Grade

from . import vocabulary
from .series import AreaGrades, GradePoint, GradeSeries, TimelineEvent
from .vocabulary import GRADE_COLOURS, NO_DATA_GREY

#: The palette is the vocabulary's (dashboard/vocabulary.py): one home for every mark.
PALETTE = vocabulary.PALETTE
#: The grade axis in words, short enough to leave a phone most of its width for the lines
#: ("RI": requires improvement to be good; adequate, before November 2013, shares its rank).
GRADE_AXIS_LABELS = {1: "Outstanding", 2: "Good", 3: "RI / adequate", 4: "Inadequate"}
FONT = "system-ui, -apple-system, 'Segoe UI', Arial, sans-serif"
#: Below this width (CSS pixels) static/js/charts.js draws a figure with its layout's
#: `meta.narrow` changes: titles wrapped shorter, smaller text, notes left out.
NARROW_PX = 560
#: Rows of the events panel below the grades.
VISIT_ROW, INTERVENTION_ROW = 1, 2


def plotly_text(text: str) -> str:
    """Text from data, for a place where plotly.js draws text: shown as typed.

    plotly.js reads tags in trace names, hover text, titles, tick and annotation text as SVG
    markup (an `<a href>` in an authority's name would be a live link in its chart and in every
    embed of it), and turns `&lt;`, `&gt;` and `&amp;` back into characters when it draws them.
    """
    return escape(text, quote=False)  # plotly.js knows no &quot;: quotes stay as they are


def wrapped(text: str, width: int) -> str:
    """Text from data, escaped and wrapped onto lines of about `width` characters (plotly.js
    never wraps a title or a note itself). Breaks only at spaces, so no entity is split."""
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plotly_text(line) for line in lines) or plotly_text(text)


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
        tickmode="array",
        tickvals=list(GRADE_AXIS_LABELS),
        ticktext=list(GRADE_AXIS_LABELS.values()),
        range=[4.5, 0.5],  # reversed: outstanding at the top
        zeroline=False,
        gridcolor="#dddddd",
        fixedrange=True,
        automargin=True,
        **extra,
    )


#: Title lines (of about this many characters) on a wide screen and on a phone.
TITLE_WIDE, TITLE_NARROW = 70, 32
TITLE_LINE_PX = 24


def _title_lines(title: str, width: int) -> int:
    return max(1, len(textwrap.wrap(title, width, break_long_words=False)))


def _title_pad(lines: int) -> int:
    """plotly.js anchors a title of several lines about 16 px higher than one of a single line
    (measured in Chromium with plotly.js 3.8): padded so that its first line is never cut."""
    return 8 if lines == 1 else 24


def _layout(title: str, **extra) -> dict:
    """What every figure shares: the title (wrapped: shorter on a phone), the font, and the
    legend below the plot, left-aligned, in the figure so that embeds carry it too."""
    narrow = extra.pop("narrow", {})
    top = extra.pop("top", 0)  # room above the plot for labels (px)
    top_when_narrow = extra.pop("narrow_top", top)
    wide_lines, narrow_lines = _title_lines(title, TITLE_WIDE), _title_lines(title, TITLE_NARROW)
    margin = dict(l=10, r=10, t=24 + TITLE_LINE_PX * wide_lines + top, b=10)
    narrow_top = 24 + TITLE_LINE_PX * narrow_lines + top_when_narrow
    return dict(
        title=dict(
            text=wrapped(title, TITLE_WIDE),
            x=0,
            xanchor="left",
            xref="container",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=_title_pad(wide_lines), l=10),
            font=dict(size=17),
        ),
        font=dict(family=FONT, size=14, color="#0b0c0c"),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        hovermode="closest",
        showlegend=True,
        margin=margin,
        legend=dict(
            orientation="h", x=0, xanchor="left", y=-0.08, yanchor="top", font=dict(size=13)
        ),
        meta=dict(
            narrow={
                "title.text": wrapped(title, TITLE_NARROW),
                "title.pad.t": _title_pad(narrow_lines),
                "margin.t": narrow_top,
                "font.size": 12,
                "legend.font.size": 12,
                **narrow,
            }
        ),
        **extra,
    )


def untitled(figure: dict) -> dict:
    """A figure without its title (an embed's heading gives it), the room _layout left above
    the plot for it given back, on a phone too (meta.narrow, where charts.js would put a shorter
    title back); a copy: the page's cached figure is left as it is."""
    layout = {key: value for key, value in figure["layout"].items() if key != "title"}
    title = figure["layout"].get("title", {}).get("text", "")
    if title and "t" in layout.get("margin", {}):
        layout["margin"] = {**layout["margin"], "t": layout["margin"]["t"] - _title_room(title)}
    meta = layout.get("meta", {})
    if "narrow" in meta:
        narrow = {k: v for k, v in meta["narrow"].items() if not k.startswith("title")}
        if "margin.t" in narrow:
            narrow["margin.t"] -= _title_room(meta["narrow"].get("title.text", title))
        layout["meta"] = {**meta, "narrow": narrow}
    return {**figure, "layout": layout}


def _title_room(wrapped_title: str) -> int:
    """What _layout's top margin holds for a title, wrapped (its lines joined by <br>)."""
    return TITLE_LINE_PX * (wrapped_title.count("<br>") + 1)


def date_markers(
    boundaries: Sequence[tuple], *, right_of=lambda on: True
) -> tuple[list[dict], list[dict]]:
    """A dotted vertical line and a label above the plot for each (date, text[, side]):
    framework changes, reorganisations. The side ("left" or "right" of its line) is the
    boundary's own where it gives one (a former name belongs before its line), else
    `right_of(date)` says."""
    shapes, annotations = [], []
    for boundary in boundaries:
        on, text = boundary[:2]
        side = boundary[2] if len(boundary) > 2 else ("right" if right_of(on) else "left")
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
                text=wrapped(text, 22),
                showarrow=False,
                xanchor="left" if side == "right" else "right",
                yanchor="bottom",
                align="left" if side == "right" else "right",
                font=dict(size=12, color="#505a5f"),
            )
        )
    return shapes, annotations


def _drawing_order(key: str) -> int:
    return list(vocabulary.JUDGEMENTS).index(key)


def _line_width(order: int) -> float:
    return max(7.0 - 1.3 * order, 1.5)


def _marker_size(order: int) -> int:
    return max(17 - 2 * order, 7)


def _grade_traces(
    one: GradeSeries,
    *,
    today: dt.date,
    order: int = 0,
    yaxis: str = "y",
    name: str | None = None,
    **extra,
) -> list[go.Scatter]:
    """A series as a step line at its exact grades, in its judgement's mark, and the line on from
    its last grade to today (or to the day its authority ceased): thinner, no markers.

    Points where the framework gives no such judgement are left out, so the line holds its last
    grade across them; a judgement the framework gives but whose grade is not recorded is a gap.
    Where lines coincide they are told apart by drawing order (`order`, the series' place in the
    chart): earlier ones are drawn wider and with bigger markers, later ones on top of them,
    narrower and smaller, so each shows around the next."""
    mark = one.mark
    width = _line_width(order)
    size = _marker_size(order)
    points = [p for p in one.points if p.judged or p.grade]
    visible = True if one.visible else "legendonly"
    group = extra.pop("legendgroup", f"{one.key}-{order}")  # never text from data
    traces = [
        go.Scatter(
            name=plotly_text(name if name is not None else one.name),
            x=[p.published_on for p in points],
            y=[p.rank for p in points],  # exact: the table and the CSV give the same
            yaxis=yaxis,
            mode="lines+markers",
            line=dict(shape="hv", color=mark.colour, width=width, dash=mark.dash),
            marker=dict(
                size=size,
                color=mark.colour,
                symbol=[mark.marker + ("-open" if p.is_predecessor else "") for p in points],
                line=dict(width=2, color=mark.colour),
            ),
            connectgaps=False,
            hovertext=[_hover(one.name, p) for p in points],
            hoverinfo="text",
            visible=visible,
            legendgroup=group,
            meta=dict(key=one.key, part="grades"),
            **extra,
        )
    ]
    last = points[-1] if points else None
    end = min(one.until, today) if one.until else today
    if last is not None and last.grade and end > last.published_on:
        later = [p for p in one.points if p.published_on > last.published_on]
        why = (
            f"; {len(later)} later report{'s' if len(later) > 1 else ''} of a framework giving "
            "no such judgement"
            if later
            else ""
        )
        until = "the authority was replaced" if one.until and one.until < today else "today"
        hover = (
            f"<b>{plotly_text(one.name)}: {Grade(last.grade).label}</b><br>the latest grade "
            f"(published {last.published_on:%-d %B %Y}), held until {until}{why}"
        )
        traces.append(
            go.Scatter(
                name=plotly_text(name if name is not None else one.name),
                x=[last.published_on, end],
                y=[last.rank, last.rank],
                yaxis=yaxis,
                mode="lines",
                line=dict(
                    shape="hv", color=mark.colour, width=max(width - 1.5, 1.5), dash=mark.dash
                ),
                hovertext=[hover, hover],
                hoverinfo="text",
                showlegend=False,
                visible=visible,
                legendgroup=group,
                meta=dict(key=one.key, part="held"),
            )
        )
    return traces


def _event_traces(events: Sequence[TimelineEvent], *, today: dt.date) -> list[go.Scatter]:
    """One trace per kind of event, in the vocabulary's order, on the events panel: visits as
    markers on their row; interventions as a marker at their start and a line in their dash to
    their end, or to today."""
    traces = []
    for key, mark in vocabulary.EVENTS.items():
        of_kind = [e for e in events if e.key == key]
        if not of_kind:
            continue
        hovers = [
            f"<b>{plotly_text(mark.label)}</b><br>{plotly_text(e.dated_by)} {e.on:%-d %B %Y}"
            + (f" to {e.until:%-d %B %Y}" if e.until else "")
            + f"<br>{plotly_text(e.label)}"
            for e in of_kind
        ]
        if key in vocabulary.INTERVENTIONS:
            x, y, sizes, hovertext = [], [], [], []
            for event, hover in zip(of_kind, hovers, strict=True):
                x += [event.on, min(event.until or today, today), None]
                y += [INTERVENTION_ROW, INTERVENTION_ROW, None]
                sizes += [14, 0, 0]
                hovertext += [hover, hover, ""]
            mode = "lines+markers"
        else:
            x = [e.on for e in of_kind]
            y = [VISIT_ROW] * len(of_kind)
            sizes, hovertext, mode = [14] * len(of_kind), hovers, "markers"
        traces.append(
            go.Scatter(
                name=plotly_text(mark.label),
                x=x,
                y=y,
                yaxis="y2",
                mode=mode,
                line=dict(color=mark.colour, width=2.5, dash=mark.dash),
                marker=dict(
                    size=sizes,
                    symbol=mark.marker,
                    color=mark.colour,
                    opacity=1,  # plotly.js fades markers whose sizes are a list
                    line=dict(width=1, color=mark.colour),
                ),
                connectgaps=False,
                hovertext=hovertext,
                hoverinfo="text",
                meta=dict(key=key, part="event"),
            )
        )
    return traces


def _time_range(
    series: Sequence[GradeSeries],
    events: Sequence[TimelineEvent],
    today: dt.date,
    boundaries: Sequence[tuple] = (),
) -> list:
    """From a little before the first mark (or boundary) to a little after today, where every
    line ends."""
    days = [p.published_on for one in series for p in one.points] + [e.on for e in events]
    days += [boundary[0] for boundary in boundaries]
    pad = dt.timedelta(days=120)
    return [min(days, default=today) - pad, today + pad]


def trajectory(
    title: str,
    series: Sequence[GradeSeries],
    events: Sequence[TimelineEvent] = (),
    *,
    boundaries: Sequence[tuple] = (),
    today: dt.date | None = None,
) -> dict:
    """Step lines of grades over time, one per series in its judgement's mark, on one grade axis;
    visits and interventions in a panel of their own below, on the same time axis."""
    today = today or dt.date.today()
    figure = go.Figure()
    ordered = sorted(series, key=lambda one: _drawing_order(one.key))  # wide first, under
    for order, one in enumerate(ordered):
        for trace in _grade_traces(one, today=today, order=order):
            figure.add_trace(trace)
    event_traces = _event_traces(events, today=today)
    for trace in event_traces:
        figure.add_trace(trace)
    rows = sorted({INTERVENTION_ROW if e.is_intervention else VISIT_ROW for e in events if e.key})
    shapes, annotations = date_markers(boundaries)
    label_lines = max((a["text"].count("<br>") + 1 for a in annotations), default=0)
    height = 440 + (90 if event_traces else 0)
    events_share = 0.2 if event_traces else 0.0
    layout = _layout(
        title,
        xaxis=dict(
            type="date",
            gridcolor="#eeeeee",
            fixedrange=True,
            anchor="y2" if event_traces else "y",
            automargin=True,
            range=_time_range(series, events, today, boundaries),
        ),
        yaxis=_grade_axis(domain=[events_share + (0.06 if event_traces else 0), 1]),
        shapes=shapes,
        annotations=annotations,
        height=height,
        top=16 * label_lines,
        narrow={"height": height + 60, "yaxis.tickfont.size": 11, "xaxis.tickfont.size": 11},
    )
    if event_traces:
        layout["yaxis2"] = dict(
            domain=[0, events_share],
            anchor="x",
            tickmode="array",
            tickvals=[VISIT_ROW, INTERVENTION_ROW],
            ticktext=["Visits", "Interventions"],
            range=[max(rows) + 0.6, min(rows) - 0.6],
            zeroline=False,
            showgrid=False,
            fixedrange=True,
            automargin=True,
        )
        layout["meta"]["narrow"]["yaxis2.tickfont.size"] = 11
    figure.update_layout(layout)
    return as_dict(figure)


def as_dict(figure: go.Figure) -> dict:
    """Plain JSON-ready data (plotly's own encoder turns dates and arrays into JSON)."""
    return json.loads(figure.to_json())


# The national picture (home page): AreaGrades and CoveragePoint, filled by dashboard/national.py.

#: Adequate shares requires improvement's colour (rank 3): a hatch tells them apart.
_GRADE_PATTERNS = {Grade.ADEQUATE: "/"}


#: The regions chart: each bar's slot in pixels, and the share of it the bar takes (the rest
#: holds the area's name above the bar).
REGION_SLOT_PX = 54
REGION_BAR = 0.46


def grade_shares_by_area(title: str, areas: Sequence[AreaGrades], grades: Sequence[str]) -> dict:
    """Horizontal stacked bars, one per area (the first at the top): the shares of each grade
    among its authorities with an overall grade, grades in order, each segment labelled with its
    count. Authorities without an overall grade are named on the area's label, not drawn.

    Each area's name is written above its bar, not beside it, so the bars take the whole width
    of a phone's screen."""
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
                width=REGION_BAR,
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
    names = [
        dict(
            text=label,
            x=0,
            xref="paper",
            xanchor="left",
            y=label,
            yref="y",
            yanchor="bottom",
            yshift=REGION_SLOT_PX * REGION_BAR / 2 + 1,
            showarrow=False,
            # England, the total, in bold: by the font, as <b> would be a style attribute that
            # the Content Security Policy refuses.
            font=dict(size=13, weight="bold" if index == 0 else "normal"),
        )
        for index, label in enumerate(labels)
    ]
    figure.update_layout(
        _layout(
            title,
            barmode="stack",
            xaxis=dict(
                title=dict(text="Share of the authorities with an overall grade"),
                range=[0, 100],
                ticksuffix="%",
                gridcolor="#dddddd",
                fixedrange=True,
                automargin=True,
            ),
            yaxis=dict(
                autorange="reversed", showticklabels=False, fixedrange=True, automargin=True
            ),
            annotations=names,
            height=170 + REGION_SLOT_PX * len(areas),
            top=REGION_SLOT_PX * (1 - REGION_BAR) / 2,
            narrow={"xaxis.title.font.size": 12},
        )
    )
    figure.update_layout(legend=dict(traceorder="normal", y=-0.16))
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
    overall = vocabulary.JUDGEMENTS[OVERALL]  # the share is of overall grades: its mark
    figure.add_trace(
        go.Scatter(
            name="Good or outstanding<br>(% of authorities with a known grade)",
            x=days,
            y=[None if p.share is None else round(p.share, 1) for p in points],
            customdata=[[p.good_or_outstanding, p.known, p.active] for p in points],
            mode="lines+markers",
            line=dict(color=overall.colour, width=3, dash=overall.dash),
            marker=dict(size=7, color=overall.colour, symbol=overall.marker),
            meta=dict(key=OVERALL, part="share"),
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
        ("no_overall", "This framework gives no overall<br>grade (April 2026)", PALETTE[5], "x"),
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
            name="Half of the active authorities<br>(the share is shown above this)",
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
    narrow = {
        "yaxis.title.font.size": 12,
        "yaxis2.title.font.size": 12,
        "xaxis2.title.font.size": 12,
    }
    if days:
        # On a phone a year's ticks are close together: a year's room on the left keeps the
        # first year's label clear of the axis labels beside it (the series starts in 2009).
        for axis in ("xaxis", "xaxis2"):
            narrow[f"{axis}.range"] = [
                (days[0] - dt.timedelta(days=365)).isoformat(),
                (days[-1] + dt.timedelta(days=60)).isoformat(),
            ]
    # On a phone the framework labels are wrapped narrower, so that neighbours never meet.
    for index, boundary in enumerate(boundaries):
        narrow[f"annotations.{index}.text"] = wrapped(boundary[1], 12)
    narrow_label_lines = max(
        (len(textwrap.wrap(boundary[1], 12)) for boundary in boundaries), default=1
    )
    if points and points[0].share is None:
        # On a phone the note would run over the labels and the line: the page says it too.
        narrow[f"annotations.{len(annotations)}.visible"] = False
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
            height=700,
            top=16 * max((a["text"].count("<br>") + 1 for a in annotations[:3]), default=1),
            narrow_top=16 * narrow_label_lines,
            narrow=narrow,
        )
    )
    figure.update_layout(legend=dict(y=-0.12, traceorder="normal"))
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


def comparison(title: str, series: Sequence[GradeSeries], *, today: dt.date | None = None) -> dict:
    """Small multiples: one panel per authority (up to twelve), stacked in the link's order, each
    with a grade axis of its own (the same scale: `matches` the first; never overlaid or
    shifted) and all on one time axis.

    Every line is drawn in the compared judgement's mark (the vocabulary), so the legend has one
    entry, and each panel is named by a label above it: twelve step lines on one axis of four
    levels cannot be told apart, twelve panels can, on a phone as on a desktop."""
    today = today or dt.date.today()
    figure = go.Figure()
    count = max(len(series), 1)
    panel, gap = (76, 32) if count > 6 else (110, 36)
    plot = count * panel + (count - 1) * gap
    key = series[0].key if series else OVERALL
    annotations = []
    for index, one in enumerate(series):
        axis = "y" if index == 0 else f"y{index + 1}"
        top = 1 - index * (panel + gap) / plot
        bottom = top - panel / plot
        for trace in _grade_traces(one, today=today, yaxis=axis, legendgroup="panels"):
            trace.showlegend = False
            figure.add_trace(trace)
        figure.layout[f"yaxis{index + 1 if index else ''}"] = _grade_axis(
            domain=[max(bottom, 0), min(top, 1)],
            anchor="x",
            **({"matches": "y"} if index else {}),
            tickfont=dict(size=12),
        )
        annotations.append(
            dict(
                text=plotly_text(one.name),
                x=0,
                xref="paper",
                xanchor="left",
                y=min(top, 1),
                yref="paper",
                yanchor="bottom",
                yshift=2,
                showarrow=False,
                align="left",
                font=dict(size=13, color="#0b0c0c", weight="bold"),  # not <b>: CSP
            )
        )
    # The legend: the one mark every panel draws (a trace with no points of its own).
    mark = vocabulary.JUDGEMENTS[key]
    figure.add_trace(
        go.Scatter(
            name=plotly_text(mark.label),
            x=[None],
            y=[None],
            mode="lines+markers",
            line=dict(color=mark.colour, width=_line_width(0), dash=mark.dash),
            marker=dict(symbol=mark.marker, color=mark.colour, size=_marker_size(0)),
            hoverinfo="skip",
            legendgroup="panels",
            meta=dict(key=key, part="legend"),
        )
    )
    bottom_axis = f"y{len(series)}" if len(series) > 1 else "y"
    height = plot + 24 + 110
    figure.update_layout(
        _layout(
            title,
            xaxis=dict(
                type="date",
                gridcolor="#eeeeee",
                fixedrange=True,
                anchor=bottom_axis,
                automargin=True,
                range=_time_range(series, (), today),
            ),
            annotations=annotations,
            height=height,
            top=24,
            narrow={
                "height": height + 40,
                "xaxis.tickfont.size": 11,
                **{
                    f"yaxis{index + 1 if index else ''}.tickfont.size": 11
                    for index in range(len(series))
                },
            },
        )
    )
    figure.update_layout(legend=dict(y=-0.12 * 400 / max(plot, 200)))
    return as_dict(figure)
