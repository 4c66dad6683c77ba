"""The site's perimeter: the client address behind a proxy (admin lockout), request bodies refused
before they are read, the Host header kept out of the page cache and out of absolute links, and
the Permissions-Policy header."""

import runpy
from pathlib import Path

import pytest
import yaml
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from tests.admin_helpers import editor, parse
from tests.production.public_urls import public_urls
from tests.site_data import demo_loaded

BASE_DIR = Path(django_settings.BASE_DIR)
PUBLIC_URLS = public_urls()


@pytest.fixture
def demo(db):
    demo_loaded()


def settings_read_from(monkeypatch, **environ: str) -> dict:
    """config/settings.py as it reads this environment: a fresh run of the module, so a test sees
    what a deployment with these variables gets (the loaded settings stay as they are)."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(BASE_DIR / "config" / "settings.py"))


# --- The client's address behind a proxy (django-axes lockout) --------------------------------

PROXY = "10.0.0.1"  # the proxy's own address: every request reaches gunicorn from it


@pytest.fixture
def behind_proxies(settings, monkeypatch):
    """Applies the lockout's address settings that PROXY_COUNT=n gives."""

    def apply(count: int, trusted: str = PROXY) -> None:
        configured = settings_read_from(
            monkeypatch, PROXY_COUNT=str(count), TRUSTED_PROXIES=trusted
        )
        for name, value in configured.items():
            if name.startswith(("AXES_IPWARE_", "IPWARE_", "AXES_CLIENT_IP")) or name in {
                "PROXY_COUNT",
                "TRUSTED_PROXIES",
            }:
                setattr(settings, name, value)

    return apply


