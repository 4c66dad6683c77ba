"""What the load and fault tests share: the pages to request, gunicorn started as deployed, and
wrk run over those pages."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_SCRIPT = BASE_DIR / "bench" / "wrk_pages.lua"


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if not wrk:
        sys.exit(
            "wrk is not installed. Install it with 'sudo apt-get install wrk' (Debian/Ubuntu) or "
            "'brew install wrk' (macOS), or build it from https://github.com/wg/wrk."
        )
    return wrk


def manage(*args: str, database_url: str, check: bool = True) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_ENV": "development"}
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    if check and result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


COUNTS = """
from authorities.models import Authority
from inspections.models import Inspection, Judgement
print(Authority.objects.count(), Inspection.objects.count(), Judgement.objects.count())
"""


def row_counts(database_url: str) -> tuple[int, int, int]:
    """Authorities, inspections and judgements in the database."""
    out = manage("shell", "--no-imports", "-c", COUNTS, database_url=database_url)
    return tuple(int(n) for n in out.split()[-3:])


def load_national_data(database_url: str, shared: Path) -> None:
    """The real national data and the demo data, as the README loads them."""
    manage("migrate", "--no-input", database_url=database_url)
    manage("import_authorities", str(shared / "la_lookup.csv"), database_url=database_url)
    manage("import_history", str(shared / "ilacs_history.csv"), database_url=database_url)
    manage("load_demo", database_url=database_url)


SLUGS = """
from authorities.models import Authority
print(" ".join(Authority.objects.order_by("name").values_list("slug", flat=True)))
"""


def main_pages(database_url: str) -> list[str]:
    """The main pages: the national picture, the index (plain, filtered, htmx search), every
    authority's page and comparisons of neighbouring authorities."""
    slugs = manage("shell", "--no-imports", "-c", SLUGS, database_url=database_url).split()
    pages = ["/", "/authorities/", "/authorities/?region=GL&sort=grade", "/authorities/?q=north"]
    pages += [f"/authorities/{slug}/" for slug in slugs]
    pages += [
        f"/compare/?a={a}&a={b}&a={c}&area=overall"
        for a, b, c in zip(slugs[::3], slugs[1::3], slugs[2::3], strict=False)
    ]
    pages += ["/compare/search/?a=sandwell&q=bir"]
    return pages


@dataclass
class Gunicorn:
    url: str
    process: subprocess.Popen

    def worker_pids(self) -> set[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return {int(pid) for pid in out.split()}


@contextlib.contextmanager
def gunicorn(database_url: str, port: int, log: Path | None = None, **env: str):
    """gunicorn as deployed: gunicorn.conf.py, production settings, collected static files.
    Its log (stderr: errors and warnings) goes to `log`, or nowhere."""
    with tempfile.TemporaryDirectory(prefix="gunicorn-static-") as static_root:
        environment = {
            **os.environ,
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": static_root,
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            **env,
        }
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=BASE_DIR,
            env=environment,
            check=True,
        )
        log_file = log.open("w") if log else subprocess.DEVNULL
        process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn"], cwd=BASE_DIR, env=environment, stderr=log_file
        )
        server = Gunicorn(f"http://127.0.0.1:{port}", process)
        try:
            wait_until_up(server)
            yield server
        finally:
            process.terminate()
            process.wait(timeout=30)
            if log:
                log_file.close()


def get(url: str, timeout: float = 5) -> int:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_up(server: Gunicorn, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            sys.exit("gunicorn exited while starting")
        with contextlib.suppress(OSError):
            if (status := get(server.url + "/")) == 200:
                return
        time.sleep(0.3)
    sys.exit(f"gunicorn did not serve the home page within a minute (last status {status})")


def run_wrk(url: str, pages: list[str], *, connections: int, seconds: int, threads: int) -> dict:
    """wrk over the pages; its RESULT figures, with requests per second worked out."""
    wrk = require_wrk()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="pages-") as paths:
        paths.write("\n".join(pages) + "\n")
        paths.flush()
        out = subprocess.run(
            [
                wrk,
                f"-c{connections}",
                f"-d{seconds}s",
                f"-t{threads}",
                "--timeout",
                "10s",
                "-s",
                str(WRK_SCRIPT),
                url,
                "--",
                paths.name,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = sum(
        result[key] for key in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    return result


def describe(result: dict) -> str:
    ms = {key: result[f"{key}_us"] / 1000 for key in ("p50", "p75", "p90", "p99", "max")}
    return (
        f"{result['requests']} requests in {result['duration_us'] / 1e6:.1f}s: "
        f"{result['rps']:.1f} requests/s\n"
        f"latency p50 {ms['p50']:.0f} ms, p75 {ms['p75']:.0f} ms, p90 {ms['p90']:.0f} ms, "
        f"p99 {ms['p99']:.0f} ms, max {ms['max']:.0f} ms\n"
        f"errors: {result['http_errors']} HTTP 4xx/5xx, {result['socket_errors']} socket "
        f"(connect {result['connect_errors']}, read {result['read_errors']}, "
        f"write {result['write_errors']}, timeout {result['timeouts']})"
    )


def machine() -> str:
    load = os.getloadavg()
    return f"{os.cpu_count()} cores, load average before the run {load[0]:.2f}"
