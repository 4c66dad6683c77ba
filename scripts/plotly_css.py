"""Write static/vendor/plotly.css: the stylesheet plotly.js would otherwise inject at run time.

plotly.js adds its own CSS rules (modebar, hover labels, notifier) to a <style> element it
creates, which a Content Security Policy without style-src 'unsafe-inline' blocks. It skips that
when the page already has an element with id "plotly.js-style-global" and class
"no-inline-styles" (base.html's <link> to this file), so the rules are served as a static file.
They are read from plotly.js itself, in a headless Chromium, so they match the installed version;
run this again after upgrading plotly (tests/browser/test_csp.py fails until you do):

    .venv/bin/python scripts/plotly_css.py
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
#: The bundle the pages load (static/vendor/README.md says how it is updated).
PLOTLY_JS = BASE_DIR / "static" / "vendor" / "plotly-basic.min.js"
OUTPUT = BASE_DIR / "static" / "vendor" / "plotly.css"
HEADER = "/* The rules plotly.js injects, served as a file (scripts/plotly_css.py): {version} */\n"


def plotly_version() -> str:
    return re.search(r"plotly\.js[^*]*? v(\S+)", PLOTLY_JS.read_text()[:200])[1]


def injected_rules(browser) -> list[str]:
    """The CSS rules plotly.js adds to the page when it draws a chart, in cascade order."""
    page = browser.new_page()
    try:
        page.set_content("<!doctype html><html><body><div id='chart'></div></body></html>")
        page.add_script_tag(path=str(PLOTLY_JS))
        page.evaluate("Plotly.newPlot('chart', [{x: [1, 2], y: [1, 2]}])")
        return page.evaluate(
            "Array.from(document.getElementById('plotly.js-style-global').sheet.cssRules)"
            ".map(rule => rule.cssText)"
        )
    finally:
        page.close()


def stylesheet(rules: list[str]) -> str:
    return HEADER.format(version=f"plotly.js v{plotly_version()}") + "\n".join(rules) + "\n"


def main() -> None:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        rules = injected_rules(browser)
        browser.close()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(stylesheet(rules))
    print(f"{OUTPUT.relative_to(BASE_DIR)}: {len(rules)} rules from plotly.js v{plotly_version()}")


if __name__ == "__main__":
    main()
