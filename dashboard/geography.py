"""The map of England's children's services authorities: shapes in, an SVG's parts out.

The shapes are the file `scripts/build_map.py` writes (data/geo/authorities.json: one SVG path
per current authority, keyed by its ONS code, from the ONS boundaries under the Open Government
Licence), read once per process. `map_figure()` joins them to a table's rows (the authorities
and their grades in the area shown) and returns what `templates/dashboard/_map.html` draws on the
server: no JavaScript, grades told by pattern and by name as well as by colour.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from inspections.rules import Grade

from .vocabulary import GRADE_COLOURS, NO_DATA_GREY

GEO_FILE = Path(settings.BASE_DIR) / "data" / "geo" / "authorities.json"

#: What a shape is filled with besides its grade's colour: the pattern tells grades apart
#: without colour (the legend and each shape's name say it in words too).
PATTERNS = {
    Grade.OUTSTANDING: "solid",
    Grade.GOOD: "stripes",
    Grade.REQUIRES_IMPROVEMENT: "dots",
    Grade.ADEQUATE: "dots-and-stripes",
    Grade.INADEQUATE: "cross-hatch",
}
NO_GRADE = "none"
#: The pattern's tile, in pixels of the map as drawn at its usual width.
TILE_PIXELS = 7
DRAWN_WIDTH = 560  # static/css/map.css: .map-drawing max-width


@dataclass(frozen=True)
class Shape:
    code: str  # ONS code
    name: str
    path: str  # SVG path data
    box: tuple[int, int, int, int]  # min x, min y, max x, max y


@dataclass(frozen=True)
class Shapes:
    view_box: tuple[int, int, int, int]  # min x, min y, width, height
    outline: str  # England, coarse: the locator's background
    attribution: str
    by_code: dict[str, Shape]


@functools.cache
def shapes() -> Shapes:
    built = json.loads(GEO_FILE.read_text(encoding="utf-8"))
    return Shapes(
        view_box=tuple(built["view_box"]),
        outline=built["outline"],
        attribution=built["attribution"],
        by_code={
            code: Shape(code, entry["name"], entry["path"], tuple(entry["box"]))
            for code, entry in built["authorities"].items()
        },
    )


def box_around(found: Iterable[Shape], margin: float = 0.03) -> tuple[int, int, int, int]:
    """The view box (min x, min y, width, height) that holds these shapes, with a margin."""
    found = list(found)
    if not found:
        return shapes().view_box
    x0, y0 = min(s.box[0] for s in found), min(s.box[1] for s in found)
    x1, y1 = max(s.box[2] for s in found), max(s.box[3] for s in found)
    pad = round(max(x1 - x0, y1 - y0) * margin)
    return (x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)


def box_text(view_box: tuple[int, int, int, int]) -> str:
    """A view box as SVG's viewBox attribute writes it."""
    return " ".join(str(v) for v in view_box)


@dataclass(frozen=True)
class MapShape:
    slug: str
    url: str  # the authority's page
    path: str
    grade: str  # a Grade value, or NO_GRADE
    label: str  # its accessible name: the authority and its grade in words


@dataclass(frozen=True)
class Fill:
    """A grade's fill as an SVG pattern: its colour, and white stripes, dots or a cross-hatch
    (no grade: grey stripes on white), in tiles of `tile` units."""

    id: str
    kind: str
    colour: str
    tile: float

    @property
    def rotated(self) -> bool:
        return self.kind in ("stripes", "cross-hatch", "dots-and-stripes", NO_GRADE)

    @property
    def background(self) -> str:
        return "#ffffff" if self.kind == NO_GRADE else self.colour

    @property
    def line(self) -> float:
        return round(self.tile * 0.3, 2)

    @property
    def half(self) -> float:
        return round(self.tile / 2, 2)

    @property
    def dot(self) -> float:
        return round(self.tile * 0.22, 2)


@dataclass(frozen=True)
class LegendEntry:
    grade: str
    pattern: str
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class MapFigure:
    title: str
    view_box: tuple[int, int, int, int]
    shapes: Sequence[MapShape]
    legend: Sequence[LegendEntry]
    #: The rows the map could not draw (no shape: an authority the boundaries do not hold).
    not_drawn: Sequence[str]
    attribution: str

    @property
    def view_box_text(self) -> str:
        return box_text(self.view_box)

    @property
    def tile(self) -> int:
        """The patterns' tile in the map's units: the same size on screen at any zoom."""
        return max(1, round(self.view_box[2] * TILE_PIXELS / DRAWN_WIDTH))

    def fills(self, prefix: str, tile: float) -> list[Fill]:
        return [Fill(f"{prefix}-{e.grade}", e.pattern, e.colour, tile) for e in self.legend]

    @property
    def map_fills(self) -> list[Fill]:
        """The patterns the map's shapes are filled with (`map-<grade>`), sized to its view."""
        return self.fills("map", self.tile)

    @property
    def key(self) -> list[tuple[LegendEntry, Fill]]:
        """The legend with its swatches' patterns (`key-<grade>`), in pixels."""
        return list(zip(self.legend, self.fills("key", TILE_PIXELS), strict=True))


def colour(grade: str) -> str:
    return GRADE_COLOURS.get(grade, NO_DATA_GREY)


def map_figure(title: str, rows: Sequence[dict], no_grade_label: str) -> MapFigure:
    """The map of a table's rows (index_tables.map_table): each row's authority drawn in its grade,
    named "<authority>: <grade in words>", linked to its page; the view box around those drawn."""
    known = shapes().by_code
    drawn, not_drawn = [], []
    for row in rows:
        shape = known.get(row["ons_code"])
        if shape is None:
            not_drawn.append(row["authority"])
            continue
        grade = row["grade"] or NO_GRADE
        label = f"{row['authority']}: {row['grade_words']}"
        slug, url = row["authority_slug"], row["page_path"]
        drawn.append((shape, MapShape(slug, url, shape.path, grade, label)))
    counts = Counter(shape.grade for _, shape in drawn)
    legend = [
        LegendEntry(grade, PATTERNS[grade], colour(grade), Grade(grade).label, counts[grade])
        for grade in Grade.values
        if counts[grade] or grade != Grade.ADEQUATE
    ]
    legend.append(LegendEntry(NO_GRADE, NO_GRADE, NO_DATA_GREY, no_grade_label, counts[NO_GRADE]))
    return MapFigure(
        title=title,
        view_box=box_around(shape for shape, _ in drawn),
        shapes=[shape for _, shape in drawn],
        legend=legend,
        not_drawn=not_drawn,
        attribution=shapes().attribution,
    )


@dataclass(frozen=True)
class Locator:
    """A small map of England with one authority picked out: its page's "where it is"."""

    view_box: str
    outline: str
    path: str
    #: A ring around it, so that a small authority (a London borough) shows at the locator's size.
    centre: tuple[int, int]
    ring: int


def locator(ons_code: str) -> Locator | None:
    """None for an authority the map does not draw (a predecessor)."""
    shape = shapes().by_code.get(ons_code)
    if shape is None:
        return None
    view_box = shapes().view_box
    x0, y0, x1, y1 = shape.box
    return Locator(
        box_text(view_box),
        shapes().outline,
        shape.path,
        ((x0 + x1) // 2, (y0 + y1) // 2),
        max(view_box[2] // 18, (max(x1 - x0, y1 - y0) * 6) // 10),
    )
