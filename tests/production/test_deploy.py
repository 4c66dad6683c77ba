"""The deployment: the compose file's shape, `check --deploy` under production settings, and
gunicorn serving pages and compressed, hashed static files with far-future caching."""

import os
import re
import runpy
import socket
import urllib.request
from fnmatch import fnmatch
from html.parser import HTMLParser

import pytest
import yaml

from tests.production.conftest import BASE_DIR, manage, production_env


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_compose_database_keeps_its_data_in_a_named_volume_and_has_a_health_check(compose):
    db = compose["services"]["db"]

    assert db["image"].startswith("postgres:")
    volume, mount = db["volumes"][0].split(":")[:2]
    assert volume in compose["volumes"]
    assert mount == "/var/lib/postgresql/data"
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_compose_web_is_the_production_image_started_once_the_database_is_healthy(compose):
    web = compose["services"]["web"]

    assert web["build"] == "."
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    env = web["environment"]
    assert env["DJANGO_ENV"] == "production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
    # No secret key is baked in: compose refuses to start without one.
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    # Published on loopback only: the https proxy in front is what faces the internet.
    assert all(port.startswith("127.0.0.1:") for port in web["ports"])


def test_compose_cache_is_optional(compose):
    redis = compose["services"]["redis"]

    assert redis["image"].startswith("redis:")
    assert redis["profiles"] == ["cache"]
    assert "redis" not in compose["services"]["web"].get("depends_on", {})


def test_the_image_collects_static_files_then_migrates_and_runs_gunicorn_on_start():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert re.search(r"^ENV .*DJANGO_ENV=production", dockerfile, re.M | re.S)
    assert re.search(r"^RUN .*manage\.py collectstatic", dockerfile, re.M)
    assert re.search(r"^USER (?!root)", dockerfile, re.M)
    cmd = re.search(r"^CMD (.*)$", dockerfile, re.M).group(1)
    assert re.search(r"manage\.py migrate --no-input && exec gunicorn", cmd)


def test_the_image_holds_the_national_data():
    """`manage.py load_national` in the container reads data/ofsted/: the build copies the whole
    project, and .dockerignore leaves the data in (checked more strictly than Docker matches:
    here a `*` also crosses folders)."""
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(r"^COPY \. \.$", dockerfile, re.M)
    patterns = [
        line.strip().removeprefix("/").removeprefix("**/")
        for line in (BASE_DIR / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "!"))
    ]
    shipped = sorted((BASE_DIR / "data" / "ofsted").iterdir())
    assert {p.name for p in shipped} >= {"la_lookup.csv", "ilacs_history.csv", "README.md"}
    for path in ["data", "data/ofsted", *(str(p.relative_to(BASE_DIR)) for p in shipped)]:
        assert not [p for p in patterns if fnmatch(path, p) or fnmatch(path, p + "/*")], path


def test_check_deploy_is_silent_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_when_production_runs_with_debug_on():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(DEBUG="1"))

    assert result.returncode != 0
    assert "security.W018" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_a_secret_key_or_hosts(missing):
    env = production_env()
    del env[missing]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"{missing} must" in result.stderr


CACHE_ROUND_TRIP = """
from django.core.cache import caches
cache = caches["default"]
cache.set("deploy-test", "through redis", 30)
print(type(cache).__name__, cache.get("deploy-test"))
"""


def test_cache_url_selects_redis():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = production_env(CACHE_URL="redis://127.0.0.1:6379/6")

    result = manage("shell", "--no-imports", "-c", CACHE_ROUND_TRIP, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["RedisCache", "through", "redis"]


def test_a_cache_url_that_is_not_redis_is_refused():
    result = manage("check", env=production_env(CACHE_URL="memcached://127.0.0.1:11211"))

    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("src"):
            self.sources.append(dict(attrs)["src"])


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **headers})
    return urllib.request.urlopen(request, timeout=30)


def test_gunicorn_serves_pages_with_the_security_headers(gunicorn_server):
    with fetch(gunicorn_server + "/authorities/") as response:
        assert response.status == 200
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "camera=()" in response.headers["Permissions-Policy"]


def test_gunicorn_refuses_an_oversized_body_at_once_without_reading_it(gunicorn_server):
    """An upload said to be 1 GB, of which 5 bytes are sent: the 413 comes at once. (With a CSRF
    cookie and a good Origin, Django's CSRF check reads the form: had it run, no answer.)"""
    host, port = gunicorn_server.removeprefix("http://").split(":")
    head = (
        "POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        "Origin: https://127.0.0.1\r\nCookie: csrftoken=" + "a" * 32 + "\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 1073741824\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as server:
        server.sendall(head.encode() + b"--x\r\n")
        status_line = server.recv(4096).split(b"\r\n", 1)[0]

    assert status_line == b"HTTP/1.1 413 Content Too Large"


def test_gunicorn_redirects_plain_http_to_https(gunicorn_server):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as error:
        opener.open(gunicorn_server + "/", timeout=30)

    assert error.value.code == 301
    assert error.value.headers["Location"].startswith("https://")


def test_gunicorn_serves_hashed_static_files_compressed_and_cached_for_ever(gunicorn_server):
    with fetch(gunicorn_server + "/") as response:
        parser = Scripts()
        parser.feed(response.read().decode())
    plotly = next(src for src in parser.sources if "/vendor/plotly-basic.min." in src)
    assert re.fullmatch(r"/static/vendor/plotly-basic\.min\.[0-9a-f]{12}\.js", plotly)

    with fetch(gunicorn_server + plotly, **{"Accept-Encoding": "gzip"}) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "camera=()" in response.headers["Permissions-Policy"]
        cache_control = response.headers["Cache-Control"]
        assert "immutable" in cache_control
        assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
        compressed = len(response.read())
    with fetch(gunicorn_server + plotly) as response:
        assert compressed < len(response.read()) / 2


def test_gunicorn_does_not_serve_the_static_files_manifest(gunicorn_server):
    """collectstatic writes staticfiles.json (every file's hashed name) into STATIC_ROOT, which
    whitenoise served as it serves the rest: config.middleware.StaticFilesMiddleware leaves it out."""
    with pytest.raises(urllib.error.HTTPError) as error:
        fetch(gunicorn_server + "/static/staticfiles.json")
    assert error.value.code == 404
    with fetch(gunicorn_server + "/static/favicon.svg") as response:  # the rest is still served
        assert response.status == 200


def test_gunicorn_listens_on_this_machine_only_unless_told_otherwise(monkeypatch):
    """Finding 6: gunicorn.conf.py bound 0.0.0.0:8000, open to the network outside a container."""
    monkeypatch.setattr(os, "environ", dict(os.environ))  # the file sets DJANGO_ENV
    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert config["bind"] == "127.0.0.1:8000"

    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    assert runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))["bind"] == "0.0.0.0:9000"


def test_the_image_listens_on_every_address_and_compose_publishes_it_on_localhost(compose):
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    env = re.search(r"^ENV (.*?)(?:\n\n|\n(?=[A-Z]))", dockerfile, re.M | re.S).group(1)
    assert re.search(r"\bGUNICORN_BIND=0\.0\.0\.0:8000\b", env)
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]
