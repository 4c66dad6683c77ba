"""The compare page (/compare/) and its picker (/compare/search/), on the real data."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest

from authorities.models import Authority, StatisticalNeighbour
from dashboard.pages.compare import MAX_AUTHORITIES
from inspections.demo_load import demo_load
from tests.dashboard.figures import grade_traces, points

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
#: Twelve authorities besides Buckinghamshire and Sandwell, all in the register.
OTHERS = [
    "oxfordshire",
    "hertfordshire",
    "west-berkshire",
    "surrey",
    "cambridgeshire",
    "bracknell-forest",
    "central-bedfordshire",
    "windsor-and-maidenhead",
    "trafford",
    "hampshire",
    "wolverhampton",
    "walsall",
]


@dataclass
class Element:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list[Element]:
        return [
            e
            for e in self.iter()
            if (tag is None or e.tag == tag)
            and all(
                v in e.attrs.get("class", "").split()  # class_ matches one of the classes
                if k == "class_"
                else e.attrs.get(k.rstrip("_").replace("_", "-")) == v
                for k, v in attrs.items()
            )
        ]

    def find(self, tag: str | None = None, **attrs) -> Element | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(response) -> Element:
    assert response.status_code == 200, response.content[:500]
    builder = TreeBuilder()
    builder.feed(response.content.decode())
    return builder.root


def figure_of(page: Element) -> dict:
    return json.loads(page.find("script", id="compare-figure").text())


def lines(page: Element) -> list[dict]:
    """The authorities' step lines (one per panel), without what carries them on to today."""
    return grade_traces(figure_of(page))


