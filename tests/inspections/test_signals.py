"""Versions move with every change, and once per import inside changes_batched()."""

import pytest
from django.db import transaction

from authorities.signals import changes_batched
from inspections.models import DataVersion, Inspection, Judgement
from inspections.rules import Area, Grade
from tests.factories import make_inspection


def version_of(inspection: Inspection) -> int:
    return Inspection.objects.values_list("version", flat=True).get(pk=inspection.pk)


def test_outside_a_batch_each_judgement_moves_its_inspections_version(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    before, token = version_of(inspection), DataVersion.current().token

    judgement = Judgement.objects.get(inspection=inspection)
    judgement.grade = Grade.INADEQUATE
    judgement.save()

    assert version_of(inspection) == before + 1
    assert DataVersion.current().token != token


def test_in_a_batch_versions_move_once_at_the_end_and_not_before(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    before, token = version_of(inspection), DataVersion.current().token

    with transaction.atomic(), changes_batched():
        for grade in (Grade.INADEQUATE, Grade.GOOD, Grade.OUTSTANDING):
            judgement = Judgement.objects.get(inspection=inspection)
            judgement.grade = grade
            judgement.save()
        assert version_of(inspection) == before  # noted, not yet moved
        assert DataVersion.current().token == token

    assert version_of(inspection) == before + 1
    assert DataVersion.current().token != token


def test_a_batch_that_fails_moves_nothing(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    before, token = version_of(inspection), DataVersion.current().token

    with pytest.raises(RuntimeError), transaction.atomic(), changes_batched():
        Judgement.objects.filter(inspection=inspection).get().delete()
        raise RuntimeError("the import found a bad row")

    assert version_of(inspection) == before
    assert DataVersion.current().token == token
    assert Judgement.objects.filter(inspection=inspection).exists()


def test_a_batch_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError, match="inside a transaction"), changes_batched():
        pass
