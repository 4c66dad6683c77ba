"""A local stand-in of Ofsted's report finder, for tests (the real site cannot be reached here).

    with StandIn(reports_dir, history_csv=history) as site:
        sync(base_url=site.base_url, ...)

It serves, on 127.0.0.1 at a free port, in a thread:

- the search results at the report finder's address (inspections/ofsted/site.py, SEARCH_PATH),
  one `<a href="/provider/44/URN">Name</a>` per listed provider, `rows` a page, with a
  `<ul class="pagination"> … <li class="next"><a href="…">` link while more remain;
- a page per provider at `/provider/44/<URN>`, its publications newest first (by the date in
  their titles) as `<a class="publication-link" href="…"><span class="nonvisual">Title</span></a>`;
- each publication's body at `/v1/file/<id>`, as the file service does.

Built from a folder of reports named `<urn>_<slug>__<dd-month-yyyy>.pdf` (the shared reports),
it serves one provider per URN, named from the slug, each file a "Children's services inspection
- DD Month YYYY, pdf". With the history file, a report's file id is the real one from the
matching row's `inspection_link` (same URN and publication date), so a sync can recognise what
the history already imported; otherwise a stable made-up id. Whatever is in the folder is served
as it is, the HTML page saved under a .pdf name included (a real archive has such files).

`add_archive(folder, history_csv)` serves an archive of `<file id>.pdf` files instead (the shared
archive of all the history's reports), each under the provider and date of the history's row.

Tests shape the site with `add_provider`, `add_publication` (its `link` written as given, e.g.
to another server), `fail` (failures served on a path before it answers, a body dripping a byte
at a time among them), `redirect`, `content_type`, `retry_after`, `layout_changed` (other markup,
which site.py finds nothing in), `extra_html` (raw markup added to a page: links no well-behaved
site would serve), and read what was asked of it in `paths`. A second StandIn() is another
server, on another port: its `paths` say whether anything reached it.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
import threading
import zlib
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

#: The report finder's search address for local authorities' children's services (the same as
#: inspections/ofsted/site.py's SEARCH_PATH, written out here so the stand-in checks it).
SEARCH_PATH = (
    "/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
    "&start={start}&rows={rows}"
)
REPORT_NAME = re.compile(r"^(?P<urn>\d+)_(?P<slug>[a-z0-9-]+)__(?P<date>\d{2}-[a-z]+-\d{4})\.pdf$")
TITLE_DATE = re.compile(r"(\d{1,2} [A-Za-z]+ \d{4})")
SMALL_WORDS = {"and", "of", "on", "upon", "the", "in"}


@dataclass
class _Publication:
    title: str
    body: bytes
    file_id: str
    url: str
    published: dt.date | None


@dataclass
class _Provider:
    urn: int
    name: str
    listed: bool


def _name_from_slug(slug: str) -> str:
    words = slug.split("-")
    return " ".join(
        word if i and word in SMALL_WORDS else word.capitalize() for i, word in enumerate(words)
    )


def _date_in(title: str) -> dt.date | None:
    match = TITLE_DATE.search(title)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%d %B %Y").date()
    except ValueError:
        return None


def _history_file_ids(history_csv: Path) -> dict[tuple[int, dt.date], str]:
    """(URN, publication date) -> the file id at the end of the row's inspection_link."""
    ids = {}
    with history_csv.open(newline="", encoding="utf-8-sig") as rows:
        for row in csv.DictReader(rows):
            try:
                urn = int(row["urn"])
                published = dt.datetime.strptime(row["publication_date"], "%d/%m/%y").date()
            except (KeyError, TypeError, ValueError):
                continue
            link = (row.get("inspection_link") or "").rstrip("/")
            if link:
                ids[(urn, published)] = link.rsplit("/", 1)[-1]
    return ids


