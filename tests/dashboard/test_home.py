"""The national picture (home page), checked against figures computed here from the database."""

import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority, Region
from dashboard import national
from inspections import coverage, rules
from inspections.demo_load import demo_load
from inspections.models import Inspection
from inspections.rules import Framework, Grade, Standing
from inspections.standing_table import published_reports
from tests.factories import make_authority, make_inspection

D = dt.date
GRADES = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[list] = field(default_factory=list)  # [tag, attrs, text]

    @property
    def header(self) -> str:
        return self.cells[0][2]

    @property
    def texts(self) -> list[str]:
        return [cell[2] for cell in self.cells]

    def by_key(self) -> dict[str, str]:
        """Cells with a data-key: their value as the files give it where there is one, else their text."""
        return {
            cell[1]["data-key"]: cell[1].get("data-value", cell[2])
            for cell in self.cells
            if "data-key" in cell[1]
        }


class Page(HTMLParser):
    """The page's tables (by id, then thead/tbody/tfoot: rows) and its JSON scripts."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, dict[str, list[Row]]] = {}
        self.scripts: dict[str, object] = {}
        self._table = self._section = self._row = self._cell = self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), {})
        elif tag in ("thead", "tbody", "tfoot") and self._table is not None:
            self._section = self._table.setdefault(tag, [])
        elif tag == "tr" and self._section is not None:
            self._row = Row(attrs)
            self._section.append(self._row)
        elif tag in ("th", "td") and self._row is not None:
            self._cell = [tag, attrs, ""]
            self._row.cells.append(self._cell)
        elif tag == "script" and attrs.get("type") == "application/json":
            self._script = attrs["id"]

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = self._section = None
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = None
        elif tag == "tr":
            self._row = None
        elif tag in ("th", "td"):
            if self._cell is not None:
                self._cell[2] = " ".join(self._cell[2].split())
            self._cell = None
        elif tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script:
            self.scripts[self._script] = json.loads(data)
        elif self._cell is not None:
            self._cell[2] += data

    def keyed(self, table: str, section: str = "tbody") -> list[tuple[str, dict[str, str]]]:
        """Each row's header text and its cells by data-key."""
        return [(row.header, row.by_key()) for row in self.tables[table][section]]

    def rows_by_key(self, table: str, section: str = "tbody") -> dict[str, list[str]]:
        """Rows with a data-key of their own: the key and the cells' texts."""
        return {row.attrs["data-key"]: row.texts for row in self.tables[table][section]}


def whole_percent(part: int, whole: int) -> str:
    """As the page rounds (floatformat: halves up), not Python's round (halves to even)."""
    return f"{(Decimal(100 * part) / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def home_page(client) -> Page:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return Page(response.content.decode())


def latest_published(authority: Authority, on: dt.date | None = None) -> Inspection | None:
    """Independently of national.py: one query per authority. Of the inspections that make a
    standing: not CPI or TLAC, which judged one service (rules.judges_whole_service)."""
    inspections = authority.inspections.filter(
        published_on__isnull=False, framework__in=rules.frameworks_of_standings()
    )
    if on is not None:
        inspections = inspections.filter(published_on__lte=on)
    return inspections.order_by("-published_on").first()


def standing(inspection: Inspection | None) -> str:
    """The overall grade, or why there is none (the distribution's keys)."""
    if inspection is None:
        return "not_inspected"
    if inspection.overall_effectiveness:
        return inspection.overall_effectiveness
    return "no_overall" if inspection.framework == Framework.ILACS_2026 else "not_recorded"


RANK = {"outstanding": 1, "good": 2, "requires_improvement": 3, "adequate": 3, "inadequate": 4}
AREAS = ("help_and_protection", "children_in_care", "care_leavers", "leadership")


def inadequate_download(client) -> dict:
    response = client.get(reverse("national-download", args=["inadequate", "json"]))
    return json.loads(b"".join(response.streaming_content))


def judged_inadequate(inspection: Inspection | None) -> bool:
    """The README's rule: inadequate overall or, where the framework gives no overall grade
    (April 2026), in any area."""
    if inspection is None:
        return False
    if inspection.framework == Framework.ILACS_2026:
        return any(j.grade == "inadequate" for j in inspection.judgements.all() if j.area in AREAS)
    return inspection.overall_effectiveness == Grade.INADEQUATE


@pytest.fixture
def everything(national_site):
    """The national register and history with the Buckinghamshire and Sandwell demo merged in."""


