"""Benchmarks (dashboard/benchmarks.py): statistical neighbours on the authority page, England and
the region at each inspection, and compare's ?reference=.

The small dataset, every answer worked out by hand:

| authority | region | active        | reports (published: standing)                                  |
|-----------|--------|---------------|----------------------------------------------------------------|
| Alpha     | SE     | always        | 10 Jan 2019 inadequate; 2 May 2023 good                        |
| Beta      | SE     | always        | 1 Jun 2019 good                                                |
| Gamma     | GL     | always        | 1 Mar 2020 requires improvement                                |
| Delta     | GL     | always        | 1 Feb 2018 no grade recorded; 30 Jun 2026 April 2026 framework, |
|           |        |               |   areas good and inadequate: inadequate at its lowest           |
| Epsilon   | SE     | to 31 Mar 2019| 2 Jul 2018 good                                                |

- 10 Jan 2019: England 5 active, 2 known (Alpha inadequate, Epsilon good): 4 < 5, no share.
  South East 3 active (Alpha, Beta, Epsilon), 2 known: 4 >= 3, inadequate 1 of 2 = 50%.
- 2 May 2023 (Epsilon gone): England 4 active, 3 known (Alpha and Beta good, Gamma RI): good 2
  of 3 = 67%. South East 2 active, both good: 100%.
- 30 Jun 2026: England 4 active, 4 known: inadequate 1 (Delta) = 25%; London 2 of 2 known,
  inadequate 1 = 50%.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from authorities.models import Authority, Region, StatisticalNeighbour
from dashboard import benchmarks, captions
from inspections import standing_table
from inspections.rules import Area, Framework, Grade
from tests.dashboard.test_compare import cell, notes, parse
from tests.factories import make_authority, make_inspection

D = dt.date


def inspected(authority, published_on: D, overall: str = "", **fields):
    """An inspection published on the date: SIF when on site before 2018, else ILACS."""
    started_on = published_on - dt.timedelta(days=60)
    return make_inspection(
        authority,
        framework=Framework.SIF if started_on < D(2018, 1, 1) else Framework.ILACS,
        started_on=started_on,
        ended_on=published_on - dt.timedelta(days=50),
        published_on=published_on,
        overall_effectiveness=overall,
        **fields,
    )


@pytest.fixture
def small(db):
    alpha = make_authority(name="Alpha", slug="alpha", region=Region.SOUTH_EAST)
    beta = make_authority(name="Beta", slug="beta", region=Region.SOUTH_EAST)
    gamma = make_authority(name="Gamma", slug="gamma", region=Region.LONDON)
    delta = make_authority(name="Delta", slug="delta", region=Region.LONDON)
    epsilon = make_authority(
        name="Epsilon", slug="epsilon", region=Region.SOUTH_EAST, active_until=D(2019, 3, 31)
    )
    inspected(alpha, D(2019, 1, 10), Grade.INADEQUATE)
    inspected(alpha, D(2023, 5, 2), Grade.GOOD)
    inspected(beta, D(2019, 6, 1), Grade.GOOD)
    inspected(gamma, D(2020, 3, 1), Grade.REQUIRES_IMPROVEMENT)
    inspected(delta, D(2018, 2, 1))
    make_inspection(
        delta,
        framework=Framework.ILACS_2026,
        started_on=D(2026, 5, 4),
        ended_on=D(2026, 5, 15),
        published_on=D(2026, 6, 30),
        overall_effectiveness="",
        grades={Area.HELP_AND_PROTECTION: Grade.INADEQUATE, Area.LEADERSHIP: Grade.GOOD},
    )
    inspected(epsilon, D(2018, 7, 2), Grade.GOOD)
    for rank, neighbour in enumerate([beta, gamma, delta], start=1):
        StatisticalNeighbour.objects.create(authority=alpha, neighbour=neighbour, rank=rank)
    standing_table.refresh()
    return {a.slug: a for a in Authority.objects.all()}


def shares_on(*days: D) -> dict:
    return benchmarks.grade_shares(
        Authority.objects.all(), standing_table.published_reports(), days
    )


def test_grade_shares_count_each_active_authority_by_its_latest_report(small):
    shares = shares_on(D(2019, 1, 10), D(2023, 5, 2), D(2026, 6, 30))

    england = shares["england", D(2019, 1, 10)]
    assert (england.active, england.known, england.is_covered) == (5, 2, False)
    assert england.share(Grade.INADEQUATE) is None  # below half known: no share
    south_east = shares[Region.SOUTH_EAST, D(2019, 1, 10)]
    assert (south_east.active, south_east.known) == (3, 2)
    assert south_east.share(Grade.INADEQUATE) == 50

    england = shares["england", D(2023, 5, 2)]  # Epsilon ended in 2019
    assert (england.active, england.known) == (4, 3)
    assert england.counts == {Grade.GOOD: 2, Grade.REQUIRES_IMPROVEMENT: 1}
    assert round(england.share(Grade.GOOD), 2) == 66.67
    assert shares[Region.SOUTH_EAST, D(2023, 5, 2)].share(Grade.GOOD) == 100

    # An April 2026 report counts by its lowest area grade.
    assert shares["england", D(2026, 6, 30)].share(Grade.INADEQUATE) == 25
    assert shares[Region.LONDON, D(2026, 6, 30)].share(Grade.INADEQUATE) == 50


def test_a_report_counts_from_the_day_it_is_published(small):
    shares = shares_on(D(2019, 1, 9), D(2019, 1, 10))
    assert shares[Region.SOUTH_EAST, D(2019, 1, 9)].counts == {Grade.GOOD: 1}
    assert shares[Region.SOUTH_EAST, D(2019, 1, 10)].counts == {Grade.GOOD: 1, "inadequate": 1}


def test_sentences_give_a_share_only_where_half_are_known(small):
    rows = benchmarks.inspection_benchmarks(small["alpha"].inspections.order_by("published_on"))
    first, second = rows[0:2], rows[2:4]
    assert captions.benchmark_sentence(first) == (
        "When Alpha was judged inadequate in January 2019, 50% of the authorities with a known "
        "grade in the South East were judged inadequate (1 of 2); fewer than half of the "
        "authorities had a known grade in England (2 of 5), so no share is given."
    )
    assert captions.benchmark_sentence(second) == (
        "When Alpha was judged good in May 2023, 67% of the authorities with a known grade in "
        "England were judged good (2 of 3) and 100% of the authorities with a known grade in "
        "the South East were judged good (2 of 2)."
    )


def test_an_april_2026_inspection_is_set_against_its_lowest_area_grade(small):
    rows = benchmarks.inspection_benchmarks(small["delta"].inspections.order_by("published_on"))
    assert captions.benchmark_sentence(rows[0:2]) == (
        "When Delta was inspected (no grade recorded) in February 2018, there was no grade of "
        "its own to set against others."
    )
    assert captions.benchmark_sentence(rows[2:4]) == (
        "When Delta was judged inadequate at its lowest (no overall grade in this framework) in "
        "June 2026, 25% of the authorities with a known grade in England were judged inadequate "
        "(1 of 4) and 50% of the authorities with a known grade in London were judged "
        "inadequate (1 of 2)."
    )


def test_authority_page_lists_neighbours_with_standings_and_a_compare_link(client, small):
    page = parse(client.get("/authorities/alpha/"))
    table = page.find("table", id="neighbours-table")
    rows = table.find("tbody").find_all("tr")
    assert [r.attrs["data-key"] for r in rows] == ["alpha", "beta", "gamma", "delta"]
    assert [cell(r, "standing") for r in rows] == [
        "Good",
        "Good",
        "Requires improvement to be good",
        "Inadequate (lowest area grade; this framework gives no overall grade)",
    ]
    link = page.find("a", data_action="compare-neighbours")
    query = parse_qs(urlsplit(link.attrs["href"]).query)
    assert query == {"a": ["alpha", "beta", "gamma", "delta"], "area": ["overall"]}
    assert client.get(link.attrs["href"]).status_code == 200


def test_authority_page_sets_each_inspection_against_england_and_its_region(client, small):
    page = parse(client.get("/authorities/alpha/"))
    sentences = [li.text() for li in page.find("ul", id="benchmark-sentences").find_all("li")]
    assert sentences[0].startswith("When Alpha was judged inadequate in January 2019, 50%")
    assert (
        "fewer than half of the authorities had a known grade in England (2 of 5)" in (sentences[0])
    )
    table = page.find("table", id="benchmarks-table")
    rows = [r for r in table.find("tbody").find_all("tr")]
    assert [(cell(r, "place"), cell(r, "known"), cell(r, "inadequate")) for r in rows] == [
        ("England", "2", "1"),  # no share beside a count below half known
        ("South East", "2", "1 (50%)"),
        ("England", "3", "0 (0%)"),
        ("South East", "2", "0 (0%)"),
    ]


def test_an_authority_without_neighbours_or_inspections_says_so(client, small):
    page = client.get("/authorities/epsilon/").content.decode()
    assert "No statistical neighbours are recorded for Epsilon." in page
    new = make_authority(name="Zeta", slug="zeta")
    page = client.get(new.get_absolute_url()).content.decode()
    assert "No published inspection to set against England and the region." in page


@pytest.mark.parametrize(
    ("reference", "places"),
    [("england", ["England"] * 3), ("region", ["South East", "South East", "London"])],
)
def test_compare_reference_sets_each_inspection_against_england_or_its_region(
    client, small, reference, places
):
    page = parse(client.get(f"/compare/?a=alpha&a=gamma&reference={reference}"))
    table = page.find("table", id="reference-table")
    rows = table.find("tbody").find_all("tr")
    assert [cell(r, "place") for r in rows] == places
    assert [cell(r, "published_on") for r in rows] == [
        "10 January 2019",
        "2 May 2023",
        "1 March 2020",
    ]
    if reference == "england":
        assert cell(rows[1], "good") == "2 (67%)"
    # The choice is kept by the form and by the share link.
    assert page.find("option", value=reference).attrs.get("selected") is not None
    assert f"reference={reference}" in page.find("a", rel="bookmark").attrs["href"]


def test_compare_without_reference_has_no_reference_table(client, small):
    page = parse(client.get("/compare/?a=alpha&a=gamma"))
    assert page.find("table", id="reference-table") is None


def test_an_unknown_reference_is_a_note_on_the_page_and_a_400_in_the_download(client, small):
    page = parse(client.get("/compare/?a=alpha&a=gamma&reference=wales"))
    assert "There is no reference called “wales”; reference takes england or region." in notes(page)
    assert page.find("table", id="reference-table") is None
    assert page.find("table", id="compare-table") is not None
    response = client.get("/downloads/compare.csv?a=alpha&a=gamma&reference=wales")
    assert response.status_code == 400
    assert "reference takes england or region" in response.content.decode()
    assert client.get("/embed/compare/?a=alpha&a=gamma&reference=wales").status_code == 200


def test_the_compare_download_is_the_same_with_a_reference(client, small):
    plain = client.get("/downloads/compare.csv?a=alpha&a=gamma")
    referenced = client.get("/downloads/compare.csv?a=alpha&a=gamma&reference=england")
    assert referenced.status_code == 200
    assert b"".join(referenced.streaming_content) == b"".join(plain.streaming_content)


def test_compare_with_a_reference_adds_three_queries(client, small, django_assert_max_num_queries):
    """The compare page's seven, plus every authority (1) and every report with its area
    grades (2), whatever the authorities compared."""
    with django_assert_max_num_queries(10):
        assert client.get("/compare/?a=alpha&a=beta&a=gamma&reference=region").status_code == 200


# On the real data -----------------------------------------------------------------------------


def test_buckinghamshire_lists_its_ten_neighbours_with_their_standings(client, national_site):
    from inspections.models import AuthorityStanding

    page = parse(client.get("/authorities/buckinghamshire/"))
    rows = page.find("table", id="neighbours-table").find("tbody").find_all("tr")
    slugs = [r.attrs["data-key"] for r in rows]
    assert len(slugs) == 11 and slugs[0] == "buckinghamshire"
    assert slugs[1:3] == ["oxfordshire", "hertfordshire"]
    standings = {s.authority.slug: s for s in AuthorityStanding.objects.select_related("authority")}
    for row, slug in zip(rows, slugs, strict=True):
        assert cell(row, "standing") == benchmarks.standing_words(standings.get(slug))
    link = page.find("a", data_action="compare-neighbours").attrs["href"]
    assert parse_qs(urlsplit(link).query)["a"] == slugs
    compared = parse(client.get(link))
    assert len(compared.find("ol", class_="chosen").find_all("li")) == 11
    sentences = page.find("ul", id="benchmark-sentences").text()
    assert "When Buckinghamshire County Council was judged inadequate in August 2014" in sentences


def test_a_report_with_no_grade_recorded_is_never_replaced_by_the_grade_before_it(
    empty_database,
):
    """Zeta: inadequate (SIF, 2 March 2015), then a report with no grade recorded (ILACS, 1
    March 2021). Eta: good (1 June 2019). On 1 June 2021 England has 2 active, 1 known (Eta):
    good 1 of 1 = 100%, inadequate 0%: Zeta's 2015 grade does not stand in for the unknown one;
    the 2021 inspection has no grade of its own to set against others."""
    zeta = make_authority(name="Zeta", region=Region.NORTH_WEST)
    eta = make_authority(name="Eta", region=Region.NORTH_WEST)
    inspected(zeta, D(2015, 3, 2), Grade.INADEQUATE)
    ungraded = inspected(zeta, D(2021, 3, 1))
    inspected(eta, D(2019, 6, 1), Grade.GOOD)
    shares = benchmarks.grade_shares(
        Authority.objects.all(), standing_table.published_reports(), [D(2021, 6, 1)]
    )[benchmarks.ENGLAND, D(2021, 6, 1)]
    assert (shares.active, shares.known, dict(shares.counts)) == (2, 1, {Grade.GOOD: 1})
    assert (shares.share(Grade.GOOD), shares.share(Grade.INADEQUATE)) == (100, 0)
    rows = benchmarks.inspection_benchmarks([ungraded], places=[benchmarks.ENGLAND])
    assert rows[0].verb_phrase == "was inspected (no grade recorded)"
    assert captions.benchmark_sentence(rows) == (
        "When Zeta was inspected (no grade recorded) in March 2021, there was no grade of its "
        "own to set against others."
    )
