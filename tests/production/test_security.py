"""Security: the policy header, framing, admin login lockout, who may manage users, public URLs
that never write, and error pages that say nothing about the site's insides."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse

from dashboard.framing import embeddable
from tests.admin_helpers import editor, parse
from tests.production.public_urls import public_urls
from tests.site_data import demo_loaded

PUBLIC_URLS = public_urls()
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "TRUNCATE")


def plain(request):
    return HttpResponse("<p>page</p>")


# Only for test_an_embeddable_page_may_be_framed_and_others_may_not (pytest.mark.urls).
urlpatterns = [path("plain/", plain), path("embedded/", embeddable(plain))]


@pytest.fixture
def demo(db):
    demo_loaded()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_the_public_urls_are_found():
    assert {"/", "/authorities/", "/authorities/buckinghamshire/", "/compare/"} <= set(PUBLIC_URLS)
    assert not any(url.startswith("/admin") for url in PUBLIC_URLS)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_carry_a_strict_policy_and_no_inline_script_or_style(client, demo, url):
    # The old chart-CSV addresses answer 301 to their downloads: the page at the end is checked.
    response = client.get(url, {"a": ["buckinghamshire", "sandwell"], "q": "sand"}, follow=True)

    assert response.status_code == 200
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert (
        "unsafe-inline" not in policy["style-src"]
        and "nonce" not in response["Content-Security-Policy"]
    )
    if url.startswith("/embed/"):  # made to be framed by other sites (dashboard/framing.py)
        assert policy["frame-ancestors"] == "*" and "X-Frame-Options" not in response
    else:
        assert policy["frame-ancestors"] == "'none'"
        assert response["X-Frame-Options"] == "DENY"
    if not response["Content-Type"].startswith("text/html"):
        return  # a download, feed or schema: no markup to run
    for element in parse(response).iter():
        assert "style" not in element.attrs, element.tag
        assert not any(name.startswith("on") for name in element.attrs), element.attrs
        if element.tag == "script":
            # A script is a file, or data (json_script), which browsers never run.
            assert element.attrs.get("src") or element.attrs.get("type") == "application/json"


@pytest.mark.urls(__name__)
def test_an_embeddable_page_may_be_framed_and_others_may_not(client):
    framed = client.get("/embedded/")
    refused = client.get("/plain/")

    assert "X-Frame-Options" not in framed
    assert "frame-ancestors *" in framed["Content-Security-Policy"]
    assert "script-src 'self'" in framed["Content-Security-Policy"]
    assert refused["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in refused["Content-Security-Policy"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_no_public_url_accepts_a_write(demo, url, method):
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        # Without the CSRF check the view itself answers; with it, the middleware refuses first.
        unchecked = getattr(Client(), method)(url, {"name": "x", "a": "sandwell"})
        checked = getattr(Client(enforce_csrf_checks=True), method)(url, {"name": "x"})

    assert unchecked.status_code == 405
    assert checked.status_code in {403, 405}
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert row_counts() == before


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_reading_a_public_page_writes_nothing(client, demo, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"a": "sandwell"}, HTTP_HX_REQUEST="true")
        client.get(url)

    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert "sessionid" not in client.cookies


def login(client, password, address="10.0.0.1"):
    return client.post(
        reverse("admin:login"),
        {"username": "admin", "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_admin_login_locks_out_after_five_failures_even_with_the_right_password(client, db):
    User.objects.create_superuser("admin", password="the-right-password")
    answers = [login(client, "wrong").status_code for _ in range(5)]
    locked = login(client, "the-right-password")

    # The form again with its error four times; the fifth failure locks.
    assert answers == [200, 200, 200, 200, 429]
    assert heading(locked) == "Too many failed sign-ins"
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The lockout is of that username from that address: the admin can still sign in elsewhere.
    assert login(Client(), "the-right-password", address="10.0.0.2").status_code == 302


def test_a_staff_session_ends_after_a_working_day_idle_and_each_request_renews_it(client, db):
    """Django's default was two weeks from sign-in; now eight hours from the last request."""
    User.objects.create_superuser("admin", password="the-right-password")
    assert login(client, "the-right-password").status_code == 302
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600

    client.cookies["sessionid"]["max-age"] = ""
    assert client.get("/admin/").status_code == 200
    assert client.cookies["sessionid"]["max-age"] == 8 * 3600  # set again: the day starts anew
    assert client.session.get_expiry_age() == 8 * 3600


def test_four_failures_do_not_lock_out(client, db):
    User.objects.create_superuser("admin", password="the-right-password")
    for _ in range(4):
        login(client, "wrong")

    assert login(client, "the-right-password").status_code == 302


def test_an_editor_cannot_make_themself_a_superuser_or_add_a_user(client, django_user_model):
    user = editor(django_user_model)
    client.force_login(user)
    own_page = reverse("admin:auth_user_change", args=[user.pk])

    assert client.get(own_page).status_code == 403
    refused = client.post(own_page, {"username": "editor", "is_superuser": "on", "is_staff": "on"})
    added = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "intruder",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert (refused.status_code, added.status_code) == (403, 403)
    user.refresh_from_db()
    assert not user.is_superuser
    assert not django_user_model.objects.filter(username="intruder").exists()


def heading(response) -> str:
    return parse(response).find("h1").text()


LEAKS = ("Traceback", "DEBUG", "settings", "urlpatterns", 'File "', "SECRET", "psycopg", "line ")


def assert_leaks_nothing(response, *secrets: str) -> None:
    body = response.content.decode()
    for word in (*LEAKS, *secrets):
        assert word not in body, word


def test_not_found_page(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert_leaks_nothing(response)


def test_server_error_page_says_nothing_of_the_error(db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("secret internal detail at /srv/app")

    monkeypatch.setattr("dashboard.national.national_picture", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/")

    assert response.status_code == 500
    assert heading(response) == "Sorry, something went wrong"
    assert_leaks_nothing(response, "secret internal detail", "/srv/app", "RuntimeError")


def test_bad_request_page_for_an_unknown_host(client, db):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert heading(response) == "The request could not be understood"
    assert_leaks_nothing(response, "attacker.example", "ALLOWED_HOSTS")


def test_forbidden_pages(client, django_user_model):
    client.force_login(editor(django_user_model))
    forbidden = client.get(reverse("admin:auth_user_changelist"))
    csrf = Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "x"})

    assert (forbidden.status_code, csrf.status_code) == (403, 403)
    assert heading(forbidden) == "You cannot do that here"
    assert heading(csrf) == "The form could not be sent"
    assert_leaks_nothing(forbidden)
    assert_leaks_nothing(csrf, "CSRF cookie", "Referer")


def test_admin_pages_name_the_sites_icon(client):
    """Else the browser asks for /favicon.ico, a 404 on every admin page."""
    page = parse(client.get(reverse("admin:login")))
    icons = [link.attrs["href"] for link in page.find_all("link", rel="icon")]

    assert icons == ["/static/favicon.svg"]
    assert finders.find("favicon.svg")