def test_england_distribution_counts_every_current_authority_by_its_latest_report(
    client, everything
):
    expected = Counter(standing(latest_published(a)) for a in Authority.objects.current())
    with_grade = sum(expected[g] for g in Grade.values)
    page = home_page(client)

    rows = page.rows_by_key("england-distribution")
    for grade in GRADES:
        count = expected[grade]
        assert rows[grade][1:] == [str(count), whole_percent(count, with_grade)]
    assert rows["no_overall"][1:] == [str(expected["no_overall"]), "not in the shares"]
    assert rows["not_recorded"][1:] == [str(expected["not_recorded"]), "not in the shares"]
    assert "not_inspected" not in rows  # every current authority has a published report

    footer = {k: int(v[1]) for k, v in page.rows_by_key("england-distribution", "tfoot").items()}
    assert footer["graded"] == sum(int(rows[g][1]) for g in GRADES) == with_grade
    assert footer["total"] == Authority.objects.current().count() == 153
    # The real data: authorities inspected under the April 2026 framework have no overall grade.
    inspected_2026 = Inspection.objects.filter(
        framework=Framework.ILACS_2026, authority__active_until__isnull=True
    )
    assert expected["no_overall"] == inspected_2026.values("authority").distinct().count() > 0
    assert footer["graded"] + expected["no_overall"] + expected["not_recorded"] == 153


def test_regions_sum_to_their_totals_and_to_england(client, everything):
    page = home_page(client)
    regions = page.keyed("regions-table")
    ((_, england),) = page.keyed("regions-table", "tfoot")
    assert [name for name, _ in regions] == Region.labels
    keys = [k for k in england if k not in ("area", "with_overall_grade", "total")]
    keys = [k for k in keys if not k.startswith("share_")]
    for name, cells in regions:
        region = next(r for r in Region if r.label == name)
        expected = Counter(
            standing(latest_published(a)) for a in Authority.objects.current().filter(region=region)
        )
        assert {k: int(cells[k]) for k in keys} == {k: expected[k] for k in keys}, name
        assert sum(int(cells[k]) for k in keys) == int(cells["total"])
        assert sum(int(cells[g]) for g in GRADES) == int(cells["with_overall_grade"])
    for key in [*keys, "with_overall_grade", "total"]:
        assert sum(int(cells[key]) for _, cells in regions) == int(england[key]), key
    assert int(england["total"]) == 153


@pytest.mark.parametrize("day", [D(2016, 1, 1), D(2019, 1, 1), D(2022, 1, 1), D(2025, 1, 1)])
def test_share_over_time_at_a_date_matches_the_inspection_rows(client, everything, day):
    active = list(Authority.objects.active_on(day))
    standings = Counter(standing(latest_published(a, on=day)) for a in active)
    known = sum(standings[g] for g in Grade.values)
    good = standings[Grade.OUTSTANDING] + standings[Grade.GOOD]

    page = home_page(client)
    shown = next(
        row
        for row in page.tables["over-time-table"]["tbody"]
        if row.attrs["data-key"] == day.isoformat()
    )
    row = shown.by_key()
    assert int(row["active"]) == len(active)
    assert int(row["with_known_overall_grade"]) == known
    assert int(row["good_or_outstanding"]) == good
    assert int(row["no_overall_judgement"]) == standings["no_overall"]
    assert int(row["overall_grade_not_recorded"]) == standings["not_recorded"]
    assert int(row["no_report"]) == standings["not_inspected"]

    figure = page.scripts["over-time-figure"]
    share = next(t for t in figure["data"] if t["name"].startswith("Good or outstanding"))
    index = share["x"].index(day.isoformat())
    assert share["customdata"][index] == [good, known, len(active)]
    if 2 * known < len(active):
        assert share["y"][index] is None  # a gap, not a share of the few that are known
        assert row["share_good_or_outstanding"] == ""
        assert "not shown: fewer than half known" in shown.texts
    else:
        assert share["y"][index] == round(100 * good / known, 1)
        assert float(row["share_good_or_outstanding"]) == round(100 * good / known, 1)
        assert whole_percent(good, known) in shown.texts
        assert (
            f"({good} of {known} authorities with a known grade; {len(active)} active)"
            in (share["hovertext"][index])
        )


