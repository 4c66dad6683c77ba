"""The map (/map/, dashboard/pages/maps.py and dashboard/geography.py), on the real data: one
linked shape per current authority, the same standings as the index, its downloads and embed."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re

import pytest

from authorities.models import Authority
from dashboard import geography
from inspections.rules import STANDING_AREAS, Grade
from tests.admin_helpers import parse

pytestmark = pytest.mark.usefixtures("national_site")

#: A grade as the files write it (the table's data-value) → its key (a shape's fill).
KEYS = {label: key for key, label in Grade.choices} | {"": "none"}
GRADE_FILLS = {"outstanding", "good", "requires_improvement", "adequate", "inadequate", "none"}


def shapes(page) -> list:
    """The map's links, each holding one path."""
    svg = page.find("svg", class_="map-drawing")
    return svg.find_all("a")


def table_grades(page) -> dict[str, str]:
    """The map's table: each authority's page path → the grade it shows (data-value)."""
    table = page.find("table", id="map-rows")
    grades = {}
    for row in table.find("tbody").find_all("tr"):
        cells = {cell.attrs["data-key"]: cell for cell in row.iter() if "data-key" in cell.attrs}
        link = cells["page_url"].find("a").attrs["href"]
        grades[link.removeprefix("http://testserver")] = cells["grade"].attrs["data-value"]
    return grades


def download(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content).decode()


def test_the_shipped_shapes_are_the_registers_current_authorities():
    """The file the site ships (scripts/build_map.py): 153 shapes keyed by ONS code, no
    predecessor among them, the ONS attribution with them."""
    found = geography.shapes()
    assert len(found.by_code) == 153
    assert {"E10000006", "E10000021", "E06000029", "E06000028"}.isdisjoint(found.by_code)
    assert "E06000063" in found.by_code and "E08000038" in found.by_code  # Cumberland, Barnsley
    assert "Office for National Statistics" in found.attribution
    assert "Open Government Licence v.3.0" in found.attribution
    current = set(Authority.objects.current().values_list("ons_code", flat=True))
    assert current == set(found.by_code)


def test_one_shape_per_current_authority_each_linked_to_its_page(client):
    response = client.get("/map/")
    assert response.status_code == 200
    page = parse(response)
    links = shapes(page)
    assert len(links) == 153
    expected = {a.get_absolute_url(): a.name for a in Authority.objects.current()}
    hrefs = [a.attrs["href"] for a in links]
    assert sorted(hrefs) == sorted(expected)
    for link in links:
        paths = link.find_all("path")
        assert len(paths) == 1 and paths[0].attrs["d"].startswith("M")
        # Its accessible name: the authority and its grade in words, not the colour alone.
        name = link.attrs["aria-label"]
        assert name.startswith(expected[link.attrs["href"]] + ": ")
        assert paths[0].find("title").text() == name
        fill = re.fullmatch(r"url\(#map-(\w+)\)", paths[0].attrs["fill"]).group(1)
        assert fill in GRADE_FILLS and fill == link.attrs["data-grade"]


def test_each_grade_has_its_own_pattern_and_a_named_key(client):
    page = parse(client.get("/map/"))
    patterns = {
        p.attrs["id"]: p for p in page.find("svg", class_="map-drawing").find_all("pattern")
    }
    used = {a.attrs["data-grade"] for a in shapes(page)}
    assert {f"map-{grade}" for grade in used} <= set(patterns)
    kinds = {geography.PATTERNS.get(grade, geography.NO_GRADE) for grade in used}
    assert len(kinds) == len(used)  # no two grades drawn alike
    # Every grade but outstanding (solid) carries marks over its colour.
    for grade in used - {"outstanding"}:
        assert len(patterns[f"map-{grade}"].find_all()) >= 2
    key = page.find("ul", class_="map-legend").text()
    for words in ("Outstanding", "Good", "Requires improvement to be good", "Inadequate"):
        assert words in key


