"""Embeds: only /embed/… may be framed by other sites; every other page keeps X-Frame-Options DENY
(and the site's frame-ancestors, where a Content-Security-Policy is set)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.views import serve
from django.test import RequestFactory

from dashboard import embeds, provenance
from tests.admin_helpers import parse
from tests.site_data import demo_loaded

EMBEDS = [
    "/embed/authorities/buckinghamshire/",
    "/embed/authorities/buckinghamshire/?show=overall&show=adoption",
    "/embed/compare/?a=buckinghamshire&a=sandwell&area=children_in_care",
]
NOT_EMBEDS = [
    "/",
    "/authorities/",
    "/authorities/buckinghamshire/",
    "/compare/?a=buckinghamshire&a=sandwell",
    "/api/",
]


@pytest.fixture
def demo(db):
    demo_loaded()


def frame_ancestors(response) -> str:
    directives = dict(
        d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"]


@pytest.mark.parametrize("url", EMBEDS)
def test_embed_pages_may_be_framed_anywhere(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == "*"
    assert "script-src 'self'" in response["Content-Security-Policy"]  # the rest of the policy


@pytest.mark.parametrize("url", NOT_EMBEDS)
def test_other_pages_keep_their_frame_headers(client, demo, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == "'none'"


def test_embed_links_back_and_gives_the_data_date(client, demo):
    response = client.get("/embed/authorities/buckinghamshire/?show=overall&show=adoption")
    page = parse(response)
    back = [a for a in page.find_all("a") if a.attrs.get("target") == "_top"]
    assert back and all(
        a.attrs["href"]
        == "http://testserver/authorities/buckinghamshire/?show=overall&show=adoption"
        for a in back
    )
    changed = provenance.last_changed()
    assert dt.datetime.fromisoformat(page.find("time").attrs["datetime"]) == changed
    figure = json.loads(page.find("script", id="embed-figure").text())
    visible = {
        t["name"]
        for t in figure["data"]
        if t.get("visible", True) is True and t.get("line", {}).get("shape") == "hv"
    }
    assert visible == {"Overall effectiveness", "Adoption performance"}
    assert not page.find_all("header")  # no site chrome: small


class _Iframe(HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag == "iframe":
            self.attrs = dict(attrs)


@pytest.mark.parametrize(
    ("page_url", "embed_path"),
    [
        ("/authorities/sandwell/?show=overall", "/embed/authorities/sandwell/?show=overall"),
        (
            "/compare/?a=sandwell&a=buckinghamshire&area=leadership",
            "/embed/compare/?a=sandwell&a=buckinghamshire&area=leadership",
        ),
    ],
)
def test_pages_offer_an_iframe_snippet_that_works(client, demo, page_url, embed_path):
    snippet = parse(client.get(page_url)).find("textarea", id="embed-snippet").text()
    iframe = _Iframe()
    iframe.feed(snippet)
    assert iframe.attrs["src"] == "http://testserver" + embed_path
    assert iframe.attrs["title"]
    framed = client.get(iframe.attrs["src"])
    assert framed.status_code == 200 and "X-Frame-Options" not in framed


def test_embed_bad_requests(client, demo):
    assert client.get("/embed/authorities/atlantis/").status_code == 404
    response = client.get("/embed/compare/?a=sandwell")
    assert response.status_code == 400
    assert "two authorities" in response.content.decode()


def head_links(page) -> dict[str, dict]:
    """The <link>s of a page's head by rel (stylesheets by href)."""
    links = {}
    for link in page.find("head").find_all("link"):
        rel = link.attrs.get("rel")
        links[link.attrs["href"] if rel == "stylesheet" else rel] = link.attrs
    return links


@pytest.mark.parametrize("url", EMBEDS)
def test_embeds_load_plotly_styles_and_the_icon_as_the_site_pages_do(client, demo, url):
    """Under the CSP plotly.js may inject no <style>: like base.html, an embed links the served
    plotly.css under the id plotly.js looks for; and it names the site's icon (else the browser
    asks for /favicon.ico)."""
    site = head_links(parse(client.get("/")))
    embed_page = parse(client.get(url))
    embed = head_links(embed_page)
    plotly_css = next(href for href in site if href.endswith("/plotly.css"))
    assert embed[plotly_css] == site[plotly_css]
    assert embed[plotly_css]["id"] == "plotly.js-style-global"
    assert embed["icon"] == site["icon"]
    assert finders.find(embed["icon"]["href"].removeprefix(settings.STATIC_URL))  # a real file
    maps = [
        m.attrs for m in embed_page.find_all("meta") if m.attrs.get("name") == "plotly-map-styles"
    ]
    assert maps and maps[0]["id"]


