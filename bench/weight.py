"""What a browser transfers for the authority page: first view (empty cache) and repeat view.

    .venv/bin/python bench/weight.py
    .venv/bin/python bench/weight.py --path /compare/?a=buckinghamshire&a=sandwell

Serves the real national data as production does (gunicorn, DEBUG off, collectstatic's hashed
and compressed files served by whitenoise with a far-future Cache-Control; a fresh bench
database, see bench/pages.py) and loads the page in headless Chromium (Debian's /usr/bin/chromium,
or CHROMIUM_PATH) through Playwright. Counts the bytes on the wire of every response (Chrome's
encodedDataLength: compressed bodies plus headers), then opens the page again in the same
browser: hashed static files come from its cache without a request, the page itself is
revalidated with its ETag (a 304). Targets: first view ≤ 500 KB, repeat view ≤ 30 KB.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cached  # noqa: E402  (this folder's bench/cached.py: the server)
import pages  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def view(page, cdp, url: str) -> list[dict]:
    """Load the page and wait for the chart; each response's URL, status and bytes."""
    responses: dict[str, dict] = {}

    def received(event):
        responses[event["requestId"]] = {
            "url": event["response"]["url"],
            "status": event["response"]["status"],
            "from cache": event["response"].get("fromDiskCache")
            or event["response"].get("fromPrefetchCache")
            or False,
            "bytes": 0,
        }

    def finished(event):
        if event["requestId"] in responses:
            responses[event["requestId"]]["bytes"] = event["encodedDataLength"]

    def on_the_wire(event):
        # The status the server sent (304 for a revalidated page; Chrome then reports 200).
        wire_status[event["requestId"]] = event.get("statusCode")

    wire_status: dict[str, int] = {}
    cdp.on("Network.responseReceived", received)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.responseReceivedExtraInfo", on_the_wire)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("[data-drawn=true]", timeout=15000)
    cdp.remove_listener("Network.responseReceived", received)
    cdp.remove_listener("Network.loadingFinished", finished)
    cdp.remove_listener("Network.responseReceivedExtraInfo", on_the_wire)
    for request_id, status in wire_status.items():
        if request_id in responses and status:
            responses[request_id]["status"] = status
    return list(responses.values())


def report(name: str, responses: list[dict], target_kb: int) -> None:
    total = sum(r["bytes"] for r in responses)
    print(f"{name}: {total / 1024:,.1f} KB in {len(responses)} responses (target ≤ {target_kb} KB)")
    for r in sorted(responses, key=lambda r: -r["bytes"]):
        where = " (browser cache)" if r["from cache"] else ""
        print(f"  {r['bytes'] / 1024:8.1f} KB  {r['status']}  {r['url']}{where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default=cached.PAGE)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise SystemExit(
            f"No Chromium at {CHROMIUM}: apt-get install -y chromium, or CHROMIUM_PATH"
        )
    description = pages.configure()
    print(f"Database: {description}")
    pages.load_real_data()
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_ENV": "production",
        "SECURE_SSL_REDIRECT": "0",
    }
    server = cached.start_server(env, workers=1, threads=4)
    try:
        url = f"http://127.0.0.1:{cached.PORT}{options.path}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            context = browser.new_context()
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            report(f"First view of {options.path}", view(page, cdp, url), 500)
            page.goto("about:blank")
            report(f"Repeat view of {options.path}", view(page, cdp, url), 30)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