def test_the_tables_standings_equal_the_indexs(client):
    """The map's table and the index's download read the same standing, authority by authority
    (the index's "standing" column; an area's own column for ?area=)."""
    index = json.loads(download(client, "/downloads/authorities.json"))["rows"]
    by_page = {row["page_url"].removeprefix("http://testserver"): row for row in index}
    page = parse(client.get("/map/"))
    grades = table_grades(page)
    assert len(grades) == 153 and set(grades) == set(by_page)
    for path, grade in grades.items():
        assert grade == (by_page[path]["standing"] or ""), path
    assert sum(1 for grade in grades.values() if grade == "Inadequate") >= 5
    # The shapes are coloured by the same grades.
    for link in shapes(page):
        assert link.attrs["data-grade"] == KEYS[grades[link.attrs["href"]]]


@pytest.mark.parametrize("area", [area.value for area in STANDING_AREAS])
def test_area_changes_the_colours_and_the_table(client, area):
    overall, chosen = parse(client.get("/map/")), parse(client.get(f"/map/?area={area}"))
    index = json.loads(download(client, "/downloads/authorities.json"))["rows"]
    by_page = {row["page_url"].removeprefix("http://testserver"): row for row in index}
    grades = table_grades(chosen)
    for path, grade in grades.items():
        assert grade == (by_page[path][area] or ""), path
    assert grades != table_grades(overall)  # the real data differs by area
    colours = {a.attrs["href"]: a.attrs["data-grade"] for a in shapes(chosen)}
    assert colours != {a.attrs["href"]: a.attrs["data-grade"] for a in shapes(overall)}
    label = chosen.find("table", id="map-rows").find("th", **{"data-key": "grade"}).text()
    assert label.startswith(STANDING_AREAS[[a.value for a in STANDING_AREAS].index(area)].label)


def test_region_zooms_to_londons_boroughs(client):
    england, london = parse(client.get("/map/")), parse(client.get("/map/?region=GL"))
    links = shapes(london)
    assert len(links) == 33
    assert {a.attrs["href"] for a in links} == {
        a.get_absolute_url() for a in Authority.objects.current().filter(region="GL")
    }
    assert len(table_grades(london)) == 33
    whole = [float(v) for v in england.find("svg", class_="map-drawing").attrs["viewbox"].split()]
    zoomed = [float(v) for v in london.find("svg", class_="map-drawing").attrs["viewbox"].split()]
    assert zoomed[2] < whole[2] / 5  # London is a small part of England's width
    # The zoomed patterns keep their size on screen: tiles in proportion to the view.
    tile = float(london.find("pattern").attrs["width"])
    assert tile < float(england.find("pattern").attrs["width"]) / 5


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("area=bogus", "no judgement area called “bogus”"),
        ("area=adoption", "no judgement area called “adoption”"),
        ("region=XX", "no region called “XX”"),
        ("region=london", "no region called “london”"),
    ],
)
def test_a_bad_area_or_region_is_a_400_that_says_why(client, query, says):
    response = client.get(f"/map/?{query}")
    assert response.status_code == 400
    page = parse(response)
    assert says in page.find("div", class_="govuk-error-summary").text()
    assert len(shapes(page)) == 153  # and the default map beside the message
    download_response = client.get(f"/downloads/map.csv?{query}")
    assert download_response.status_code == 400
    assert says in download_response.content.decode()
    embed = client.get(f"/embed/map/?{query}")
    assert embed.status_code == 400 and says in embed.content.decode()


def test_the_map_is_in_the_server_html_without_javascript(client):
    """The SVG and its table are in the HTML the server sends: no script draws the map."""
    response = client.get("/map/")
    html = response.content.decode()
    page = parse(response)
    assert page.find("svg", class_="map-drawing")
    scripts = [s.attrs.get("src", "") for s in page.find_all("script")]
    assert not [s for s in scripts if "plotly" in s or "charts" in s]
    assert "data-figure" not in html


def test_the_page_is_small(client, capsys):
    """At most 150 KB compressed (gzip, as a server sends it)."""
    for url in ("/map/", "/map/?area=care_leavers", "/map/?region=GL", "/embed/map/"):
        content = client.get(url).content
        compressed = len(gzip.compress(content, 6))
        with capsys.disabled():
            print(f"\n{url}: {len(content) / 1024:.0f} KB, {compressed / 1024:.1f} KB gzipped")
        assert compressed <= 150 * 1024


