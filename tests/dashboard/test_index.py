"""The authorities index (dashboard/pages/index.py), on the real data."""

import datetime as dt

import pytest

from authorities.models import Authority
from dashboard.forms import AuthorityFilterForm
from dashboard.pages import index as views
from inspections.demo_load import demo_load
from inspections.models import Inspection
from inspections.rules import Grade
from tests.admin_helpers import parse as tree
from tests.dashboard.pages import parse
from tests.factories import make_authority, make_inspection

D = dt.date


@pytest.fixture
def everything(national_site):
    """The national register and history with the demo data (loaded once per module)."""


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


AREAS = ("help_and_protection", "children_in_care", "care_leavers", "leadership")
RANK = {"outstanding": 1, "good": 2, "requires_improvement": 3, "adequate": 3, "inadequate": 4}


def _standing(inspection) -> str:
    """The README's rule, written out again: the overall grade, else (April 2026) the lowest
    grade among the four areas, else none."""
    if inspection.overall_effectiveness:
        return inspection.overall_effectiveness
    if inspection.framework == "ilacs_2026":
        grades = [j.grade for j in inspection.judgements.all() if j.area in AREAS]
        return max(grades, key=RANK.__getitem__, default="")
    return ""


def _latest(a, n=1):
    return list(a.inspections.filter(published_on__isnull=False).order_by("-published_on")[:n])


def test_index_filters_match_the_database(client, everything):
    def standing(a):
        latest = _latest(a)
        return _standing(latest[0]) if latest else ""

    current = Authority.objects.current()
    expected = sorted(a.name for a in current if standing(a) == Grade.INADEQUATE)
    assert "Trafford" in expected  # inadequate in two areas in 2026, no overall grade
    assert sorted(names(client.get("/authorities/?grade=inadequate"))) == expected
    no_grade = sorted(a.name for a in current if not standing(a))
    assert sorted(names(client.get("/authorities/?grade=none"))) == no_grade
    london = names(client.get("/authorities/?region=GL"))
    assert len(london) == current.filter(region="GL").count() == 33
    # Inadequate on some day from 1 January 2019: a report since then, or the latest before it
    # (which stood until the next), judged inadequate.
    since_2019 = sorted(
        a.name
        for a in current
        if any(
            _standing(i) == Grade.INADEQUATE
            for i in a.inspections.filter(published_on__gte=D(2019, 1, 1))
        )
        or any(
            _standing(i) == Grade.INADEQUATE
            for i in a.inspections.filter(published_on__lt=D(2019, 1, 1)).order_by(
                "-published_on", "-pk"
            )[:1]
        )
    )
    assert "Trafford" in since_2019
    assert sorted(names(client.get("/authorities/?inadequate_since=2019"))) == since_2019


def test_index_improved_and_declined(client, everything):
    """Like with like: overall grades where both give one, else the lowest grade among the
    areas both judged."""

    def change(a):
        graded = _latest(a, 2)
        if len(graded) < 2:
            return None
        latest, previous = graded
        if latest.overall_effectiveness and previous.overall_effectiveness:
            after, before = RANK[latest.overall_effectiveness], RANK[previous.overall_effectiveness]
        else:
            if not _standing(latest) or not _standing(previous):
                return None
            areas = [{j.area: j.grade for j in i.judgements.all() if j.area in AREAS}
                     for i in (latest, previous)]  # fmt: skip
            shared = areas[0].keys() & areas[1].keys()
            if not shared:
                return None
            after, before = (max(RANK[g[k]] for k in shared) for g in areas)
        return "improved" if after < before else "declined" if after > before else "same"

    current = list(Authority.objects.current())
    for kind in ("improved", "declined"):
        expected = sorted(a.name for a in current if change(a) == kind)
        assert expected
        assert sorted(names(client.get(f"/authorities/?change={kind}"))) == expected
    improved = names(client.get("/authorities/?change=improved"))
    assert {"Liverpool", "South Tyneside"} <= set(improved)  # left inadequate in 2026
    assert "Trafford" in names(client.get("/authorities/?change=declined"))


def test_index_sorts(client, everything):
    by_date = names(client.get("/authorities/?sort=last_inspection"))
    latest = (
        Inspection.objects.filter(authority__active_until__isnull=True)
        .order_by("-published_on")
        .first()
    )
    assert by_date[0] == latest.authority.name
    by_grade = names(client.get("/authorities/?sort=grade"))
    outstanding = {
        a.name
        for a in Authority.objects.current()
        if (_latest(a) or [None])[0] and _standing(_latest(a)[0]) == "outstanding"
    }  # fmt: skip  (overall, or every area outstanding under the April 2026 framework)
    assert set(by_grade[: len(outstanding)]) == outstanding


