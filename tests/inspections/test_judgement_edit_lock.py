"""The inspection form's edit lock covers its judgements, whichever way they are changed.

An editor opens an inspection's form; meanwhile its judgements change another way (the judgement's
own admin page, a revert from its history, an import). Saving the stale form must then be refused
with the conflict message, and the judgement changed meanwhile keep its new grade: the stale form
carries the old grades, which it would otherwise write back.
"""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from inspections.demo_load import demo_load
from inspections.history_import import history_import
from inspections.models import Inspection, Judgement
from inspections.reports_import import reports_import
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.admin_helpers import admin_form, error_texts
from tests.csvfiles import real_lines, write_lines
from tests.factories import make_authority, make_inspection

D = dt.date
CONFLICT = "after you opened it. Nothing you entered has been saved"


def inspection_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def judgement_url(judgement: Judgement) -> str:
    return reverse("admin:inspections_judgement_change", args=[judgement.pk])


def open_form(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return admin_form(response)


def assert_stale_save_refused(client, inspection: Inspection, stale_form: dict) -> None:
    response = client.post(
        inspection_url(inspection), {**stale_form, "lead_inspector": "Stale editor"}
    )
    assert response.status_code == 200
    assert CONFLICT in " ".join(error_texts(response))
    inspection.refresh_from_db()
    assert inspection.lead_inspector != "Stale editor"


def grades_of(inspection: Inspection) -> dict[str, str]:
    return dict(inspection.judgements.values_list("area", "grade"))


def test_a_grade_changed_on_the_judgement_page_is_not_lost_to_a_stale_inspection_form(
    admin_client,
):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    stale_form = open_form(admin_client, inspection_url(inspection))

    form = open_form(admin_client, judgement_url(judgement))
    response = admin_client.post(judgement_url(judgement), {**form, "grade": Grade.INADEQUATE})
    assert response.status_code == 302, error_texts(response)

    assert_stale_save_refused(admin_client, inspection, stale_form)
    assert grades_of(inspection) == {Area.LEADERSHIP: Grade.INADEQUATE}


def test_a_judgement_reverted_from_its_history_is_not_lost_to_a_stale_inspection_form(
    admin_client,
):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    judgement.grade = Grade.INADEQUATE
    judgement.save()
    stale_form = open_form(admin_client, inspection_url(inspection))  # shows inadequate

    first = judgement.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:inspections_judgement_simple_history", args=[judgement.pk, first.history_id]
    )
    response = admin_client.post(revert_url, open_form(admin_client, revert_url))
    assert response.status_code == 302, error_texts(response)
    assert grades_of(inspection) == {Area.LEADERSHIP: Grade.GOOD}

    assert_stale_save_refused(admin_client, inspection, stale_form)
    assert grades_of(inspection) == {Area.LEADERSHIP: Grade.GOOD}


def test_a_stale_judgement_page_is_refused_after_the_inspection_form_changed_the_grade(
    admin_client,
):
    """The other direction: the judgement page carries its inspection's version too."""
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    stale_judgement_form = open_form(admin_client, judgement_url(judgement))

    form = open_form(admin_client, inspection_url(inspection))
    form["judgements-0-grade"] = Grade.INADEQUATE
    response = admin_client.post(inspection_url(inspection), form)
    assert response.status_code == 302, error_texts(response)

    response = admin_client.post(
        judgement_url(judgement), {**stale_judgement_form, "grade": Grade.OUTSTANDING}
    )
    assert response.status_code == 200
    assert CONFLICT in " ".join(error_texts(response))
    assert grades_of(inspection) == {Area.LEADERSHIP: Grade.INADEQUATE}


def test_judgements_are_added_on_their_inspection_page_only(admin_client):
    """An add page cannot know which version of the inspection its editor saw."""
    assert admin_client.get(reverse("admin:inspections_judgement_add")).status_code == 403


