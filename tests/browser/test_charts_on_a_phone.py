"""The charts on a phone (390 CSS pixels wide), in Chromium, on the national data: no chart
title, note, panel label, legend entry or axis label is cut off by its figure or drawn over
another (the bounding boxes of the SVG text plotly.js draws lie inside the chart and apart)."""

from __future__ import annotations

import pytest

from tests.dashboard.test_compare import OTHERS

pytestmark = [pytest.mark.django_db(transaction=True)]

#: Buckinghamshire, Sandwell and the first ten of the compare tests' others: twelve in all.
TWELVE = ["buckinghamshire", "sandwell", *OTHERS[:10]]
PAGES = {
    "authority": "/authorities/buckinghamshire/",
    "authority, every judgement": "/authorities/buckinghamshire/?"
    + "&".join(
        f"show={key}"
        for key in (
            "overall",
            "help_and_protection",
            "children_in_care",
            "care_leavers",
            "adoption",
            "leadership",
            "lscb",
        )
    ),  # fmt: skip
    "compare, twelve": "/compare/?" + "&".join(f"a={slug}" for slug in TWELVE),
    "compare, two": "/compare/?a=buckinghamshire&a=sandwell&area=children_in_care",
    "home": "/",
}

#: Every piece of text plotly.js draws in a chart, with what it is, and its box in the page.
TEXT_BOXES = """chart => {
  const kinds = {
    ".gtitle": "title",
    ".annotation-text": "note",
    ".xaxislayer-above text": "x axis label",
    ".yaxislayer-above text": "y axis label",
    "[class^='g-x'][class$='title'] text": "x axis title",
    "[class^='g-y'][class$='title'] text": "y axis title",
    ".legendtext": "legend",
  };
  const boxes = [];
  for (const [selector, kind] of Object.entries(kinds)) {
    for (const element of chart.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      if (!element.textContent.trim() || box.width === 0) continue;
      boxes.push({kind, text: element.textContent, left: box.left, right: box.right,
                  top: box.top, bottom: box.bottom});
    }
  }
  const frame = chart.getBoundingClientRect();
  return {boxes, frame: {left: frame.left, right: frame.right, top: frame.top,
                         bottom: frame.bottom}};
}"""


def overlap(a: dict, b: dict) -> float:
    """The area two boxes share, in square pixels."""
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


def test_no_chart_text_is_cut_off_or_overlaps_at_390_pixels(
    live_server, browser, national_committed
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    problems, checked = [], 0
    for name, url in PAGES.items():
        page.goto(live_server.url + url)
        wait_for_charts(page)
        for index, chart in enumerate(page.locator("[data-figure]").all()):
            found, boxes = text_problems(chart, f"{name} #{index}")
            problems += found
            checked += len(boxes)
    assert checked > 150  # every chart's text, not a vacuous pass
    assert problems == []

    # The check can fail: the title one line higher is cut off; a note moved up onto the title
    # is over it.
    page.goto(live_server.url + PAGES["authority"])
    wait_for_charts(page)
    chart = page.locator("[data-figure]").first
    chart.evaluate("chart => Plotly.relayout(chart, {'title.pad.t': 0})")
    found, _ = text_problems(chart, "control")
    assert any("title" in problem and "cut off" in problem for problem in found), found
    chart.evaluate(
        """chart => {
            const title = chart.querySelector('.gtitle').getBoundingClientRect();
            const svg = chart.querySelector('svg').getBoundingClientRect();
            const up = chart._fullLayout._size.t - (title.bottom - svg.top) + 8;
            return Plotly.relayout(chart, {'title.pad.t': 24, 'annotations[0].yshift': up,
                'annotations[0].x': chart._fullLayout.xaxis.range[0],
                'annotations[0].xanchor': 'left'});
        }"""
    )
    found, _ = text_problems(chart, "control")
    assert any("note" in problem and "over" in problem for problem in found), found
    context.close()


def wait_for_charts(page) -> None:
    page.wait_for_function(
        "[...document.querySelectorAll('[data-figure]')]"
        ".every(chart => chart.dataset.drawn === 'true')",
        timeout=30_000,
    )


def text_problems(chart, where: str) -> tuple[list[str], list[dict]]:
    """What is cut off by the chart's frame or drawn over other text; and every text's box."""
    found = chart.evaluate(TEXT_BOXES)
    frame, boxes = found["frame"], found["boxes"]
    assert frame["right"] - frame["left"] <= 390
    kinds = {box["kind"] for box in boxes}
    assert {"title", "x axis label", "legend"} <= kinds, (where, kinds)
    problems = [
        f"{where}: {box['kind']} {box['text']!r} cut off"
        for box in boxes
        if not (
            box["left"] >= frame["left"] - 0.5
            and box["right"] <= frame["right"] + 0.5
            and box["top"] >= frame["top"] - 0.5
            and box["bottom"] <= frame["bottom"] + 0.5
        )
    ]
    problems += [
        f"{where}: {a['kind']} {a['text']!r} over {b['kind']} {b['text']!r}"
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if overlap(a, b) > 1
    ]
    return problems, boxes
