"""Edit safety: two editors saving the same inspection never silently lose one save, and every
save that is made is in the audit history, with its editor.

The concurrent tests send real requests from threads, each with its own database connection,
against PostgreSQL; on SQLite (one writer at a time) a separate process saves at once on a SQLite
file with the project's settings (sqlite_saves.py), whatever database the suite runs on.
"""

import json
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from inspections.rules import Area, Grade
from tests.admin_helpers import admin_form, editor, error_texts
from tests.factories import make_inspection

CONFLICT = "after you opened it. Nothing you entered has been saved"


def change_url(inspection) -> str:
    return reverse("admin:inspections_inspection_change", args=[inspection.pk])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def open_form(client, inspection) -> dict:
    response = client.get(change_url(inspection))
    assert response.status_code == 200
    return admin_form(response)


def saves_in_history(inspection) -> list[tuple[str, str]]:
    """(editor, lead inspector) of each change saved through the admin, oldest first."""
    return [
        (record.history_user.username, record.lead_inspector)
        for record in inspection.history.filter(history_type="~").order_by("history_id")
    ]


def test_a_save_from_a_form_opened_before_another_save_is_refused(django_user_model):
    inspection = make_inspection(lead_inspector="Original")
    first, second = (signed_in(editor(django_user_model, name)) for name in ("ann", "bob"))
    ann_form, bob_form = open_form(first, inspection), open_form(second, inspection)

    ann = first.post(change_url(inspection), {**ann_form, "lead_inspector": "Ann's change"})
    bob = second.post(change_url(inspection), {**bob_form, "lead_inspector": "Bob's change"})

    assert ann.status_code == 302
    assert bob.status_code == 200
    [message] = error_texts(bob)
    assert message.startswith("This inspection was changed by ann at ") and CONFLICT in message
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Ann's change"
    assert saves_in_history(inspection) == [("ann", "Ann's change")]

    # Bob opens it again, sees Ann's change, and his own save goes through.
    bob = second.post(
        change_url(inspection), {**open_form(second, inspection), "lead_inspector": "Bob's change"}
    )
    assert bob.status_code == 302
    assert saves_in_history(inspection) == [("ann", "Ann's change"), ("bob", "Bob's change")]


def test_a_form_without_its_version_is_refused(django_user_model):
    inspection = make_inspection(lead_inspector="Original")
    client = signed_in(editor(django_user_model))
    form = open_form(client, inspection)
    del form["seen_version"]

    assert client.post(change_url(inspection), {**form, "lead_inspector": "X"}).status_code == 200
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Original"


def test_reverting_to_an_old_version_from_the_history_still_works(django_user_model):
    inspection = make_inspection(lead_inspector="First")
    client = signed_in(editor(django_user_model))
    client.post(
        change_url(inspection), {**open_form(client, inspection), "lead_inspector": "Second"}
    )
    oldest = inspection.history.order_by("history_id").first()
    revert_url = reverse(
        "admin:inspections_inspection_simple_history", args=[inspection.pk, oldest.history_id]
    )

    response = client.post(revert_url, admin_form(client.get(revert_url)))

    assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert (inspection.lead_inspector, inspection.version) == ("First", 3)


