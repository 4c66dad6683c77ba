"""WCAG 2.2 AA in a real browser: axe-core over every public page (after the charts have drawn and
after each htmx swap), the keyboard path through the index filters and the compare picker, reflow
at 320 CSS pixels, and the pages with JavaScript off.

One server and one load of the national data for the whole module (loaded and committed once,
deleted at the end), one browser context per kind of visit: these tests only read.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.color import no_style
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.browser.conftest import RECORD_VIOLATIONS
from tests.site_data import site_loaded

# Marked so that pytest-django creates the test database; each test's own transaction is left
# untouched (the pages are served from the data `site` committed).
pytestmark = pytest.mark.django_db

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA (axe's tags; 2.2 has no new level A rules in axe).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
COMPARE = "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&area=overall"
PAGES = {
    "home": "/",
    "index": "/authorities/",
    "index, a story view": "/authorities/?left_inadequate=on&sort=left_inadequate",
    "index, an area filter": "/authorities/?area=care_leavers&area_grade=inadequate",
    "authority": "/authorities/buckinghamshire/",
    "authority with predecessors": "/authorities/cumberland/",
    "compare": COMPARE,
    "compare, one authority": "/compare/?a=buckinghamshire",
    "compare with a reference": f"{COMPARE}&reference=region",
    "accessibility statement": "/accessibility/",
    "where the data comes from": "/data/",
    "where the data comes from, filtered": "/data/?settled=waiting&source=official",
    "not found": "/authorities/atlantis/",
    "embed of an authority's chart": "/embed/authorities/buckinghamshire/",
    "embed of a comparison": "/embed/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire",
    "map": "/map/",
    "map, London's care leavers": "/map/?region=GL&area=care_leavers",
}


def empty_the_dashboards_tables() -> None:
    """Delete what `site` loaded: every row of the authorities' and inspections' tables (their
    history too), leaving the rest (the editors group a migration made, users) as it was."""
    tables = [
        model._meta.db_table
        for app in ("authorities", "inspections")
        for model in apps.get_app_config(app).get_models(include_auto_created=True)
    ]
    connection = connections["default"]
    sql = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(sql)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, ofsted_data):
    """The national data, committed, served by a live server for this module's tests."""
    with django_db_blocker.unblock():
        site_loaded(ofsted_data)
        # An in-memory SQLite test database is shared with the server's threads; PostgreSQL's
        # server threads open their own connections and see the committed data.
        shared = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in shared.values():
            conn.inc_thread_sharing()
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, shared)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://127.0.0.1:{server.port}"
        finally:
            server.terminate()
            # Requests a closed browser left behind finish before the connection is unshared.
            for thread in threading.enumerate():
                if "process_request_thread" in thread.name:
                    thread.join(timeout=10)
            for conn in shared.values():
                conn.dec_thread_sharing()
            empty_the_dashboards_tables()


