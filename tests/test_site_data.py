"""The test data loaded once (tests/site_data.py): the first load in a session is the real one,
and a later load on an empty database puts its rows back, derived tables and all, instead of
importing again; a database so restored takes new rows (its sequences moved past the ids)."""

import uuid

import pytest
from django.db import connection

from authorities.models import Authority
from inspections import derived
from inspections.models import AuthorityStanding, CoverageQuarter, CoverageShare, Inspection
from inspections.rules import Grade
from tests import site_data
from tests.factories import make_authority, make_inspection

pytestmark = pytest.mark.django_db


def everything_deleted() -> None:
    """As a new test finds the database: no rows in any table the loaders write (derived tables
    as `migrate` leaves them)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in site_data._tables():
            cursor.execute(f"DELETE FROM {quote(table)}")
    derived.record()


def rows() -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Authority, Inspection, AuthorityStanding, CoverageQuarter, CoverageShare)
    }


def test_migrate_leaves_derived_rows_that_do_not_make_the_database_look_full():
    everything_deleted()
    assert CoverageQuarter.objects.exists()  # England's quarter days, all "not inspected"
    assert site_data._is_empty(site_data._tables())


def test_a_second_load_puts_the_rows_back_instead_of_loading_again():
    everything_deleted()
    name, calls = f"test-{uuid.uuid4().hex}", []

    def load():
        calls.append(1)
        make_inspection(make_authority(), overall_effectiveness=Grade.INADEQUATE)
        return {"created": 1}

    first = site_data.loaded(name, load)
    loaded_rows = rows()
    everything_deleted()
    assert not Inspection.objects.exists()

    again = site_data.loaded(name, load)

    assert len(calls) == 1 and site_data.restores[name] == 1
    assert again == first and again is not first
    assert rows() == loaded_rows
    # New rows after a restore take ids past the restored ones (PostgreSQL's sequences).
    added = make_inspection(Authority.objects.get(), published_on=None)
    assert added.pk > max(row["id"] for row in loaded_rows["Inspection"])


def test_the_national_history_is_put_back_after_its_first_load(ofsted_data):
    everything_deleted()
    first = site_data.national_history_loaded(ofsted_data)
    loaded_rows = rows()
    restored = site_data.restores.get("register+history", 0)
    everything_deleted()

    again = site_data.national_history_loaded(ofsted_data)

    assert site_data.restores["register+history"] == restored + 1
    assert vars(again) == vars(first)
    assert rows() == loaded_rows
    assert Inspection.objects.count() == 497 and Authority.objects.count() > 150


def test_a_load_on_a_database_with_data_is_the_real_one():
    make_authority()
    name, calls = f"test-{uuid.uuid4().hex}", []
    site_data.loaded(name, lambda: calls.append(1))
    site_data.loaded(name, lambda: calls.append(1))
    assert len(calls) == 2 and name not in site_data.restores