def test_share_is_a_gap_wherever_fewer_than_half_are_known(client, everything):
    picture = national.national_picture(today=timezone.localdate())
    points = picture.over_time
    assert points[0].on == coverage.SERIES_STARTS == D(2009, 7, 1)
    assert points[-1].on == timezone.localdate()
    gaps = [p for p in points if 2 * p.known < p.active]
    # Before 2018 the history records almost no overall grades: the share is not shown there.
    assert gaps and all(p.on < D(2020, 1, 1) for p in gaps)
    assert all(p.share is None for p in gaps)
    assert all(p.share is not None for p in points if p not in gaps)
    page = home_page(client)
    share = next(
        t for t in page.scripts["over-time-figure"]["data"] if t["name"].startswith("Good")
    )
    assert [y is None for y in share["y"]] == [p in gaps for p in points]
    # The last point is today's picture: the same figures as the current distribution.
    england = picture.england
    assert points[-1].known == england.graded
    assert points[-1].good_or_outstanding == england.counts["outstanding"] + england.counts["good"]


def test_regions_figure_matches_the_table(client, everything):
    page = home_page(client)
    rows = page.keyed("regions-table", "tfoot") + page.keyed("regions-table")
    figure = page.scripts["regions-figure"]
    assert [t["name"] for t in figure["data"]] == [Grade(g).label for g in GRADES]
    for trace, grade in zip(figure["data"], GRADES, strict=True):
        assert trace["customdata"] == [int(cells[grade]) for _, cells in rows]
        assert trace["x"] == [
            round(100 * int(cells[grade]) / int(cells["with_overall_grade"]), 1)
            for _, cells in rows
        ]
        assert [label.split(" · ")[0] for label in trace["y"]] == [name for name, _ in rows]
        assert all(Grade(grade).label in hover for hover in trace["hovertext"])


def test_inadequate_list_is_the_authorities_whose_latest_overall_is_inadequate(client, everything):
    """The page shows the ten inadequate longest, says how many there are and links the index's
    filter; the download lists them all."""
    expected = {
        a.name for a in Authority.objects.current() if judged_inadequate(latest_published(a))
    }
    assert "Trafford" in expected  # inadequate in two areas in 2026 (no overall grade)
    page = home_page(client)
    rows = page.tables["inadequate-table"]["tbody"]
    listed = [row.header for row in rows]
    assert len(listed) == min(10, len(expected)) and set(listed) <= expected
    html = client.get(reverse("home")).content.decode()
    assert f"{len(expected)} authorities are judged inadequate" in html
    assert "?grade=inadequate&amp;sort=longest_inadequate" in html
    index = client.get("/authorities/?grade=inadequate&sort=longest_inadequate")
    assert index.status_code == 200
    every = inadequate_download(client)
    every = {r["authority"]: D.fromisoformat(r["inadequate_since"]) for r in every["rows"]}
    assert set(every) == expected
    assert list(every.values()) == sorted(every.values())  # longest first
    since = {row.header: D.fromisoformat(row.cells[2][1]["data-date"]) for row in rows}
    assert since == {name: every[name] for name in list(every)[:10]}
    since = every
    # Buckinghamshire's 2014 and 2018 run was ended by 2022's requires improvement.
    assert "Buckinghamshire" not in listed
    # Devon: inadequate in 2020 and again in 2025; the 2015 report's grade is not recorded.
    # Devon: SLAC good (2011), SIF requires improvement (2015), then inadequate in 2020 and again
    # in 2025 (the record; the history alone had no grade for the 2015 report).
    devon = [
        (i.published_on, i.framework, i.overall_effectiveness)
        for i in Inspection.objects.filter(authority__slug="devon").order_by("published_on")
        if i.published_on >= D(2014, 1, 1)
    ]
    assert devon == [
        (D(2015, 5, 12), "sif", "requires_improvement"),
        (D(2020, 3, 17), "ilacs", "inadequate"),
        (D(2025, 5, 13), "ilacs", "inadequate"),
    ]
    assert since["Devon"] == D(2020, 3, 17)
    devon = next(r for r in inadequate_download(client)["rows"] if r["authority"] == "Devon")
    assert not devon["ungraded_reports_before"]  # none: the record has every grade
    # Knowsley: requires improvement in 2021 ends the run; inadequate since January 2025.
    assert since["Knowsley"] == D(2025, 1, 20)


def _report(authority, published_on, grade="", framework=Framework.ILACS):
    """A report published on the day (grade "": not recorded, though the framework gives one)."""
    started = published_on - dt.timedelta(days=70)
    make_inspection(
        authority,
        framework=framework,
        started_on=started,
        ended_on=started + dt.timedelta(days=11),
        published_on=published_on,
        overall_effectiveness=grade,
    )


