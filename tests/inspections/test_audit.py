"""The audit trail: every admin change is recorded with who, when, before and after, is listed on
the inspection's history page (its judgements' changes included) and can be reverted."""

import datetime as dt

import pytest
from django.urls import reverse

from inspections.models import Inspection, Judgement
from inspections.rules import Area, Grade
from tests.admin_helpers import admin_form, error_texts, inline_rows, parse, set_row
from tests.factories import make_authority, make_inspection

D = dt.date


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_superuser(username="alice", password="x")


@pytest.fixture
def client_as_alice(client, alice):
    client.force_login(alice)
    return client


def change_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def history_url(inspection: Inspection) -> str:
    return reverse("admin:inspections_inspection_history", args=[inspection.pk])


def change_grade(client, inspection: Inspection, area: str, grade: str) -> None:
    response = client.get(change_url(inspection))
    data = admin_form(response)
    set_row(data, "judgements", inline_rows(response, "judgements"), area, grade=grade)
    response = client.post(change_url(inspection), data)
    assert response.status_code == 302, error_texts(response)


def judgement_history_rows(client, inspection: Inspection) -> list[dict]:
    """The rows of the 'Judgements' section of the inspection's history page, newest first."""
    table = parse(client.get(history_url(inspection))).find(id="judgement-history")
    return [
        {
            "user": row.find("td", class_="history-user").text(),
            "action": row.find("td", class_="history-action").text(),
            "area": row.find("td", class_="history-area").text(),
            "changes": [
                item.text() for item in row.find("td", class_="history-changes").find_all("li")
            ],
            "link": row.find("td", class_="history-version").find("a"),
        }
        for row in table.find("tbody").find_all("tr")
    ]


def test_a_grade_change_names_the_user_and_the_old_and_new_grade(client_as_alice, alice):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()

    change_grade(client_as_alice, inspection, Area.LEADERSHIP, Grade.INADEQUATE)

    latest, created = judgement.history.all()[:2]
    assert (latest.history_type, latest.history_user, latest.grade) == ("~", alice, "inadequate")
    assert (created.history_type, created.grade) == ("+", "good")
    (change,) = latest.diff_against(created).changes
    assert (change.field, change.old, change.new) == ("grade", "good", "inadequate")


def test_the_inspection_history_lists_its_judgement_changes(client_as_alice):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})

    change_grade(client_as_alice, inspection, Area.LEADERSHIP, Grade.INADEQUATE)

    newest, oldest = judgement_history_rows(client_as_alice, inspection)
    assert newest["user"] == "alice"
    assert newest["action"] == "Changed"
    assert newest["area"] == "Impact of leaders on social work practice"
    assert newest["changes"] == ["Grade: Good → Inadequate"]
    assert oldest["action"] == "Created"
    assert oldest["user"] == "None"  # created by the factory, outside any request
    assert oldest["changes"] == ["Grade: — → Good"]
    assert oldest["link"].text() == "Revert to this version"


def test_reverting_through_the_history_restores_the_old_grade_and_is_recorded(
    client_as_alice, alice
):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    change_grade(client_as_alice, inspection, Area.LEADERSHIP, Grade.INADEQUATE)
    revert_url = judgement_history_rows(client_as_alice, inspection)[-1]["link"].attrs["href"]

    response = client_as_alice.get(revert_url)
    data = admin_form(response)
    assert data["grade"] == Grade.GOOD  # the page shows the version to restore
    response = client_as_alice.post(revert_url, data)

    assert response.status_code == 302, error_texts(response)
    judgement.refresh_from_db()
    assert judgement.grade == Grade.GOOD
    latest = judgement.history.first()
    assert (latest.history_type, latest.history_user, latest.grade) == ("~", alice, "good")
    newest = judgement_history_rows(client_as_alice, inspection)[0]
    assert (newest["user"], newest["changes"]) == ("alice", ["Grade: Inadequate → Good"])


