"""The admin's list of disagreements between sources (DataNote), the review queue's second part:
waiting ones first, filtered by settlement and source; an editor settles one (Settled.ACCEPTED)
and the admin's log records who did it."""

import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.urls import reverse

from inspections.models import DataNote, DataVersion
from inspections.sources import Settled, Source
from tests.admin_helpers import editor, parse
from tests.factories import make_authority, make_data_note, make_inspection

CHANGELIST = "admin:inspections_datanote_changelist"


@pytest.fixture
def notes(db):
    authority = make_authority(name="Northshire")
    older = make_inspection(authority, published_on=dt.date(2019, 3, 1), started_on=None,
                            ended_on=None)  # fmt: skip
    newer = make_inspection(authority)
    return {
        "rule": make_data_note(newer),  # settled by rank
        "flagged": make_data_note(
            older,
            kept_source=Source.EDITOR,
            other_source=Source.REPORT,
            settled=Settled.EDITOR_KEPT,
        ),  # fmt: skip
        "waiting": make_data_note(
            authority=authority,
            field="monitoring_visit",
            kept_value="",
            kept_source="",
            other_value="2024-01-10",
            other_source=Source.OFFICIAL,
            settled=Settled.WAITING,
        ),  # fmt: skip
    }


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(editor(django_user_model))
    return client


def listed(response) -> list[int]:
    rows = parse(response).find("table", id="result_list").find("tbody").find_all("tr")
    return [int(row.find("input", name="_selected_action").attrs["value"]) for row in rows]


def test_waiting_notes_come_first_then_flagged_ones(editor_client, notes):
    response = editor_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert listed(response) == [notes["waiting"].pk, notes["flagged"].pk, notes["rule"].pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("review=to_review", ["waiting", "flagged"]),
        ("review=settled", ["rule"]),
        ("settled__exact=higher_source", ["rule"]),
        ("other_source__exact=official", ["waiting"]),
        ("kept_source__exact=editor", ["flagged"]),
    ],
)
def test_the_list_filters_by_review_settlement_and_source(editor_client, notes, query, expected):
    response = editor_client.get(reverse(CHANGELIST) + "?" + query)
    assert listed(response) == [notes[name].pk for name in expected]


def test_an_editor_settles_what_waits_and_the_log_says_who(editor_client, notes):
    before = DataVersion.current().token
    chosen = [notes["waiting"].pk, notes["flagged"].pk, notes["rule"].pk]

    response = editor_client.post(
        reverse(CHANGELIST), {"action": "accept", "_selected_action": chosen}, follow=True
    )

    assert response.status_code == 200
    said = " ".join(m.message for m in response.context["messages"])
    assert "2 data note(s) settled. 1 already settled" in said
    settled = dict(DataNote.objects.values_list("pk", "settled"))
    assert settled == {
        notes["waiting"].pk: Settled.ACCEPTED,
        notes["flagged"].pk: Settled.ACCEPTED,
        notes["rule"].pk: Settled.HIGHER_SOURCE,  # a rule settled it: left as it was
    }
    logged = LogEntry.objects.filter(action_flag=CHANGE).order_by("object_id")
    assert sorted(int(entry.object_id) for entry in logged) == sorted(chosen[:2])
    assert {entry.user.username for entry in logged} == {"editor"}
    waiting_log = logged.get(object_id=str(notes["waiting"].pk))
    assert "was: waits for review" in waiting_log.get_change_message()
    assert DataVersion.current().token != before  # /data/ shows the change


def test_an_editor_cannot_add_or_delete_a_note(editor_client, notes):
    assert editor_client.get(reverse("admin:inspections_datanote_add")).status_code == 403
    url = reverse("admin:inspections_datanote_delete", args=[notes["rule"].pk])
    assert editor_client.get(url).status_code == 403


def test_the_admin_index_names_both_parts_of_the_review_queue(editor_client, notes):
    page = parse(editor_client.get(reverse("admin:index")))

    line = page.find("p", id="data-notes-waiting")
    # (the helper joins the link's text and the full stop after it with a space)
    assert line.text().replace(" .", ".") == (
        "Data notes to review: 2 disagreements between sources wait for an editor."
    )
    assert line.find("a").attrs["href"] == reverse(CHANGELIST) + "?review=to_review"


def test_with_nothing_to_review_the_index_says_so(editor_client, db):
    page = parse(editor_client.get(reverse("admin:index")))
    assert page.find("p", id="data-notes-waiting").text() == "No data note waits for review."
