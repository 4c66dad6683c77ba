"""The layout of Ofsted's report finder (https://reports.ofsted.gov.uk): every address and selector
the sync relies on, in this one module, so a change of layout is one edit here.

What is known of the site (from the public scrape tool that reads it daily), and assumed:

- The search for local authorities' children's services (level 1 type 3, level 2 type 12) is
  SEARCH_PATH, paged by `start` and `rows`. Each result links its provider as
  `<a href="/provider/44/URN">Name</a>` (URN digits; the link may be relative or absolute). When
  more results remain, the page has `<ul class="pagination">` … `<li class="next"><a href="…">`.
- A provider's page is `/provider/44/<URN>`; it lists the provider's publications newest first,
  each as `<a class="publication-link" href="…">` holding
  `<span class="nonvisual">Children's services inspection - 09 May 2025, pdf</span>`. The `href`
  is the PDF, `https://files.ofsted.gov.uk/v1/file/<id>` on the real site: the file id is the
  same as in the history file's `inspection_link`, so it names a publication.
- A publication's date is the one written in its title ("09 May 2025"); a title with none, or
  with an impossible one, gives no date.
- The titles of monitoring visits, focused visits and joint targeted area inspections are not
  known here: a publication's kind is guessed from keywords in its title (KIND_KEYWORDS), and
  one that matches none is UNKNOWN (the sync sends it to review, never drops it).

Parsing is lenient: odd markup (a link without an href, a publication without its span, a
missing or bad date) gives fewer or emptier results, never an exception. Deciding that the
layout has changed (no links at all) is the sync's job.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from ..rules import PublicationKind


@dataclass(frozen=True)
class ProviderLink:
    """A local authority's children's services as the search results list it."""

    urn: int
    name: str
    url: str  # absolute


@dataclass(frozen=True)
class PublicationLink:
    """One publication on a provider's page."""

    url: str  # the PDF's absolute address
    file_id: str
    title: str
    kind: PublicationKind
    published: dt.date | None


SEARCH_PATH = (
    "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
    "&start={start}&rows={rows}"
)
PROVIDER_PATH = "/provider/44/{urn}"
#: A provider link's path (relative hrefs are resolved against the page first).
#: URNs are ASCII digits, at most MAX_URN (the database's integer): a longer or larger number is no
#: provider's (the link is ignored, as odd markup is).
PROVIDER_LINK = re.compile(r"^/provider/44/([0-9]{1,10})/?$")
MAX_URN = 2_147_483_647
NEXT_PAGE = "ul.pagination li.next a[href]"
PUBLICATION_LINK = "a.publication-link"
PUBLICATION_TITLE = "span.nonvisual"
#: The file service's address of a file, whose last segment is the file id.
FILE_PATH = re.compile(r"/v1/file/([^/?#]+)")
#: "09 May 2025", "9 May 2025", "9th May 2025", "09 Sept 2025"; the last one in a title counts.
TITLE_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
#: English month names (not the locale's); a title may shorten one to its first three letters or
#: more ("Sep", "Sept").
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip

#: The words that give a publication's kind, tried in this order on the lower-cased title (curly
#: apostrophes straightened, spaces collapsed); the first kind with a matching phrase wins.
#: Assumptions, since only inspection titles are known here:
#: - a visit's title names the visit ("Monitoring visit to …", "Focused visit to …") and may
#:   also say "children's services", so visits are tried before inspections;
#: - a JTAI's title names itself in full or as "JTAI", and may also say "inspection", so it is
#:   tried first of all;
#: - inspections are titled "Children's services inspection" on the real site (older reports
#:   "Children's services inspection, pdf"); the SIF's, the ILACS's and the safeguarding and
#:   looked-after-children inspections' long names, and "social care" titles, are inspections too.
#: Anything else (a SEND area inspection, an annual assessment, an unannounced inspection of
#: contact and referral arrangements, …) is UNKNOWN: kept and sent to review.
KIND_KEYWORDS: tuple[tuple[PublicationKind, tuple[str, ...]], ...] = (
    (PublicationKind.JTAI, ("joint targeted area inspection", "jtai")),
    (PublicationKind.MONITORING_VISIT, ("monitoring visit",)),
    # Assurance visits (2020–2021) took the place of focused visits during the pandemic.
    (PublicationKind.FOCUSED_VISIT, ("focused visit", "focussed visit", "assurance visit")),
    (
        PublicationKind.INSPECTION,
        (
            "children's services inspection",
            "inspection of local authority children's services",
            "inspection of services for children in need of help and protection",
            "single inspection",
            "ilacs",
            "safeguarding and looked after children",
            "social care",
        ),
    ),
)