def test_an_inadequate_run_reaching_an_ungraded_report_is_not_inadequate_now(empty_database):
    """G (2018) · not recorded (2019) · I (2020) · I (2022): inadequate since June 2020, the
    ungraded report just before it said (it may have begun earlier); 51 whole months to 15
    September 2024. Then a report with no grade recorded (June 2024): the run ends there,
    unknown. Runshire is neither inadequate now nor "left inadequate": the page lists it apart,
    with the date from which its grade is unknown."""
    authority = make_authority(name="Runshire")
    _report(authority, D(2018, 6, 1), Grade.GOOD)
    _report(authority, D(2019, 6, 1))
    _report(authority, D(2020, 6, 1), Grade.INADEQUATE)
    _report(authority, D(2022, 6, 1), Grade.INADEQUATE)
    (run,) = national.national_picture(today=D(2024, 9, 15)).inadequate
    assert (run.since, run.latest, run.inadequate_reports) == (D(2020, 6, 1), D(2022, 6, 1), 2)
    assert run.ungraded_before == [D(2019, 6, 1)]
    assert (run.months, run.duration) == (51, "4 years 3 months")

    _report(authority, D(2024, 6, 1))
    picture = national.national_picture(today=D(2024, 9, 15))
    assert (picture.inadequate, picture.inadequate_total) == ([], 0)
    assert picture.stories["left_inadequate"].rows == []
    (unknown,) = picture.unknown_after_inadequate
    assert (unknown.authority, unknown.standing.inadequate_then_unknown_on) == (
        authority, D(2024, 6, 1)
    )  # fmt: skip
    assert picture.unknown_after_inadequate_total == 1


def test_left_inadequate_by_a_later_grade_after_an_ungraded_report(client, empty_database):
    """Norfolk's shape: SIF inadequate (20 October 2015), a SIF report with no grade recorded
    (19 January 2018), ILACS good (13 January 2023). The page says it left by 13 January 2023,
    the January 2018 report's grade being unknown, after at least 2 years 2 months (to the
    ungraded report), never "left in January 2023 after 7 years 2 months"."""
    norfolk = make_authority(name="Norfolkshire")
    _report(norfolk, D(2015, 10, 20), Grade.INADEQUATE, Framework.SIF)
    _report(norfolk, D(2018, 1, 19), "", Framework.SIF)
    _report(norfolk, D(2023, 1, 13), Grade.GOOD)
    page = home_page(client)
    (row,) = page.tables["left-inadequate-table"]["tbody"]
    name, left, after, now = row.texts
    assert name == "Norfolkshire"
    assert left == (
        "By 13 January 2023 (the grade of the 19 January 2018 report is not recorded: it left "
        "then or by this report)"
    )
    assert row.cells[1][1]["data-date"] == "2018-01-19"
    assert after == "at least 2 years 2 months"
    assert "inadequate-table" not in page.tables
    # The index's row and its download say the same.
    index = client.get("/authorities/?left_inadequate=on")
    assert "left by 13 Jan 2023 (no grade recorded on 19 Jan 2018)" in index.content.decode()
    data = json.loads(
        b"".join(client.get("/downloads/authorities.json?left_inadequate=on").streaming_content)
    )
    (listed,) = data["rows"]
    assert (listed["left_inadequate_on"], listed["left_inadequate_by"]) == (
        "2018-01-19", "2023-01-13"
    )  # fmt: skip
    assert listed["left_inadequate_after_days"] == 822


def test_the_inadequate_download_no_longer_has_a_column_of_skipped_reports(client, empty_database):
    authority = make_authority(name="Downshire")
    _report(authority, D(2022, 6, 1), Grade.INADEQUATE)
    (row,) = inadequate_download(client)["rows"]
    assert "ungraded_reports_within" not in row
    assert row["inadequate_since"] == "2022-06-01"


def test_latest_published_inspections(client, everything):
    page = home_page(client)
    rows = page.tables["latest-table"]["tbody"]
    expected = list(
        Inspection.objects.published()
        .select_related("authority")
        .order_by("-published_on", "-pk")[:10]
    )
    assert len(rows) == 10
    for row, inspection in zip(rows, expected, strict=True):
        name, published, framework, overall = row.texts
        assert name == inspection.authority.name
        assert published == f"{inspection.published_on:%-d %B %Y}"
        assert framework == inspection.get_framework_display()
        if inspection.framework == Framework.ILACS_2026:
            # The framework's reason, then its area grades.
            areas = {j.area: j.get_grade_display() for j in inspection.judgements.all()}
            assert overall.startswith("This framework gives no overall grade (ILACS from April")
            shown = {
                "Help and protection": "help_and_protection",
                "Children in care": "children_in_care",
                "Care leavers": "care_leavers",
                "Leaders": "leadership",
            }
            assert overall.endswith(" ".join(
                f"{label}: {areas[area]}" for label, area in shown.items() if area in areas
            ))  # fmt: skip
        else:
            assert overall == inspection.get_overall_effectiveness_display()
    html = client.get(reverse("home")).content.decode()
    assert f'href="{expected[0].authority.get_absolute_url()}"' in html


