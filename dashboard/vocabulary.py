"""The charts' legend vocabulary, written once: what each judgement and each event looks like.

Every judgement area (and overall effectiveness) and every kind of event between inspections
(the visits, the interventions) has one fixed mark: a colour from the Government Analysis
Function's colour-blind-safe palette, a marker and a dash. Colours repeat (the palette has six);
no two marks share all three. Every chart (dashboard/charts.py), caption, table and embed takes
its names and marks from here, so overall effectiveness is the dark blue solid line with circles
and a commissioner a grey star on every page, whatever else the chart draws. Where grades are
drawn as areas (the regions' bars, the map) each has a colour of its own, and no report a grey.
"""

from __future__ import annotations

from dataclasses import dataclass

from inspections.models import InterventionKind
from inspections.rules import JUDGEMENT_KEYS, OVERALL, Area, Grade, VisitKind

#: Government Analysis Function categorical palette (colour-blind safe), in its order; each at
#: 3:1 or more against white (tests/dashboard/test_chart_colours.py).
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")
DARK_BLUE, TURQUOISE, DARK_PINK, ORANGE, DARK_GREY, LIGHT_PURPLE = PALETTE

#: Each grade, where grades are drawn as areas (the regions' bars, the map); adequate shares
#: requires improvement's rank and colour, and a chart tells them apart by a hatch.
GRADE_COLOURS = {
    Grade.OUTSTANDING: "#12436D",
    Grade.GOOD: "#28A197",
    Grade.REQUIRES_IMPROVEMENT: "#F46A25",
    Grade.ADEQUATE: "#F46A25",
    Grade.INADEQUATE: "#801650",
}
#: Coverage bars with no report: a mid grey at 4.6:1 on white (Frontend's #b1b4b6 is 2:1).
NO_DATA_GREY = "#757575"


@dataclass(frozen=True)
class Mark:
    """How one judgement or event kind is drawn, wherever it is drawn."""

    label: str
    colour: str
    marker: str  # a plotly marker symbol; "-open" is added for a predecessor's inspections
    dash: str  # a plotly line dash

    @property
    def style(self) -> tuple[str, str, str]:
        return (self.colour, self.marker, self.dash)


#: How each judgement is drawn (colour, marker, dash). A judgement a framework adds to
#: inspections.rules.FRAMEWORKS needs its style here: tests/dashboard/test_charts_vocabulary.py
#: fails, naming it, until it has one.
JUDGEMENT_STYLES: dict[str, tuple[str, str, str]] = {
    OVERALL: (DARK_BLUE, "circle", "solid"),
    Area.HELP_AND_PROTECTION: (TURQUOISE, "square", "dash"),
    Area.CHILDREN_IN_CARE: (DARK_PINK, "diamond", "dot"),
    Area.CARE_LEAVERS: (ORANGE, "triangle-up", "dashdot"),
    Area.ADOPTION: (LIGHT_PURPLE, "hexagon", "longdashdot"),
    Area.LEADERSHIP: (DARK_GREY, "x", "longdash"),
    Area.LSCB: (DARK_BLUE, "pentagon", "dot"),
    Area.CAPACITY_TO_IMPROVE: (TURQUOISE, "triangle-down", "longdash"),
    # SLAC's two overall judgements (2009–2012), beside its overall line (the lower of them).
    Area.SAFEGUARDING: (TURQUOISE, "hexagram", "dash"),
    Area.LOOKED_AFTER_CHILDREN: (DARK_PINK, "triangle-left", "dot"),
}


def _judgement_label(key: str) -> str:
    return "Overall effectiveness" if key == OVERALL else Area(key).label


#: Each judgement some framework gives (rules.JUDGEMENT_KEYS: overall effectiveness first, then
#: the areas in inspections.rules.Area's order), in its mark.
JUDGEMENTS: dict[str, Mark] = {
    key: Mark(_judgement_label(key), *JUDGEMENT_STYLES[key])
    for key in JUDGEMENT_KEYS
    if key in JUDGEMENT_STYLES
}

#: Visits are instants (a marker at their date); interventions run from their start to their
#: end, or to today, as a line in their dash.
VISITS: dict[str, Mark] = {
    VisitKind.MONITORING_VISIT: Mark(
        VisitKind.MONITORING_VISIT.label, DARK_PINK, "diamond-tall", "solid"
    ),
    VisitKind.FOCUSED_VISIT: Mark(VisitKind.FOCUSED_VISIT.label, TURQUOISE, "hourglass", "solid"),
    VisitKind.JTAI: Mark(VisitKind.JTAI.label, DARK_BLUE, "bowtie", "solid"),
}
INTERVENTIONS: dict[str, Mark] = {
    InterventionKind.STATUTORY_DIRECTION: Mark(
        InterventionKind.STATUTORY_DIRECTION.label, ORANGE, "star-triangle-up", "dash"
    ),
    InterventionKind.COMMISSIONER: Mark(
        InterventionKind.COMMISSIONER.label, DARK_GREY, "star", "dot"
    ),
    InterventionKind.TRUST: Mark(InterventionKind.TRUST.label, DARK_PINK, "star-square", "solid"),
    InterventionKind.IMPROVEMENT_PARTNER: Mark(
        InterventionKind.IMPROVEMENT_PARTNER.label, LIGHT_PURPLE, "cross", "dashdot"
    ),
}
EVENTS: dict[str, Mark] = VISITS | INTERVENTIONS

#: Every mark, by key: the judgements' keys and the event kinds' keys never collide.
ALL: dict[str, Mark] = JUDGEMENTS | EVENTS


def judgement_label(key: str) -> str:
    """A judgement's name (overall effectiveness or an area), as every chart and table says it."""
    return JUDGEMENTS[key].label


def event_label(kind: str) -> str:
    return EVENTS[kind].label
