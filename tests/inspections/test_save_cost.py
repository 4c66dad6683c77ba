"""A save costs what it changes: the derived tables (standings, inadequate periods, England's
quarter days) are rewritten once per transaction, for the authorities it touched, in a number of
queries that does not grow with the number of other authorities or reports; and what is kept
incrementally equals what a rewrite from scratch gives."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.signals import changes_batched
from inspections import coverage, derived
from inspections.models import (
    AuthorityStanding,
    CoverageQuarter,
    CoverageShare,
    InadequatePeriod,
    Inspection,
)
from inspections.rules import Area, Framework, Grade
from tests.admin_helpers import admin_form, error_texts, inline_rows, set_row
from tests.factories import make_authority, make_inspection

pytestmark = pytest.mark.django_db

#: An editor's save of an inspection and its judgements in the admin (the POST alone): the
#: session and user, the edit check, Django's validation of each database constraint (a query
#: and a savepoint each: most of the total), the saves and their audit history...
EDITOR_SAVE_BUDGET = 120
#: ...and of those, the derived tables and the data version (standings, inadequate periods,
#: England's quarter days and the authority's part in them).
DERIVED_BUDGET = 16
DERIVED_TABLES = (
    "inspections_authoritystanding",
    "inspections_inadequateperiod",
    "inspections_coveragequarter",
    "inspections_coverageshare",
    "inspections_dataversion",
)
GRADES = {
    Area.LEADERSHIP: Grade.GOOD,
    Area.HELP_AND_PROTECTION: Grade.REQUIRES_IMPROVEMENT,
    Area.CHILDREN_IN_CARE: Grade.GOOD,
    Area.CARE_LEAVERS: Grade.GOOD,
}


def authorities_with_reports(count: int) -> None:
    """`count` authorities with two published inspections each (one inadequate)."""
    for n in range(count):
        authority = make_authority()
        make_inspection(
            authority,
            framework=Framework.SIF,
            started_on=dt.date(2015, 1, 5),
            ended_on=dt.date(2015, 1, 30),
            published_on=dt.date(2015, 3, 2 + n % 20),
            overall_effectiveness=Grade.INADEQUATE,
        )
        make_inspection(authority, overall_effectiveness=Grade.GOOD, grades=GRADES)


def editor_save_queries(client, inspection: Inspection, grade: str) -> tuple[int, int]:
    """Queries of the POST that changes the leadership grade of `inspection` on its admin page
    to `grade`: all of them, and those of the derived tables."""
    url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    response = client.get(url)
    data = admin_form(response)
    set_row(
        data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP,
        grade=grade,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302, error_texts(response)
    derived = [q for q in queries if any(f'"{table}"' in q["sql"] for table in DERIVED_TABLES)]
    return len(queries), len(derived)


def series_from_scratch() -> list[dict]:
    return [vars(point) for point in coverage.quarters_now()]


def series_kept() -> list[dict]:
    return [
        {"on": q.on, **{name: getattr(q, name) for name in coverage.COUNTS}}
        for q in CoverageQuarter.objects.all()
    ]


def test_an_editors_save_costs_the_same_queries_with_ten_times_the_authorities(admin_client):
    authorities_with_reports(2)
    edited = make_inspection(overall_effectiveness=Grade.GOOD, grades=GRADES)
    few = editor_save_queries(admin_client, edited, Grade.INADEQUATE)

    authorities_with_reports(27)
    many = editor_save_queries(admin_client, edited, Grade.REQUIRES_IMPROVEMENT)

    assert few == many, f"{few} queries with 3 authorities, {many} with 30"
    assert many[0] <= EDITOR_SAVE_BUDGET
    assert many[1] <= DERIVED_BUDGET


def test_an_editors_save_rewrites_only_its_authoritys_derived_rows(admin_client):
    authorities_with_reports(3)
    edited = make_inspection(overall_effectiveness=Grade.GOOD, grades=GRADES)
    others = list(AuthorityStanding.objects.exclude(authority=edited.authority).values())
    other_periods = list(InadequatePeriod.objects.exclude(authority=edited.authority).values())

    editor_save_queries(admin_client, edited, Grade.INADEQUATE)

    assert list(AuthorityStanding.objects.exclude(authority=edited.authority).values()) == others
    assert list(InadequatePeriod.objects.exclude(authority=edited.authority).values()) == (
        other_periods
    )
    assert series_kept() == series_from_scratch()


def test_a_saved_inspection_with_four_grades_records_its_change_once():
    authority = make_authority()
    with CaptureQueriesContext(connection) as queries:
        make_inspection(authority, overall_effectiveness=Grade.GOOD, grades=GRADES)
    standing_writes = [
        q for q in queries if q["sql"].startswith('INSERT INTO "inspections_authoritystanding"')
    ]
    derived = [q for q in queries if any(f'"{table}"' in q["sql"] for table in DERIVED_TABLES)]
    assert len(standing_writes) == 1
    assert len(derived) <= DERIVED_BUDGET


def test_the_series_kept_by_difference_equals_one_worked_out_from_scratch():
    """Inspections added, regraded, unpublished and deleted, an authority's dates changed and an
    authority deleted: after each, the kept series is the one a rewrite would give."""
    authorities_with_reports(4)
    first, second, third, fourth = list(
        AuthorityStanding.objects.values_list("authority", flat=True)
    )
    assert series_kept() == series_from_scratch()

    late = make_inspection(
        AuthorityStanding.objects.get(pk=first).authority,
        started_on=dt.date(2024, 1, 8), ended_on=dt.date(2024, 1, 19),
        published_on=dt.date(2024, 3, 1), overall_effectiveness=Grade.INADEQUATE,
    )  # fmt: skip
    assert series_kept() == series_from_scratch()

    late.overall_effectiveness = Grade.OUTSTANDING
    late.save()
    assert series_kept() == series_from_scratch()

    late.published_on = None
    late.save()
    assert series_kept() == series_from_scratch()

    Inspection.objects.filter(authority=second).first().delete()
    assert series_kept() == series_from_scratch()

    authority = AuthorityStanding.objects.get(pk=third).authority
    authority.active_until = dt.date(2019, 3, 31)
    authority.full_clean()
    authority.save()
    assert series_kept() == series_from_scratch()

    Inspection.objects.filter(authority=fourth).delete()
    AuthorityStanding.objects.get(pk=fourth).authority.delete()
    assert series_kept() == series_from_scratch()
    assert not CoverageShare.objects.filter(authority_id=fourth).exists()
    assert CoverageShare.objects.count() == 3


def test_a_batch_that_fails_records_nothing():
    authority = make_authority()
    before = list(CoverageQuarter.objects.values())
    with pytest.raises(RuntimeError), transaction.atomic(), changes_batched():
        make_inspection(authority, overall_effectiveness=Grade.INADEQUATE)
        raise RuntimeError("the import failed")
    assert list(CoverageQuarter.objects.values()) == before
    assert not AuthorityStanding.objects.get(pk=authority.pk).grade


def test_a_new_quarter_day_rewrites_the_whole_series():
    authorities_with_reports(2)
    CoverageQuarter.objects.order_by("-on").first().delete()  # as if a quarter began since
    make_inspection(overall_effectiveness=Grade.GOOD)
    assert series_kept() == series_from_scratch()
    derived.refresh()
    assert series_kept() == series_from_scratch()


def test_a_bulk_delete_in_the_admin_records_its_change_once(admin_client, monkeypatch):
    """The admin's delete action over inspections of several authorities: one request, one
    transaction, one record of the change (config.middleware.ChangesBatchedMiddleware), naming
    exactly the authorities whose inspections went."""
    authorities_with_reports(3)
    doomed = list(Inspection.objects.filter(overall_effectiveness=Grade.INADEQUATE))
    recorded = []
    real = derived.record
    monkeypatch.setattr(
        "inspections.signals.derived_record",
        lambda **kwargs: recorded.append(kwargs) or real(**kwargs),
    )
    response = admin_client.post(
        reverse("admin:inspections_inspection_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [i.pk for i in doomed]},
    )
    assert response.status_code == 302
    assert not Inspection.objects.filter(pk__in=[i.pk for i in doomed]).exists()
    assert len(recorded) == 1
    assert set(recorded[0]["standings_of"]) == {i.authority_id for i in doomed}
    assert series_kept() == series_from_scratch()