class StandIn:
    """The report finder, served from memory; a context manager (serves while inside)."""

    def __init__(
        self, reports_dir: Path | None = None, *, history_csv: Path | None = None, rows: int = 100
    ):
        self.rows = rows
        #: path (without query) -> failures served before it answers, first first: an HTTP
        #: status (404, 429, 500, ...), "timeout" (answer nothing for `slow` seconds, longer than
        #: the client's timeout), "truncate" (the first half of the body, its length said to be
        #: that half: a cut file), "drop" (the full length announced, half sent, connection
        #: closed: a broken download), "drip" (the full length announced, then one byte every
        #: `drip` seconds) or "drip headers" (a header that never ends, a byte every `drip` s).
        self.fail: dict[str, list[int | str]] = {}
        #: path (without query) -> where it redirects to (302, Location as given).
        self.redirect: dict[str, str] = {}
        #: Served with every 429 as its Retry-After header (seconds, or any text) when not None.
        self.retry_after: int | str | None = None
        #: path -> the Content-Type served there instead of the usual one.
        self.content_type: dict[str, str] = {}
        #: The seconds between two bytes of a "drip" failure.
        self.drip = 0.2
        #: How long a "timeout" failure keeps the client waiting, in seconds.
        self.slow = 1.0
        #: Serve search and provider pages with other markup (no links site.py knows).
        self.layout_changed = False
        #: path (without query) -> raw markup added to that page's main content as it is (a
        #: hostile site's links: a 5,000-digit URN, a 400-character link, thousands of them).
        self.extra_html: dict[str, str] = {}
        #: Every request's target (path and query), in the order received.
        self.paths: list[str] = []
        self._providers: dict[int, _Provider] = {}
        self._publications: dict[int, list[_Publication]] = {}
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.standin = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None
        if reports_dir is not None:
            self._add_reports(reports_dir, _history_file_ids(history_csv) if history_csv else {})

    # --- Shaping the site -----------------------------------------------------------------------

    def add_provider(self, urn: int, name: str, *, listed: bool = True) -> None:
        """A local authority's children's services; listed=False: only at /provider/44/<urn>,
        not in the search results (as for a predecessor)."""
        with self._lock:
            self._providers[urn] = _Provider(urn, name, listed)
            self._publications.setdefault(urn, [])

    def add_publication(
        self,
        urn: int,
        title: str,
        body: bytes,
        *,
        file_id: str | None = None,
        host: str | None = None,
        link: str | None = None,
    ) -> str:
        """A publication on provider `urn`'s page (newest first by the date in the title), its
        body at /v1/file/<file_id>; returns its URL. `host` names another host in the link (the
        stand-in still serves the path, so "localhost" works as a second, file host)."""
        with self._lock:
            if urn not in self._providers:
                raise KeyError(f"no provider {urn}: add_provider({urn}, name) first")
            file_id = file_id or self._made_up_id(f"{urn}:{title}")
            url = f"http://{host}:{self.port}" if host else self.base_url
            url = link or url + f"/v1/file/{file_id}"
            self._files[f"/v1/file/{file_id}"] = body
            self._publications[urn].append(_Publication(title, body, file_id, url, _date_in(title)))
            self._publications[urn].sort(key=lambda p: p.published or dt.date.min, reverse=True)
            return url

    def add_file(self, file_id: str, body: bytes) -> None:
        """A body at /v1/file/<file_id> that no provider page lists (extra_html may)."""
        with self._lock:
            self._files[f"/v1/file/{file_id}"] = body

    def _made_up_id(self, seed: str) -> str:
        # 8 digits starting 99, stable for the same seed; clear of the real ids seen (7-8 digits
        # starting 2 or 50).
        number = zlib.crc32(seed.encode()) % 1_000_000
        while f"/v1/file/99{number:06d}" in self._files:
            number = (number + 1) % 1_000_000
        return f"99{number:06d}"

    def _add_reports(self, reports_dir: Path, history_ids: dict[tuple[int, dt.date], str]):
        for path in sorted(reports_dir.glob("*.pdf")):
            match = REPORT_NAME.match(path.name)
            if not match:
                continue
            urn = int(match["urn"])
            published = dt.datetime.strptime(match["date"], "%d-%B-%Y").date()
            if urn not in self._providers:
                self.add_provider(urn, _name_from_slug(match["slug"]))
            title = f"Children's services inspection - {published:%d %B %Y}, pdf"
            file_id = history_ids.get((urn, published)) or self._made_up_id(path.name)
            self.add_publication(urn, title, path.read_bytes(), file_id=file_id)

    def add_archive(self, archive_dir: Path, history_csv: Path) -> int:
        """Every report of an archive folder (`<file id>.pdf`, as the shared archive and a sync's
        archive name them), each on the page of the provider whose history row links it, titled
        with the row's publication date; returns how many. A provider not added before is
        named from the history's lower-case name (add_provider before this names it better)."""
        added = 0
        with history_csv.open(newline="", encoding="utf-8-sig") as rows:
            for row in csv.DictReader(rows):
                try:
                    urn = int(row["urn"])
                    published = dt.datetime.strptime(row["publication_date"], "%d/%m/%y").date()
                except (KeyError, TypeError, ValueError):
                    continue
                file_id = (row.get("inspection_link") or "").rstrip("/").rsplit("/", 1)[-1]
                path = archive_dir / f"{file_id}.pdf"
                if not file_id or not path.is_file():
                    continue
                if urn not in self._providers:
                    name = (row.get("local_authority") or str(urn)).strip()
                    self.add_provider(urn, _name_from_slug(name.replace(" ", "-")))
                title = f"Children's services inspection - {published:%d %B %Y}, pdf"
                self.add_publication(urn, title, path.read_bytes(), file_id=file_id)
                added += 1
        return added

    # --- Serving --------------------------------------------------------------------------------

    def __enter__(self) -> StandIn:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._closing.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def _next_failure(self, path: str) -> int | str | None:
        with self._lock:
            queue = self.fail.get(path)
            return queue.pop(0) if queue else None

    def search_html(self, query: dict[str, list[str]]) -> str:
        def number(name: str, default: int) -> int:
            try:
                return max(0, int(query.get(name, [""])[0]))
            except ValueError:
                return default

        start = number("start", 0)
        asked = number("rows", self.rows) or self.rows
        size = max(1, min(asked, self.rows))
        with self._lock:
            listed = sorted((p for p in self._providers.values() if p.listed), key=lambda p: p.name)
        page = listed[start : start + size]
        if self.layout_changed:
            items = "".join(
                f'<div class="card" data-urn="{p.urn}"><button type="button">'
                f"{html.escape(p.name)}</button></div>"
                for p in page
            )
            return _page("Search results", f'<div class="cards">{items}</div>')
        items = "".join(
            '<li class="search-result"><h3 class="search-result__title">'
            f'<a href="/provider/44/{p.urn}">{html.escape(p.name)}</a></h3>'
            '<ul class="search-result__provider-info"><li>Local authority children\'s services'
            f"</li><li>URN: {p.urn}</li></ul></li>"
            for p in page
        )
        pagination = ""
        if start + size < len(listed):
            following = SEARCH_PATH.format(start=start + size, rows=asked)
            pagination = (
                '<ul class="pagination"><li class="active"><span>'
                f"{start // size + 1}</span></li>"
                f'<li class="next"><a href="{html.escape(following)}">'
                '<span class="nonvisual">Next page</span></a></li></ul>'
            )
        return _page(
            "Search results",
            f'<p class="search-count">{len(listed)} results</p>'
            f'<ul class="results-list list-unstyled">{items}</ul>{pagination}'
            + self.extra_html.get("/search", ""),
        )

    def provider_html(self, urn: int) -> str | None:
        with self._lock:
            provider = self._providers.get(urn)
            publications = list(self._publications.get(urn, []))
        if provider is None:
            return None
        if self.layout_changed:
            items = "".join(
                f'<tr><td><a class="report-download" data-file="{html.escape(p.url)}">'
                f"{html.escape(p.title)}</a></td></tr>"
                for p in publications
            )
            return _page(provider.name, f'<table class="reports">{items}</table>')
        items = "".join(
            '<li class="timeline__event"><a class="publication-link" '
            f'href="{html.escape(p.url)}">{html.escape(p.title.split(" - ")[0])}'
            f'<span class="nonvisual">{html.escape(p.title)}</span></a>'
            + (f"<time>{p.published:%d %B %Y}</time>" if p.published else "")
            + "</li>"
            for p in publications
        )
        return _page(
            provider.name,
            f"<p>URN: {provider.urn}</p><h2>Reports</h2>"
            f'<ul class="publication-list timeline">{items}</ul>'
            + self.extra_html.get(f"/provider/44/{urn}", ""),
        )


