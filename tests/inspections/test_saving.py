"""inspection_save(): the one save of an inspection with its judgements, its version check and its
report file, called directly (the admin, prefill and the imports call it the same way)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from authorities.signals import changes_batched
from inspections.merging import InspectionRecord, inspection_merge
from inspections.models import DataVersion, Inspection, Judgement
from inspections.rules import Area, Framework, Grade, InspectionType
from inspections.saving import (
    PENDING_FOLDER,
    EditConflict,
    PendingReport,
    inspection_save,
    pending_report_keep,
)
from tests.factories import make_authority, make_inspection

D = dt.date


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def kept_files(media_root: Path) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())


def stored(inspection: Inspection) -> Inspection:
    return Inspection.objects.get(pk=inspection.pk)


def grades_of(inspection: Inspection) -> dict[str, str]:
    return dict(inspection.judgements.values_list("area", "grade"))


def pdf(name: str, content: bytes = b"%PDF-1.4 a report") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# --- Judgements ---------------------------------------------------------------------------------


def test_a_new_inspection_is_saved_with_its_judgements(db, django_user_model):
    editor = django_user_model.objects.create_user("ann")
    inspection = Inspection(
        authority=make_authority(),
        framework=Framework.ILACS,
        inspection_type=InspectionType.STANDARD,
        started_on=D(2023, 3, 6),
        ended_on=D(2023, 3, 17),
        published_on=D(2023, 5, 2),
    )

    saved = inspection_save(
        inspection=inspection,
        judgements=[
            Judgement(area=Area.LEADERSHIP, grade=Grade.GOOD),
            Judgement(area=Area.CARE_LEAVERS, grade=Grade.INADEQUATE),
        ],
        changed_by=editor,
    )

    assert saved is inspection and saved.pk is not None
    assert grades_of(saved) == {Area.LEADERSHIP: Grade.GOOD, Area.CARE_LEAVERS: Grade.INADEQUATE}
    assert stored(saved).version == 1
    assert saved.history.get().history_user == editor
    assert {r.history_user for r in Judgement.history.filter(inspection_id=saved.pk)} == {editor}


def test_changed_deleted_and_added_judgements_are_saved_together(db):
    inspection = make_inspection(
        grades={Area.LEADERSHIP: Grade.GOOD, Area.HELP_AND_PROTECTION: Grade.GOOD}
    )
    leadership, help_and_protection = (
        inspection.judgements.get(area=area) for area in (Area.LEADERSHIP, Area.HELP_AND_PROTECTION)
    )
    leadership.grade = Grade.INADEQUATE

    inspection_save(
        inspection=inspection,
        seen_version=stored(inspection).version,
        judgements=[
            leadership,
            # The deleted row's area given again, as a new row: the deletion comes first.
            Judgement(area=Area.HELP_AND_PROTECTION, grade=Grade.OUTSTANDING),
        ],
        judgements_deleted=[help_and_protection],
    )

    assert grades_of(inspection) == {
        Area.LEADERSHIP: Grade.INADEQUATE,
        Area.HELP_AND_PROTECTION: Grade.OUTSTANDING,
    }
    assert not Judgement.objects.filter(pk=help_and_protection.pk).exists()


def test_a_save_moves_the_version_once_however_many_judgements_change(db):
    inspection = make_inspection(
        grades={Area.LEADERSHIP: Grade.GOOD, Area.CHILDREN_IN_CARE: Grade.GOOD}
    )
    version, token = stored(inspection).version, DataVersion.current().token
    rows = list(inspection.judgements.all())
    for row in rows:
        row.grade = Grade.INADEQUATE
    inspection.lead_inspector = "Jane Smith"

    inspection_save(
        inspection=inspection,
        seen_version=version,
        judgements=[*rows, Judgement(area=Area.CARE_LEAVERS, grade=Grade.GOOD)],
    )

    assert stored(inspection).version == version + 1
    latest = inspection.history.first()
    assert (latest.version, latest.lead_inspector) == (version + 1, "Jane Smith")
    assert DataVersion.current().token != token
    # The next save, from that version, goes through and moves it once more.
    inspection_save(inspection=inspection, seen_version=version + 1)
    assert stored(inspection).version == version + 2


# --- The version check --------------------------------------------------------------------------


def test_a_save_from_a_stale_version_is_refused_and_writes_nothing(db, django_user_model):
    ann = django_user_model.objects.create_user("ann")
    inspection = make_inspection(lead_inspector="Original", grades={Area.LEADERSHIP: Grade.GOOD})
    opened_at = stored(inspection).version
    inspection_save(  # Ann's save, from the version both opened
        inspection=stored(inspection), seen_version=opened_at, changed_by=ann
    )
    judgement = inspection.judgements.get()
    judgement.grade = Grade.INADEQUATE
    inspection.lead_inspector = "Stale"
    history_before = inspection.history.count()

    with pytest.raises(EditConflict) as raised:
        inspection_save(inspection=inspection, seen_version=opened_at, judgements=[judgement])

    conflict = raised.value
    assert (conflict.inspection_id, conflict.seen_version) == (inspection.pk, opened_at)
    assert conflict.changed_by == ann and conflict.changed_at is not None
    assert stored(inspection).lead_inspector == "Original"
    assert stored(inspection).version == opened_at + 1
    assert grades_of(inspection) == {Area.LEADERSHIP: Grade.GOOD}
    assert inspection.history.count() == history_before


def test_a_judgement_changed_elsewhere_makes_the_inspections_version_stale(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    opened_at = stored(inspection).version
    judgement = inspection.judgements.get()
    judgement.grade = Grade.INADEQUATE
    judgement.save()  # its own page, an import: the signal moves the inspection's version

    with pytest.raises(EditConflict):
        inspection_save(inspection=inspection, seen_version=opened_at)


def test_a_deleted_inspection_is_a_conflict(db):
    inspection = make_inspection()
    opened_at = stored(inspection).version
    Inspection.objects.filter(pk=inspection.pk).delete()

    with pytest.raises(EditConflict):
        inspection_save(inspection=inspection, seen_version=opened_at)


# --- The rules ----------------------------------------------------------------------------------


def test_a_judgement_the_framework_does_not_have_is_refused_and_nothing_is_saved(db):
    inspection = Inspection(
        authority=make_authority(),
        framework=Framework.ILACS,
        inspection_type=InspectionType.STANDARD,
        started_on=D(2022, 3, 7),  # before care leavers were judged on their own
        ended_on=D(2022, 3, 18),
        published_on=D(2022, 5, 3),
    )

    with pytest.raises(ValidationError, match="Care leavers were judged on their own"):
        inspection_save(
            inspection=inspection,
            judgements=[
                Judgement(area=Area.LEADERSHIP, grade=Grade.GOOD),
                Judgement(area=Area.CARE_LEAVERS, grade=Grade.GOOD),
            ],
        )

    assert not Inspection.objects.exists() and not Judgement.objects.exists()


def test_a_change_that_rules_out_a_recorded_judgement_is_refused(db):
    inspection = make_inspection(grades={Area.CARE_LEAVERS: Grade.GOOD})  # ILACS from 2023
    opened_at = stored(inspection).version
    inspection.started_on, inspection.ended_on = D(2022, 11, 7), D(2022, 11, 18)

    with pytest.raises(ValidationError, match="Care leavers were judged on their own"):
        inspection_save(inspection=inspection, seen_version=opened_at)
    assert stored(inspection).started_on == D(2023, 3, 6)

    # The same change with that judgement deleted in the same save goes through.
    inspection_save(
        inspection=inspection,
        seen_version=opened_at,
        judgements_deleted=[inspection.judgements.get()],
    )
    assert stored(inspection).started_on == D(2022, 11, 7)
    assert grades_of(inspection) == {}


# --- The report file ----------------------------------------------------------------------------


def test_a_report_kept_aside_becomes_the_inspections_report(db, media_root):
    pending = pending_report_keep(pdf("80442_buckinghamshire__29-january-2018.pdf", b"%PDF bucks"))
    assert kept_files(media_root) == [f"{PENDING_FOLDER}/{pending.token}.pdf"]
    inspection = make_inspection()

    inspection_save(
        inspection=inspection, seen_version=stored(inspection).version, pending_report=pending
    )

    report = stored(inspection).report_file
    assert Path(report.name).name == "80442_buckinghamshire__29-january-2018.pdf"
    with report.open("rb") as kept:
        assert kept.read() == b"%PDF bucks"
    assert kept_files(media_root) == [report.name]  # the pending copy is gone


def test_a_report_kept_aside_is_discarded_when_the_inspection_has_one(db, media_root):
    pending = pending_report_keep(pdf("uploaded-to-fill-in.pdf"))
    inspection = make_inspection()
    inspection.report_file = pdf("chosen-in-the-form.pdf")

    inspection_save(
        inspection=inspection, seen_version=stored(inspection).version, pending_report=pending
    )

    report = stored(inspection).report_file
    assert Path(report.name).name == "chosen-in-the-form.pdf"
    assert kept_files(media_root) == [report.name]


def test_a_report_no_longer_held_leaves_the_inspection_without_one(db, media_root):
    inspection = make_inspection()
    gone = PendingReport(token="x" * 32, file_name="report.pdf")

    inspection_save(
        inspection=inspection, seen_version=stored(inspection).version, pending_report=gone
    )

    assert not stored(inspection).report_file
    assert kept_files(media_root) == []


def test_a_replaced_report_is_removed_once_the_save_commits(
    db, media_root, django_capture_on_commit_callbacks
):
    inspection = make_inspection()
    inspection.report_file = pdf("first.pdf")
    inspection_save(inspection=inspection, seen_version=stored(inspection).version)
    first = stored(inspection).report_file.name

    inspection.report_file = pdf("second.pdf")
    with django_capture_on_commit_callbacks(execute=False) as removals:
        inspection_save(inspection=inspection, seen_version=stored(inspection).version)
    second = stored(inspection).report_file.name
    assert kept_files(media_root) == sorted([first, second])  # not before the commit

    for removal in removals:
        removal()
    assert kept_files(media_root) == [second]


def test_a_refused_save_keeps_the_report_it_had(db, media_root, django_capture_on_commit_callbacks):
    inspection = make_inspection()
    inspection.report_file = pdf("kept.pdf")
    inspection_save(inspection=inspection, seen_version=stored(inspection).version)
    kept = stored(inspection).report_file.name
    stale = stored(inspection).version - 1
    inspection.report_file = ""  # cleared, from a form opened before the report was added

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(EditConflict):
        inspection_save(inspection=inspection, seen_version=stale)

    assert stored(inspection).report_file.name == kept
    assert kept in kept_files(media_root)


# --- The imports save through it ----------------------------------------------------------------


def test_an_import_adding_judgements_saves_the_inspection_with_them_once(db):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    version = stored(inspection).version
    record = InspectionRecord(
        authority=inspection.authority,
        published_on=inspection.published_on,
        grades={Area.LEADERSHIP: Grade.GOOD, Area.CHILDREN_IN_CARE: Grade.INADEQUATE},
    )
    warnings = []

    with transaction.atomic(), changes_batched():  # as the history import runs it
        assert inspection_merge(record=record, warn=warnings.append) == "updated"

    assert grades_of(inspection) == {
        Area.LEADERSHIP: Grade.GOOD,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
    }
    assert stored(inspection).version == version + 1
    assert inspection.history.first().version == version + 1
    assert warnings == []
