"""What an embedded chart (/embed/…) shows besides its page's figure, and how tall its frame is.

An embed is read inside another site's article, often on a phone. Its heading (in the site's
font, a link to the full page) wraps where plotly.js would cut a long title off, so the figure
drops its own title; the legend, axes and notes are the page's. The frame the snippet offers is
tall enough for the figure, the heading, the source line and the "chart in words" summary at
320 CSS pixels, so the source line shows without scrolling inside the frame.
"""

from __future__ import annotations

import math

#: plotly.js's height for a figure whose layout gives none.
PLOTLY_DEFAULT_HEIGHT = 450

#: Measured in Chromium at 320 px (DejaVu Sans, a wide system font): the heading's line and how
#: many characters fit on one (fewer than measured: lines break between words), and the rest
#: beside the figure: the source line's four lines, the summary, the margins and some slack.
HEADING_LINE_HEIGHT = 25
HEADING_CHARACTERS_PER_LINE = 22
ROOM_FOR_THE_REST = 170

#: A compare heading names the authorities up to this many, else counts them (as its chart does).
NAMED_IN_HEADING = 3


def authority_heading(name: str) -> str:
    return f"{name}: inspection judgements over time"


def compare_heading(area_label: str, names: list[str]) -> str:
    if len(names) > NAMED_IN_HEADING:
        return f"{area_label}: {len(names)} authorities"
    return f"{area_label}: {', '.join(names)}"


def frame_height(figure: dict | None, heading: str) -> int:
    """The height, in CSS pixels, of an iframe that shows this embed whole at 320 px wide."""
    layout = (figure or {}).get("layout", {})
    heading_lines = math.ceil(len(heading) / HEADING_CHARACTERS_PER_LINE)
    # On a phone a chart may be drawn taller (charts.py's meta.narrow, applied by charts.js).
    narrow = layout.get("meta", {}).get("narrow", {})
    figure_height = layout.get("height", PLOTLY_DEFAULT_HEIGHT)
    return (
        max(figure_height, narrow.get("height", figure_height))
        + heading_lines * HEADING_LINE_HEIGHT
        + ROOM_FOR_THE_REST
    )


#: The map's embed (measured in Chromium, DejaVu Sans): the drawing is as wide as the frame less
#: its margins (304 px at 320) up to 560 px and at most 450 px tall (static/css/map.css); below
#: it, the key, attribution and source line take 381 px at 320 px wide and 194 px at 560.
MAP_WIDTHS_AND_REST = ((304, 381), (560, 194))
MAP_MAX_HEIGHT = 450
MAP_MARGINS = 20


def map_frame_height(view_box: tuple[int, int, int, int], heading: str) -> int:
    """The height of an iframe that shows the map's embed whole at 320 px wide and wider."""
    _, _, width, height = view_box
    heading_lines = math.ceil(len(heading) / HEADING_CHARACTERS_PER_LINE)
    return (
        heading_lines * HEADING_LINE_HEIGHT
        + MAP_MARGINS
        + max(
            min(round(drawn * height / width), MAP_MAX_HEIGHT) + rest
            for drawn, rest in MAP_WIDTHS_AND_REST
        )
    )