def test_downloads_hold_the_tables_rows(client):
    page = parse(client.get("/map/?area=leadership&region=GL"))
    links = {
        a.attrs["data-format"]: a.attrs["href"]
        for a in page.find_all("a")
        if "data-format" in a.attrs
    }
    assert links == {
        "csv": "/downloads/map.csv?area=leadership&region=GL",
        "json": "/downloads/map.json?area=leadership&region=GL",
    }
    rows = list(csv.DictReader(io.StringIO(download(client, links["csv"]))))
    document = json.loads(download(client, links["json"]))
    assert len(rows) == len(document["rows"]) == 33
    assert document["view_url"] == "http://testserver/map/?area=leadership&region=GL"
    assert list(rows[0]) == document["columns"]
    assert {"authority", "ons_code", "grade", "page_url"} <= set(rows[0])
    grades = table_grades(page)
    for row in document["rows"]:
        shown = grades[row["page_url"].removeprefix("http://testserver")]
        assert (row["grade"] or "") == shown


def test_permalink_and_embed(client):
    page = parse(client.get("/map/?area=care_leavers&region=GL"))
    permalink = page.find("a", rel="bookmark")
    assert permalink.attrs["href"] == "/map/?area=care_leavers&region=GL"
    snippet = page.find("textarea", id="embed-snippet").text()
    assert "http://testserver/embed/map/?area=care_leavers&amp;region=GL" in snippet
    response = client.get("/embed/map/?area=care_leavers&region=GL")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    embed = parse(response)
    assert len(shapes(embed)) == 33
    assert "Office for National Statistics" in embed.find("p", class_="map-credit").text()
    assert embed.find("link", rel="canonical").attrs["href"] == (
        "http://testserver/map/?area=care_leavers&region=GL"
    )
    # Its shapes open their authority's page in the whole window, not the frame.
    assert {a.attrs["target"] for a in shapes(embed)} == {"_top"}


def test_ons_attribution_on_the_page(client):
    page = parse(client.get("/map/"))
    credit = page.find("p", class_="map-credit").text()
    assert "Contains OS data © Crown copyright and database right 2023" in credit


def test_linked_from_home_header_and_each_authority_page(client):
    home = parse(client.get("/"))
    assert home.find("p", id="map-link").find("a").attrs["href"] == "/map/"
    nav = home.find("nav")
    assert "/map/" in [a.attrs["href"] for a in nav.find_all("a")]
    camden = parse(client.get("/authorities/camden/"))
    locator = camden.find("p", class_="locator")
    assert locator.find("a").attrs["href"] == "/map/?region=GL"
    assert locator.find("path", class_="locator-authority").attrs["d"] == (
        geography.shapes().by_code["E09000007"].path
    )
    # A predecessor is not drawn: no locator on its page.
    cumbria = parse(client.get("/authorities/cumbria/"))
    assert not cumbria.find_all("p", class_="locator")


def test_map_queries_do_not_grow_with_authorities(client, django_assert_max_num_queries):
    """The map reads the standings the index reads: one query for its rows, whatever their
    number, and the data version (the page cache's key)."""
    with django_assert_max_num_queries(2):
        assert client.get("/map/?area=help_and_protection").status_code == 200


def test_the_shipped_shapes_are_what_the_script_builds(tmp_path, shared_data):
    """scripts/build_map.py run again on ../shared/data/geo writes the shipped file byte for byte
    (the optional extra "maps" installed: the dev extra brings it)."""
    geo = shared_data.parent / "geo"
    if not (geo / "lad23_boundaries.geojson").is_file():
        pytest.skip(f"no boundaries at {geo}")
    build_map = pytest.importorskip("scripts.build_map", reason="pip install -e '.[maps]'")
    out = tmp_path / "authorities.json"
    build_map.main(["--geo", str(geo), "--out", str(out)])
    assert out.read_bytes() == geography.GEO_FILE.read_bytes()


def test_a_standing_from_area_grades_says_so_on_its_shape(client):
    """Trafford's 2026 inspection gives no overall grade: it stands inadequate by its areas, and
    its shape's name says so (the README's standing rules)."""
    page = parse(client.get("/map/"))
    trafford = next(a for a in shapes(page) if a.attrs["href"] == "/authorities/trafford/")
    assert trafford.attrs["data-grade"] == "inadequate"
    assert trafford.attrs["aria-label"] == (
        "Trafford: Inadequate (lowest area grade: this framework gives no overall grade)"
    )
