"""A crafted report PDF cannot take over the admin (issue 12, finding 1).

The attack: a PDF whose cover carries, where the authority's name is printed, a <script> that
loads the site's own htmx and an element that makes htmx post the admin's "add user" form with
the editor's CSRF token. Three walls stop it, each tested on its own here:

1. the reader takes only name-like text as a name (the payload is "not found", with a flag);
2. everything from the report is escaped where it is shown (tested with wall 1 switched off);
3. admin pages allow only the admin's own scripts: tests/browser/test_admin_report_attack.py.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.reader import plausible_name, report_read_in_process
from tests.admin_helpers import parse
from tests.crafted_reports import (
    CRAFTED_COVERS,
    PASSWORD,
    READ_URL,
    crafted_pdf,
    markup_in,
)


def write(tmp_path, name: str, cover: list[str]):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(crafted_pdf(cover))
    return path


# --- Wall 1: the reader ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, authority, lead_inspector",
    [
        ("sif", "", ""),
        ("ilacs_2018", "", "Tara Geere"),
        ("pre_sif", "", ""),
        ("ilacs_inspector", "Sandwell", ""),
    ],
)
def test_the_reader_never_takes_markup_as_a_name(tmp_path, name, authority, lead_inspector):
    reading = report_read_in_process(write(tmp_path, name, CRAFTED_COVERS[name]))

    assert reading.error is None
    assert (reading.authority, reading.lead_inspector) == (authority, lead_inspector)
    assert "<" not in json.dumps({**reading.as_json(), "warnings": []})
    refused = [w for w in reading.warnings if "does not look like an authority's name" in w]
    assert len(refused) == (0 if authority else 1)
    assert not any("<" in w for w in reading.warnings)  # the flag names no text of the cover


@pytest.mark.parametrize(
    "text, name",
    [
        ("Bristol, City of", "Bristol, City of"),
        ("Royal Borough of Kensington and Chelsea", "Royal Borough of Kensington and Chelsea"),
        ("Stoke-on-Trent City Council", "Stoke-on-Trent City Council"),
        ("St. Helens", "St. Helens"),
        ('<a href="https://evil.example/x">Dudley</a>', ""),
        ("Dudley " * 20, ""),  # longer than any name
        ("Sandwell 2014", ""),
        ("", ""),
    ],
)
def test_what_looks_like_an_authoritys_name(text, name):
    assert plausible_name(text) == name


# --- Wall 2: escaping, with the reader's check switched off ------------------------------------


@pytest.fixture
def admin_client(client, django_user_model, media):
    client.force_login(django_user_model.objects.create_superuser("admin", password=PASSWORD))
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload_crafted(client, cover: list[str]):
    report = SimpleUploadedFile("crafted.pdf", crafted_pdf(cover), content_type="application/pdf")
    response = client.post(READ_URL, {"report": report})
    assert response.status_code == 302 and "?report=" in response["Location"]
    return client.get(response["Location"])


def test_a_crafted_report_fills_in_nothing_live(admin_client):
    users = User.objects.count()
    page = upload_crafted(admin_client, CRAFTED_COVERS["sif"])

    assert page.status_code == 200
    assert markup_in(page.content.decode()) == []
    check = parse(page).find(id="id_authority_check").text()
    assert "does not look like an authority's name" in check
    assert User.objects.count() == users


@pytest.mark.parametrize("name", ["sif", "ilacs_2018", "pre_sif", "ilacs_inspector"])
def test_text_from_a_report_is_shown_as_text_even_when_taken_as_a_name(
    admin_client, reader_takes_any_text, name
):
    page = upload_crafted(admin_client, CRAFTED_COVERS[name])
    html = page.content.decode()

    assert page.status_code == 200
    assert markup_in(html) == []
    # The payload is on the page, as text: in the authority's check or the inspector's value.
    tree = parse(page)
    shown = [e.text() for e in tree.find_all(class_="report-check")]
    shown.append(tree.find("input", id="id_lead_inspector").attrs.get("value", ""))
    assert any("hx-post=/admin/auth/user/add/" in text for text in shown), shown
    # Never in help text, which the admin marks safe.
    assert not [e for e in tree.find_all(class_="help") if "hx-post" in e.text()]
