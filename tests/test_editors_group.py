"""The editors group, created by data migrations: inspection data yes, users and groups no."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from inspections.models import Inspection
from inspections.rules import Area, Grade
from tests.admin_helpers import admin_form, editor, error_texts, inline_rows, parse, set_row
from tests.factories import make_authority, make_inspection

EDITED_MODELS = [
    "inspections.inspection",
    "inspections.judgement",
    "inspections.monitoringvisit",
    "inspections.focusedvisit",
    "inspections.jointtargetedareainspection",
    "inspections.intervention",
    "authorities.authority",
    "authorities.formername",
    "authorities.statisticalneighbour",
]


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(editor(django_user_model))
    return client


def granted_to_editors() -> set[str]:
    group = Group.objects.get(name="editors")
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_a_flushed_database_gets_the_group_back_with_the_same_rights(transactional_db):
    """`flush` (and every transactional test's teardown) empties auth's tables; post_migrate
    makes the group again, as migrating made it."""
    migrated = granted_to_editors()
    call_command("flush", interactive=False, verbosity=0)
    assert granted_to_editors() == migrated
    assert len(migrated) > 20


def test_the_group_may_view_add_and_change_inspection_data_and_delete_rows_of_a_page(db):
    group = Group.objects.get(name="editors")

    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    expected = {
        f"{model.split('.')[0]}.{action}_{model.split('.')[1]}"
        for model in EDITED_MODELS
        for action in ("view", "add", "change")
    } | {
        "inspections.delete_judgement",
        "authorities.delete_formername",
        "authorities.delete_statisticalneighbour",
        # The sync's publications: reviewed (viewed) and dismissed (changed), never added.
        "inspections.view_publication",
        "inspections.change_publication",
        "inspections.view_publicationtoreview",
        "inspections.change_publicationtoreview",
        # The disagreements between sources: reviewed (viewed) and settled (changed).
        "inspections.view_datanote",
        "inspections.change_datanote",
    }
    assert granted == expected


def test_an_editor_can_add_an_inspection_with_judgements(editor_client):
    authority = make_authority()
    url = reverse("admin:inspections_inspection_add")
    response = editor_client.get(url)
    assert response.status_code == 200
    data = admin_form(response)
    data.update(
        authority=str(authority.pk),
        framework="ilacs",
        inspection_type="standard",
        started_on="2023-03-06",
        ended_on="2023-03-17",
        published_on="2023-05-02",
        overall_effectiveness="good",
    )
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP, grade="good")

    response = editor_client.post(url, data)

    assert response.status_code == 302, error_texts(response)
    inspection = Inspection.objects.get()
    assert dict(inspection.judgements.values_list("area", "grade")) == {Area.LEADERSHIP: "good"}


def test_an_editor_can_delete_a_judgement_but_not_an_inspection(editor_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    change_url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    response = editor_client.get(change_url)
    data = admin_form(response)
    set_row(data, "judgements", inline_rows(response, "judgements"), Area.LEADERSHIP, DELETE="on")

    assert editor_client.post(change_url, data).status_code == 302
    assert not inspection.judgements.exists()
    delete_url = reverse("admin:inspections_inspection_delete", args=[inspection.pk])
    assert editor_client.get(delete_url).status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/auth/group/",
        "/admin/auth/group/add/",
    ],
)
def test_an_editor_cannot_see_or_add_users_or_groups(editor_client, url):
    assert editor_client.get(url).status_code == 403


@pytest.mark.parametrize("model", EDITED_MODELS)
def test_an_editor_can_open_every_list_and_add_page_of_inspection_data(editor_client, model):
    app_label, model_name = model.split(".")
    if model_name in {"formername", "statisticalneighbour"}:
        # Edited inline on the authority's page, which is the page to open.
        model_name = "authority"
    if model_name == "judgement":
        # Added inline on the inspection's page (its own add page is gone: no edit lock there).
        model_name = "inspection"
    for view in ("changelist", "add"):
        response = editor_client.get(reverse(f"admin:{app_label}_{model_name}_{view}"))
        assert response.status_code == 200, view


def test_an_editor_sees_the_history_and_can_revert_a_judgement(editor_client):
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    history = reverse("admin:inspections_inspection_history", args=[inspection.pk])

    response = editor_client.get(history)

    assert response.status_code == 200
    link = parse(response).find(id="judgement-history").find("a")
    assert link.text() == "Revert to this version"
    judgement.grade = Grade.INADEQUATE
    judgement.save()
    revert = editor_client.post(
        link.attrs["href"], admin_form(editor_client.get(link.attrs["href"]))
    )
    assert revert.status_code == 302, error_texts(revert)
    judgement.refresh_from_db()
    assert judgement.grade == Grade.GOOD
