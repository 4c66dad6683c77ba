"""A real browser for browser tests: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work here, so it launches the system Chromium
(`apt-get install chromium`; .ci/run installs it). Without Chromium these tests skip, saying why.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the live server's database work is
# still synchronous, so Django's async-safety guard is lifted for these tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Records Content Security Policy violations as the browser reports them, in window.cspViolations
# (page.add_init_script(RECORD_VIOLATIONS)); the console message says the same, less exactly.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and uncaught exceptions in `page.errors`."""
    # Playwright evaluates wait_for_function's string in the page, which the site's Content
    # Security Policy forbids (no 'unsafe-eval'), so these pages bypass it. test_csp.py opens
    # pages under the policy (strict_page) and checks that nothing on them breaks it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
