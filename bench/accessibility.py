"""axe-core's WCAG 2.2 A/AA violations and the page width on a running dashboard, at a desktop
width and at 320 CSS pixels (the reflow width), page by page.

    .venv/bin/python bench/accessibility.py [BASE_URL]     # default http://127.0.0.1:8000

Needs the national data loaded (README, "Load the full national data") and Debian's Chromium.
Prints one line per page and width: the violations as rule (nodes), and document.scrollWidth;
the target is no violations and a scrollWidth no wider than the window.
"""

import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

AXE = Path(__file__).resolve().parent.parent / "tests/browser/vendor/axe-core/axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = [
    "/",
    "/authorities/",
    "/authorities/buckinghamshire/",
    "/authorities/cumberland/",
    "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&area=overall",
    "/compare/?a=buckinghamshire",
    "/accessibility/",
]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def main() -> None:
    base = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    source = AXE.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for width in (1280, 320):
            page = browser.new_page(viewport={"width": width, "height": 900})
            nodes = 0
            for path in PAGES:
                page.goto(base + path)
                page.wait_for_function(
                    "[...document.querySelectorAll('[data-figure]')]"
                    ".every(chart => chart.dataset.drawn === 'true')",
                    timeout=30_000,
                )
                page.evaluate(source)
                result = page.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
                )
                found = [(v["id"], len(v["nodes"])) for v in result["violations"]]
                nodes += sum(count for _, count in found)
                scroll_width = page.evaluate("document.documentElement.scrollWidth")
                listed = ", ".join(f"{rule} ({count})" for rule, count in found) or "none"
                print(f"{width:>5}px  {path:<70} violations: {listed}; scrollWidth {scroll_width}")
            print(f"{width:>5}px  total violating elements: {nodes}")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
