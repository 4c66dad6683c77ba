"""Pages cached by data version: 304s for repeat visitors, never a stale page after a change."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from authorities.services import _set_neighbours
from inspections import derived
from inspections.models import DataVersion, Judgement
from inspections.rules import Area, Grade
from tests.admin_helpers import admin_form, inline_rows, set_row
from tests.factories import make_authority, make_inspection
from tests.production.public_urls import public_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection():
    authority = make_authority(name="Cacheshire", slug="cacheshire")
    return make_inspection(
        authority,
        lead_inspector="First Inspector",
        overall_effectiveness=Grade.GOOD,
        grades={Area.LEADERSHIP: Grade.GOOD},
    )


def page_url(inspection) -> str:
    return inspection.authority.get_absolute_url()


def test_a_repeat_request_with_the_etag_gets_a_304(client, inspection):
    first = client.get(page_url(inspection))
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    assert "no-cache" in first["Cache-Control"]
    again = client.get(page_url(inspection), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again["ETag"] == first["ETag"]
    since = client.get(page_url(inspection), headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_new_day_gives_a_new_etag_and_last_modified(client, inspection, monkeypatch):
    first = client.get(page_url(inspection))
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localtime", lambda *args: tomorrow)
    conditional = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    again = client.get(page_url(inspection), headers=conditional)
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    assert again["Last-Modified"] != first["Last-Modified"]


def test_a_change_gives_a_new_etag_and_the_new_data(client, inspection):
    first = client.get(page_url(inspection))
    assert b"First Inspector" in first.content
    inspection.lead_inspector = "Second Inspector"
    inspection.save()
    after = client.get(page_url(inspection), headers={"If-None-Match": first["ETag"]})
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert b"Second Inspector" in after.content and b"First Inspector" not in after.content


def test_the_data_version_reads_back_as_written():
    bumped = DataVersion.bump()
    current = DataVersion.current()
    assert (current.token, current.changed_at) == (bumped.token, bumped.changed_at)
    assert timezone.is_aware(current.changed_at)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda i: Judgement.objects.filter(inspection=i).delete(), id="delete"),
        pytest.param(
            lambda i: i.authority.former_names.create(
                name="Old Cacheshire", used_until=dt.date(2020, 1, 1)
            ),
            id="former name",
        ),
        pytest.param(lambda i: i.authority.predecessors.add(make_authority()), id="m2m"),
        pytest.param(
            lambda i: _set_neighbours(
                i.authority, ["825"], {"825": make_authority(dfe_code="825")}
            ),
            id="bulk neighbours",
        ),
    ],
)
def test_every_kind_of_write_bumps_the_data_version(inspection, change):
    before = DataVersion.current().token
    change(inspection)
    assert DataVersion.current().token != before


def test_the_page_is_served_from_the_cache_until_the_data_changes(
    client, inspection, django_assert_num_queries
):
    client.get(page_url(inspection))
    with django_assert_num_queries(1):  # the data version; the page comes from the cache
        cached = client.get(page_url(inspection))
    assert b"First Inspector" in cached.content
    Judgement.objects.filter(inspection=inspection).update(grade=Grade.INADEQUATE)  # no signal
    derived.record()  # what a bulk writer must do
    assert client.get(page_url(inspection)).content.count(b"Inadequate") > 0


def test_a_page_from_the_cache_has_the_headers_the_rendered_one_had(client, inspection):
    rendered = client.get(page_url(inspection))
    cached = client.get(page_url(inspection))
    for header in ("Content-Type", "X-Frame-Options", "Vary", "ETag", "Cache-Control"):
        assert cached[header] == rendered[header], header
    assert cached.content == rendered.content


def test_the_htmx_partial_and_the_full_page_are_cached_apart(client, inspection):
    url = reverse("index")
    full = client.get(url)
    partial = client.get(url, headers={"HX-Request": "true"})
    assert b"<html" in full.content and b"<html" not in partial.content
    assert full["ETag"] != partial["ETag"]
    assert "HX-Request" in partial["Vary"] and "Cookie" in partial["Vary"]
    assert b"<html" in client.get(url).content  # the full page again, not the partial


def test_a_signed_in_user_gets_the_page_rendered_without_an_etag(admin_client, inspection):
    response = admin_client.get(page_url(inspection))
    assert response.status_code == 200 and not response.has_header("ETag")
    assert "Cookie" in response["Vary"]


def test_an_admin_save_is_on_the_next_anonymous_request(admin_client, inspection):
    visitor = Client()
    assert b"First Inspector" in visitor.get(page_url(inspection)).content  # now cached
    change = reverse("admin:inspections_inspection_change", args=[inspection.pk])
    form = admin_client.get(change)
    data = admin_form(form)
    data["lead_inspector"] = "Saved In Admin"
    set_row(
        data, "judgements", inline_rows(form, "judgements"), Area.LEADERSHIP, grade="inadequate"
    )
    assert admin_client.post(change, data).status_code == 302
    page = visitor.get(page_url(inspection))
    assert b"Saved In Admin" in page.content and b"First Inspector" not in page.content


def test_a_missing_page_stays_a_404_until_the_authority_is_added(client, inspection):
    missing = "/authorities/new-shire/"
    assert client.get(missing).status_code == 404
    assert client.get(missing).status_code == 404
    make_authority(name="New Shire", slug="new-shire")
    assert client.get(missing).status_code == 200
    assert client.post(page_url(inspection)).status_code == 405


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("url", public_urls())
def test_head_is_answered_like_get_cached_or_not(client, national_site, url):
    """HEAD was a 405 from require_GET when the page was not cached and a 200 from the cache when
    it was: now the same status and headers as GET, either way, and no body."""
    first_head = client.head(url)
    get = client.get(url)
    cached_head = client.head(url)

    assert first_head.status_code == get.status_code == cached_head.status_code
    assert body(first_head) == body(cached_head) == b""
    for name in ("Content-Type", "ETag", "Content-Security-Policy", "X-Frame-Options"):
        assert first_head.get(name) == get.get(name) == cached_head.get(name), name
