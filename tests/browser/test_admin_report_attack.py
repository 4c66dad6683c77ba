"""A crafted report PDF uploaded through the admin in Chromium (issue 12, finding 1).

With the real code nothing from the report is live. With the reader's name check and escaping
both switched off, the admin's own policy (config/admin_csp.py) alone blocks the payload; a
control run without that policy shows the payload really does create a user.
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.safestring import mark_safe

from tests.browser.conftest import RECORD_VIOLATIONS
from tests.crafted_reports import (
    ADD_URL,
    CRAFTED_COVERS,
    INTRUDER,
    PASSWORD,
    crafted_pdf,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def escaping_off(monkeypatch, reader_takes_any_text):
    """Switch walls 1 and 2 off: the checks beside the fields are written unescaped."""

    def unescaped(field_id, texts):
        return mark_safe(f'<div class="report-check">Check: {" / ".join(texts)}.</div>')

    monkeypatch.setattr("inspections.admin.report_check_html", unescaped)


@pytest.fixture
def admin_page(browser, live_server, django_user_model, settings, tmp_path):
    """A page signed in to the admin as a superuser, under the site's policies."""
    settings.MEDIA_ROOT = tmp_path / "media"
    django_user_model.objects.create_superuser("admin", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    yield page
    context.close()


def upload_in_browser(page, live_server, cover) -> None:
    page.goto(live_server.url + ADD_URL)
    page.set_input_files(
        "#id_report_upload",
        {"name": "crafted.pdf", "mimeType": "application/pdf", "buffer": crafted_pdf(cover)},
    )
    page.click(".report-upload input[type=submit]")
    page.wait_for_url("**?report=*")
    page.wait_for_load_state("load")


def intruder_created(within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if User.objects.filter(username=INTRUDER).exists():
            return True
        time.sleep(0.1)
    return False


def test_the_crafted_report_leaves_nothing_live_in_the_page(admin_page, live_server):
    upload_in_browser(admin_page, live_server, CRAFTED_COVERS["sif"])
    page = admin_page

    assert page.locator("[hx-post]").count() == 0
    assert page.locator("script[src*=htmx]").count() == 0
    assert "does not look like" in page.locator("#id_authority_check").inner_text()
    assert not intruder_created(within=1.0)


def test_the_admins_policy_alone_blocks_the_payload(admin_page, live_server, escaping_off):
    upload_in_browser(admin_page, live_server, CRAFTED_COVERS["sif"])
    page = admin_page

    # The payload is live in the page: only the policy stands in its way.
    assert page.locator("[hx-post='/admin/auth/user/add/']").count() == 1
    assert page.evaluate("typeof window.htmx") == "undefined"
    blocked = page.evaluate("window.cspViolations")
    assert any(v.startswith("script-src") and "htmx" in v for v in blocked), blocked
    assert not intruder_created(within=2.0)


def test_control_without_the_admins_policy_the_payload_creates_a_user(
    admin_page, live_server, escaping_off, monkeypatch, settings
):
    """Shows the two tests above could fail: under the site's public policy the same
    page loads htmx and posts the add-user form with the admin's token."""
    monkeypatch.setattr("config.admin_csp.admin_policy", lambda request: settings.SECURE_CSP)
    upload_in_browser(admin_page, live_server, CRAFTED_COVERS["sif"])
    page = admin_page

    assert page.evaluate("typeof window.htmx") == "object"
    assert intruder_created(within=10.0)
