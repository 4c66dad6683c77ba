"""Retake the README's screenshots from a running dashboard with the national data loaded.

.venv/bin/python docs/screenshots/take.py [BASE_URL]     # default http://127.0.0.1:8000
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
#: Desktop (1200 px wide): the chart, with what leads to it.
SHOTS = {
    "authority-buckinghamshire.png": "/authorities/buckinghamshire/",
    "compare.png": "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&a=hertfordshire",
}
#: On a phone (390 CSS pixels): the chart alone.
PHONE_SHOTS = {
    "compare-twelve-390.png": (
        "/compare/?"
        + "&".join(
            f"a={slug}"
            for slug in (
                "buckinghamshire",
                "sandwell",
                "oxfordshire",
                "hertfordshire",
                "west-berkshire",
                "surrey",
                "cambridgeshire",
                "bracknell-forest",
                "central-bedfordshire",
                "windsor-and-maidenhead",
                "trafford",
                "hampshire",
            )
        ),
        "compare-figure",
    ),  # fmt: skip
    "home-regions-390.png": ("/", "regions-figure"),
}
#: A phone (390 px wide): (path, what the shot starts at, how tall it is). The embed is shot in
#: a frame of the height its page's snippet gives, as another site's article would show it.
PHONE = {
    "home-390.png": ("/", "body", 1700),
    "authority-buckinghamshire-390.png": ("/authorities/buckinghamshire/", "#trajectory", 1500),
    "index-390.png": ("/authorities/", "body", 1000),
}
EMBED = ("embed-compare-390.png", "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire")
#: Pages drawn on the server (SVG): nothing to wait for.
MAPS = {"map.png": "/map/"}
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def drawn(page) -> None:
    if page.locator("[data-figure]").count():
        page.wait_for_selector("[data-figure][data-drawn=true]", timeout=30_000)
    page.wait_for_timeout(1000)  # plotly's resize to the container settles


base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    for name, path in SHOTS.items():
        page.goto(base + path)
        drawn(page)
        chart_top = page.locator("[data-figure]").first.bounding_box()["y"]
        top = max(0, chart_top - 700)  # the chart, with what leads to it
        page.screenshot(
            path=HERE / name, full_page=True, clip={"x": 0, "y": top, "width": 1200, "height": 1400}
        )
        print(f"{name}: {base + path}")
    phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    for name, (path, start, height) in PHONE.items():
        phone.goto(base + path)
        drawn(phone)
        top = max(0, phone.locator(start).first.bounding_box()["y"] - 120)
        clip = {"x": 0, "y": top, "width": 390, "height": height}
        phone.screenshot(path=HERE / name, full_page=True, clip=clip)
        print(f"{name}: {base + path}")
    name, path = EMBED
    phone.goto(base + path)
    frame_height = int(
        phone.locator("#embed-snippet").input_value().split('height="')[1].split('"')[0]
    )
    src = phone.locator(".embed-snippet a").get_attribute("href")
    phone.set_viewport_size({"width": 390, "height": frame_height})
    phone.goto(src)
    drawn(phone)
    phone.screenshot(path=HERE / name)
    print(f"{name}: {src} at 390 × {frame_height} px, the snippet's frame")
    phone.set_viewport_size({"width": 390, "height": 844})
    for name, (path, figure) in PHONE_SHOTS.items():
        phone.goto(base + path)
        chart = phone.locator(f"[data-figure={figure}][data-drawn=true]")
        chart.wait_for(timeout=30_000)
        phone.wait_for_timeout(1000)
        chart.screenshot(path=HERE / name)
        print(f"{name}: {base + path} at 390 px")
    for name, path in MAPS.items():
        page.goto(base + path)
        map_top = page.locator("svg.map-drawing").bounding_box()["y"]
        top = max(0, map_top - 380)  # the map, its key and the choices above it
        page.screenshot(
            path=HERE / name, full_page=True, clip={"x": 0, "y": top, "width": 1200, "height": 1200}
        )
        print(f"{name}: {base + path}")
    browser.close()
