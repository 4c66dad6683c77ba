"""Every colour a chart uses to carry meaning has 3:1 contrast against the chart's background
(WCAG 2.2, 1.4.11 non-text contrast), and text inside bars 4.5:1 against its bar (1.4.3).

Computed from the figure JSON each page embeds, so a colour added to any chart is checked.
Left out, as decoration rather than information: gridlines, the pale band behind the gap in the
over-time share, the white lines between bar segments and the white hatching on a bar (a second
cue on top of the colour, never the only one).
"""

import json
import re

import pytest

from tests.dashboard.figures import grade_traces

PAGES = {
    "/": ("regions-figure", "over-time-figure"),
    "/authorities/buckinghamshire/?show=overall&show=children_in_care&show=care_leavers": (
        "trajectory-figure",
    ),
    "/authorities/cumberland/": ("trajectory-figure",),
    "/compare/?"
    + "&".join(
        f"a={slug}"
        for slug in (
            "buckinghamshire",
            "sandwell",
            "oxfordshire",
            "hertfordshire",
            "hampshire",
            "kent",
            "surrey",
            "essex",
        )
    ): ("compare-figure",),
}
pytestmark = pytest.mark.django_db
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, str)]


def meaningful_colours(figure: dict) -> list[tuple[str, str]]:
    """(where, colour) for every colour a reader needs to tell things apart."""
    found = []
    for trace in figure["data"]:
        name = trace.get("name", "?")
        for key in ("color",):
            for colour in colours(trace.get("line", {}).get(key)):
                found.append((f"{name}: line", colour))
        marker = trace.get("marker", {})
        for colour in colours(marker.get("color")):
            found.append((f"{name}: marker", colour))
        if trace.get("type") != "bar":  # a bar's outline is the white gap between segments
            for colour in colours(marker.get("line", {}).get("color")):
                found.append((f"{name}: marker outline", colour))
    layout = figure["layout"]
    for shape in layout.get("shapes", []):
        if shape.get("type") == "line":
            found.append(("date marker line", shape["line"]["color"]))
    return found


@pytest.fixture(scope="module")
def figures(national_site_data, django_db_blocker):
    from django.test import Client

    client = Client()
    result = {}
    with django_db_blocker.unblock():
        for url, ids in PAGES.items():
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for figure_id in ids:
                match = re.search(
                    rf'<script id="{figure_id}" type="application/json">(.*?)</script>', html, re.S
                )
                assert match, (url, figure_id)
                result[(url, figure_id)] = json.loads(match.group(1))
    return result


def test_every_chart_colour_has_3_to_1_contrast_against_the_background(figures):
    checked = 0
    for (url, figure_id), figure in figures.items():
        background = figure["layout"]["plot_bgcolor"]
        assert figure["layout"]["paper_bgcolor"] == background
        for where, colour in meaningful_colours(figure):
            assert HEX.match(colour), (url, figure_id, where, colour)
            ratio = contrast(colour, background)
            assert ratio >= 3, f"{figure_id} on {url}: {where} {colour} is {ratio:.2f}:1"
            checked += 1
    assert checked > 40  # every trace of the five charts, not a vacuous pass


def test_labels_inside_bars_have_4_5_to_1_contrast_against_their_bar(figures):
    regions = next(f for (_, fid), f in figures.items() if fid == "regions-figure")
    for trace in regions["data"]:
        bar, text = trace["marker"]["color"], trace["insidetextfont"]["color"]
        assert contrast(bar, text) >= 4.5, (trace["name"], bar, text)


def test_series_differ_by_more_than_colour(figures):
    """No two lines of a trajectory share both marker symbol and dash (1.4.1 use of colour): a
    predecessor's line, in its judgement's mark, has open markers. A comparison draws one
    judgement, so every panel has the same mark; its panels are named, not styled, apart."""
    for (url, figure_id), figure in figures.items():
        if figure_id != "trajectory-figure":
            continue
        lines = grade_traces(figure)
        styles = [(t["marker"]["symbol"][0], t["line"]["dash"]) for t in lines]
        assert len(lines) >= 2
        assert len(set(styles)) == len(styles), (url, styles)


def test_contrast_formula_on_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#b1b4b6", "#ffffff") < 3  # GOV.UK mid grey: why the no-data bars are darker
