"""Reading a figure's JSON in the tests: its traces by the part of the chart they draw.

Every trace dashboard/charts.py draws says what it is in `meta`: its vocabulary key and its part
("grades": a series' step line at its exact grades; "held": the same line carried on from its
last grade to today; "event": a kind of visit or intervention; "legend": a legend entry alone).
"""

from __future__ import annotations


def part(trace: dict) -> str:
    return (trace.get("meta") or {}).get("part", "")


def traces(figure: dict, which: str) -> list[dict]:
    return [trace for trace in figure["data"] if part(trace) == which]


def grade_traces(figure: dict) -> list[dict]:
    return traces(figure, "grades")


def grade_trace(figure: dict, name: str) -> dict:
    return next(trace for trace in grade_traces(figure) if trace["name"] == name)


def events(figure: dict) -> dict[str, list]:
    """Each kind of event's dates as drawn (an intervention: its start, its end and a gap)."""
    return {trace["name"]: trace["x"] for trace in traces(figure, "event")}


def points(trace: dict) -> list[tuple[str, int | None]]:
    return [(x[:10], y) for x, y in zip(trace["x"], trace["y"], strict=True)]