def login_through_proxy(password: str, forwarded_for: str):
    """A sign-in as `admin` through the proxy, which appended the client's address to
    X-Forwarded-For (anything before it came from the client itself)."""
    return Client().post(
        reverse("admin:login"),
        {"username": "admin", "password": password, "next": "/admin/"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_one_client_s_failures_do_not_lock_out_another(behind_proxies, db):
    behind_proxies(1)
    User.objects.create_superuser("admin", password="the-right-password")

    answers = [login_through_proxy("wrong", "198.51.100.7").status_code for _ in range(5)]
    admin = login_through_proxy("the-right-password", "198.51.100.8")

    assert answers == [200, 200, 200, 200, 429]
    assert admin.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_behind_a_proxy_a_client_cannot_choose_its_address_with_forwarded_for(behind_proxies, db):
    behind_proxies(1)
    User.objects.create_superuser("admin", password="the-right-password")

    # Each try claims another address in front of the one the proxy appended...
    answers = [
        login_through_proxy("wrong", f"192.0.2.{i}, 198.51.100.7").status_code for i in range(5)
    ]
    # ...or claims the admin's own address: the lockout sees the proxy's entry all the same.
    claiming = login_through_proxy("the-right-password", "198.51.100.8, 198.51.100.7")
    admin = login_through_proxy("the-right-password", "198.51.100.8")

    assert answers == [200, 200, 200, 200, 429]
    assert claiming.status_code == 429
    assert admin.status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


@pytest.mark.parametrize(
    ("proxy_count", "forwarded_for", "seen"),
    [
        (0, "198.51.100.7", PROXY),  # no proxy: the header is the client's own, and ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "192.0.2.1, 198.51.100.7", "198.51.100.7"),
        (1, "not an address, 198.51.100.7", "198.51.100.7"),
        (1, "", PROXY),  # the proxy sent none (a health check from the proxy's host)
        (2, "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "192.0.2.1, 192.0.2.2, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (2, "not an address, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
    ],
)
def test_the_address_the_lockout_sees(behind_proxies, rf, proxy_count, forwarded_for, seen):
    from axes.helpers import get_client_ip_address

    behind_proxies(proxy_count)
    request = rf.post("/admin/login/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert get_client_ip_address(request) == seen


def test_from_an_untrusted_address_rotating_forwarded_for_does_not_dodge_the_lockout(
    behind_proxies, db
):
    """Finding 6: gunicorn reached directly with PROXY_COUNT=1 keyed the lockout on whatever
    X-Forwarded-For said, so twelve wrong passwords and then the right one were let through."""
    behind_proxies(1, trusted="127.0.0.1,::1")  # the proxy is on this machine; PROXY is not it
    User.objects.create_superuser("admin", password="the-right-password")

    answers = [login_through_proxy("wrong", f"192.0.2.{i}").status_code for i in range(5)]
    right = login_through_proxy("the-right-password", "192.0.2.99")

    assert answers == [200, 200, 200, 200, 429]
    assert right.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


@pytest.mark.parametrize(
    ("environ", "trusted", "untrusted"),
    [
        ({}, ["127.0.0.1", "::1"], ["10.0.0.1"]),
        ({"FORWARDED_ALLOW_IPS": "172.18.0.1"}, ["172.18.0.1"], ["127.0.0.1"]),
        ({"TRUSTED_PROXIES": "10.0.0.0/8, ::1"}, ["10.2.3.4", "::1"], ["127.0.0.1"]),
        ({"TRUSTED_PROXIES": "*"}, ["203.0.113.9", "2001:db8::1"], []),
    ],
)
def test_trusted_proxies_default_to_gunicorns_or_this_machine(
    monkeypatch, settings, environ, trusted, untrusted
):
    from config.client_ip import trusted as is_trusted

    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings.TRUSTED_PROXIES = settings_read_from(monkeypatch, **environ)["TRUSTED_PROXIES"]

    assert all(is_trusted(address) for address in trusted)
    assert not any(is_trusted(address) for address in untrusted)


def test_compose_passes_the_proxy_count_and_the_site_address_to_the_web_container():
    web = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]["web"]

    assert {"PROXY_COUNT", "SITE_URL"} <= set(web["environment"])


# --- Request bodies -----------------------------------------------------------------------------


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read


GIGABYTE = str(1024**3)
READ_REPORT_URL = reverse("admin:inspections_inspection_read_report")
ADD_URL = reverse("admin:inspections_inspection_add")


def post_unread(client, url: str, **headers):
    return client.generic(
        "POST",
        url,
        b"",
        **{
            "wsgi.input": Unreadable(),
            "CONTENT_TYPE": "multipart/form-data; boundary=x",
            **headers,
        },
    )


@pytest.mark.parametrize(
    "url", ["/", "/compare/", "/api/authorities", "/admin/login/", READ_REPORT_URL, ADD_URL]
)
def test_an_oversized_body_is_refused_before_it_is_read(db, url):
    client = Client(enforce_csrf_checks=True)  # CSRF reads the form: the 403 came after the body

    response = post_unread(client, url, CONTENT_LENGTH=GIGABYTE)

    assert response.status_code == 413
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "too large" in response.content.decode()


def test_a_body_without_a_length_is_refused_before_it_is_read(db):
    client = Client(enforce_csrf_checks=True)

    response = post_unread(client, "/admin/login/", HTTP_TRANSFER_ENCODING="chunked")

    assert response.status_code == 411
    assert response["Content-Type"] == "text/plain; charset=utf-8"


def test_only_the_report_upload_urls_take_a_report_sized_body(client, django_user_model, db):
    client.force_login(editor(django_user_model))
    report = b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024)  # larger than any form, far below 30 MB

    def send(url: str):
        return client.post(url, {"report": ("report.pdf", report)}, format="multipart")

    assert send("/admin/login/").status_code == 413
    assert send(reverse("admin:index")).status_code == 413
    assert send(READ_REPORT_URL).status_code != 413
    assert send(ADD_URL).status_code != 413


def test_the_upload_limit_is_the_report_limit_and_no_more(db, django_user_model):
    client = Client()
    client.force_login(editor(django_user_model))
    just_over = django_settings.MAX_REPORT_UPLOAD_BYTES + 2 * 1024 * 1024

    response = post_unread(client, READ_REPORT_URL, CONTENT_LENGTH=str(just_over))

    assert response.status_code == 413


def test_form_data_held_in_memory_is_bounded():
    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 1024 * 1024


# --- The Host header: page cache and absolute links ---------------------------------------------


def shown_links(response) -> list[str]:
    """The absolute links a page shows: "Link to this view" and the embed snippet's preview."""
    page = parse(response)
    links = [page.find("p", class_="permalink").find("a").text()]
    links += [a.attrs["href"] for a in page.find_all("a") if a.text() == "Preview it"]
    return links


@pytest.mark.parametrize("url", ["/", "/authorities/buckinghamshire/"])
def test_a_request_for_another_port_does_not_change_the_next_visitor_s_links(client, demo, url):
    poisoned = client.get(url, HTTP_HOST="localhost:6666")
    visitor = client.get(url, HTTP_HOST="localhost")

    assert poisoned.status_code == visitor.status_code == 200
    assert shown_links(visitor)
    assert all(link.startswith("http://localhost/") for link in shown_links(visitor))


def test_a_disallowed_host_is_refused_even_when_the_page_is_cached(client, demo):
    first = client.get("/")
    assert first.status_code == 200  # now in the page cache

    refused = client.get("/", HTTP_HOST="attacker.example")
    revalidating = client.get("/", HTTP_HOST="attacker.example", HTTP_IF_NONE_MATCH=first["ETag"])

    assert (refused.status_code, revalidating.status_code) == (400, 400)
    assert "attacker.example" not in refused.content.decode()


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_with_site_url_set_links_use_it_whatever_the_host(client, demo, settings, url):
    settings.SITE_URL = "https://inspections.example.org"

    response = client.get(
        url, {"a": ["buckinghamshire", "sandwell"]}, HTTP_HOST="localhost:6666", follow=True
    )

    assert response.status_code in (200, 400)
    assert not any("localhost" in where for where, _ in response.redirect_chain)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert "localhost" not in content.decode()
    assert not any("localhost" in value for value in response.headers.values())


def test_with_site_url_set_the_page_and_its_downloads_link_to_it(client, demo, settings):
    settings.SITE_URL = "https://inspections.example.org"

    page = client.get("/authorities/buckinghamshire/", HTTP_HOST="localhost:6666")
    about = client.get("/api/", HTTP_HOST="localhost:6666").json()

    assert shown_links(page)
    assert all(link.startswith("https://inspections.example.org/") for link in shown_links(page))
    assert about["authorities"] == "https://inspections.example.org/api/authorities"


@pytest.mark.parametrize(
    ("allowed_hosts", "site_url", "expected"),
    [
        ("inspections.example.org,www.example.org", "", "https://inspections.example.org"),
        (".example.org", "", "https://example.org"),
        ("*,inspections.example.org", "", "https://inspections.example.org"),
        ("*", "https://inspections.example.org/", "https://inspections.example.org"),
    ],
)
def test_production_site_url(monkeypatch, allowed_hosts, site_url, expected):
    configured = settings_read_from(
        monkeypatch,
        DJANGO_ENV="production",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS=allowed_hosts,
        SITE_URL=site_url,
    )

    assert configured["SITE_URL"] == expected


def test_production_with_any_host_allowed_needs_a_site_url(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        settings_read_from(
            monkeypatch, DJANGO_ENV="production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="*"
        )


# --- Permissions-Policy -------------------------------------------------------------------------

DENIED_FEATURES = {"camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"}


def permissions_policy(response) -> dict[str, str]:
    return dict(
        directive.strip().split("=", 1) for directive in response["Permissions-Policy"].split(",")
    )


@pytest.mark.parametrize(
    "url",
    ["/", "/authorities/buckinghamshire/", "/api/", "/downloads/authorities.csv", "/admin/login/"],
)
def test_every_response_denies_powerful_features(client, demo, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = permissions_policy(response)
    assert set(policy) >= DENIED_FEATURES
    assert {policy[feature] for feature in DENIED_FEATURES} == {"()"}


def test_refusals_carry_the_permissions_policy_too(client, db):
    assert "Permissions-Policy" in client.get("/no/such/page/")
    assert "Permissions-Policy" in post_unread(client, "/", CONTENT_LENGTH=GIGABYTE)
