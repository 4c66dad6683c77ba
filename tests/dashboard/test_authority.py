"""The authority page and the authorities index, on the real data."""

import datetime as dt
import json
from html.parser import HTMLParser

import pytest

from authorities.models import Authority
from dashboard.pages import index as views
from inspections import standing
from inspections.models import Inspection
from inspections.rules import Area, Framework, Grade
from inspections.services import demo_load
from tests.factories import make_authority, make_inspection

D = dt.date


class PageParser(HTMLParser):
    """Collects json_script payloads, table rows of the results table and captions."""

    def __init__(self):
        super().__init__()
        self.scripts, self.rows, self.captions, self._in = {}, [], [], None
        self.first_cells, self._cell = [], None
        self._script_id, self._text = None, []
        self.has_html = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.has_html = True
        if tag == "script" and attrs.get("type") == "application/json":
            self._script_id, self._text = attrs["id"], []
        if tag in ("tr", "caption"):
            self._in, self._text = tag, []
        if tag in ("th", "td") and self._in == "tr" and self._cell is None:
            self._cell = len(self._text)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_id:
            self.scripts[self._script_id] = json.loads("".join(self._text))
            self._script_id = None
        if tag in ("th", "td") and self._cell is not None and self._in == "tr":
            if self._cell >= 0:
                self.first_cells.append(" ".join(" ".join(self._text[self._cell :]).split()))
            self._cell = -1
        if tag == "tr" and self._in == "tr":
            self.rows.append(" ".join(" ".join(self._text).split()))
            self._in, self._cell = None, None
        if tag == "caption" and self._in == "caption":
            self.captions.append(" ".join(" ".join(self._text).split()))
            self._in = None

    def handle_data(self, data):
        if self._script_id or self._in:
            self._text.append(data)


def parse(response) -> PageParser:
    parser = PageParser()
    parser.feed(response.content.decode())
    return parser


def overall_points(figure: dict) -> list[tuple[str, int]]:
    trace = next(t for t in figure["data"] if t["name"] == "Overall effectiveness")
    return [
        (x[:10], round(y)) for x, y in zip(trace["x"], trace["y"], strict=True) if y is not None
    ]


@pytest.fixture
def everything(national_site):
    """The register, the history and the demo data (loaded once per module)."""


def test_buckinghamshire_page_tells_its_story(client, everything):
    response = client.get("/authorities/buckinghamshire/")
    assert response.status_code == 200
    page = parse(response)
    figure = page.scripts["trajectory-figure"]
    assert overall_points(figure) == [
        ("2014-08-08", 4),
        ("2018-01-29", 4),
        ("2022-02-11", 3),
        ("2025-05-14", 3),
    ]
    hovers = next(t for t in figure["data"] if t["name"] == "Overall effectiveness")["hovertext"]
    assert (
        "Overall effectiveness: Inadequate" in hovers[0]
        and "Single inspection framework" in hovers[0]
    )
    assert "Buckinghamshire County Council" in hovers[1]  # its name then
    events = {
        t["name"]: t["x"]
        for t in figure["data"]
        if t["name"] in ("Monitoring visit", "Commissioner")
    }
    assert events == {"Monitoring visit": ["2016-11-30"], "Commissioner": ["2018-01-29"]}
    # The same data as tables: every inspection with all of its judgements and its report.
    assert len([c for c in page.captions if c.startswith("Published")]) == 4
    assert any(
        "Published 29 January 2018: Single inspection framework" in c
        and "as Buckinghamshire County Council" in c
        for c in page.captions
    )
    body = response.content.decode()
    for url in Inspection.objects.filter(authority__slug="buckinghamshire").values_list(
        "report_url", flat=True
    ):
        assert f'href="{url}"' in body
    assert "Adoption performance" in body and "Children in need" in body  # judgement + visit theme
    assert "Not printed in the source" in body  # the undated monitoring visit says why


def test_authority_page_current_judgements_are_the_latest_published(client, everything):
    response = client.get(Authority.objects.get(slug="sandwell").get_absolute_url())
    body = response.content.decode()
    assert "published 2 December 2025" in body
    assert "Sandwell Children&#x27;s Trust, since April 2018" in body