def run_together(jobs) -> list:
    """Run each job in its own thread, all released at once; their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as error:  # reported by the test, not lost in the thread
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def postgresql(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent saves are tested on PostgreSQL (set DATABASE_URL)")


def admins(django_user_model) -> list[Client]:
    # Superusers: a transactional test's flush has removed the editors group's data migration.
    return [
        signed_in(django_user_model.objects.create_superuser(f"editor{i}", password="x"))
        for i in range(EDITORS)
    ]


EDITORS = 8


def test_concurrent_saves_of_one_version_let_exactly_one_through(postgresql, django_user_model):
    inspection = make_inspection(lead_inspector="Original")
    clients = admins(django_user_model)
    forms = [open_form(client, inspection) for client in clients]

    def save(i):
        return lambda: clients[i].post(
            change_url(inspection), {**forms[i], "lead_inspector": f"Change {i}"}
        )

    responses = run_together([save(i) for i in range(EDITORS)])

    assert not [r for r in responses if isinstance(r, BaseException)], responses
    statuses = [response.status_code for response in responses]
    assert sorted(statuses) == [200] * (EDITORS - 1) + [302]
    winner = statuses.index(302)
    for loser in (r for r in responses if r.status_code == 200):
        assert CONFLICT in " ".join(error_texts(loser))
    inspection.refresh_from_db()
    assert (inspection.lead_inspector, inspection.version) == (f"Change {winner}", 2)
    assert saves_in_history(inspection) == [(f"editor{winner}", f"Change {winner}")]


def test_concurrent_editors_who_reload_on_conflict_all_get_their_save_recorded(
    postgresql, django_user_model
):
    inspection = make_inspection(lead_inspector="Original")
    clients = admins(django_user_model)

    def save_until_accepted(i):
        def job():
            for attempt in range(1, 50):
                form = open_form(clients[i], inspection)
                response = clients[i].post(
                    change_url(inspection), {**form, "lead_inspector": f"Change {i}"}
                )
                if response.status_code == 302:
                    return attempt
                assert CONFLICT in " ".join(error_texts(response))
            raise AssertionError(f"editor{i} never got a save through")

        return job

    attempts = run_together([save_until_accepted(i) for i in range(EDITORS)])

    assert all(isinstance(n, int) for n in attempts), attempts
    history = saves_in_history(inspection)
    assert sorted(history) == sorted((f"editor{i}", f"Change {i}") for i in range(EDITORS))
    inspection.refresh_from_db()
    assert inspection.version == EDITORS + 1
    assert (inspection.history.first().lead_inspector) == inspection.lead_inspector
    # Each save was made on top of the one before: versions 2, 3, … in history order.
    versions = list(
        inspection.history.filter(history_type="~")
        .order_by("history_id")
        .values_list("version", flat=True)
    )
    assert versions == list(range(2, EDITORS + 2))
    print(f"attempts per editor: {attempts}")


def test_reverts_from_the_history_lock_in_a_transaction(postgresql, django_user_model):
    """The revert pages check the version under a row lock, as the change pages do; outside a
    transaction (no test transaction here) PostgreSQL would refuse that lock with a 500."""
    inspection = make_inspection(lead_inspector="First", grades={Area.LEADERSHIP: Grade.GOOD})
    judgement = inspection.judgements.get()
    judgement.grade = Grade.INADEQUATE
    judgement.save()
    inspection.lead_inspector = "Second"
    inspection.save()
    [client] = admins(django_user_model)[:1]
    for model, record in (
        ("inspection", inspection.history.order_by("history_id").first()),
        ("judgement", judgement.history.order_by("history_id").first()),
    ):
        url = reverse(
            f"admin:inspections_{model}_simple_history", args=[record.id, record.history_id]
        )
        response = client.post(url, admin_form(client.get(url)))
        assert response.status_code == 302, error_texts(response)
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "First"
    assert inspection.judgements.get().grade == Grade.GOOD


def test_concurrent_saves_on_sqlite_give_the_conflict_message_not_a_500(tmp_path):
    """SQLite allows one writer at a time: with deferred transactions the second editor's save
    failed at once with "database is locked" (a 500). The settings begin SQLite transactions
    IMMEDIATE and wait for the lock, so the second editor waits, then sees the conflict."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.production.sqlite_saves", str(tmp_path / "db.sqlite3"), "4"],
        cwd=settings.BASE_DIR,
        env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])

    outcomes = result["outcomes"]
    assert sorted(outcomes, key=str) == sorted(
        [{"status": 302, "conflict": False}] + [{"status": 200, "conflict": True}] * 3, key=str
    ), outcomes
    assert result["version"] == 2
