"""The review queue in the admin: what the sync was unsure of, opened in the same prefilled form
as a PDF upload, recorded by saving it or dismissed; the admin index and the home page say what
waits and when the data was last checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Inspection, Judgement, MonitoringVisit, Publication
from inspections.models import PublicationState as State
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.admin_helpers import admin_form, editor, error_texts, parse
from tests.ofsted.conftest import run

QUEUE = reverse("admin:inspections_publicationtoreview_changelist")
NORFOLK_2015 = "Children's services inspection - 20 October 2015, pdf"
#: Derby's 2017 report (from the archive), listed on Suffolk's page: its cover names another
#: authority ("Derby City", an alias), so it waits (recording.py).
ON_SUFFOLKS_PAGE = "Children's services inspection - 13 June 2017, pdf"
WEB_PAGE = "Children's services inspection - 19 October 2012, pdf"


@pytest.fixture
def synced(site, tmp_path, settings, shared_data):
    # The admin opens only links on the configured report finder: here, the stand-in.
    settings.OFSTED_REPORTS_URL = site.base_url
    derby = shared_data / "archive" / "50004376.pdf"
    if not derby.is_file():
        pytest.skip(f"needs the shared archive's {derby}")
    body = derby.read_bytes()
    site.add_publication(80565, ON_SUFFOLKS_PAGE, body, file_id="99100001")
    summary, _ = run(site, tmp_path)
    return summary


@pytest.fixture
def signed_in(client, django_user_model):
    client.force_login(editor(django_user_model))
    return client


def test_the_queue_lists_exactly_what_waits(synced, signed_in):
    page = parse(signed_in.get(QUEUE))
    links = sorted(
        cell.find("a").attrs["href"] for cell in page.find_all(class_="field-review_link")
    )

    waiting = Publication.objects.get(title=ON_SUFFOLKS_PAGE)
    web_page = Publication.objects.get(title=WEB_PAGE)  # its link gave no PDF: open the link
    review = reverse("admin:inspections_publicationtoreview_review", args=[waiting.pk])
    assert links == sorted([review, web_page.url])
    index = signed_in.get(reverse("admin:index")).content.decode()
    assert "2 publications from Ofsted wait for review" in index


def test_a_waiting_report_opens_filled_in_and_saving_it_records_the_publication(synced, signed_in):
    publication = Publication.objects.get(title=ON_SUFFOLKS_PAGE)
    opened = signed_in.get(reverse("admin:inspections_publicationtoreview_review",
                                   args=[publication.pk]))  # fmt: skip
    assert opened.status_code == 302
    page = signed_in.get(opened["Location"])
    form = admin_form(page)

    # The form goes by the cover, and says why it waited: the editor decides.
    assert form["authority"] == str(Authority.objects.get(slug="derby").pk)
    assert form["report_url"] == publication.url  # the public link is kept
    assert form["published_on"] == "2017-06-13"  # as printed
    assert (
        "Sent to review by the sync: the cover names Derby, not Suffolk (the provider): "
        "check whose report it is"
    ) in " ".join(parse(page).text().split()).replace("&#x27;", "'")

    saved = signed_in.post(page.wsgi_request.get_full_path(), form)

    assert saved.status_code == 302, error_texts(saved)
    publication.refresh_from_db()
    assert publication.state == State.RECORDED
    assert publication.inspection.published_on == dt.date(2017, 6, 13)
    assert publication.inspection.authority.slug == "derby"
    assert publication.inspection.report_url == publication.url
    assert (
        "1 publication from Ofsted waits for review"
        in signed_in.get(reverse("admin:index")).content.decode()
    )


def test_dismissed_is_kept_listed_and_never_fetched_again(synced, signed_in, site, tmp_path):
    web_page = Publication.objects.get(title=WEB_PAGE)
    response = signed_in.post(
        reverse("admin:inspections_publication_changelist"),
        {"action": "dismiss", "_selected_action": [web_page.pk]},
    )
    assert response.status_code == 302
    web_page.refresh_from_db()
    assert web_page.state == State.DISMISSED
    requests_before = len(site.paths)

    summary, _ = run(site, tmp_path)

    assert summary.new == 0
    assert not [p for p in site.paths[requests_before:] if p.startswith("/v1/file/")]
    assert Publication.objects.get(pk=web_page.pk).state == State.DISMISSED


def test_a_publication_waiting_with_no_archived_file_says_so(synced, signed_in, settings):
    publication = Publication.objects.get(title=ON_SUFFOLKS_PAGE)
    (settings.MEDIA_ROOT / publication.archived).unlink()
    response = signed_in.get(
        reverse("admin:inspections_publicationtoreview_review", args=[publication.pk]),
        follow=True,
    )
    assert "not in the archive" in response.content.decode()
    assert (
        signed_in.get(
            reverse("admin:inspections_publicationtoreview_review", args=[99999])
        ).status_code
        == 404
    )


def test_the_home_page_says_when_the_data_was_last_checked(client, synced):
    text = " ".join(parse(client.get(reverse("home"))).find(id="last-checked").text().split())

    assert text.startswith("Last checked against Ofsted's report finder on ")
    assert text.endswith(
        f": {synced.recorded} new publications recorded, 2 waiting to be checked by an editor."
    )


def test_the_home_page_before_any_check(client, db):
    text = parse(client.get(reverse("home"))).find(id="last-checked").text()
    assert "Not yet checked against" in text


def test_a_monitoring_visit_may_follow_an_april_2026_inspection_inadequate_in_an_area(
    national_register,
):
    authority = Authority.objects.get(slug="trafford")
    inspection = Inspection.objects.create(
        authority=authority, framework=Framework.ILACS_2026,
        inspection_type=InspectionType.UNKNOWN, started_on=dt.date(2026, 5, 4),
        ended_on=dt.date(2026, 5, 15), published_on=dt.date(2026, 7, 1),
    )  # fmt: skip
    Judgement.objects.create(inspection=inspection, area=Area.LEADERSHIP, grade=Grade.GOOD)
    visit = MonitoringVisit(authority=authority, follows=inspection,
                            started_on=dt.date(2026, 10, 1), ended_on=dt.date(2026, 10, 2))  # fmt: skip
    with pytest.raises(Exception, match="inadequate overall"):
        visit.full_clean()

    Judgement.objects.create(inspection=inspection, area=Area.HELP_AND_PROTECTION,
                             grade=Grade.INADEQUATE)  # fmt: skip
    visit.full_clean()  # now it may follow it


def test_a_waiting_report_already_in_the_history_links_to_that_inspection(
    site, tmp_path, national_history, signed_in
):
    """Norfolk's 2015 report against a recorded inspection of the same file whose overall grade
    another report gave differently: two sources of one rank, so it waits; the form links to the
    recorded inspection (the same file) to settle it there."""
    recorded = Inspection.objects.get(
        authority__ofsted_urn=80418, published_on=dt.date(2015, 10, 20)
    )
    recorded.overall_effectiveness = Grade.GOOD  # the report says inadequate
    recorded.sources = {**recorded.sources, "overall": ["report"]}
    recorded.save()
    run(site, tmp_path)
    publication = Publication.objects.get(title=NORFOLK_2015)
    assert publication.state == State.WAITING
    assert publication.reasons[0] == (
        "conflict on overall effectiveness: the database has 'good' (report), this source "
        "'inadequate' (report); kept 'good'"
    )

    opened = signed_in.get(
        reverse("admin:inspections_publicationtoreview_review", args=[publication.pk])
    )
    page = signed_in.get(opened["Location"])

    link = parse(page).find(class_="report-prefill-existing").find("a")
    assert link.attrs["href"] == reverse("admin:inspections_inspection_change", args=[recorded.pk])
    assert admin_form(page)["report_url"] == recorded.report_url


def _unknown_kind(url: str) -> Publication:
    return Publication.objects.create(
        file_id="99000001", url=url, provider_urn=80442, provider_name="Buckinghamshire",
        title="Something else - 01 May 2024, pdf", kind="unknown", state=State.WAITING,
    )  # fmt: skip


@pytest.fixture
def ofsted_settings(settings):
    settings.OFSTED_REPORTS_URL = "https://reports.ofsted.gov.uk"
    settings.OFSTED_FILE_HOSTS = ("files.ofsted.gov.uk",)
    return settings


def test_a_staff_user_without_permission_on_publications_is_not_sent_to_the_link(
    client, django_user_model, ofsted_settings
):
    publication = _unknown_kind("https://files.ofsted.gov.uk/v1/file/99000001")
    staff = django_user_model.objects.create_user(username="staff", password="x", is_staff=True)
    client.force_login(staff)

    response = client.get(
        reverse("admin:inspections_publicationtoreview_review", args=[publication.pk])
    )

    assert response.status_code == 403
    assert "Location" not in response


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8001\\@reports.ofsted.gov.uk/v1/file/1",
        "https://evil.example\\@files.ofsted.gov.uk/v1/file/1",
        "https://files.ofsted.gov.uk:8443/v1/file/1",
        "http://files.ofsted.gov.uk/v1/file/1",
        "https://evil.example/v1/file/1",
        "javascript:alert(1)",
    ],
)
def test_a_stored_link_that_fails_the_syncs_check_is_neither_opened_nor_shown(
    signed_in, ofsted_settings, url
):
    publication = _unknown_kind(url)

    response = signed_in.get(
        reverse("admin:inspections_publicationtoreview_review", args=[publication.pk])
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    queue = signed_in.get(QUEUE).content.decode()
    assert "is not opened" in queue
    assert "not on the report finder" in queue
    assert not parse(queue).find_all("a", href=url)


def test_a_stored_link_on_the_file_host_is_opened(signed_in, ofsted_settings):
    publication = _unknown_kind("https://files.ofsted.gov.uk/v1/file/99000001")

    response = signed_in.get(
        reverse("admin:inspections_publicationtoreview_review", args=[publication.pk])
    )

    assert response["Location"] == "https://files.ofsted.gov.uk/v1/file/99000001"
