"""Atom feeds of new inspections and visits: valid Atom, scoped, and an admin's save shows up."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest

from authorities.models import Authority, Region
from inspections.models import FocusedVisit, Inspection
from inspections.rules import Area, Grade
from tests.admin_helpers import error_texts, parse
from tests.factories import make_authority, make_inspection
from tests.inspections.test_admin import ADD_URL, filled_add_form
from tests.site_data import demo_loaded

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = [
    "/feeds/changes/",
    "/feeds/regions/WM/",
    "/feeds/regions/gl/",
    "/feeds/authorities/buckinghamshire/",
]


@pytest.fixture
def demo(db):
    demo_loaded()


def read_feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed, ET.fromstring(response.content)


def missing_atom_elements(root: ET.Element) -> list[str]:
    """RFC 4287's required elements: the feed's id, title, updated (and an author, here at feed
    level); each entry's id, title, updated and, with no content, an alternate link."""
    missing = [
        f"feed/{n}" for n in ("id", "title", "updated", "author") if root.find(ATOM + n) is None
    ]
    for i, entry in enumerate(root.findall(ATOM + "entry")):
        missing += [
            f"entry {i}/{n}"
            for n in ("id", "title", "updated", "link")
            if entry.find(ATOM + n) is None
        ]
    return missing


@pytest.mark.parametrize("url", FEEDS)
def test_feeds_are_valid_atom(client, demo, url):
    parsed, root = read_feed(client, url)
    assert missing_atom_elements(root) == []
    ids = [entry.id for entry in parsed.entries]
    assert len(ids) == len(set(ids))


def test_feeds_are_scoped_and_newest_first(client, demo):
    england, _ = read_feed(client, "/feeds/changes/")
    kinds = {entry.tags[0].term for entry in england.entries}
    assert kinds == {"inspection", "monitoring_visit"}  # visits too, not only inspections
    dates = [entry.updated_parsed for entry in england.entries]
    assert dates == sorted(dates, reverse=True)
    west_midlands, _ = read_feed(client, "/feeds/regions/WM/")
    assert west_midlands.entries and all("Sandwell" in e.title for e in west_midlands.entries)
    london, _ = read_feed(client, "/feeds/regions/GL/")
    assert london.entries == []
    bucks, _ = read_feed(client, "/feeds/authorities/buckinghamshire/")
    assert (
        len(bucks.entries)
        == Inspection.objects.filter(authority__slug="buckinghamshire").count() + 1
    )


def test_unknown_region_or_authority_is_a_404(client, demo):
    assert client.get("/feeds/regions/XX/").status_code == 404
    assert client.get("/feeds/authorities/atlantis/").status_code == 404


def test_an_outcome_entered_in_the_admin_appears_in_the_feeds_and_on_the_home_page(
    admin_client, client, demo
):
    authority = make_authority(name="Newtown", slug="newtown", region=Region.LONDON)
    before, _ = read_feed(client, "/feeds/changes/")
    data = filled_add_form(admin_client, authority, {Area.LEADERSHIP: Grade.GOOD})

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, error_texts(response)
    inspection = Inspection.objects.get(authority=authority)
    entry_id = f"tag:children-services-inspections,2026:inspection/{inspection.pk}"
    assert entry_id not in [e.id for e in before.entries]
    for url in ("/feeds/changes/", "/feeds/regions/GL/", "/feeds/authorities/newtown/"):
        after, root = read_feed(client, url)
        assert missing_atom_elements(root) == []
        entry = next(e for e in after.entries if e.id == entry_id)
        assert entry.title == (
            "Newtown: inspection report published 2 May 2023 (overall effectiveness: Good)"
        )
        assert entry.link == f"http://testserver/authorities/newtown/#inspection-{inspection.pk}"
    page = parse(client.get(entry.link))
    assert page.find("table", id=f"inspection-{inspection.pk}")
    home = parse(client.get("/"))
    changes = [li.text() for li in home.find("ul", class_="changes").find_all("li")]
    assert any("Newtown: inspection report published 2 May 2023" in c for c in changes)


# --- Stored text is text -----------------------------------------------------------------------

MARKUP_NAME = '<a href="https://evil.example/x">Dudley</a>'
MARKUP_THEME = "<b>Care leavers</b><img src=x onerror=alert(1)>"
MARKUP_FINDINGS = '<a href="https://evil.example/y">Read more</a> & <script>alert(2)</script>'


class _Markup(HTMLParser):
    """The elements an HTML fragment holds and the text it shows."""

    def __init__(self, fragment: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.shown: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.shown.append(data)


def as_a_reader_shows_it(element: ET.Element) -> tuple[str, list[str]]:
    """An Atom text construct as a feed reader shows it (RFC 4287 §3.1): type="text" (the
    default) is shown as it is; type="html" is HTML to render. The text shown and the elements."""
    assert len(element) == 0, "no XML child elements (xhtml)"
    kind = element.get("type", "text")
    assert kind in ("text", "html"), kind
    if kind == "text":
        return element.text or "", []
    markup = _Markup(element.text or "")
    return "".join(markup.shown), markup.elements


def test_stored_markup_shows_as_text_in_the_feeds(client, db):
    """An editor's theme, findings and an authority's name are text: a feed reader shows them as
    typed and no element (no link, image or script) comes from them."""
    authority = make_authority(slug="dudley", region=Region.WEST_MIDLANDS)
    Authority.objects.filter(pk=authority.pk).update(name=MARKUP_NAME)  # as a rename could
    make_inspection(authority)
    FocusedVisit.objects.create(
        authority=authority,
        started_on=dt.date(2024, 1, 8),
        ended_on=dt.date(2024, 1, 9),
        published_on=dt.date(2024, 2, 1),
        theme=MARKUP_THEME,
        findings=MARKUP_FINDINGS,
    )
    for url in ("/feeds/changes/", "/feeds/regions/WM/", "/feeds/authorities/dudley/"):
        _, root = read_feed(client, url)
        entries = root.findall(ATOM + "entry")
        assert len(entries) == 2
        texts = [root.find(ATOM + "title"), root.find(ATOM + "subtitle")] + [
            entry.find(ATOM + part) for entry in entries for part in ("title", "summary")
        ]
        shown = []
        for element in texts:
            text, elements = as_a_reader_shows_it(element)
            assert elements == [], (element.tag, element.text)
            shown.append(text)
        everything = "\n".join(shown)
        assert MARKUP_NAME in everything
        assert f"{MARKUP_THEME} {MARKUP_FINDINGS}" in everything
