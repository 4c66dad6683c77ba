"""The release facts and the periods for which visits are known nationally (releases.py)."""

import datetime as dt

import pytest
from django.utils import timezone

from inspections import releases
from inspections.models import SyncCheck

D = dt.date


def test_the_periods_from_the_official_statistics_are_their_in_year_sheets():
    assert (
        (D(2022, 4, 1), D(2023, 3, 31), "official 2023"),
        (D(2024, 4, 1), D(2025, 3, 31), "official 2025"),
    ) == releases.VISITS_KNOWN
    assert {releases.RELEASE_OF_BASIS[p.basis].key for p in releases.VISITS_KNOWN} == {
        "official-2023",
        "official-2025",
    }


def test_every_release_has_a_key_of_its_own_a_licence_and_an_address():
    keys = [r.key for r in releases.RELEASES]
    assert len(keys) == len(set(keys)) == 5
    for release in releases.RELEASES:
        assert release.licence and release.licence_url.startswith("https://")
        assert release.url.startswith("https://") and release.covers
    assert releases.release("official-2023").published_on == D(2023, 7, 6)
    assert releases.release("official-2025").published_on == D(2025, 9, 25)


def _check(day: int, *, finished: bool = True) -> SyncCheck:
    at = timezone.make_aware(dt.datetime(2026, 12, day, 23, 30))  # 23:30 in London: that day
    return SyncCheck.objects.create(
        started_at=at, finished_at=at if finished else None, base_url="https://example.org/"
    )


def test_without_a_finished_sync_only_the_statistics_periods_are_known(db):
    _check(1, finished=False)
    assert releases.visits_known_periods() == releases.VISITS_KNOWN
    assert releases.first_sync_on() is None


def test_the_first_finished_sync_opens_a_period_to_this_day(db):
    _check(1, finished=False)  # never finished: not a check of the whole site
    _check(5)
    _check(3)

    periods = releases.visits_known_periods()

    assert periods[:2] == releases.VISITS_KNOWN
    assert periods[2] == (D(2026, 12, 3), None, "since the first finished sync")


@pytest.mark.parametrize(
    ("day", "known"),
    [
        (D(2022, 3, 31), False),
        (D(2022, 4, 1), True),
        (D(2023, 3, 31), True),
        (D(2023, 4, 1), False),
        (D(2024, 12, 25), True),
        (D(2025, 4, 1), False),
        (D(2030, 1, 1), True),  # after the first sync
        (None, False),
    ],
)
def test_a_day_is_in_a_known_period_or_not(day, known):
    periods = (*releases.VISITS_KNOWN, releases.KnownPeriod(D(2026, 12, 3), None, "sync"))
    assert releases.in_known_period(day, periods) is known