@pytest.fixture(scope="module")
def desktop(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def wait_for_charts(page) -> None:
    """Every chart on the page drawn (charts.js marks each with data-drawn)."""
    page.wait_for_function(
        "[...document.querySelectorAll('[data-figure]')]"
        ".every(chart => chart.dataset.drawn === 'true')",
        timeout=30_000,
    )


#: axe's best-practice rules for the page's structure (WCAG 1.3.1, 2.4.1, 2.4.6 in spirit):
#: landmarks around all content, one main, headings in order, one h1, a working skip link.
STRUCTURE_RULES = [
    "region",
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "heading-order",
    "page-has-heading-one",
    "skip-link",
]


def axe_violations(page, *, rules: list[str] | None = None) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now (or those of the named rules),
    one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate(
        "runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})", run_only
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations_on_each_page_after_its_charts_have_drawn(desktop, name):
    response = desktop.goto(PAGES[name])
    assert response.status == (404 if name == "not found" else 200)
    wait_for_charts(desktop)
    if name in ("home", "authority", "compare"):
        assert desktop.locator("[data-drawn=true]").count() >= 1  # a chart was there to check
    assert axe_violations(desktop) == []
    assert axe_violations(desktop, rules=STRUCTURE_RULES) == []
    assert desktop.errors == []


@pytest.mark.parametrize(
    ("url", "figure_id"),
    [
        ("/authorities/buckinghamshire/", "trajectory-figure"),
        (COMPARE, "compare-figure"),
        ("/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire&a=hertfordshire", "compare-figure"),
    ],
)
def test_every_series_is_drawn_with_its_grade_axis(desktop, url, figure_id):
    """Every series is drawn (each at its exact grade: no copies of the grade axis), and each
    grade axis keeps its labels."""
    desktop.goto(url)
    wait_for_charts(desktop)
    chart = desktop.locator(f"[data-figure={figure_id}]")
    visible = desktop.evaluate(
        f"JSON.parse(document.getElementById('{figure_id}').textContent).data"
        ".filter(trace => trace.visible !== 'legendonly').length"
    )
    assert chart.locator("g.scatterlayer g.trace").count() == visible
    ticks = chart.locator("g.ytick text").all_text_contents()
    assert ticks[:2] == ["Outstanding", "Good"] and "Inadequate" in ticks


def test_axe_finds_violations_when_there_are_some(desktop):
    """The check can fail: a control with no name, an image with no text, grey on white."""
    desktop.goto("/accessibility/")
    desktop.evaluate(
        """() => {
        const main = document.querySelector('main');
        main.insertAdjacentHTML('beforeend',
            '<img src="/static/favicon.svg"><input type="text">'
            + '<p style="color: #b1b4b6">Too pale to read</p>');
    }"""
    )
    found = " ".join(axe_violations(desktop))
    assert "image-alt" in found and "label" in found and "color-contrast" in found


def test_no_axe_violations_after_the_index_filter_swaps_the_results(desktop):
    desktop.goto("/authorities/")
    desktop.locator("form[role=search] summary").click()  # the filters behind "Filters"
    desktop.select_option("#id_region", "GL")
    desktop.wait_for_function("document.querySelector('.result-count strong').textContent === '33'")
    assert axe_violations(desktop) == []
    desktop.fill("#id_q", "zzzz")  # no match: the empty table
    desktop.wait_for_function("document.querySelector('.result-count strong').textContent === '0'")
    assert axe_violations(desktop) == []


def test_no_axe_violations_after_each_compare_swap(desktop):
    desktop.goto(COMPARE)
    wait_for_charts(desktop)
    desktop.locator("#compare-q").press_sequentially("Kent", delay=20)
    desktop.locator("#picker-results a", has_text="Add Kent").wait_for()
    assert axe_violations(desktop) == []  # the picker's results swapped in
    desktop.locator("#picker-results a", has_text="Add Kent").click()
    desktop.wait_for_function("location.search.includes('a=kent')")
    wait_for_charts(desktop)
    desktop.wait_for_function(
        "JSON.parse(document.getElementById('compare-figure').textContent).data"
        ".filter(trace => trace.meta.part === 'grades').length === 4"
        " && document.querySelector('#compare-chart').dataset.drawn === 'true'"
    )
    assert axe_violations(desktop) == []  # the whole comparison swapped in, chart redrawn
    desktop.select_option("#compare-area", "leadership")
    desktop.wait_for_function("location.search.includes('area=leadership')")
    wait_for_charts(desktop)
    assert axe_violations(desktop) == []
    assert desktop.errors == []


# Keyboard: Tab, Shift+Tab, Enter and Space only (and typing into a text box), with focus visible
# at every stop.

HAS_VISIBLE_FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) return false;
    // A GOV.UK checkbox is drawn by its label (the input is transparent): the focus ring too.
    const drawn = element.matches('.govuk-checkboxes__input') ? element.labels[0] : element;
    const style = getComputedStyle(drawn, drawn === element ? null : '::before');
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
        || style.boxShadow !== 'none'
        || style.backgroundColor === 'rgb(255, 221, 0)';
}"""


def tab_to(page, selector: str, *, limit: int = 80, backwards: bool = False) -> list[str]:
    """Press Tab until the focused element matches `selector`; every stop on the way must show
    its focus. Returns the stops (for the message when the target is never reached)."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        described = page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.tagName + '#' + e.id + ' ' + (e.textContent || e.value || '').trim().slice(0, 40)"
            " + (e.closest('[data-figure]') ? ' [in a chart]' : ''); }"
        )
        stops.append(described)
        assert page.evaluate(HAS_VISIBLE_FOCUS), f"no visible focus on {described}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} never focused; stops: {stops}")


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement?.matches(s) ?? false", selector)


