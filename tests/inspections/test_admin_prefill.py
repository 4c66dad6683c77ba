"""Filling in the add-inspection page from an uploaded report PDF, through the admin as an
editor uses it: upload, check the filled-in form, save. Real reports from ../shared."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Inspection
from inspections.prefill import SESSION_KEY
from inspections.rules import Area, Framework, Grade, InspectionType
from inspections.saving import PENDING_FOLDER
from tests.admin_helpers import admin_form, editor, error_texts, inline_rows, parse

#: The same reports are read again and again: each read for real once a session.
pytestmark = pytest.mark.usefixtures("reports_read_once")

ADD_URL = reverse("admin:inspections_inspection_add")
READ_URL = reverse("admin:inspections_inspection_read_report")
BUCKS_2018 = "80442_buckinghamshire__29-january-2018.pdf"
SANDWELL_2022 = "80549_sandwell__05-july-2022.pdf"
SAVED_WEB_PAGE = "80429_birmingham__19-october-2012.pdf"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def signed_in_editor(client, django_user_model, national_register):
    client.force_login(editor(django_user_model))
    return client


def upload(client, path: Path, name: str | None = None, content: bytes | None = None):
    data = path.read_bytes() if content is None else content
    report = SimpleUploadedFile(name or path.name, data, content_type="application/pdf")
    return client.post(READ_URL, {"report": report})


def messages_on(response) -> list[str]:
    return [
        li.text() for li in parse(response).find_all("li") if li.parent.classes & {"messagelist"}
    ]


def pending_files(media: Path) -> list[Path]:
    folder = media / PENDING_FOLDER
    return list(folder.iterdir()) if folder.is_dir() else []


def selected(response, name: str) -> str:
    """The value a select or input of the main form shows."""
    return admin_form(response).get(name, "")


def row_grades(response) -> dict[str, str]:
    return {
        row.values["area"]: row.values.get("grade", "")
        for row in inline_rows(response, "judgements")
        if row.values.get("grade")
    }


def test_an_uploaded_report_fills_in_the_add_form_and_nothing_is_saved_until_the_editor_saves(
    signed_in_editor, reports_dir, media
):
    client = signed_in_editor
    original = (reports_dir / BUCKS_2018).read_bytes()

    response = upload(client, reports_dir / BUCKS_2018)

    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADD_URL}?report=")
    assert Inspection.objects.count() == 0
    page = client.get(response["Location"])
    buckinghamshire = Authority.objects.get(ofsted_urn=80442)
    # The form as the report says (re-inspection November 2017, published 29 January 2018).
    assert selected(page, "authority") == str(buckinghamshire.pk)
    assert selected(page, "framework") == Framework.SIF
    assert selected(page, "inspection_type") == InspectionType.REINSPECTION
    assert selected(page, "started_on") == "2017-11-06"
    assert selected(page, "ended_on") == "2017-11-30"
    assert selected(page, "published_on") == "2018-01-29"
    assert selected(page, "lead_inspector") == "Margaret Burke"
    assert selected(page, "overall_effectiveness") == Grade.INADEQUATE
    assert row_grades(page) == {
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.INADEQUATE,
        Area.CARE_LEAVERS: Grade.REQUIRES_IMPROVEMENT,
        Area.ADOPTION: Grade.GOOD,
        Area.LEADERSHIP: Grade.INADEQUATE,
    }
    assert "Filled in from" in parse(page).find(class_="report-prefill").text()
    assert Inspection.objects.count() == 0

    saved = client.post(page.wsgi_request.get_full_path(), admin_form(page))

    assert saved.status_code == 302, error_texts(saved)
    inspection = Inspection.objects.get()
    assert inspection.authority == buckinghamshire
    assert inspection.published_on == dt.date(2018, 1, 29)
    assert inspection.overall_effectiveness == Grade.INADEQUATE
    assert dict(inspection.judgements.values_list("area", "grade")) == row_grades(page)
    # The report is kept with the inspection, byte for byte, and the pending copy is gone.
    assert inspection.report_file.name.endswith(".pdf")
    with inspection.report_file.open("rb") as kept:
        assert kept.read() == original
    assert pending_files(media) == []
    assert SESSION_KEY not in client.session or not client.session[SESSION_KEY]
    download = client.get(reverse("admin:inspections_inspection_report_file", args=[inspection.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == original
    assert inspection.history.get().history_user.username == "editor"


def test_what_the_reader_could_not_find_is_flagged_on_the_field(
    signed_in_editor, reports_dir, media
):
    """ILACS reports print no publication date: it comes from the file name, flagged."""
    page = signed_in_editor.get(upload(signed_in_editor, reports_dir / SANDWELL_2022)["Location"])

    assert selected(page, "published_on") == "2022-07-05"
    form = parse(page).find("form", id="inspection_form")
    published_check = form.find(id="id_published_on_check").text()
    assert "from the file name, check it" in published_check
    published = form.find("input", id="id_published_on")
    assert "id_published_on_check" in published.attrs["aria-describedby"].split()
    # Flagged, and still a date field (its class gives it the admin's calendar).
    assert {"vDateField", "report-flagged"} <= published.classes
    assert "from the file name" in parse(page).find(class_="report-prefill").text()
    # ILACS before 2023: one judgement for children in care and care leavers.
    assert row_grades(page) == {
        Area.HELP_AND_PROTECTION: Grade.REQUIRES_IMPROVEMENT,
        Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
        Area.LEADERSHIP: Grade.REQUIRES_IMPROVEMENT,
    }


def test_a_grade_the_editor_corrects_is_saved_as_corrected(signed_in_editor, reports_dir, media):
    page = signed_in_editor.get(upload(signed_in_editor, reports_dir / SANDWELL_2022)["Location"])
    data = admin_form(page)
    (row,) = [r for r in inline_rows(page, "judgements") if r.values["area"] == Area.LEADERSHIP]
    data[f"judgements-{row.index}-grade"] = Grade.GOOD

    saved = signed_in_editor.post(page.wsgi_request.get_full_path(), data)

    assert saved.status_code == 302, error_texts(saved)
    assert Inspection.objects.get().judgements.get(area=Area.LEADERSHIP).grade == Grade.GOOD


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.pdf", b"Minutes of the meeting\n", "not a PDF"),
        (SAVED_WEB_PAGE, None, "saved web page"),
        ("truncated.pdf", "half", "cannot be read as a report"),
        ("empty.pdf", b"", "cannot be read as a report"),
    ],
)
def test_a_bad_file_gives_a_clear_message_and_nothing_is_filled_saved_or_kept(
    signed_in_editor, reports_dir, media, name, content, words
):
    if content == "half":
        whole = (reports_dir / BUCKS_2018).read_bytes()
        content = whole[: len(whole) // 2]
    path = reports_dir / (SAVED_WEB_PAGE if content is None else BUCKS_2018)

    response = upload(signed_in_editor, path, name=name, content=content)

    assert response.status_code == 302
    assert response["Location"] == ADD_URL
    page = signed_in_editor.get(ADD_URL)
    (message,) = messages_on(page)
    assert words in message
    assert "Nothing was filled in or saved" in message
    assert selected(page, "authority") == ""
    assert Inspection.objects.count() == 0
    assert pending_files(media) == []


def test_reading_without_a_file_asks_for_one(signed_in_editor, media):
    response = signed_in_editor.post(READ_URL, {})
    page = signed_in_editor.get(response["Location"])
    assert messages_on(page) == ["Choose the report's PDF file, then “Read the report”."]


def test_a_token_from_another_session_fills_in_nothing(
    signed_in_editor, django_user_model, reports_dir, media
):
    location = upload(signed_in_editor, reports_dir / BUCKS_2018)["Location"]
    other = Client()
    other.force_login(editor(django_user_model, username="other-editor"))

    page = other.get(location)

    assert page.status_code == 200
    assert selected(page, "authority") == ""
    assert not parse(page).find_all(class_="report-prefill")


def test_reading_a_report_needs_the_right_to_add_inspections(client, django_user_model, media):
    viewer = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    client.force_login(viewer)
    assert client.post(READ_URL, {}).status_code == 403
    client.logout()
    assert client.post(READ_URL, {})["Location"].startswith(reverse("admin:login"))


def test_an_inspection_without_a_kept_report_has_no_report_file_page(admin_client, media):
    from tests.factories import make_inspection

    inspection = make_inspection()
    url = reverse("admin:inspections_inspection_report_file", args=[inspection.pk])
    assert admin_client.get(url).status_code == 404
    missing = reverse("admin:inspections_inspection_report_file", args=[999_999])
    assert admin_client.get(missing).status_code == 404


def test_the_inspection_type_the_report_does_not_say_is_flagged(
    signed_in_editor, reports_dir, media
):
    page = signed_in_editor.get(upload(signed_in_editor, reports_dir / SANDWELL_2022)["Location"])

    form = parse(page).find("form", id="inspection_form")
    assert "do not print standard or short" in form.find(id="id_inspection_type_check").text()


def test_the_add_form_has_one_report_file_input(signed_in_editor, media):
    page = parse(signed_in_editor.get(ADD_URL))
    assert [i.attrs["name"] for i in page.find_all("input") if i.attrs.get("type") == "file"] == [
        "report"
    ]


def test_a_report_already_recorded_links_to_its_inspection_with_its_public_link(
    signed_in_editor, reports_dir, media, national_history
):
    """The history holds Sandwell's 2022 inspection: the upload is that one, not a new one."""
    recorded = Inspection.objects.get(authority__ofsted_urn=80549, published_on=dt.date(2022, 7, 5))
    page = signed_in_editor.get(upload(signed_in_editor, reports_dir / SANDWELL_2022)["Location"])

    link = parse(page).find(class_="report-prefill-existing").find("a")
    assert link.attrs["href"] == reverse("admin:inspections_inspection_change", args=[recorded.pk])
    assert selected(page, "report_url") == recorded.report_url != ""


def test_the_monitoring_visit_form_asks_whose_then_which_inspection_then_when(
    signed_in_editor, national_history
):
    page = parse(signed_in_editor.get(reverse("admin:inspections_monitoringvisit_add")))
    form = page.find("form", id="monitoringvisit_form")
    names = [
        e.attrs["name"]
        for e in form.iter()
        if e.tag in ("input", "select", "textarea")
        and not e.attrs.get("name", "_").startswith(("csrf", "_"))
    ]
    assert names[:5] == ["authority", "follows", "sequence", "started_on", "ended_on"]
    assert names.index("findings") > names.index("published_on")
    stoke = Inspection.objects.get(authority__ofsted_urn=80564, published_on=dt.date(2019, 3, 18))
    assert str(stoke).endswith("(2019-03-18): inadequate")  # a choice shows date and grade