@pytest.mark.parametrize("data", ["demo", "national"])
def test_home_page_queries_do_not_grow_with_the_data(
    client, national_site, django_assert_max_num_queries, request, data
):
    """A fixed set, the same for 2 authorities as for 153: the data version; the standings
    by region with how many are inadequate and in each story (one GROUP BY, one pass); the
    latest publication date of the standings, and of any report or letter (one UNION, for the
    line saying how recent the data is); England's quarter days; the latest ten reports and their
    judgements; the first rows of the inadequate periods and of each of the three stories (and,
    where the GROUP BY counted some, of the authorities whose last known grade is inadequate with
    no grade recorded since); the latest
    changes (inspections and their judgements; the visits of each of the three kinds); the last
    check against Ofsted. Never a query per authority, report or date."""
    # Demo data only (2 authorities) against the whole national history (153).
    if data == "demo":
        request.getfixturevalue("empty_database")
    demo_load()
    from authorities.models import Authority as Authorities

    assert Authorities.objects.count() == (158 if data == "national" else 2)  # two real sizes
    with django_assert_max_num_queries(17):
        assert client.get(reverse("home")).status_code == 200


def test_home_page_with_no_data_at_all(client, empty_database):
    page = home_page(client)
    footer = {k: int(v[1]) for k, v in page.rows_by_key("england-distribution", "tfoot").items()}
    assert footer == {"graded": 0, "total": 0}
    assert "latest-table" not in page.tables and "inadequate-table" not in page.tables
    share = page.scripts["over-time-figure"]["data"][0]
    assert share["y"] and all(y is None for y in share["y"])
    assert all(x is None for trace in page.scripts["regions-figure"]["data"] for x in trace["x"])


def test_the_sweep_over_dates_counts_what_a_day_by_day_count_does(everything):
    """coverage_over_time's sweep against the plain definition: each active authority counted
    by its latest report on or before each day (the real data: predecessors that end,
    successors that begin, reports between quarter days and on them)."""
    authorities = list(Authority.objects.all())
    reports = published_reports(with_areas=False)
    today = timezone.localdate()
    days = coverage.quarter_starts(D(2009, 1, 1), today) + [D(2019, 4, 1), D(2021, 3, 31), today]

    # Independently of coverage.py, in plain Python: each authority's published inspections, and
    # on each day the latest of them by (publication, id).
    published = defaultdict(list)
    # Those that can make a standing: not CPI or TLAC, which judged one service (rules.py).
    whole = rules.frameworks_of_standings()
    for inspection in Inspection.objects.filter(published_on__isnull=False, framework__in=whole):
        published[inspection.authority_id].append(inspection)

    def latest(authority, day):
        on_or_before = [i for i in published[authority.pk] if i.published_on <= day]
        return max(on_or_before, key=lambda i: (i.published_on, i.pk), default=None)

    def by_hand(day):
        standings = Counter(
            standing(latest(a, day))
            for a in authorities
            if (a.active_from is None or a.active_from <= day)
            and (a.active_until is None or a.active_until >= day)
        )
        return {
            "active": sum(standings.values()),
            "good_or_outstanding": standings[Grade.OUTSTANDING] + standings[Grade.GOOD],
            "known": sum(standings[g] for g in Grade.values),
            "no_overall": standings[Standing.NO_OVERALL],
            "not_recorded": standings[Standing.NOT_RECORDED],
            "not_inspected": standings[Standing.NOT_INSPECTED],
        }

    swept = coverage.coverage_over_time(authorities, reports, days)
    assert [p.on for p in swept] == sorted(set(days))
    for point in swept:
        expected = by_hand(point.on)
        assert {k: getattr(point, k) for k in expected} == expected, point.on


def test_quarter_starts_run_to_today():
    days = coverage.quarter_starts(D(2013, 1, 1), D(2013, 11, 23))
    assert days == [D(2013, 1, 1), D(2013, 4, 1), D(2013, 7, 1), D(2013, 10, 1)]
    assert coverage.quarter_starts(D(2013, 1, 1), D(2013, 7, 1))[-1] == D(2013, 7, 1)
    assert national.months_between(D(2020, 3, 17), D(2026, 11, 23)) == 80
    assert national.months_between(D(2020, 3, 24), D(2020, 4, 23)) == 0