def test_index_htmx_returns_only_the_results(client, everything):
    partial = client.get("/authorities/?region=NE", headers={"HX-Request": "true"})
    assert not parse(partial).has_html and 'id="results"' in partial.content.decode()
    full = client.get("/authorities/?region=NE")
    assert parse(full).has_html
    assert names(partial) == names(full)
    assert "HX-Request" in partial["Vary"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", False),
        ("q=camden", False),  # the search is outside the disclosure
        ("q=camden&region=&sort=name", False),  # as a form sends it without JavaScript
        ("region=GL", True),
        ("left_inadequate=on&sort=left_inadequate", True),  # a story view from the home page
        ("sort=grade", True),
        ("inadequate_since=last+year", True),  # refused: its message is in view
    ],
)
def test_index_filters_are_behind_a_disclosure_open_when_one_is_applied(
    client, everything, query, shown
):
    """Phone first: the results start near the top, so every filter but the search is behind
    "Filters" (a <details>, which works without JavaScript), shown open when one is applied."""
    form = tree(client.get(f"/authorities/?{query}")).find("form", role="search")
    details = form.find("details")
    assert details.find("summary").text() == "Filters"
    assert ("open" in details.attrs) is shown
    inside = {field.attrs["name"] for field in details.find_all() if "name" in field.attrs}
    outside = {f.attrs["name"] for f in form.find_all() if "name" in f.attrs} - inside
    assert outside == {"q"}
    assert inside == set(AuthorityFilterForm.base_fields) - {"q"}
    assert details.find("button", type="submit").text() == "Apply filters"


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
    # Demo data only (2 authorities) against the whole national history (158).
    if size == "demo":
        request.getfixturevalue("empty_database")
    demo_load()
    from authorities.models import Authority as Authorities

    assert Authorities.objects.count() == (158 if size == "national" else 2)  # two real sizes
    with django_assert_max_num_queries(5):
        assert client.get("/authorities/?sort=grade&change=improved").status_code == 200


def _report(authority, published_on, grade="", framework="ilacs"):
    started = published_on - dt.timedelta(days=70)
    make_inspection(
        authority, framework=framework, started_on=started,
        ended_on=started + dt.timedelta(days=11), published_on=published_on,
        overall_effectiveness=grade,
    )  # fmt: skip


def test_inadequate_at_any_time_since_and_what_it_cannot_tell(client, empty_database):
    """Since 2019 (1 January):

    - Ashire: SIF inadequate 2015, ILACS RI 2020: inadequate until 2020, so listed;
    - Bshire: SIF inadequate 2015, RI 2017: left before 2019, not listed;
    - Cshire: SIF inadequate 2015, a report with no grade recorded 2018, ILACS good 2021: its
      period ends at the 2018 report, unknown; not listed, but its grade from 2019 to June
      2021 is not known: said;
    - Dshire: SIF good 2016, ILACS inadequate 2020: listed;
    - Eshire: SIF good 2016, ILACS good 2020: not listed, nothing unknown;
    - Fshire: SIF good 2016, a report with no grade recorded 2020, good 2023: not listed, said.
    """
    sif, ilacs = "sif", "ilacs"
    made = {name: make_authority(name=name) for name in
            ("Ashire", "Bshire", "Cshire", "Dshire", "Eshire", "Fshire")}  # fmt: skip
    plans = {
        "Ashire": [(D(2015, 6, 5), Grade.INADEQUATE, sif), (D(2020, 6, 5), "requires_improvement", ilacs)],
        "Bshire": [(D(2015, 6, 5), Grade.INADEQUATE, sif), (D(2017, 6, 5), "requires_improvement", sif)],
        "Cshire": [(D(2015, 6, 5), Grade.INADEQUATE, sif), (D(2018, 1, 19), "", sif), (D(2021, 6, 4), "good", ilacs)],
        "Dshire": [(D(2016, 6, 3), "good", sif), (D(2020, 6, 5), Grade.INADEQUATE, ilacs)],
        "Eshire": [(D(2016, 6, 3), "good", sif), (D(2020, 6, 5), "good", ilacs)],
        "Fshire": [(D(2016, 6, 3), "good", sif), (D(2020, 6, 5), "", ilacs), (D(2023, 6, 2), "good", ilacs)],
    }  # fmt: skip
    for name, reports in plans.items():
        for published_on, grade, framework in reports:
            _report(made[name], published_on, grade, framework)

    response = client.get("/authorities/?inadequate_since=2019")
    assert names(response) == ["Ashire", "Dshire"]
    assert (
        "Not listed: 2 more authorities whose grade at some time since 1 January 2019 is not "
        "known (a report with no grade recorded): they may have been inadequate then."
    ) in response.content.decode()
    # Since 2022 only Dshire, still; Fshire's grade is unknown until its 2023 report; Cshire's
    # is known from its 2021 report (good).
    response = client.get("/authorities/?inadequate_since=2022")
    assert names(response) == ["Dshire"]
    assert "Not listed: 1 more authority whose grade at some time since 1 January 2022" in (
        response.content.decode()
    )


def test_left_inadequate_says_who_it_cannot_tell(client, empty_database):
    """Gshire: inadequate 2019, a report with no grade recorded 2023: not "left", said apart.
    Hshire: inadequate 2019, good 2022: left."""
    g, h = make_authority(name="Gshire"), make_authority(name="Hshire")
    _report(g, D(2019, 6, 7), Grade.INADEQUATE)
    _report(g, D(2023, 6, 2))
    _report(h, D(2019, 6, 7), Grade.INADEQUATE)
    _report(h, D(2022, 6, 3), Grade.GOOD)
    response = client.get("/authorities/?left_inadequate=on")
    assert names(response) == ["Hshire"]
    html = response.content.decode()
    assert "Not listed: 1 more authority judged inadequate at the last inspection" in html
    every = client.get("/authorities/").content.decode()
    assert "inadequate until 2 Jun 2023" in every
