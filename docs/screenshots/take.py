"""Retake the README's screenshots from a running dashboard with the national data loaded.

.venv/bin/python docs/screenshots/take.py [BASE_URL]     # default http://127.0.0.1:8000
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SHOTS = {
    "authority-buckinghamshire.png": "/authorities/buckinghamshire/",
    "compare.png": "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&a=hertfordshire",
}
#: Pages drawn on the server (SVG): nothing to wait for.
MAPS = {"map.png": "/map/"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    for name, path in SHOTS.items():
        page.goto(base + path)
        page.wait_for_selector("[data-figure][data-drawn=true]", timeout=30_000)
        page.wait_for_timeout(1000)  # plotly's resize to the container settles
        chart_top = page.locator("[data-figure]").first.bounding_box()["y"]
        top = max(0, chart_top - 700)  # the chart, with what leads to it
        page.screenshot(
            path=HERE / name, full_page=True, clip={"x": 0, "y": top, "width": 1200, "height": 1400}
        )
        print(f"{name}: {base + path}")
    for name, path in MAPS.items():
        page.goto(base + path)
        map_top = page.locator("svg.map-drawing").bounding_box()["y"]
        top = max(0, map_top - 380)  # the map, its key and the choices above it
        page.screenshot(
            path=HERE / name, full_page=True, clip={"x": 0, "y": top, "width": 1200, "height": 1200}
        )
        print(f"{name}: {base + path}")
    browser.close()
