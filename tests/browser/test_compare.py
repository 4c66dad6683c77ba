"""The compare page in a real browser: the chart drawn, the picker and links swapped in by htmx."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

#: The authorities' step lines in the figure (one panel each) and the panels' names drawn.
SERIES_COUNT = (
    "JSON.parse(document.getElementById('compare-figure').textContent).data"
    ".filter(trace => trace.meta.part === 'grades').length"
)
PANEL_COUNT = "document.querySelectorAll('#compare-chart[data-drawn=true] g.annotation').length"


def wait_for_series(page, count: int) -> None:
    """The figure in the page has `count` series and the chart has drawn them all."""
    page.wait_for_function(
        f"{SERIES_COUNT} === {count} && {PANEL_COUNT} === {count}", timeout=20000
    )


def test_compare_picker_neighbours_and_area_through_htmx(live_server, page, national_committed):
    page.goto(f"{live_server.url}/compare/?a=buckinghamshire&a=sandwell")
    chart = page.locator("#compare-chart[data-drawn=true]")
    chart.wait_for(timeout=20000)
    assert chart.locator("svg.main-svg").count() >= 1
    wait_for_series(page, 2)
    assert "Buckinghamshire" in chart.locator("g.annotation").first.text_content()
    assert chart.locator("g.legend").text_content() == "Overall effectiveness"  # one mark
    page.evaluate("window.stillTheSamePage = true")  # gone if anything reloads the page

    # The picker: type, the results arrive, add one.
    page.locator("#compare-q").press_sequentially("Oxford", delay=30)
    add = page.locator("#picker-results a", has_text="Add Oxfordshire")
    add.wait_for(timeout=10000)
    add.click()
    page.wait_for_function("location.search.includes('a=oxfordshire')")
    wait_for_series(page, 3)
    assert page.url.endswith("/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&area=overall")
    assert "Oxfordshire" in page.locator("#compare-chart g.annotation").all_text_contents()[-1]
    assert page.locator("table tbody th", has_text="Oxfordshire").count() >= 1
    assert page.locator("#compare-q").input_value() == ""  # the picker starts afresh

    # Buckinghamshire's statistical neighbours: the nine not shown fill the comparison to 12.
    page.locator("a", has_text="Add statistical neighbours of Buckinghamshire").click()
    page.wait_for_function("location.search.includes('a=hertfordshire')")
    wait_for_series(page, 12)
    assert "a=hampshire" in page.url and page.url.count("a=oxfordshire") == 1
    assert "(12 of 12)" in page.locator("#chosen-heading").inner_text()
    assert "all 10 statistical neighbours shown" in page.locator("ol.chosen").inner_text()

    # The judgement selector swaps the comparison on change.
    page.select_option("#compare-area", "children_in_care")
    page.wait_for_function("location.search.includes('area=children_in_care')")
    page.wait_for_function(
        "document.querySelector('#compare-chart[data-drawn=true] .gtitle')"
        "?.textContent.startsWith('Children in care')",
        timeout=20000,
    )
    assert page.locator("table caption").inner_text().startswith("Children in care")

    # Back: the previous comparison, from htmx's history.
    page.go_back()
    page.wait_for_function("location.search.includes('area=overall')")
    wait_for_series(page, 12)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.errors == []


def test_compare_link_opened_afresh_and_removing_down_to_one(live_server, page, national_committed):
    page.goto(f"{live_server.url}/compare/?a=sandwell&a=buckinghamshire&area=leadership")
    page.locator("#compare-chart[data-drawn=true]").wait_for(timeout=20000)
    assert page.locator("#compare-area").input_value() == "leadership"
    page.locator("a", has_text="Remove Sandwell").click()
    page.wait_for_function("!location.search.includes('sandwell')")
    page.locator("p.prompt").wait_for()
    assert page.locator("#compare-chart").count() == 0
    assert page.url.endswith("/compare/?a=buckinghamshire&area=leadership")
    assert page.errors == []