def _page(title: str, main: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Ofsted</title></head><body>"
        '<header><a href="/">Find an Ofsted inspection report</a></header>'
        f'<main id="main"><h1>{html.escape(title)}</h1>{main}</main></body></html>'
    )


class _Handler(BaseHTTPRequestHandler):
    server_version = "OfstedStandIn/1"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        standin: StandIn = self.server.standin  # type: ignore[attr-defined]
        with standin._lock:
            standin.paths.append(self.path)
        target = urlsplit(self.path)
        body, content_type = self._resource(standin, target.path, parse_qs(target.query))
        content_type = standin.content_type.get(target.path, content_type)
        failure = standin._next_failure(target.path)
        try:
            if failure == "timeout":
                standin._closing.wait(standin.slow)
                self.close_connection = True
            elif isinstance(failure, int):
                self.send_response(failure)
                if failure == 429 and standin.retry_after is not None:
                    self.send_header("Retry-After", str(standin.retry_after))
                self._send_body(f"HTTP {failure}".encode(), "text/plain")
            elif target.path in standin.redirect:
                self.send_response(302)
                self.send_header("Location", standin.redirect[target.path])
                self._send_body(b"", "text/plain")
            elif body is None:
                self.send_response(404)
                self._send_body(b"Not found", "text/plain")
            elif failure == "truncate":
                self.send_response(200)
                self._send_body(body[: len(body) // 2], content_type)
            elif failure == "drip headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Slow: ")
                while not standin._closing.wait(standin.drip):
                    self.wfile.write(b"z")
                    self.wfile.flush()
                self.close_connection = True
            elif failure == "drip":
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for byte in body:
                    if standin._closing.wait(standin.drip):
                        break
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                self.close_connection = True
            elif failure == "drop":
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
            else:
                self.send_response(200)
                self._send_body(body, content_type)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _resource(self, standin: StandIn, path: str, query) -> tuple[bytes | None, str]:
        if path == "/search":
            return standin.search_html(query).encode(), "text/html; charset=utf-8"
        provider = re.fullmatch(r"/provider/44/(\d+)", path)
        if provider:
            page = standin.provider_html(int(provider[1]))
            return (page.encode() if page else None), "text/html; charset=utf-8"
        with standin._lock:
            return standin._files.get(path), "application/pdf"

    def _send_body(self, body: bytes, content_type: str) -> None:
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
