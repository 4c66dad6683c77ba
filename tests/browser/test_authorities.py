"""The authority page and the index in a real browser: charts drawn, htmx filters, history."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_authority_page_draws_its_chart(live_server, page, national_committed):
    page.goto(f"{live_server.url}/authorities/buckinghamshire/")
    chart = page.locator("#trajectory[data-drawn=true]")
    chart.wait_for(timeout=20000)
    assert chart.locator("svg.main-svg").count() >= 1
    # Overall effectiveness plus the default areas drawn as lines with markers.
    assert chart.locator("g.scatterlayer g.trace").count() >= 4
    legend = chart.locator("g.legend")
    assert "Overall effectiveness" in legend.text_content()
    assert "Monitoring visit" in legend.text_content()
    assert page.errors == []


def test_index_filters_update_in_place_and_in_the_url(live_server, page, national_committed):
    page.goto(f"{live_server.url}/authorities/")
    count = page.locator(".result-count strong")
    assert count.inner_text() == "153"
    page.locator("form[role=search] summary").click()  # the filters behind "Filters"
    page.select_option("#id_region", "GL")
    page.wait_for_function("location.search.includes('region=GL')")  # pushState, no load
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '33'")
    assert page.locator("#results tbody tr").count() == 33
    page.fill("#id_q", "Camden")
    page.wait_for_function("location.search.includes('q=Camden')")
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '1'")
    assert page.locator("#results tbody th a").inner_text() == "Camden"
    # The back button returns to the previous filter state.
    page.go_back()
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '33'")
    assert "q=Camden" not in page.url and "region=GL" in page.url
    assert page.errors == []


def test_index_bookmark_gives_the_same_page(live_server, page, national_committed):
    page.goto(f"{live_server.url}/authorities/?region=NE&sort=grade")
    assert page.locator("#id_region").input_value() == "NE"
    assert page.locator(".result-count strong").inner_text() == "12"
    assert page.errors == []
