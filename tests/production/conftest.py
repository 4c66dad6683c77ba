"""Helpers for running the project as it is deployed: manage.py and gunicorn in their own
processes, with the production environment."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production deployment: the mode, a strong key, a named host."""
    env = {
        key: value
        for key, value in os.environ.items()
        # (The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for this process.)
        if key
        not in {
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "CACHE_URL",
            "REDIS_URL",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The URL of the test database pytest-django made, for another process to connect to."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup, tmp_path_factory):
    """gunicorn as deployed (gunicorn.conf.py, production settings, collected static files) on
    the PostgreSQL test database; yields its base URL."""
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn is tested against PostgreSQL (set DATABASE_URL)")
    port = free_port()
    env = production_env(
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    collected = manage("collectstatic", "--no-input", "-v0", env=env)
    assert collected.returncode == 0, collected.stderr
    log = tmp_path_factory.mktemp("gunicorn") / "log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn"],
            cwd=BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=log_file,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                probe = urllib.request.Request(
                    base_url + "/static/favicon.svg", headers={"X-Forwarded-Proto": "https"}
                )
                urllib.request.urlopen(probe, timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")
                time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
