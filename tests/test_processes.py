"""An admin save reaches every server process on its next request, whatever cache each has.

Real processes on a real (temporary SQLite) database: two gunicorn servers each with its own
local-memory cache and, when Redis answers on 127.0.0.1:6379, two sharing it. Every one serves
and caches the authority page; an editor saves a change through the admin in another process;
the next request to each server shows it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/authorities/buckinghamshire/"
NEW_NAME = "Changed Across Processes"
# Ports few other things use; the servers live only for the test.
PORTS = [8076, 8077, 8078, 8079]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")

ADMIN_SAVE = f"""
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from inspections.models import Inspection
from tests.admin_helpers import admin_form

user = get_user_model().objects.create_superuser("processes", password="not-used-1234")
client = Client()
client.force_login(user)
inspection = Inspection.objects.filter(authority__slug="buckinghamshire").order_by("published_on")[0]
url = reverse("admin:inspections_inspection_change", args=[inspection.pk])
data = admin_form(client.get(url))
data["lead_inspector"] = "{NEW_NAME}"
response = client.post(url, data)
assert response.status_code == 302, response.content[:2000]
"""


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def get(port: int) -> tuple[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=10) as response:
        return response.read().decode(), response.headers["ETag"]


def wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert server.poll() is None, server.stderr.read().decode()[-2000:]
        try:
            get(port)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server on port {port} did not answer")


@pytest.fixture
def site(tmp_path):
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    for command in (["migrate"], ["load_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return env


@pytest.fixture
def servers(site, tmp_path):
    """Ports of running servers: two with their own memory cache, two sharing Redis if any."""
    caches = [None, None] + ([REDIS_URL, REDIS_URL] if redis_answers() else [])
    empty_config = tmp_path / "gunicorn.conf.py"  # not the project's, if it has one
    empty_config.write_text("")
    started = []
    try:
        for port, cache_url in zip(PORTS, caches, strict=False):
            env = dict(site)
            if cache_url:
                env["CACHE_URL"] = cache_url
            started.append(
                (
                    port,
                    subprocess.Popen(
                        [
                            sys.executable,
                            "-m",
                            "gunicorn",
                            "-c",
                            str(empty_config),
                            "-w",
                            "1",
                            "-b",
                            f"127.0.0.1:{port}",
                            "config.wsgi:application",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.PIPE,
                    ),
                )
            )
        for port, server in started:
            wait_for(port, server)
        yield [port for port, _ in started]
    finally:
        for _, server in started:
            server.terminate()
        for _, server in started:
            server.wait(timeout=10)


def test_an_admin_save_is_on_the_next_request_from_every_process(site, servers):
    before = {}
    for port in servers:
        page, etag = get(port)
        assert NEW_NAME not in page
        assert get(port)[1] == etag  # served again (from its cache) with the same ETag
        before[port] = etag
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", ADMIN_SAVE], cwd=ROOT, env=site, check=True
    )
    for port in servers:
        page, etag = get(port)
        assert NEW_NAME in page, f"the server on port {port} served the old page"
        assert etag != before[port]