def test_series_toggles_are_links_that_work_without_javascript(client, everything):
    response = client.get("/authorities/buckinghamshire/?show=adoption&show=nonsense")
    figure = parse(response).scripts["trajectory-figure"]
    visible = [
        t["name"]
        for t in figure["data"]
        if t.get("visible", True) is True
        and "y" in t
        and t["name"] not in ("Monitoring visit", "Commissioner")
    ]
    assert visible == ["Adoption performance"]


def test_post_2026_inspection_says_no_overall_judgement(client, everything):
    response = client.get(Authority.objects.get(name="North Northamptonshire").get_absolute_url())
    body = response.content.decode()
    assert "no overall judgement (April 2026 framework)" in body
    figure = parse(response).scripts["trajectory-figure"]
    overall = next(t for t in figure["data"] if t["name"] == "Overall effectiveness")
    assert overall["y"][-1] is None  # a gap, not a zero


@pytest.mark.django_db
def test_predecessor_history_is_in_the_successors_timeline():
    old = make_authority(name="Oldshire", slug="oldshire", active_until=D(2021, 3, 31))
    new = make_authority(name="Newshire", slug="newshire", active_from=D(2021, 4, 1))
    new.predecessors.add(old)
    make_inspection(
        old,
        framework=Framework.ILACS,
        started_on=D(2019, 3, 4),
        ended_on=D(2019, 3, 15),
        published_on=D(2019, 5, 1),
        overall_effectiveness=Grade.INADEQUATE,
    )
    make_inspection(new, overall_effectiveness=Grade.GOOD)
    from django.test import Client

    response = Client().get(new.get_absolute_url())
    page = parse(response)
    assert any("predecessor authority: Oldshire" in c for c in page.captions)
    names = [t["name"] for t in page.scripts["trajectory-figure"]["data"]]
    assert "Overall effectiveness – Oldshire (predecessor)" in names
    assert "Overall effectiveness" in names


@pytest.mark.django_db
def test_unknown_authority_is_a_404(client):
    assert client.get("/authorities/atlantis/").status_code == 404
    assert client.post("/authorities/").status_code == 405


