"""How complete the data is, said where a reader might take a gap for a quiet spell: the home
page's "Reports up to …; last checked against Ofsted on …", and each authority page's words on
what its visits and interventions cover (never "No visits recorded")."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import InterventionKind, SyncCheck
from inspections.rules import Grade
from tests.admin_helpers import parse
from tests.factories import (
    make_authority,
    make_focused_visit,
    make_inspection,
    make_intervention,
    make_jtai,
)

D = dt.date
OFFICIAL = (
    "Monitoring and focused visits are known for 1 April 2022 – 31 March 2023 and "
    "1 April 2024 – 31 March 2025 (Ofsted's official statistics)"
)
OUTSIDE = (
    "Outside those periods the record may not hold every visit: no visit listed for a year "
    "outside them does not mean none took place."
)


def finished_check(day: dt.datetime) -> SyncCheck:
    at = timezone.make_aware(day)
    return SyncCheck.objects.create(started_at=at, finished_at=at, base_url="https://example.org/")


def said(client, path: str, element_id: str) -> str:
    return parse(client.get(path)).find(id=element_id).text()


# --- The home page -------------------------------------------------------------------------------


def test_the_home_page_says_how_recent_the_reports_are_and_that_it_was_never_checked(client, db):
    authority = make_authority()
    make_inspection(authority, published_on=D(2023, 5, 2))
    make_focused_visit(authority, published_on=D(2024, 3, 12))  # a letter is the latest
    make_jtai(
        authority,
        started_on=D(2024, 6, 3),
        ended_on=D(2024, 6, 7),
        published_on=None,
        dates_note="",
    )  # fmt: skip  (no publication date: not counted)

    line = said(client, reverse("home"), "data-recency")

    assert line.startswith("Reports up to 12 March 2024; never checked against Ofsted's site.")
    assert "Where the data comes from" in line


def test_the_home_page_says_when_the_data_was_last_checked_against_ofsted(client, db):
    make_inspection(published_on=D(2026, 8, 20))
    finished_check(dt.datetime(2026, 11, 2, 9))
    finished_check(dt.datetime(2026, 12, 1, 9))
    SyncCheck.objects.create(started_at=timezone.now(), base_url="https://example.org/")

    line = said(client, reverse("home"), "data-recency")

    assert line.startswith(
        "Reports up to 20 August 2026; last checked against Ofsted on 1 December 2026."
    )


def test_the_home_page_with_nothing_recorded(client, db):
    line = said(client, reverse("home"), "data-recency")
    assert line.startswith("No reports are recorded yet; never checked against Ofsted's site.")


def test_the_home_page_links_the_data_page(client, db):
    page = parse(client.get(reverse("home")))
    assert page.find(id="data-recency").find("a").attrs["href"] == "/data/"


# --- An authority's visits and interventions -------------------------------------------------------


@pytest.fixture
def quiet(db):
    authority = make_authority(name="Quietshire")
    make_inspection(authority)
    return authority


def test_an_authority_with_no_visit_says_what_the_periods_known_cover(client, quiet):
    text = said(client, quiet.get_absolute_url(), "visits-coverage")

    assert text.startswith(
        f"{OFFICIAL}; none is recorded for Quietshire in those periods. {OUTSIDE}"
    )
    assert "No visits recorded" not in client.get(quiet.get_absolute_url()).text


def test_after_a_sync_the_periods_run_from_the_first_check(client, quiet):
    finished_check(dt.datetime(2026, 12, 3, 10))
    finished_check(dt.datetime(2026, 12, 10, 10))

    text = said(client, quiet.get_absolute_url(), "visits-coverage")

    assert text.startswith(
        f"{OFFICIAL}, and every visit since 3 December 2026 (checked against Ofsted); none is "
        "recorded for Quietshire in those periods."
    )


def test_an_authority_with_visits_says_how_many_fall_in_the_periods_known(client, quiet):
    make_focused_visit(
        quiet, started_on=D(2022, 10, 10), ended_on=D(2022, 10, 11), published_on=D(2022, 11, 15)
    )  # fmt: skip  (in 2022-23)
    make_jtai(quiet)  # February 2024: between the two years

    text = said(client, quiet.get_absolute_url(), "visits-coverage")

    assert text.startswith(f"{OFFICIAL}; 1 of the 2 visits listed fall in them. {OUTSIDE}")


@pytest.mark.parametrize(
    ("on", "words"),
    [(D(2024, 5, 6), "the one visit listed falls in them"),
     (D(2023, 6, 5), "the one visit listed falls outside them")],
)  # fmt: skip
def test_one_visit_is_said_in_or_outside_the_periods(client, quiet, on, words):
    make_focused_visit(quiet, started_on=on, ended_on=on, published_on=on + dt.timedelta(days=30))
    assert f"; {words}." in said(client, quiet.get_absolute_url(), "visits-coverage")


def test_interventions_are_said_to_be_entered_by_editors(client, quiet):
    text = said(client, quiet.get_absolute_url(), "interventions-coverage")

    assert text == (
        "Interventions (statutory directions, commissioners, children's trusts and improvement "
        "partners) are entered by editors: no national source lists them, so some may be "
        "missing. None is recorded for Quietshire."
    )


def test_an_authority_with_an_intervention_says_how_many_are_recorded(client, db):
    authority = make_authority(name="Troubledshire")
    inadequate = make_inspection(authority, overall_effectiveness=Grade.INADEQUATE)
    make_intervention(follows=inadequate, kind=InterventionKind.COMMISSIONER)

    text = said(client, authority.get_absolute_url(), "interventions-coverage")

    assert text.endswith(
        "1 is recorded for Troubledshire, listed at the top of this page and marked on the chart."
    )
