"""Embeds: only /embed/… may be framed by other sites; every other page keeps X-Frame-Options DENY
(and the site's frame-ancestors, where a Content-Security-Policy is set)."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from dashboard import provenance
from inspections.services import demo_load
from tests.admin_helpers import parse

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
    demo_load()


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