def test_a_normal_save_with_judgement_changes_goes_through_and_the_next_one_too(admin_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    for grade in (Grade.INADEQUATE, Grade.OUTSTANDING):
        form = open_form(admin_client, inspection_url(inspection))
        form["judgements-0-grade"] = grade
        response = admin_client.post(inspection_url(inspection), form)
        assert response.status_code == 302, error_texts(response)
        assert grades_of(inspection) == {Area.LEADERSHIP: grade}


# --- The imports: each adds a judgement to an inspection that is open in a form --------------


def through_history_import(tmp_path, data: Path) -> Inspection:
    authority = make_authority()
    inspection = make_inspection(
        authority,
        grades={Area.LEADERSHIP: Grade.GOOD},
        overall_effectiveness=Grade.GOOD,
        lead_inspector="Jane Smith",
        report_url="https://files.ofsted.gov.uk/v1/file/1",
    )
    header = real_lines(data / "ilacs_history.csv")[0]
    row = (
        f"{authority.ofsted_urn},testshire,https://files.ofsted.gov.uk/v1/file/1,x.pdf,02/05/23,"
        "standard,Jane Smith,06/03/2023,17/03/2023,good,good,inadequate,,,1"
    )
    path = write_lines(tmp_path / "history.csv", [header, row])
    return inspection, lambda: history_import(source=str(path))


def through_reports_import(tmp_path, data: Path) -> Inspection:
    report = data / "reports" / "80547_rutland__12-july-2024.pdf"
    if not report.exists():
        pytest.skip("the Rutland report is not in the shared data")
    authority = make_authority(name="Rutland", slug="rutland", ofsted_urn=80547)
    inspection = make_inspection(
        authority,
        grades={Area.LEADERSHIP: Grade.GOOD},
        started_on=D(2024, 4, 15),
        ended_on=D(2024, 4, 26),
        published_on=D(2024, 7, 12),
        overall_effectiveness=Grade.GOOD,
        lead_inspector="Rachel Griffiths",
    )
    (tmp_path / "reports").mkdir()
    shutil.copy(report, tmp_path / "reports" / report.name)
    return inspection, lambda: reports_import(directory=str(tmp_path / "reports"))


def through_demo_load(tmp_path, data: Path) -> Inspection:
    from inspections import demo

    authority = make_authority(**demo.AUTHORITIES[0])
    item = demo.INSPECTIONS[0]
    assert item.urn == authority.ofsted_urn
    inspection = make_inspection(
        authority,
        grades={Area.LEADERSHIP: Grade.INADEQUATE},
        framework=Framework.SIF,
        inspection_type=InspectionType.STANDARD,
        started_on=item.started_on,
        ended_on=item.ended_on,
        published_on=item.published_on,
        overall_effectiveness=Grade.INADEQUATE,
        lead_inspector=item.lead_inspector,
    )
    return inspection, demo_load


@pytest.mark.parametrize("through", [through_history_import, through_demo_load])
def test_a_judgement_added_by_an_import_moves_the_version(
    admin_client, tmp_path, ofsted_data, through
):
    a_judgement_added_moves_the_version(admin_client, *through(tmp_path, ofsted_data))


def test_a_judgement_added_by_the_reports_import_moves_the_version(
    admin_client, tmp_path, shared_data
):
    a_judgement_added_moves_the_version(
        admin_client, *through_reports_import(tmp_path, shared_data)
    )


def a_judgement_added_moves_the_version(admin_client, inspection, run_import) -> None:
    stale_form = open_form(admin_client, inspection_url(inspection))
    before = (inspection.lead_inspector, grades_of(inspection))

    run_import()

    added = grades_of(inspection)
    assert len(added) > len(before[1])  # the import added judgements, nothing else
    inspection.refresh_from_db()
    assert inspection.lead_inspector == before[0]
    assert_stale_save_refused(admin_client, inspection, stale_form)
    assert grades_of(inspection) == added
