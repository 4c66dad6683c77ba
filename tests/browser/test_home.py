"""The national picture in a real browser: both charts drawn from the real data, no console errors."""

import pytest

from inspections.rules import Grade

pytestmark = pytest.mark.django_db(transaction=True)

CHARTS = ("regions-figure", "over-time-figure")


def test_home_page_draws_its_charts(live_server, page, national_committed):
    page.goto(f"{live_server.url}/")
    for chart_id in CHARTS:
        page.wait_for_selector(f'[data-figure="{chart_id}"][data-drawn=true]', timeout=30_000)
        chart = page.locator(f'[data-figure="{chart_id}"]')
        assert chart.locator("svg.main-svg").count() > 0
        assert chart.get_attribute("role") == "img" and chart.get_attribute("aria-label")
    # The legend names every grade, so colour never carries the meaning alone.
    legend = page.locator('[data-figure="regions-figure"] .legendtext').all_text_contents()
    assert legend == [
        Grade.OUTSTANDING.label,
        Grade.GOOD.label,
        Grade.REQUIRES_IMPROVEMENT.label,
        Grade.INADEQUATE.label,
    ]
    assert page.errors == []


def test_home_page_with_no_data_draws_without_errors(live_server, page):
    page.goto(f"{live_server.url}/")
    for chart_id in CHARTS:
        page.wait_for_selector(f'[data-figure="{chart_id}"][data-drawn=true]', timeout=30_000)
    assert page.locator("h1").inner_text().startswith("Children's services inspections")
    assert page.errors == []
