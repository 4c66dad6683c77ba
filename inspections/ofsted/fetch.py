"""Fetching from Ofsted's report finder politely, and keeping each PDF once.

    fetcher = Fetcher("https://reports.ofsted.gov.uk", archive=Path("media/ofsted"),
                      file_hosts=["files.ofsted.gov.uk"], pause=1.0)
    html = fetcher.page(url)                    # FetchFailed with a reason on failure
    path = fetcher.pdf(link.url, link.file_id)  # archive/<file_id>.pdf, downloaded only once

- **Politely.** Two requests start at least `pause` seconds apart, however many threads share
  the fetcher (a lock holds the time of the last one), so a caller may download a few at once.
- **Patiently.** A 429 (waiting as its Retry-After says, up to `retry_after_cap` seconds), a 5xx,
  a timeout or a broken connection is tried again after `backoff`, then twice that, and so on,
  `retries` times; anything else that is not a success fails at once ("HTTP 404").
- **Only where allowed.** Every address (a page, a link, each redirect hop) is parsed once
  (`allowed_address`), rebuilt from its parts, and allowed only if its scheme, host and port are
  exactly the base URL's (pages) or the base URL's or a file host's (PDFs): no user name, no
  backslash, nothing but printable ASCII, no other port, no https → http; only the rebuilt
  address is asked for. Anything else fails without a request being sent anywhere.
- **Within deadlines.** Each request, redirects and the whole body included, must be answered
  within `request_seconds` (a watchdog shuts the socket: a body dripping a byte at a time is cut
  off, not waited for read by read); such a request is not tried again in the run. Past
  `stop_at` (the run's deadline, on the monotonic clock) no request starts, a running one is cut,
  and `RunDeadlinePassed` says so.
- **Whole files only.** A PDF is written to a hidden temporary file beside the archive and renamed
  to `<file_id>.pdf` only when complete and a PDF (it starts with `%PDF-` and ends with `%%EOF`),
  so a killed run leaves no half file to mistake for a report, and a second run finds every
  file it finished and asks for none of them again.
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import math
import os
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

DEFAULT_USER_AGENT = "ofsted-children-services-dashboard (manage.py sync_ofsted)"
#: A file id names a file in the archive: letters, digits, dots, dashes and underscores only.
FILE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Sizes past which a body is refused (a report is a few MB; a page a few hundred KB). A PDF is
#: refused past the reader's own limit (settings.MAX_REPORT_UPLOAD_BYTES, 30 MB): a larger one
#: would never be read, so it is neither downloaded whole nor kept; this is the bound when the
#: setting is absent.
MAX_PDF_BYTES = 200 * 2**20
MAX_PAGE_BYTES = 20 * 2**20
#: The PDF format puts %%EOF within the last 1024 bytes.
EOF_WINDOW = 1024
MAX_REDIRECTS = 5
RETRIED_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))
#: Temporary files older than this (left by a run that was killed) are removed on start.
STALE_PART_SECONDS = 24 * 3600


class FetchFailed(Exception):
    """A page or file could not be fetched; `reason` says why, for a person. `worth_retrying` is
    False when the answer came whole and is simply not what was asked for (a web page where a
    PDF should be): asking again will not help, a person must look."""

    def __init__(self, url: str, reason: str, *, worth_retrying: bool = True):
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.worth_retrying = worth_retrying


class RunDeadlinePassed(Exception):
    """The run's deadline passed before or while fetching `url`: nothing more is fetched."""

    def __init__(self, url: str):
        super().__init__(f"the run's deadline passed (at {url[:100]})")
        self.url = url


