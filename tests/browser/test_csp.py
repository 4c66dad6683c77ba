"""The Content Security Policy in a real browser: no page, chart or admin screen needs an inline
script or style. Every violation is an error in the console, and is caught here."""

import pytest
from django.urls import reverse

from inspections.models import Inspection
from scripts.plotly_css import OUTPUT, injected_rules
from tests.browser.conftest import RECORD_VIOLATIONS
from tests.site_data import demo_loaded

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched(browser):
    """A page under the site's policy (the `page` fixture bypasses it), recording violations,
    console errors and uncaught exceptions."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.add_init_script(RECORD_VIOLATIONS)
    yield page
    context.close()


def violations(page) -> list[str]:
    """The violations reported, and any console error that names the policy or is a script error
    (the admin's missing favicon.ico is neither)."""
    console = [error for error in page.errors if "404 (Not Found)" not in error]
    return page.evaluate("window.cspViolations") + console


def test_the_served_plotly_stylesheet_is_what_plotly_js_would_inject(browser):
    served = [line for line in OUTPUT.read_text().splitlines() if not line.startswith("/*")]

    assert injected_rules(browser) == served, "plotly changed: run scripts/plotly_css.py"


def test_public_pages_draw_and_use_their_charts_without_a_violation(live_server, watched):
    demo_loaded()
    pages = [
        "/",
        "/authorities/buckinghamshire/",
        "/compare/?a=buckinghamshire&a=sandwell&area=overall",
        "/embed/authorities/buckinghamshire/",
        "/embed/compare/?a=buckinghamshire&a=sandwell&area=overall",
    ]
    missing = []
    watched.on("response", lambda r: r.status == 404 and missing.append(r.url))
    for path in pages:
        watched.goto(live_server.url + path)
        watched.wait_for_selector("[data-drawn=true]", timeout=30_000)
        chart = watched.locator(".chart").first
        box = chart.locator(".nsewdrag").first.bounding_box()
        watched.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        # plotly's own rules are in force (the served stylesheet): its layers are stacked.
        svg = chart.locator(".main-svg").first
        assert svg.evaluate("element => getComputedStyle(element).position") == "absolute"
        assert violations(watched) == [], path
        assert missing == [], path  # every stylesheet and script it links is served

    # htmx swaps (the charts have no mode bar, so no download button: the tables and CSV links
    # carry the data).
    watched.goto(live_server.url + "/authorities/")
    watched.fill("#id_q", "sand")
    watched.wait_for_selector("#results >> text=Sandwell")
    watched.goto(live_server.url + "/compare/?a=buckinghamshire")
    watched.locator("#compare-q").press_sequentially("Sand", delay=30)
    watched.locator("#picker-results a", has_text="Add Sandwell").click()
    watched.wait_for_selector("#compare-chart[data-drawn=true]")
    assert violations(watched) == []


def test_admin_pages_raise_no_violation(live_server, watched, django_user_model):
    demo_loaded()
    django_user_model.objects.create_superuser("admin", password="a-long-test-password")
    inspection = Inspection.objects.order_by("pk").first()
    watched.goto(live_server.url + reverse("admin:login"))
    watched.fill("#id_username", "admin")
    watched.fill("#id_password", "a-long-test-password")
    watched.click("input[type=submit]")
    watched.wait_for_url(live_server.url + reverse("admin:index"))
    for url in [
        reverse("admin:inspections_inspection_change", args=[inspection.pk]),
        reverse("admin:inspections_inspection_add"),
        reverse("admin:inspections_inspection_history", args=[inspection.pk]),
        reverse("admin:authorities_authority_change", args=[inspection.authority_id]),
    ]:
        watched.goto(live_server.url + url)
        watched.wait_for_load_state("load")
        assert violations(watched) == [], url