def test_a_deleted_judgement_stays_in_the_history_and_can_be_restored(client_as_alice, alice):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    response = client_as_alice.get(change_url(inspection))
    data = admin_form(response)
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP, DELETE="on")
    assert client_as_alice.post(change_url(inspection), data).status_code == 302
    assert not inspection.judgements.exists()

    deleted = judgement_history_rows(client_as_alice, inspection)[0]
    assert (deleted["user"], deleted["action"], deleted["changes"]) == (
        "alice",
        "Deleted",
        ["Grade: Good → —"],
    )
    revert_url = deleted["link"].attrs["href"]
    response = client_as_alice.post(revert_url, admin_form(client_as_alice.get(revert_url)))

    assert response.status_code == 302, error_texts(response)
    assert dict(inspection.judgements.values_list("area", "grade")) == {Area.LEADERSHIP: "good"}


def test_judgements_added_with_a_new_inspection_name_their_author(client_as_alice, alice):
    authority = make_authority()
    add_url = reverse("admin:inspections_inspection_add")
    response = client_as_alice.get(add_url)
    data = admin_form(response)
    data.update(
        authority=str(authority.pk),
        framework="ilacs",
        inspection_type="short",
        started_on="2024-06-03",
        ended_on="2024-06-07",
        published_on="2024-07-19",
        overall_effectiveness="good",
    )
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP, grade="good")

    assert client_as_alice.post(add_url, data).status_code == 302

    inspection = Inspection.objects.get()
    assert inspection.history.get().history_user == alice
    assert Judgement.history.get(inspection_id=inspection.pk).history_user == alice


def test_the_inspection_history_shows_its_own_changes_with_labels(client_as_alice):
    inspection = make_inspection(overall_effectiveness=Grade.GOOD)
    data = admin_form(client_as_alice.get(change_url(inspection)))
    data["overall_effectiveness"] = Grade.REQUIRES_IMPROVEMENT
    assert client_as_alice.post(change_url(inspection), data).status_code == 302

    table = parse(client_as_alice.get(history_url(inspection))).find(id="change-history")
    newest = table.find("tbody").find("tr")
    assert "alice" in newest.text()
    assert "Overall effectiveness: Good → Requires improvement to be good" in newest.text()


def test_reverting_the_inspection_names_the_editor_and_moves_its_version(client_as_alice, alice):
    inspection = make_inspection(lead_inspector="First")
    inspection.lead_inspector = "Second"
    inspection.save()
    oldest = inspection.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:inspections_inspection_simple_history", args=[inspection.pk, oldest.history_id]
    )

    response = client_as_alice.post(revert_url, admin_form(client_as_alice.get(revert_url)))

    assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert (inspection.lead_inspector, inspection.version) == ("First", 3)
    latest = inspection.history.first()
    assert (latest.history_user, latest.lead_inspector, latest.version) == (alice, "First", 3)


def test_a_revert_the_recorded_judgements_do_not_fit_is_refused_with_a_message(client_as_alice):
    """The revert page has no judgement rows: restoring dates that rule out a judgement recorded
    since is refused, and nothing is saved."""
    inspection = make_inspection(started_on=D(2022, 11, 7), ended_on=D(2022, 11, 18))
    oldest = inspection.history.get()
    inspection.started_on, inspection.ended_on = D(2023, 3, 6), D(2023, 3, 17)
    inspection.save()
    Judgement.objects.create(inspection=inspection, area=Area.CARE_LEAVERS, grade=Grade.GOOD)
    revert_url = reverse(
        "admin:inspections_inspection_simple_history", args=[inspection.pk, oldest.history_id]
    )

    response = client_as_alice.post(revert_url, admin_form(client_as_alice.get(revert_url)))

    assert response.status_code == 200
    [message] = error_texts(response)
    assert message.startswith("The judgements recorded now do not fit this version")
    assert "Care leavers were judged on their own only" in message
    inspection.refresh_from_db()
    assert inspection.started_on == D(2023, 3, 6)
    assert dict(inspection.judgements.values_list("area", "grade")) == {
        Area.CARE_LEAVERS: Grade.GOOD
    }
