"""The map under the site's Content Security Policy in Chromium: an SVG drawn on the server, its
patterns, key and stylesheet need no inline style or script, on the page, its embed and the
authority page's locator."""

import pytest

from tests.browser.conftest import RECORD_VIOLATIONS
from tests.site_data import demo_loaded

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_map_its_embed_and_the_locator_keep_the_policy(live_server, browser):
    demo_loaded()  # Buckinghamshire and Sandwell: two shapes are enough to check the policy
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors, missing = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ("/map/", "/embed/map/", "/authorities/sandwell/"):
        page.goto(live_server.url + path)
        if path != "/authorities/sandwell/":
            assert page.locator("svg.map-drawing a").count() == 2
            page.locator("svg.map-drawing a").first.hover()
            # The stylesheet applies: shapes' borders are drawn by map.css, not inline.
            stroke = page.evaluate(
                "getComputedStyle(document.querySelector('svg.map-drawing path')).stroke"
            )
            assert stroke in ("rgb(11, 12, 12)", "rgb(255, 255, 255)")
        else:
            assert page.locator(".locator svg path.locator-authority").count() == 1
        assert page.evaluate("window.cspViolations") == []
    assert errors == [] and missing == []
    context.close()
