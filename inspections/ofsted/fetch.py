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
- **Only where allowed.** Pages come from the base URL's host only, PDFs from it or a file host
  (host names, compared without port or case); a link or a redirect anywhere else fails without
  a request being sent there.
- **Whole files only.** A PDF is written to a hidden temporary file beside the archive and renamed
  to `<file_id>.pdf` only when complete and a PDF (it starts with `%PDF-` and ends with `%%EOF`),
  so a killed run leaves no half file to mistake for a report, and a second run finds every
  file it finished and asks for none of them again.
"""

from __future__ import annotations

import email.utils
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

DEFAULT_USER_AGENT = "ofsted-children-services-dashboard (manage.py sync_ofsted)"
#: A file id names a file in the archive: letters, digits, dots, dashes and underscores only.
FILE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
#: Sizes past which a body is refused (a report is a few MB; a page a few hundred KB).
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
        retries: int = 4,
        backoff: float = 2.0,
        retry_after_cap: float = 120.0,
        user_agent: str = DEFAULT_USER_AGENT,
    ):
        self.base_url = base_url.rstrip("/")
        self.archive = Path(archive)
        self.page_hosts = frozenset({_host(self.base_url)})
        self.file_hosts = self.page_hosts | {host.lower() for host in file_hosts}
        self.pause = pause
        self.timeout = timeout
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
            body = _read(url, response, MAX_PAGE_BYTES)
            return body.decode(_charset(response) or "utf-8", errors="replace")

        return self._fetch(url, self.page_hosts, text)

    def archived(self, file_id: str) -> Path | None:
        """The archived PDF with this id, or None if it is not archived (yet)."""
        path = self.archive / f"{file_id}.pdf"
        return path if FILE_ID.match(file_id) and path.is_file() else None

    def pdf(self, url: str, file_id: str) -> Path:
        """The PDF at `url`, archived as <file_id>.pdf: downloaded only if not archived yet."""
        if not FILE_ID.match(file_id):
            raise FetchFailed(url, f"a file id that cannot name a file: {file_id[:40]!r}")
        self._check_host(url, self.file_hosts, "link to")
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
                        _copy(url, response, out)

                    self._fetch(url, self.file_hosts, save)
                _check_pdf(url, part)
                path = self.archive / f"{file_id}.pdf"
                os.replace(part, path)
                return path
            finally:
                part.unlink(missing_ok=True)

    # --- Requests -------------------------------------------------------------------------------

    def _fetch[T](
        self, url: str, hosts: frozenset[str], consume: Callable[[requests.Response], T]
    ) -> T:
        """consume(the successful response to GET `url`), trying again (after a wait) while the
        request or the reading fails in a way worth retrying."""
        for attempt in range(self.retries + 1):
            try:
                with self._get(url, hosts) as response:
                    return consume(response)
            except _Retry as failure:
                if attempt == self.retries:
                    raise FetchFailed(url, f"{failure.reason} after {attempt + 1} tries") from None
                time.sleep(self._wait(attempt, failure.wait))
        raise AssertionError("unreachable")  # the loop returns or raises

    def _get(self, url: str, hosts: frozenset[str]) -> requests.Response:
        """The response to GET `url` (streamed), following redirects within `hosts`."""
        target = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_host(target, hosts, "link to" if target == url else "redirect to")
            self._wait_turn()
            try:
                response = self._session().get(
                    target, timeout=self.timeout, allow_redirects=False, stream=True
                )
            except requests.Timeout:
                raise _Retry("timed out") from None
            except requests.RequestException as error:
                raise _Retry(f"connection failed ({type(error).__name__})") from None
            if response.is_redirect and response.headers.get("Location"):
                response.close()
                target = urljoin(target, response.headers["Location"])
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

    def _check_host(self, url: str, hosts: frozenset[str], what: str) -> None:
        host = _host(url)
        if host not in hosts or urlsplit(url).scheme not in ("http", "https"):
            raise FetchFailed(url, f"{what} a host that is not allowed: {host or url[:80]}")

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


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _retry_after(response: requests.Response) -> float | None:
    """The seconds a 429's Retry-After asks for (a number or an HTTP date), None without one."""
    value = response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


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


def _copy(url: str, response: requests.Response, out) -> None:
    """The body into `out`; a connection broken halfway is worth another try."""
    size = 0
    try:
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_PDF_BYTES:
                raise FetchFailed(url, f"larger than {MAX_PDF_BYTES // 2**20} MB")
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
    if not isinstance(charset, str):
        return None
    try:
        "".encode(charset)
    except LookupError:
        return None
    return charset