def slugs_in(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("a", [])


def notes(page: Element) -> str:
    box = page.find("div", class_="notes")
    return box.text() if box else ""


def compare_url(*slugs: str, area: str | None = None) -> str:
    query = "&".join([*(f"a={s}" for s in slugs), *([f"area={area}"] if area else [])])
    return f"/compare/?{query}"


@pytest.fixture
def everything(national_site):
    """The register, the national history and the demo's older Buckinghamshire and Sandwell."""


def cell(row, key: str) -> str:
    """A table row's cell of one column (data-key), as text."""
    return next(c for c in row.find_all() if c.attrs.get("data-key") == key).text()


def test_buckinghamshire_and_sandwell_overall(client, everything):
    page = parse(client.get(compare_url("buckinghamshire", "sandwell")))
    figure = figure_of(page)
    assert [t["name"] for t in lines(page)] == ["Buckinghamshire", "Sandwell"]
    bucks, sandwell = lines(page)
    assert points(bucks) == [
        ("2011-01-24", 2),  # SLAC (the statistics)
        ("2014-08-08", 4),
        ("2018-01-29", 4),
        ("2022-02-11", 3),
        ("2025-05-14", 3),
    ]
    assert points(sandwell) == [
        ("2010-01-13", 4),  # SLAC: safeguarding inadequate, looked after children adequate
        ("2012-02-20", 3),  # its re-inspection: adequate
        ("2013-04-09", 4),  # CPI (one service: drawn, but no standing)
        ("2013-08-02", 4),  # TLAC
        ("2015-06-05", 4),
        ("2018-01-29", 4),
        ("2022-07-05", 3),
        ("2025-12-02", 2),
    ]
    assert all(t["line"]["shape"] == "hv" for t in lines(page))
    # Small multiples: each authority in a panel of its own, named above it, on a grade axis of
    # its own (never overlaid), both in overall effectiveness's mark.
    assert (bucks["yaxis"], sandwell["yaxis"]) == ("y", "y2")
    layout = figure["layout"]
    assert "overlaying" not in layout["yaxis2"] and layout["yaxis2"]["matches"] == "y"
    assert layout["yaxis"]["domain"][0] > layout["yaxis2"]["domain"][1]
    labels = [a["text"] for a in layout["annotations"]]
    assert labels == ["Buckinghamshire", "Sandwell"]
    for trace in (bucks, sandwell):
        assert (trace["line"]["color"], trace["line"]["dash"]) == ("#12436D", "solid")
        assert set(trace["marker"]["symbol"]) == {"circle"}
    assert "Overall effectiveness" in figure["layout"]["title"]["text"]

    chart = page.find("div", id="compare-chart")
    assert chart.attrs["data-figure"] == "compare-figure" and chart.attrs["role"] == "img"
    assert "Buckinghamshire and Sandwell" in chart.attrs["aria-label"]

    table = page.find("table")
    headers = table.find("thead").find_all("th")
    assert {th.attrs.get("scope") for th in headers} == {"col"}
    assert [th.attrs["data-key"] for th in headers][:3] == [
        "authority",
        "authority_name_then",
        "published_on",
    ]
    rows = [
        (
            tr.find("th").text(),
            *(cell(tr, key) for key in ("authority_name_then", "published_on", "grade")),
        )
        for tbody in table.find_all("tbody")
        for tr in tbody.find_all("tr")
    ]
    council = "Buckinghamshire County Council"
    assert rows[:5] == [
        ("Buckinghamshire", council, "24 January 2011", "Good"),
        ("Buckinghamshire", council, "8 August 2014", "Inadequate"),
        ("Buckinghamshire", council, "29 January 2018", "Inadequate"),
        (
            "Buckinghamshire",
            "Buckinghamshire",
            "11 February 2022",
            "Requires improvement to be good",
        ),
        ("Buckinghamshire", "Buckinghamshire", "14 May 2025", "Requires improvement to be good"),
    ]
    assert [r[0] for r in rows[5:]] == ["Sandwell"] * 8
    assert all(tr.find("th").attrs["scope"] == "row" for tr in table.find("tbody").find_all("tr"))
    assert table.find("caption").text().startswith("Overall effectiveness")


def test_the_judgement_area_switches_the_chart_and_table(client, everything):
    page = parse(client.get(compare_url("buckinghamshire", "sandwell", area="children_in_care")))
    bucks = lines(page)[0]
    assert points(bucks) == [
        ("2014-08-08", 4),
        ("2018-01-29", 4),
        ("2022-02-11", 3),
        ("2025-05-14", 2),
    ]
    assert page.find("option", value="children_in_care").attrs.get("selected") is not None
    assert page.find("caption").text().startswith("Children in care")
    # Every link on the page keeps the area.
    links = [
        a.attrs["href"]
        for a in page.find("div", id="compare").find_all("a")
        if "/compare/" in a.attrs["href"]
    ]
    assert links and all("area=children_in_care" in href for href in links)


def test_a_missing_judgement_is_a_gap_and_named_in_the_table(client, everything):
    page = parse(client.get(compare_url("sandwell", "buckinghamshire", area="care_leavers")))
    sandwell = lines(page)[0]
    # Sandwell's 2013 report (before SIF) and its ILACS report of 2022 judged no care leavers
    # on their own: their frameworks give no such judgement, so they do not break the line
    # (no point, no gap, never a zero); the table names them.
    drawn = [x for x, _ in points(sandwell)]
    assert "2013-08-02" not in drawn and "2022-07-05" not in drawn
    assert None not in [y for _, y in points(sandwell)] and 0 not in [
        y for _, y in points(sandwell)
    ]
    cells = [cell(tr, "grade") for tr in page.find("tbody").find_all("tr")]
    assert cells[0] == "not judged in this framework"
    assert cells.count("not judged in this framework") >= 2


def test_an_authority_without_any_judgement_in_the_area_is_still_listed(client, everything):
    # Capacity to improve: judged before SIF, but neither the statistics nor any report of the
    # archive gives it, so no authority has one recorded.
    page = parse(
        client.get(compare_url("buckinghamshire", "oxfordshire", area="capacity_to_improve"))
    )
    names = [t["name"] for t in lines(page)]
    assert names == [
        "Buckinghamshire (no judgement recorded)", "Oxfordshire (no judgement recorded)"
    ]  # fmt: skip
    oxfordshire = page.find("table").find_all("tbody")[1]
    assert oxfordshire.find_all("tr") and all(
        cell(tr, "grade") in ("no judgement recorded", "not judged in this framework")
        for tr in oxfordshire.find_all("tr")
    )


def test_unknown_slugs_are_reported_and_the_rest_still_shows(client, everything):
    page = parse(client.get(compare_url("buckinghamshire", "atlantis", "sandwell", "sandwell")))
    assert "“atlantis”" in notes(page)
    assert [t["name"] for t in lines(page)] == ["Buckinghamshire", "Sandwell"]
    share = page.find("a", href="/compare/?a=buckinghamshire&a=sandwell&area=overall")
    assert share is not None  # the cleaned link to share


def test_more_than_twelve_keeps_the_first_twelve_and_says_so(client, everything):
    slugs = ["buckinghamshire", "sandwell", *OTHERS]
    page = parse(client.get(compare_url(*slugs)))
    names = [t["name"].removesuffix(" (no judgement recorded)") for t in lines(page)]
    assert len(names) == MAX_AUTHORITIES
    assert names == [Authority.objects.get(slug=s).name for s in slugs[:MAX_AUTHORITIES]]
    assert "at most 12" in notes(page) and "Wolverhampton, Walsall" in notes(page)
    # Twelve panels, one grade axis each, none overlaid and none overlapping another.
    layout = figure_of(page)["layout"]
    axes = [t["yaxis"] for t in lines(page)]
    assert axes == ["y", *(f"y{n}" for n in range(2, MAX_AUTHORITIES + 1))]
    domains = [layout["yaxis" + axis[1:]]["domain"] for axis in axes]
    assert all(upper[0] > lower[1] for upper, lower in itertools.pairwise(domains))
    assert not any("overlaying" in layout["yaxis" + axis[1:]] for axis in axes)
    # A full comparison offers no more additions.
    assert page.find("a", data_action="add-neighbours") is None


@pytest.mark.parametrize("area", ["bogus", "", "overall'--", "x" * 500, "OVERALL"])
def test_an_unknown_area_falls_back_to_overall(client, everything, area):
    page = parse(client.get("/compare/", {"a": ["buckinghamshire", "sandwell"], "area": area}))
    assert figure_of(page)["layout"]["title"]["text"].startswith("Overall effectiveness")
    assert ("no judgement called" in notes(page)) == bool(area)


def test_fewer_than_two_show_the_picker_and_a_prompt_but_no_chart(client, everything):
    for url in ("/compare/", compare_url("buckinghamshire")):
        page = parse(client.get(url))
        assert page.find("script", id="compare-figure") is None
        assert "Choose at least two authorities" in page.find("p", class_="prompt").text()
        assert page.find("input", name="q") is not None


def test_add_statistical_neighbours_of_buckinghamshire(client, everything):
    bucks = Authority.objects.get(slug="buckinghamshire")
    register = list(
        StatisticalNeighbour.objects.filter(authority=bucks)
        .order_by("rank")
        .values_list("neighbour__slug", flat=True)
    )
    assert len(register) == 10
    page = parse(client.get(compare_url("buckinghamshire", "sandwell")))
    item = next(
        li
        for li in page.find("ol", class_="chosen").find_all("li")
        if "Buckinghamshire" in li.text()
    )
    link = item.find("a", data_action="add-neighbours")
    assert link.text() == "Add statistical neighbours of Buckinghamshire"
    assert slugs_in(link.attrs["href"]) == ["buckinghamshire", "sandwell", *register]
    assert link.attrs["hx-get"] == link.attrs["href"] and link.attrs["hx-push-url"] == "true"

    after = parse(client.get(link.attrs["href"]))
    assert len(lines(after)) == 12
    assert "all 10 statistical neighbours shown" in after.find("ol", class_="chosen").text()


def test_neighbours_already_shown_are_skipped_and_the_cap_holds(client, everything):
    bucks = Authority.objects.get(slug="buckinghamshire")
    register = list(
        StatisticalNeighbour.objects.filter(authority=bucks)
        .order_by("rank")
        .values_list("neighbour__slug", flat=True)
    )
    shown = ["buckinghamshire", register[4], "sandwell", "wolverhampton", "walsall"]
    page = parse(client.get(compare_url(*shown)))
    link = page.find("a", data_action="add-neighbours")  # Buckinghamshire's comes first
    added = slugs_in(link.attrs["href"])[len(shown) :]
    assert added == [s for s in register if s != register[4]][:7]
    assert "the closest 7 of the 9 not shown" in page.find("ol", class_="chosen").text()


@pytest.mark.parametrize("text", ["buckingham", "825", "E06000060", "e06000060", "80442"])
def test_the_picker_finds_by_name_and_every_code(client, everything, text):
    response = client.get(
        "/compare/search/",
        {"q": text, "a": ["sandwell"], "area": "leadership"},
        headers={"HX-Request": "true"},
    )
    assert b"<html" not in response.content
    results = parse(response)
    link = next(a for a in results.find_all("a") if a.text() == "Add Buckinghamshire")
    assert link.attrs["href"] == "/compare/?a=sandwell&a=buckinghamshire&area=leadership"
    assert link.attrs["hx-get"] == link.attrs["href"]
    assert link.attrs["hx-target"] == "#compare" and link.attrs["hx-push-url"] == "true"


def test_the_picker_leaves_out_authorities_already_compared(client, everything):
    response = client.get(
        "/compare/search/", {"q": "825", "a": ["buckinghamshire"]}, headers={"HX-Request": "true"}
    )
    assert "No authority not already compared matches" in parse(response).text()


def test_the_picker_without_javascript_returns_the_whole_page(client, everything):
    page = parse(
        client.get("/compare/search/", {"q": "Oxford", "a": ["buckinghamshire", "sandwell"]})
    )
    assert page.find("html") is not None
    assert page.find("input", name="q").attrs["value"] == "Oxford"
    link = next(
        a
        for a in page.find("div", id="picker-results").find_all("a")
        if a.text() == "Add Oxfordshire"
    )
    assert slugs_in(link.attrs["href"]) == ["buckinghamshire", "sandwell", "oxfordshire"]
    assert "More authorities match" not in page.find("div", id="picker-results").text()
    assert lines(page)  # and the comparison itself


def test_htmx_gets_the_compare_region_and_a_plain_request_the_page(client, everything):
    url = compare_url("buckinghamshire", "sandwell")
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and b'id="compare-figure"' in partial.content
    assert b'<div id="compare">' not in partial.content  # the region's content: swapped innerHTML
    full = client.get(url)
    assert b"<html" in full.content and b'<div id="compare">' in full.content
    assert b"vendor/plotly-basic.min.js" in full.content and b"js/charts.js" in full.content
    for response in (partial, full):
        assert "HX-Request" in response["Vary"]
    # The back button after htmx's history cache missed: the whole page again.
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" in restore.content


def test_the_page_works_without_javascript(client, everything):
    page = parse(client.get(compare_url("buckinghamshire", "sandwell")))
    # Every control is a real link or a GET form.
    for link in page.find("div", id="compare").find_all("a"):
        assert link.attrs["href"] and not link.attrs["href"].startswith("#")
    forms = page.find("div", id="compare").find_all("form")
    assert {f.attrs["action"] for f in forms} == {"/compare/", "/compare/search/"}
    assert all(f.attrs["method"] == "get" and f.find("button", type="submit") for f in forms)


def test_only_get(client, db):
    assert client.post("/compare/").status_code == 405


@pytest.mark.parametrize("data", ["demo", "national"])
def test_compare_queries_do_not_grow_with_the_data(
    client, national_site, django_assert_max_num_queries, request, data
):
    """The data version (1), authorities (1), their neighbours with their authorities (1) and
    predecessors (1), inspections (1) with judgements (1) and former names (1): no query per
    inspection or row."""
    # Demo data only (2 authorities) against the whole national history (153).
    if data == "demo":
        request.getfixturevalue("empty_database")
    demo_load()
    from authorities.models import Authority as Authorities

    assert Authorities.objects.count() == (158 if data == "national" else 2)  # two real sizes
    with django_assert_max_num_queries(7):
        page = parse(client.get(compare_url("buckinghamshire", "sandwell")))
    assert len(lines(page)) == 2


@pytest.mark.parametrize("count", [2, 12])
def test_compare_queries_do_not_grow_with_the_authorities(
    client, django_assert_max_num_queries, everything, count
):
    slugs = ["buckinghamshire", "sandwell", *OTHERS][:count]
    with django_assert_max_num_queries(7):
        page = parse(client.get(compare_url(*slugs)))
    assert len(lines(page)) == count


@pytest.mark.parametrize("count", [1, 11])
def test_search_queries_do_not_grow(client, django_assert_max_num_queries, everything, count):
    """The data version (1), the authorities shown (1) and the search (1); former names are
    matched in a subquery."""
    slugs = ["sandwell", *OTHERS][:count]
    with django_assert_max_num_queries(3):
        response = client.get(
            "/compare/search/", {"q": "shire", "a": slugs}, headers={"HX-Request": "true"}
        )
    results = parse(response)
    assert len(results.find_all("li")) == 10
    assert "More authorities match" in results.text()