@pytest.mark.parametrize("inspections", [1, 25])
@pytest.mark.django_db
def test_authority_page_queries_do_not_grow(client, django_assert_max_num_queries, inspections):
    """Judgements, former names and visits are prefetched, not loaded per inspection (the data
    version is one more query)."""
    authority = make_authority()
    for n in range(inspections):
        make_inspection(
            authority,
            started_on=D(2018 + n % 8, 1 + n // 8, 1),
            ended_on=D(2018 + n % 8, 1 + n // 8, 10),
            published_on=D(2018 + n % 8, 2 + n // 8, 1),
            overall_effectiveness=Grade.GOOD,
            grades={Area.LEADERSHIP: Grade.GOOD, Area.HELP_AND_PROTECTION: Grade.INADEQUATE},
        )
    with django_assert_max_num_queries(13):
        assert client.get(authority.get_absolute_url()).status_code == 200


# --- The index ----------------------------------------------------------------------------------


def names(response) -> list[str]:
    """The authority names in the results table (the first cell of each body row)."""
    cells = parse(response).first_cells[1:]  # after the header row
    return [c.split(" (until")[0] for c in cells if "No authority matches" not in c]


def test_index_lists_every_current_authority(client, everything):
    response = client.get("/authorities/")
    listed = names(response)
    assert len(listed) == 153
    assert listed[0].startswith("Barking and Dagenham")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=825", ["Buckinghamshire"]),
        ("q=E06000060", ["Buckinghamshire"]),
        ("q=80442", ["Buckinghamshire"]),
        ("q=county+council", ["Buckinghamshire"]),  # its former name
        ("q=northampton", ["North Northamptonshire", "West Northamptonshire"]),
        (
            "q=northampton&include_former=on",
            ["North Northamptonshire", "Northamptonshire", "West Northamptonshire"],
        ),
    ],
)
def test_index_search(client, everything, query, expected):
    assert names(client.get(f"/authorities/?{query}")) == expected


def test_index_filters_match_the_database(client, everything):
    def latest_overall(a):
        latest = a.inspections.filter(published_on__isnull=False).order_by("-published_on").first()
        return latest.overall_effectiveness if latest else None

    current = Authority.objects.current()
    expected = sorted(a.name for a in current if latest_overall(a) == Grade.INADEQUATE)
    assert expected  # the real data has authorities currently judged inadequate
    assert sorted(names(client.get("/authorities/?grade=inadequate"))) == expected
    no_overall = sorted(a.name for a in current if not latest_overall(a))
    assert sorted(names(client.get("/authorities/?grade=none"))) == no_overall
    london = names(client.get("/authorities/?region=GL"))
    assert len(london) == current.filter(region="GL").count() == 33
    since_2019 = sorted(
        a.name
        for a in current
        if a.inspections.filter(
            overall_effectiveness=Grade.INADEQUATE, published_on__gte=D(2019, 1, 1)
        ).exists()
    )
    assert sorted(names(client.get("/authorities/?inadequate_since=2019"))) == since_2019


def test_index_improved_and_declined(client, everything):
    def change(a):
        graded = list(
            a.inspections.filter(published_on__isnull=False).order_by("-published_on")[:2]
        )
        if (
            len(graded) < 2
            or not graded[0].overall_effectiveness
            or not graded[1].overall_effectiveness
        ):
            return None
        from inspections.rules import GRADE_RANK

        latest, previous = (
            GRADE_RANK[graded[0].overall_effectiveness],
            GRADE_RANK[graded[1].overall_effectiveness],
        )
        return "improved" if latest < previous else "declined" if latest > previous else "same"

    current = list(Authority.objects.current())
    for kind in ("improved", "declined"):
        expected = sorted(a.name for a in current if change(a) == kind)
        assert expected
        assert sorted(names(client.get(f"/authorities/?change={kind}"))) == expected


def test_index_sorts(client, everything):
    by_date = names(client.get("/authorities/?sort=last_inspection"))
    latest = (
        Inspection.objects.filter(authority__active_until__isnull=True)
        .order_by("-published_on")
        .first()
    )
    assert by_date[0] == latest.authority.name
    by_grade = names(client.get("/authorities/?sort=grade"))
    outstanding = {a.name for a in standing.index().filter(latest_overall="outstanding")}
    assert set(by_grade[: len(outstanding)]) == outstanding


def test_index_htmx_returns_only_the_results(client, everything):
    partial = client.get("/authorities/?region=NE", headers={"HX-Request": "true"})
    assert not parse(partial).has_html and 'id="results"' in partial.content.decode()
    full = client.get("/authorities/?region=NE")
    assert parse(full).has_html
    assert names(partial) == names(full)
    assert "HX-Request" in partial["Vary"]


def test_index_bad_filter_explains_itself(client, everything):
    response = client.get("/authorities/?inadequate_since=last+year&region=Mars")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a whole number." in body
    assert "Select a valid choice." in body
    assert len(names(response)) == 153  # the bad filters are not applied, and it says so
    assert "some filters were not applied" in body


@pytest.mark.django_db
def test_index_paginates_beyond_a_page(client, monkeypatch, empty_database):
    monkeypatch.setattr(views, "PAGE_SIZE", 10)
    for _ in range(25):
        make_authority()
    first = client.get("/authorities/")
    assert len(names(first)) == 10
    assert "Page 1 of 3" in first.content.decode()
    last = client.get("/authorities/?page=3")
    assert len(names(last)) == 5
    assert client.get("/authorities/?page=99").status_code == 200  # the last page, not an error


@pytest.mark.parametrize("size", ["demo", "national"])
def test_index_queries_do_not_grow(
    client, national_site, django_assert_max_num_queries, size, request
):
    """Latest and previous grades are subqueries, not a query per authority (the data version
    is one more query)."""
    # Demo data only (2 authorities) against the whole national history (157).
    if size == "demo":
        request.getfixturevalue("empty_database")
    demo_load()
    from authorities.models import Authority as Authorities

    assert Authorities.objects.count() == (157 if size == "national" else 2)  # two real sizes
    with django_assert_max_num_queries(5):
        assert client.get("/authorities/?sort=grade&change=improved").status_code == 200