class _Retry(Exception):
    """A failure worth trying again: `reason` if it persists, `wait` seconds before the next try
    (None: the backoff's)."""

    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Fetcher:
    """See the module. Thread-safe: each thread has its own HTTP session."""

    def __init__(
        self,
        base_url: str,
        *,
        archive: Path,
        file_hosts: Iterable[str] = (),
        pause: float = 1.0,
        timeout: float = 30.0,
        request_seconds: float = 60.0,
        retries: int = 4,
        backoff: float = 2.0,
        retry_after_cap: float = 120.0,
        user_agent: str = DEFAULT_USER_AGENT,
        max_pdf_bytes: int | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.max_pdf_bytes = int(
            max_pdf_bytes or getattr(settings, "MAX_REPORT_UPLOAD_BYTES", None) or MAX_PDF_BYTES
        )
        self.archive = Path(archive)
        self.page_hosts, self.file_hosts = origins(self.base_url, file_hosts)
        self.pause = pause
        self.timeout = timeout
        self.request_seconds = request_seconds
        #: The run's deadline on time.monotonic()'s clock (the sync sets it): no request after it.
        self.stop_at = math.inf
        self.retries = retries
        self.backoff = backoff
        self.retry_after_cap = retry_after_cap
        self.user_agent = user_agent
        #: HTTP requests actually sent (retries and redirects included).
        self.requests_made = 0
        self._turn = threading.Lock()
        self._last_request = float("-inf")
        self._sessions = threading.local()
        self._downloading: dict[str, threading.Lock] = {}
        self._downloading_lock = threading.Lock()
        self._remove_stale_parts()

    # --- What callers use -----------------------------------------------------------------------

    def page(self, url: str) -> str:
        """The HTML page at `url`, on the base URL's host."""

        def text(response: requests.Response) -> str:
            return _decoded(_read(url, response, MAX_PAGE_BYTES), _charset(response))

        return self._fetch(url, self.page_hosts, text)

    def archived(self, file_id: str) -> Path | None:
        """The archived PDF with this id, or None if it is not archived (yet)."""
        path = self.archive / f"{file_id}.pdf"
        return path if FILE_ID.match(file_id) and path.is_file() else None

    def pdf(self, url: str, file_id: str) -> Path:
        """The PDF at `url`, archived as <file_id>.pdf: downloaded only if not archived yet."""
        if not FILE_ID.match(file_id):
            raise FetchFailed(url, f"a file id that cannot name a file: {file_id[:40]!r}")
        url = self.allowed(url, files=True)
        with self._download_lock(file_id):  # the same file asked for twice at once: one request
            if path := self.archived(file_id):
                return path
            self.archive.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(
                dir=self.archive, prefix=f".{file_id}.", suffix=".part"
            )
            part = Path(name)
            try:
                with os.fdopen(descriptor, "wb") as out:

                    def save(response: requests.Response) -> None:
                        out.seek(0)
                        out.truncate()
                        _copy(url, response, out, self.max_pdf_bytes)

                    self._fetch(url, self.file_hosts, save)
                _check_pdf(url, part)
                path = self.archive / f"{file_id}.pdf"
                os.replace(part, path)
                return path
            finally:
                part.unlink(missing_ok=True)

    # --- Requests -------------------------------------------------------------------------------

    def allowed(self, url: str, *, files: bool = False, what: str = "link to") -> str:
        """`url` rebuilt from its parts if it is on the site (or, with `files`, a file host);
        FetchFailed saying why not otherwise."""
        try:
            return allowed_address(url, self.file_hosts if files else self.page_hosts)
        except AddressRefused as refused:
            raise FetchFailed(url, f"{what} {refused}") from None

    def _fetch[T](
        self, url: str, hosts: frozenset[Origin], consume: Callable[[requests.Response], T]
    ) -> T:
        """consume(the successful response to GET `url`), trying again (after a wait) while the
        request or the reading fails in a way worth retrying; each try within its deadline."""
        for attempt in range(self.retries + 1):
            seconds = min(self.request_seconds, self.stop_at - time.monotonic())
            if seconds <= 0:
                raise RunDeadlinePassed(url)
            try:
                with _deadline(seconds) as watch:
                    try:
                        with self._get(url, hosts, seconds) as response:
                            result = consume(response)
                    except (_Retry, FetchFailed, OSError, ValueError, requests.RequestException):
                        if not watch.expired:
                            raise
                    if watch.expired:  # the body may have been cut: never take it as whole
                        raise _Late
                return result
            except _Late:
                if time.monotonic() >= self.stop_at:
                    raise RunDeadlinePassed(url) from None
                raise FetchFailed(
                    url, f"no whole answer within {self.request_seconds:g} s"
                ) from None
            except _Retry as failure:
                if attempt == self.retries:
                    raise FetchFailed(url, f"{failure.reason} after {attempt + 1} tries") from None
                wait = self._wait(attempt, failure.wait)
                if time.monotonic() + wait >= self.stop_at:
                    raise RunDeadlinePassed(url) from None
                time.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _get(self, url: str, hosts: frozenset[Origin], seconds: float) -> requests.Response:
        """The response to GET `url` (streamed), following redirects within `hosts`."""
        target, what = url, "link to"
        for _ in range(MAX_REDIRECTS + 1):
            try:
                target = allowed_address(target, hosts)
            except AddressRefused as refused:
                raise FetchFailed(url, f"{what} {refused}") from None
            self._wait_turn()
            try:
                response = self._session().get(
                    target,
                    timeout=min(self.timeout, seconds),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout:
                raise _Retry("timed out") from None
            except requests.RequestException as error:
                raise _Retry(f"connection failed ({type(error).__name__})") from None
            if response.is_redirect and response.headers.get("Location"):
                location = response.headers["Location"]
                response.close()
                what = "redirect to"
                if "\\" in location:  # urljoin would keep it; a client may read it as a "/"
                    raise FetchFailed(url, f"{what} an address with a backslash")
                try:
                    target = urljoin(target, location)
                except ValueError:
                    raise FetchFailed(url, f"{what} an address that cannot be read") from None
                continue
            if response.status_code in RETRIED_STATUSES:
                response.close()
                wait = _retry_after(response) if response.status_code == 429 else None
                raise _Retry(f"HTTP {response.status_code}", wait)
            if response.status_code != 200:
                response.close()
                raise FetchFailed(url, f"HTTP {response.status_code}")
            return response
        raise FetchFailed(url, f"more than {MAX_REDIRECTS} redirects")

    def _wait_turn(self) -> None:
        """Wait until `pause` seconds have passed since the last request started (any thread's)."""
        with self._turn:
            wait = self._last_request + self.pause - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            self.requests_made += 1

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.retry_after_cap)
        return self.backoff * 2**attempt

    def _session(self) -> requests.Session:
        session = getattr(self._sessions, "session", None)
        if session is None:
            session = self._sessions.session = requests.Session()
            session.headers["User-Agent"] = self.user_agent
            for scheme in ("http://", "https://"):
                session.mount(scheme, _WatchedAdapter())
        return session

    def _download_lock(self, file_id: str) -> threading.Lock:
        with self._downloading_lock:
            return self._downloading.setdefault(file_id, threading.Lock())

    def _remove_stale_parts(self) -> None:
        if not self.archive.is_dir():
            return
        for part in self.archive.glob(".*.part"):
            try:
                if time.time() - part.stat().st_mtime > STALE_PART_SECONDS:
                    part.unlink()
            except OSError:  # gone already, or not ours to remove
                continue


def _retry_after(response: requests.Response) -> float | None:
    """The seconds a 429's Retry-After asks for (a number or an HTTP date), None without one."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isascii() and value.isdigit():  # not "²": str.isdigit() is true of it, int() fails
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):  # unreadable: the backoff's wait
        return None


def _read(url: str, response: requests.Response, limit: int) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchFailed(url, f"larger than {limit // 2**20} MB")
            chunks.append(chunk)
    except requests.Timeout:
        raise _Retry("timed out") from None
    except requests.RequestException as error:
        raise _Retry(f"connection broken while reading ({type(error).__name__})") from None
    return b"".join(chunks)


def _copy(url: str, response: requests.Response, out, limit: int) -> None:
    """The body into `out`, cut at `limit` bytes (not worth another try: the same file would be
    too large again); a connection broken halfway is worth another try."""
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchFailed(
                    url,
                    f"larger than {limit / 2**20:g} MB, more than the reader reads",
                    worth_retrying=False,
                )
            out.write(chunk)
    except requests.Timeout:
        raise _Retry("timed out") from None
    except requests.RequestException as error:
        raise _Retry(f"connection broken while downloading ({type(error).__name__})") from None


def _check_pdf(url: str, path: Path) -> None:
    size = path.stat().st_size
    with path.open("rb") as body:
        start = body.read(5)
        body.seek(max(0, size - EOF_WINDOW))
        end = body.read()
    if start != b"%PDF-":
        shown = "".join(c if c.isprintable() else "?" for c in start.decode("latin-1"))
        reason = f"not a PDF (starts '{shown}')" if size else "not a PDF (empty)"
        raise FetchFailed(url, reason, worth_retrying=False)
    if b"%%EOF" not in end:
        raise FetchFailed(url, "truncated PDF (no end-of-file marker)")


def _charset(response: requests.Response) -> str | None:
    header = Message()
    header["Content-Type"] = response.headers.get("Content-Type", "")
    charset = header.get_param("charset")
    return charset if isinstance(charset, str) else None


def _decoded(body: bytes, charset: str | None) -> str:
    """The page's text in the charset it names if that is a text encoding Python decodes with
    replacement (not "idna", which refuses to, nor "undefined", nor an unknown name), else
    UTF-8 with replacement: a page's bytes never stop a run."""
    if charset:
        try:
            if codecs.lookup(charset)._is_text_encoding:
                return body.decode(charset, errors="replace")
        except (LookupError, UnicodeError, ValueError, TypeError):
            pass
    return body.decode("utf-8", errors="replace")


# --- Addresses --------------------------------------------------------------------------------


class AddressRefused(ValueError):
    """An address that is not fetched or stored; the message says why, for a person."""


@dataclass(frozen=True)
class Origin:
    """Where a request goes: what is compared, exactly, to allow an address."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


DEFAULT_PORTS = {"http": 80, "https": 443}
#: Printable ASCII but the space and the backslash: any other character (a tab, which urlsplit
#: silently drops; a backslash, which it keeps in the host part where clients read a "/") is
#: read differently by different parsers, and no real link of the report finder has one.
ADDRESS_CHARACTERS = re.compile(r"[!-\[\]-~]+")
HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")


def address_parts(url: str) -> tuple[Origin, str]:
    """(where `url` goes, its path and query): parsed once, strictly; AddressRefused if it is
    not an http(s) address of a host name and port only."""
    if "\\" in url:
        raise AddressRefused("an address with a backslash")
    if not ADDRESS_CHARACTERS.fullmatch(url):
        raise AddressRefused("an address with a character an address may not hold")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise AddressRefused("an address that cannot be read") from None
    scheme, netloc = parts.scheme.lower(), parts.netloc.lower()
    if scheme not in DEFAULT_PORTS:
        raise AddressRefused(f"an address that is not http(s): {url[:80]}")
    if "@" in netloc:
        raise AddressRefused("an address with a user name (user@host)")
    host, colon, port_text = netloc.partition(":")
    if not HOST.fullmatch(host):
        raise AddressRefused(f"an address whose host cannot be read: {netloc[:80]}")
    if colon and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise AddressRefused(f"an address whose port cannot be read: {netloc[:80]}")
    port = int(port_text) if colon else DEFAULT_PORTS[scheme]
    path = parts.path or "/"
    if not path.startswith("/"):
        raise AddressRefused("an address that cannot be read")
    return Origin(scheme, host, port), path + (f"?{parts.query}" if parts.query else "")


def allowed_address(url: str, allowed: Iterable[Origin]) -> str:
    """`url` rebuilt from its parts (no fragment, the port only where not the default) if its
    scheme, host and port are exactly one of `allowed`'s; AddressRefused saying why not."""
    origin, rest = address_parts(url)
    allowed = frozenset(allowed)
    if origin not in allowed:
        if origin.host not in {o.host for o in allowed}:
            raise AddressRefused(f"a host that is not allowed: {origin.host}")
        raise AddressRefused(f"a scheme or port that is not allowed: {origin}")
    port = "" if DEFAULT_PORTS[origin.scheme] == origin.port else f":{origin.port}"
    rebuilt = f"{origin.scheme}://{origin.host}{port}{rest}"
    # What the client will connect to, read by its own parser: the same, or nothing is sent.
    seen = urllib3.util.parse_url(rebuilt)
    if (seen.scheme, seen.host, seen.port or DEFAULT_PORTS[origin.scheme]) != (
        origin.scheme, origin.host, origin.port
    ):  # fmt: skip
        raise AddressRefused(f"an address clients read differently: {rebuilt[:80]}")
    return rebuilt


def origins(
    base_url: str, file_hosts: Iterable[str]
) -> tuple[frozenset[Origin], frozenset[Origin]]:
    """(where pages may come from, where PDFs may): the base URL's scheme, host and port; and
    those plus each file host's, a bare host name taking the base URL's scheme and port (so
    https://reports.ofsted.gov.uk gives https://files.ofsted.gov.uk:443)."""
    site, _ = address_parts(base_url.rstrip("/") + "/")
    files = {site}
    for entry in file_hosts:
        entry = entry.strip().lower()
        if not entry:
            continue
        if "://" not in entry:
            entry = f"{site.scheme}://{entry}" + ("" if ":" in entry else f":{site.port}")
        files.add(address_parts(entry.rstrip("/") + "/")[0])
    return frozenset({site}), frozenset(files)


# --- Deadlines --------------------------------------------------------------------------------


class _Late(Exception):
    """A request's deadline passed before its answer was whole."""


class _Watch:
    """Shuts every socket a request uses once its deadline passes, whatever it is doing."""

    def __init__(self, seconds: float):
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def add(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # shutdown, not close: it wakes a recv blocked in another thread (close may not); the plain
    # socket's, so that an SSL socket's state is not pulled from under the reading thread.
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_current = threading.local()


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[_Watch]:
    watch = _Watch(seconds)
    _current.watch = watch
    watch._timer.start()
    try:
        yield watch
    finally:
        watch._timer.cancel()
        _current.watch = None


class _WatchedConnection(HTTPConnection):
    """A connection whose socket the thread's current deadline may shut."""

    def connect(self) -> None:
        super().connect()
        _watched(self.sock)

    def request(self, *args, **kwargs) -> None:
        _watched(self.sock)  # a kept-alive connection, already connected
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watched(self.sock)

    def request(self, *args, **kwargs) -> None:
        _watched(self.sock)
        super().request(*args, **kwargs)


def _watched(sock: socket.socket | None) -> None:
    if (watch := getattr(_current, "watch", None)) is not None:
        watch.add(sock)


class _WatchedPool(HTTPConnectionPool):
    ConnectionCls = _WatchedConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedPool, "https": _WatchedHTTPSPool}
