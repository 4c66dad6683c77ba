"""Migration 0011 makes visits unique per authority, kind and publication day, and per letter:
duplicates already in a database (two syncs at once doubled visits) are merged and reported,
never a failed migration."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("inspections", "0010_coverage_shares")]
AFTER = [("inspections", "0011_visits_unique_sync_counts")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_duplicate_visits_are_merged_and_reported_before_the_constraints(capsys):
    apps = _migrate(BEFORE)
    try:
        authority = apps.get_model("authorities", "Authority").objects.create(
            name="Testshire", slug="testshire", region="SE", ofsted_urn=99001
        )
        focused = apps.get_model("inspections", "FocusedVisit")
        published = dt.date(2024, 3, 12)
        kept = focused.objects.create(
            authority=authority, published_on=published, dates_note="Not read.",
            report_url="https://files.ofsted.gov.uk/v1/file/501",
        )  # fmt: skip
        focused.objects.create(
            authority=authority, published_on=published, dates_note="Not read.",
            report_url="https://files.ofsted.gov.uk/v1/file/501", theme="Children in care",
        )  # fmt: skip
        # The same letter under another day: merged by its link.
        focused.objects.create(
            authority=authority, published_on=dt.date(2024, 3, 13), dates_note="Not read.",
            report_url="https://files.ofsted.gov.uk/v1/file/501",
        )  # fmt: skip
        other = focused.objects.create(
            authority=authority, published_on=dt.date(2025, 1, 9), dates_note="Not read."
        )

        apps = _migrate(AFTER)

        focused = apps.get_model("inspections", "FocusedVisit")
        assert sorted(focused.objects.values_list("pk", flat=True)) == [kept.pk, other.pk]
        assert focused.objects.get(pk=kept.pk).theme == "Children in care"
        printed = capsys.readouterr().out
        assert f"merged 1 duplicate focused visit(s) of authority {authority.pk}" in printed
        assert printed.count("merged 1 duplicate") == 2
    finally:
        _migrate(AFTER)