@pytest.mark.parametrize("url", EMBEDS)
def test_embeds_use_the_sites_styles_with_the_source_under_the_chart(client, demo, url):
    """The site's stylesheets and font (no browser-default serif), a heading in place of the
    figure's title (it wraps; plotly.js cuts a long title off), the source line straight under
    the chart and the caption in words behind a one-line summary: what a frame of the snippet's
    height shows whole (tests/browser/test_accessibility.py measures it)."""
    site = head_links(parse(client.get("/")))
    page = parse(client.get(url))
    embed = head_links(page)
    for href in site:
        if href.endswith(("govuk-frontend.min.css", "site.css")):
            assert embed[href] == site[href]
    assert "govuk-template__body" in page.find("body").classes
    heading = page.find("h1")
    assert heading.find("a").attrs["target"] == "_top"
    main = page.find("main")
    order = [e for e in main.children if not isinstance(e, str) and e.tag != "script"]
    chart = page.find("div", class_="chart")
    credit = page.find("p", class_="embed-credit")
    assert order.index(credit) == order.index(chart) + 1
    assert credit.text().startswith("Source: Ofsted inspection reports")
    words = page.find("details")
    assert words.find("summary").text() == "The chart in words"
    assert chart.attrs["aria-describedby"] == words.find(id="embed-caption").attrs["id"]
    assert heading.text() in page.find("title").text()


@pytest.mark.parametrize(
    ("page_url", "embed_url"),
    [
        (
            "/authorities/buckinghamshire/?show=overall&show=adoption",
            "/embed/authorities/buckinghamshire/?show=overall&show=adoption",
        ),
        (
            "/compare/?a=buckinghamshire&a=sandwell&area=children_in_care",
            "/embed/compare/?a=buckinghamshire&a=sandwell&area=children_in_care",
        ),
    ],
)
def test_embed_draws_the_pages_figure_but_its_title_in_a_frame_that_fits(
    client, demo, page_url, embed_url
):
    page = parse(client.get(page_url))
    figure = next(
        json.loads(s.text())
        for s in page.find_all("script", type="application/json")
        if "layout" in s.text()
    )
    embed = parse(client.get(embed_url))
    drawn = json.loads(embed.find("script", id="embed-figure").text())
    assert drawn["data"] == figure["data"]
    assert "title" not in drawn["layout"] and figure["layout"]["title"]["text"]
    # Nor on a phone: the narrow layout (charts.js) would put a shorter title back.
    narrow = drawn["layout"]["meta"]["narrow"]
    assert not [key for key in narrow if key.startswith("title")]
    assert any(key.startswith("title") for key in figure["layout"]["meta"]["narrow"])
    unchanged = {k: v for k, v in figure["layout"].items() if k not in ("title", "meta", "margin")}
    assert {k: v for k, v in drawn["layout"].items() if k not in ("meta", "margin")} == unchanged
    # The room the title took above the plot is given back, on a phone too.
    lines = figure["layout"]["title"]["text"].count("<br>") + 1
    assert drawn["layout"]["margin"]["t"] == figure["layout"]["margin"]["t"] - 24 * lines
    page_narrow = figure["layout"]["meta"]["narrow"]
    narrow_lines = page_narrow["title.text"].count("<br>") + 1
    assert narrow["margin.t"] == page_narrow["margin.t"] - 24 * narrow_lines
    assert {k: v for k, v in narrow.items() if k != "margin.t"} == {
        k: v for k, v in page_narrow.items() if not k.startswith("title") and k != "margin.t"
    }

    iframe = _Iframe()
    iframe.feed(page.find("textarea", id="embed-snippet").text())
    heading = embed.find("h1").text()
    assert int(iframe.attrs["height"]) == embeds.frame_height(figure, heading)
    assert int(iframe.attrs["height"]) > figure["layout"]["height"] + 150


def test_a_compare_embed_names_up_to_three_authorities_in_its_heading(client, demo):
    two = parse(client.get("/embed/compare/?a=buckinghamshire&a=sandwell&area=overall"))
    assert two.find("h1").text() == "Overall effectiveness: Buckinghamshire, Sandwell"
    names = ["Buckinghamshire", "Sandwell", "Oxfordshire", "Hertfordshire"]
    assert embeds.compare_heading("Overall effectiveness", names) == (
        "Overall effectiveness: 4 authorities"
    )


def test_the_sites_icon_is_linked_from_every_kind_of_page_and_served(client, demo):
    """The icon every page names (so browsers ask for it, not for /favicon.ico) is a real SVG
    that the site serves."""
    icons = {
        head_links(parse(client.get(url)))["icon"]["href"]
        for url in ["/", "/authorities/", "/authorities/atlantis/", *EMBEDS]
    }
    assert len(icons) == 1
    href = icons.pop()
    path = href.removeprefix(settings.STATIC_URL)
    request = RequestFactory().get(href)
    response = serve(request, path, insecure=True)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(b"".join(response.streaming_content))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("url", [*EMBEDS, "/embed/map/"])
def test_embeds_are_page_cached_and_conditional_and_keep_their_framing(
    client, demo, url, django_assert_num_queries
):
    """An embed was rendered every time (30-60 ms) with no ETag; from the cache and as a 304 it
    must still be framable: a 304's headers replace the ones the browser stored."""
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]

    with django_assert_num_queries(1):  # the data version only: the page comes from the cache
        cached = client.get(url)
    not_modified = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert cached.content == first.content
    assert not_modified.status_code == 304
    for response in (cached, not_modified):
        assert "X-Frame-Options" not in response
        assert response["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert frame_ancestors(response) == "*"


def test_a_page_from_the_cache_or_a_304_keeps_the_frame_refusal(client, demo):
    first = client.get("/authorities/")
    for response in (
        client.get("/authorities/"),
        client.get("/authorities/", headers={"If-None-Match": first["ETag"]}),
    ):
        assert frame_ancestors(response) == "'none'"