@pytest.mark.parametrize("name", ["home", "authority"])
def test_every_focus_stop_shows_its_focus(desktop, name):
    """Tab from the top of the page to the footer's last link: every stop visibly focused (the
    table scroll regions included), and nothing inside a chart takes the focus."""
    desktop.goto(PAGES[name])
    wait_for_charts(desktop)
    stops = tab_to(desktop, "footer a[href='/accessibility/']", limit=200)
    assert not [stop for stop in stops if stop.endswith("[in a chart]")]
    assert any(stop.startswith("DIV#") for stop in stops)  # a table's scroll region


def test_keyboard_path_through_the_index_filters(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/authorities/")
    page.keyboard.press("Tab")
    assert focused(page, "a.govuk-skip-link") and page.evaluate(HAS_VISIBLE_FOCUS)
    page.keyboard.press("Enter")
    assert focused(page, "main#main-content")

    tab_to(page, "#id_q")
    page.keyboard.type("Camden")
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '1'")
    assert focused(page, "#id_q")  # the results swapped in; focus stays where the user is
    page.wait_for_function(
        "document.getElementById('announcer').textContent.trim() === '1 authority'"
    )
    page.keyboard.press("Control+a")
    page.keyboard.press("Backspace")
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '153'")

    # The other filters are behind "Filters": Tab to it, Enter opens it.
    tab_to(page, "form[role=search] summary")
    page.keyboard.press("Enter")
    assert page.locator("form[role=search] details").get_attribute("open") is not None
    tab_to(page, "#id_include_former")
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '158'")
    assert focused(page, "#id_include_former")
    page.wait_for_function("document.getElementById('announcer').textContent.includes('158')")

    # Back through the form (Shift+Tab) to the region, chosen by typing its first letters.
    tab_to(page, "#id_region", backwards=True)
    page.keyboard.type("Lon")
    page.wait_for_function("document.querySelector('.result-count strong').textContent === '33'")
    assert "region=GL" in page.url and focused(page, "#id_region")

    tab_to(page, "button[type=submit]")
    page.evaluate(
        "window.settled = false;"
        " document.body.addEventListener('htmx:afterSettle', () => { window.settled = true; },"
        " {once: true})"
    )
    page.keyboard.press("Enter")
    page.wait_for_function("window.settled")  # the same results, swapped in again
    assert focused(page, "button[type=submit]")
    tab_to(page, "#results tbody th a")  # on into the results: the first authority's link
    page.keyboard.press("Enter")
    page.wait_for_url("**/authorities/barking-and-dagenham/")
    context.close()


def test_keyboard_path_through_the_compare_picker(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/compare/?a=buckinghamshire&a=sandwell")
    wait_for_charts(page)
    tab_to(page, "#compare-q")
    page.keyboard.type("Oxfordsh")
    page.locator("#picker-results a", has_text="Add Oxfordshire").wait_for()
    assert focused(page, "#compare-q")
    page.wait_for_function("document.getElementById('announcer').textContent.includes('found')")

    tab_to(page, "#picker-results a")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('a=oxfordshire')")
    page.wait_for_function(
        "document.getElementById('announcer').textContent.startsWith('Comparing 3 authorities')"
    )
    # The link that was pressed is gone: focus goes to the list of authorities compared.
    assert focused(page, "#chosen-heading")
    wait_for_charts(page)

    tab_to(page, "a[href*='a=buckinghamshire&a=sandwell&area']")  # "Remove Oxfordshire"
    page.keyboard.press("Enter")
    page.wait_for_function("!location.search.includes('oxfordshire')")
    page.wait_for_function(
        "document.getElementById('announcer').textContent.startsWith('Comparing 2 authorities')"
    )
    assert focused(page, "#chosen-heading")

    # The judgement: a select that keeps the focus when the comparison is swapped around it.
    tab_to(page, "#compare-area")
    page.keyboard.type("Lead")
    page.wait_for_function("location.search.includes('area=leadership')")
    page.wait_for_function(
        "document.getElementById('announcer').textContent.includes('Leadership')"
    )
    assert focused(page, "#compare-area")
    context.close()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "index",
        "index, a story view",
        "authority",
        "compare",
        "compare with a reference",
        "accessibility statement",
        "embed of an authority's chart",
        "embed of a comparison",
        "map",
        "map, London's care leavers",
    ],
)
def test_reflows_at_320_css_pixels_without_sideways_scrolling(browser, site, name):
    context = browser.new_context(
        viewport={"width": 320, "height": 640}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    page.goto(PAGES[name])
    wait_for_charts(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == []  # narrow: tables scroll, so their regions must be focusable
    # Wide tables scroll inside their own focusable, labelled region instead.
    for region in page.locator(".table-scroll").all():
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        assert region.get_attribute("aria-labelledby")
    context.close()


@pytest.fixture
def publisher():
    """Another site's article on a server of its own (a real address: Chromium lets only a local
    page frame a local server), holding whatever `publisher.article` is set to."""

    class Article(BaseHTTPRequestHandler):
        def do_GET(self):
            body = server.article.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Article)
    server.article = ""
    server.url = f"http://127.0.0.1:{server.server_port}/article"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


#: Where an embed's parts are, in its frame: every box inside the frame's viewport or not.
EMBED_LAYOUT = """() => {
  const box = (element) => {
    const b = element.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom};
  };
  const legend = document.querySelector('.chart g.legend');
  return {
    width: innerWidth, height: innerHeight,
    contentHeight: document.documentElement.scrollHeight,
    legend: legend && box(legend),
    legendEntries: [...document.querySelectorAll('.chart g.legend .legendtext')]
      .map(text => text.textContent),
    source: box(document.querySelector('.embed-credit')),
    sourceText: document.querySelector('.embed-credit').textContent,
    fonts: ['body', 'h1', '.embed-credit', 'summary']
      .map(selector => getComputedStyle(document.querySelector(selector)).fontFamily),
    violations: window.cspViolations,
  };
}"""


def inside(box: dict, layout: dict) -> bool:
    return (
        box["left"] >= 0
        and box["top"] >= 0
        and box["right"] <= layout["width"]
        and box["bottom"] <= layout["height"]
    )


@pytest.mark.parametrize(
    "page_url",
    ["/authorities/buckinghamshire/", "/compare/?a=buckinghamshire&a=sandwell&a=oxfordshire"],
)
def test_an_embed_in_a_phones_article_shows_its_legend_and_source(
    browser, site, publisher, page_url
):
    """The snippet a page offers, pasted into another site's article read at 390 px (the frame
    374 px wide, inside the article's margins): the frame shows the embed whole (nothing to
    scroll), its legend and source line in view, in the site's font, under the site's policy
    (no violation), with no request for /favicon.ico. At 320 px it still fits whole."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    problems, requested = [], []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda r: requested.append((r.status, r.url)))
    page.goto(site + page_url)
    snippet = page.locator("#embed-snippet").input_value()
    publisher.article = (
        '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width">'
        f"<title>An article</title><p>The article.</p>{snippet}<p>More of it.</p></html>"
    )
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(publisher.url)
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_selector("[data-drawn=true]", timeout=30_000)
        page.wait_for_timeout(300)  # plotly's resize to the frame settles
        layout = frame.evaluate(EMBED_LAYOUT)
        assert layout["width"] == width - 16  # the article's margins: 8 px either side
        assert layout["contentHeight"] <= layout["height"], "the frame cuts the embed off"
        assert inside(layout["source"], layout)
        assert layout["sourceText"].split()[:3] == ["Source:", "Ofsted", "inspection"]
        for family in layout["fonts"]:
            assert family.split(",")[-1].strip() == "sans-serif" and "Times" not in family
        assert layout["violations"] == []
        if width == 390:
            assert layout["legend"] and inside(layout["legend"], layout)
            # The authority's judgements; compare's panels share one line, the judgement's.
            if page_url.startswith("/compare/"):
                assert layout["legendEntries"] == ["Overall effectiveness"]
            else:
                assert len(layout["legendEntries"]) >= 2
            assert axe_violations(frame) == []
            assert axe_violations(frame, rules=STRUCTURE_RULES) == []
    assert problems == []
    assert not [url for status, url in requested if status >= 400 or "favicon.ico" in url]
    context.close()


MAP_EMBED_LAYOUT = """() => {
  const box = element => {
    const b = element.getBoundingClientRect();
    return {left: b.left, top: b.top, right: b.right, bottom: b.bottom};
  };
  return {
    width: innerWidth, height: innerHeight,
    contentHeight: document.documentElement.scrollHeight,
    source: box(document.querySelector('.embed-credit')),
    shapes: document.querySelectorAll('svg.map-drawing a').length,
    fonts: ['body', 'h1', '.embed-credit']
      .map(selector => getComputedStyle(document.querySelector(selector)).fontFamily),
    violations: window.cspViolations,
  };
}"""


@pytest.mark.parametrize("page_url, shapes", [("/map/", 153), ("/map/?region=GL", 33)])
def test_the_maps_embed_fits_the_frame_its_snippet_gives(
    browser, site, publisher, page_url, shapes
):
    """The map's snippet in another site's article: at 320, 390 and 700 px the frame shows the
    embed whole, the source line in view, in the site's font, with no policy violation."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(site + page_url)
    snippet = page.locator("#embed-snippet").input_value()
    publisher.article = (
        '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width">'
        f"<title>An article</title><p>The article.</p>{snippet}<p>More of it.</p></html>"
    )
    for width in (320, 390, 700):
        page.set_viewport_size({"width": width, "height": 1000})
        page.goto(publisher.url)
        frame = page.locator("iframe").element_handle().content_frame()
        frame.wait_for_selector("svg.map-drawing")
        layout = frame.evaluate(MAP_EMBED_LAYOUT)
        assert layout["shapes"] == shapes
        assert layout["contentHeight"] <= layout["height"], (width, "the frame cuts the map off")
        assert inside(layout["source"], layout)
        for family in layout["fonts"]:
            assert family.split(",")[-1].strip() == "sans-serif"
        assert layout["violations"] == []
    context.close()


def test_the_index_at_390_px_shows_its_first_result_near_the_top(browser, site):
    """Phone first: with the filters behind "Filters", the first authority is on the first
    screen or just below it (the issue measured it 1,500 px down)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/authorities/")
    first = page.locator("#results tbody th a").first
    assert first.inner_text() == "Barking and Dagenham"
    assert first.bounding_box()["y"] < 900
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.fixture(scope="module")
def no_js(browser, site):
    context = browser.new_context(java_script_enabled=False, base_url=site, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_home_without_javascript_shows_the_headline_figures_and_tables(no_js):
    no_js.goto("/")
    england = no_js.locator("#england-distribution")
    assert england.is_visible()
    assert england.locator("tfoot tr[data-key=total] td").first.inner_text() == "153"
    assert no_js.locator("#regions-table tbody tr").count() == 9
    assert no_js.locator("#regions-caption").inner_text().startswith("In England, of the")
    assert no_js.locator("#over-time-table tbody tr").count() > 40  # in a <details>: it opens
    no_js.locator("#over-time summary, summary").first.click()
    assert no_js.locator("#over-time-table").is_visible()
    assert no_js.locator("#inadequate-table tbody tr").count() >= 1


def test_authority_and_compare_without_javascript_show_their_tables(no_js):
    no_js.goto("/authorities/buckinghamshire/")
    assert (
        no_js.locator("#trajectory-caption")
        .inner_text()
        .startswith(
            "Overall effectiveness: Buckinghamshire was judged good in 2011; inadequate in 2014"
        )
    )
    assert no_js.locator("#trajectory-table tbody tr").count() == 5  # 2011, 2014, 2018, 2022, 2025
    assert no_js.locator("#trajectory-table").is_visible()
    no_js.goto(COMPARE)
    assert no_js.locator("#compare-table tbody").count() == 3
    assert no_js.locator("#compare-table").is_visible()


@pytest.mark.parametrize("width", [1280, 320])
def test_the_map_embed_has_no_axe_violations(browser, site, width):
    """An embed is a fragment of another site's page (no h1, no landmarks of its own beyond
    main): WCAG's rules apply, the full pages' structure rules do not."""
    context = browser.new_context(
        viewport={"width": width, "height": 640}, base_url=site, bypass_csp=True
    )
    page = context.new_page()
    assert page.goto("/embed/map/?region=GL").status == 200
    assert page.locator("svg.map-drawing a").count() == 33
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def test_map_works_without_javascript(no_js):
    """The map is SVG in the server's HTML: drawn, its shapes links, its form a plain GET."""
    no_js.goto("/map/")
    shapes = no_js.locator("svg.map-drawing a")
    assert shapes.count() == 153
    assert no_js.locator("svg.map-drawing").bounding_box()["height"] > 300  # drawn, not empty
    no_js.select_option("#map-region", "GL")
    no_js.select_option("#map-area", "care_leavers")
    no_js.locator("form.map-controls button[type=submit]").click()
    no_js.wait_for_url("**/map/?area=care_leavers&region=GL")
    assert shapes.count() == 33
    assert no_js.locator("#map-rows tbody tr").count() == 33
    no_js.locator("svg.map-drawing a[href='/authorities/camden/']").click()
    no_js.wait_for_url("**/authorities/camden/")


def test_map_shapes_take_the_keyboard_focus_visibly(desktop):
    desktop.goto("/map/?region=GL")
    tab_to(desktop, "svg.map-drawing a", limit=60)
    assert desktop.evaluate("document.activeElement.getAttribute('aria-label')").startswith(
        "Barking and Dagenham: "
    )


def test_index_filters_work_without_javascript(no_js):
    no_js.goto("/authorities/")
    filters = no_js.locator("form[role=search] details")
    assert filters.get_attribute("open") is None  # nothing applied: the results come first
    filters.locator("summary").click()
    no_js.select_option("#id_region", "GL")
    no_js.locator("form[role=search] button[type=submit]").click()
    no_js.wait_for_url("**/authorities/?*region=GL*")
    assert no_js.locator(".result-count strong").inner_text() == "33"
    assert filters.get_attribute("open") is not None  # a filter applied: shown as set
    no_js.fill("#id_q", "Camden")  # the search outside the disclosure submits with Enter
    no_js.press("#id_q", "Enter")
    no_js.wait_for_url("**/authorities/?*q=Camden*")
    assert no_js.locator("#results tbody th a").inner_text() == "Camden"