def clean_text(text: str, limit: int | None = None) -> str:
    """`text` from the site as it may be stored and printed: control and format characters
    (NUL, terminal escapes, bidirectional overrides) dropped, whitespace collapsed, at most
    `limit` characters (cut with an ellipsis)."""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") else c for c in text
    )
    words = " ".join(kept.split())
    if limit is not None and len(words) > limit:
        return words[: max(0, limit - 1)] + "…"
    return words


def search_url(base_url: str, start: int = 0, rows: int = 100) -> str:
    return base_url.rstrip("/") + SEARCH_PATH.format(start=start, rows=rows)


def provider_url(base_url: str, urn: int) -> str:
    return base_url.rstrip("/") + PROVIDER_PATH.format(urn=urn)


def file_id(url: str) -> str:
    """The id of the file at `url`: what follows /v1/file/, else the path's last segment."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return ""
    match = FILE_PATH.search(path)
    return match[1] if match else path.rstrip("/").rsplit("/", 1)[-1]


def search_page(html: str, page_url: str) -> tuple[list[ProviderLink], str | None]:
    """The providers a search results page links (each once, in page order), and the absolute
    address of the next page, or None on the last."""
    soup = BeautifulSoup(html, "html.parser")
    providers: dict[int, ProviderLink] = {}
    for anchor in soup.find_all("a", href=True):
        url = _absolute(page_url, anchor["href"])
        match = PROVIDER_LINK.match(urlsplit(url).path) if url else None
        if not match:
            continue
        urn, name = int(match[1]), _text(anchor)
        if not 0 < urn <= MAX_URN:
            continue
        if urn not in providers or (name and not providers[urn].name):
            providers[urn] = ProviderLink(urn=urn, name=name, url=url)
    following = soup.select_one(NEXT_PAGE)
    next_url = _absolute(page_url, following["href"]) if following else None
    return list(providers.values()), (next_url if next_url != page_url else None)


def provider_page(html: str, page_url: str, *, limit: int | None = None) -> list[PublicationLink]:
    """The publications a provider's page lists, in page order (newest first on the site),
    each file once; at most `limit` (the first ones) when given."""
    soup = BeautifulSoup(html, "html.parser")
    publications: dict[str, PublicationLink] = {}
    for anchor in soup.select(PUBLICATION_LINK):
        if limit is not None and len(publications) >= limit:
            break
        url = _absolute(page_url, anchor.get("href") or "")
        if not url or not (identifier := file_id(url)) or identifier in publications:
            continue
        span = anchor.select_one(PUBLICATION_TITLE)
        title = _text(span if span else anchor)
        publications[identifier] = PublicationLink(
            url=url,
            file_id=identifier,
            title=title,
            kind=publication_kind(title),
            published=published_on(title),
        )
    return list(publications.values())


def publication_kind(title: str) -> PublicationKind:
    """The kind a publication's title names (KIND_KEYWORDS), UNKNOWN when it names none."""
    words = _plain(title)
    for kind, phrases in KIND_KEYWORDS:
        if any(re.search(rf"\b{re.escape(phrase)}\b", words) for phrase in phrases):
            return kind
    return PublicationKind.UNKNOWN


def published_on(title: str) -> dt.date | None:
    """The date written in a publication's title, None if there is none or it is impossible."""
    for day, month, year in reversed(TITLE_DATE.findall(title)):
        number = next((i for i, name in enumerate(MONTHS, 1) if name.startswith(month.lower())), 0)
        try:
            return dt.date(int(year), number, int(day))
        except ValueError:  # no such month or day
            continue
    return None


def _absolute(page_url: str, href: str) -> str | None:
    """`href` resolved against the page, if it is an http(s) address (an empty href is none)."""
    if not href.strip():
        return None
    try:
        url = urljoin(page_url, href.strip())
        scheme = urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if scheme in ("http", "https") else None


def _text(element) -> str:
    return clean_text(element.get_text(" "))


def _plain(title: str) -> str:
    return " ".join(title.replace("\u2019", "'").replace("\u2018", "'").lower().split())
