"""inspections/ofsted/fetch.py against the stand-in: failures, retries, hosts, the archive and
the pause between requests (tiny pauses, backoffs and timeouts keep it quick)."""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from inspections.ofsted import fetch, site
from inspections.ofsted.fetch import Fetcher, FetchFailed
from tests.ofsted.standin import StandIn
from tests.pdfs import text_pdf

PDF = text_pdf([["Children's services inspection", "Buckinghamshire"]])
TITLE = "Children's services inspection - 08 August 2014, pdf"


@pytest.fixture
def standin():
    with StandIn() as running:
        running.add_provider(80442, "Buckinghamshire")
        yield running


@pytest.fixture
def archive(tmp_path):
    return tmp_path / "archive"


def fetcher_for(standin: StandIn, archive, **options) -> Fetcher:
    settings = {"pause": 0, "timeout": 2.0, "retries": 3, "backoff": 0.01} | options
    return Fetcher(standin.base_url, archive=archive, **settings)


def archived_names(archive) -> list[str]:
    return sorted(os.listdir(archive)) if archive.exists() else []


def test_a_pdf_is_archived_under_its_file_id(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="50004277")
    fetcher = fetcher_for(standin, archive)

    path = fetcher.pdf(url, "50004277")

    assert path == archive / "50004277.pdf" == fetcher.archived("50004277")
    assert path.read_bytes() == PDF
    assert archived_names(archive) == ["50004277.pdf"]  # no temporary file left
    assert fetcher.requests_made == 1


def test_an_archived_pdf_is_not_downloaded_again(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="50004277")
    fetcher_for(standin, archive).pdf(url, "50004277")

    again = fetcher_for(standin, archive)  # a second run, on the same archive
    assert again.archived("50004277") is not None
    assert again.pdf(url, "50004277").read_bytes() == PDF
    assert again.pdf(url, "50004277").read_bytes() == PDF

    assert again.requests_made == 0
    assert standin.paths == ["/v1/file/50004277"]


def test_the_same_pdf_asked_for_by_several_threads_at_once_is_downloaded_once(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    fetcher = fetcher_for(standin, archive, pause=0.05)

    with ThreadPoolExecutor(4) as pool:
        paths = list(pool.map(lambda _: fetcher.pdf(url, "1"), range(4)))

    assert set(paths) == {archive / "1.pdf"}
    assert fetcher.requests_made == 1


def test_a_page_is_text(standin, archive):
    fetcher = fetcher_for(standin, archive)

    html = fetcher.page(standin.base_url + "/provider/44/80442")

    assert "<h1>Buckinghamshire</h1>" in html
    assert fetcher.requests_made == 1


def test_404_fails_at_once(standin, archive):
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(FetchFailed) as failed:
        fetcher.pdf(standin.base_url + "/v1/file/404", "404")

    assert str(failed.value) == failed.value.reason == "HTTP 404"
    assert failed.value.url == standin.base_url + "/v1/file/404"
    assert fetcher.requests_made == 1
    assert archived_names(archive) == []


def test_429_is_retried_after_the_wait_it_asks_for(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = [429]
    standin.retry_after = 1
    fetcher = fetcher_for(standin, archive, backoff=0.01)

    started = time.monotonic()
    assert fetcher.pdf(url, "1").read_bytes() == PDF

    assert time.monotonic() - started >= 1.0  # Retry-After, not the backoff's 0.01 s
    assert fetcher.requests_made == 2


def test_a_long_retry_after_is_capped(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = [429, 429]
    standin.retry_after = 3600
    fetcher = fetcher_for(standin, archive, retry_after_cap=0.05)

    started = time.monotonic()
    fetcher.pdf(url, "1")

    assert time.monotonic() - started < 2
    assert fetcher.requests_made == 3


def test_500_twice_then_success(standin, archive):
    standin.fail["/provider/44/80442"] = [500, 503]
    fetcher = fetcher_for(standin, archive)

    assert "Buckinghamshire" in fetcher.page(standin.base_url + "/provider/44/80442")

    assert fetcher.requests_made == 3


def test_backoff_doubles_between_tries(standin, archive):
    standin.fail["/provider/44/80442"] = [500, 500, 500]
    fetcher = fetcher_for(standin, archive, backoff=0.1)

    started = time.monotonic()
    fetcher.page(standin.base_url + "/provider/44/80442")

    assert time.monotonic() - started >= 0.1 + 0.2 + 0.4


def test_5xx_exhausted_fails_with_the_last_status(standin, archive):
    standin.fail["/provider/44/80442"] = [500, 502, 503]
    fetcher = fetcher_for(standin, archive, retries=2)

    with pytest.raises(FetchFailed, match=r"^HTTP 503 after 3 tries$"):
        fetcher.page(standin.base_url + "/provider/44/80442")


def test_a_timeout_is_retried(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["timeout"]
    fetcher = fetcher_for(standin, archive, timeout=0.2)

    assert fetcher.pdf(url, "1").read_bytes() == PDF

    assert fetcher.requests_made == 2


def test_timeouts_exhausted_fail_and_archive_nothing(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["timeout"] * 3
    fetcher = fetcher_for(standin, archive, timeout=0.2, retries=2)

    with pytest.raises(FetchFailed, match=r"^timed out after 3 tries$"):
        fetcher.pdf(url, "1")

    assert fetcher.archived("1") is None
    assert archived_names(archive) == []


def test_a_truncated_pdf_fails_and_nothing_is_archived(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["truncate"]
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(FetchFailed, match=r"^truncated PDF \(no end-of-file marker\)$"):
        fetcher.pdf(url, "1")

    assert archived_names(archive) == []
    # The next run downloads it whole.
    assert fetcher_for(standin, archive).pdf(url, "1").read_bytes() == PDF


def test_a_connection_broken_mid_download_is_retried(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["drop"]
    fetcher = fetcher_for(standin, archive)

    assert fetcher.pdf(url, "1").read_bytes() == PDF

    assert fetcher.requests_made == 2
    assert archived_names(archive) == ["1.pdf"]


def test_connection_broken_every_time_archives_nothing(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["drop"] * 2
    fetcher = fetcher_for(standin, archive, retries=1)

    with pytest.raises(
        FetchFailed, match=r"^connection broken while downloading .* after 2 tries$"
    ):
        fetcher.pdf(url, "1")

    assert archived_names(archive) == []


def test_a_web_page_instead_of_a_pdf_fails_and_nothing_is_archived(standin, archive):
    url = standin.add_publication(80442, TITLE, b"<!DOCTYPE html><html>Sorry</html>", file_id="1")
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(FetchFailed, match=r"^not a PDF \(starts '<!DOC'\)$"):
        fetcher.pdf(url, "1")

    assert archived_names(archive) == []


def test_an_empty_body_is_not_a_pdf(standin, archive):
    url = standin.add_publication(80442, TITLE, b"", file_id="1")

    with pytest.raises(FetchFailed, match=r"^not a PDF \(empty\)$"):
        fetcher_for(standin, archive).pdf(url, "1")


def test_a_link_to_a_foreign_host_is_refused_without_a_request(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1", host="evil.example")
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(FetchFailed, match=r"^link to a host that is not allowed: evil\.example$"):
        fetcher.pdf(url, "1")
    with pytest.raises(FetchFailed, match="not allowed: evil.example"):
        fetcher.page("http://evil.example/provider/44/80442")

    assert fetcher.requests_made == 0 and standin.paths == []


def test_a_configured_file_host_is_allowed_for_pdfs_only(standin, archive):
    # "localhost" reaches the stand-in too: here it plays files.ofsted.gov.uk.
    url = standin.add_publication(80442, TITLE, PDF, file_id="1", host="localhost")
    fetcher = fetcher_for(standin, archive, file_hosts=["LOCALHOST"])

    assert fetcher.pdf(url, "1").read_bytes() == PDF
    with pytest.raises(FetchFailed, match="not allowed: localhost"):
        fetcher.page(f"http://localhost:{standin.port}/provider/44/80442")


def test_a_redirect_to_a_foreign_host_is_not_followed(standin, archive):
    standin.redirect["/v1/file/1"] = "http://evil.example/v1/file/1"
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(
        FetchFailed, match=r"^redirect to a host that is not allowed: evil\.example$"
    ):
        fetcher.pdf(standin.base_url + "/v1/file/1", "1")

    assert fetcher.requests_made == 1
    assert archived_names(archive) == []


def test_a_redirect_on_an_allowed_host_is_followed(standin, archive):
    standin.add_publication(80442, TITLE, PDF, file_id="2")
    standin.redirect["/v1/file/1"] = "/v1/file/2"
    fetcher = fetcher_for(standin, archive)

    assert fetcher.pdf(standin.base_url + "/v1/file/1", "1").read_bytes() == PDF

    assert standin.paths == ["/v1/file/1", "/v1/file/2"]


@pytest.mark.parametrize("file_id", ["../escape", "", "a/b", ".hidden", "x" * 101])
def test_a_file_id_that_cannot_name_a_file_is_refused_without_a_request(standin, archive, file_id):
    fetcher = fetcher_for(standin, archive)

    with pytest.raises(FetchFailed, match="a file id that cannot name a file"):
        fetcher.pdf(standin.base_url + "/v1/file/1", file_id)

    assert fetcher.archived(file_id) is None
    assert fetcher.requests_made == 0


def test_no_server_fails_with_a_reason(archive):
    with StandIn() as gone:
        base_url = gone.base_url
    fetcher = Fetcher(base_url, archive=archive, pause=0, retries=1, backoff=0.01)

    with pytest.raises(FetchFailed, match=r"^connection failed \(ConnectionError\) after 2 tries$"):
        fetcher.page(base_url + "/search")


def test_requests_start_a_pause_apart_across_threads(standin, archive):
    fetcher = fetcher_for(standin, archive, pause=0.15)
    url = standin.base_url + "/provider/44/80442"

    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: fetcher.page(url), range(5)))

    assert time.monotonic() - started >= 4 * 0.15
    assert fetcher.requests_made == 5


def test_a_temporary_file_left_by_a_killed_run_is_removed_when_stale(archive):
    archive.mkdir()
    stale, fresh = archive / ".1.abc.part", archive / ".2.def.part"
    stale.write_bytes(b"%PDF-half")
    fresh.write_bytes(b"%PDF-half")
    os.utime(stale, (time.time() - 2 * 24 * 3600,) * 2)

    fetcher = Fetcher("http://127.0.0.1:9", archive=archive)

    assert archived_names(archive) == [".2.def.part"]  # another run may be writing this one
    assert fetcher.archived("1") is None and fetcher.archived("2") is None


def test_every_shared_report_is_archived_but_the_web_page_saved_as_one(reports_dir, archive):
    with StandIn(reports_dir) as standin:
        fetcher = fetcher_for(standin, archive)
        search, _ = site.search_page(
            fetcher.page(site.search_url(standin.base_url)), standin.base_url
        )
        failures = {}
        for provider in search:
            for link in site.provider_page(fetcher.page(provider.url), provider.url):
                try:
                    fetcher.pdf(link.url, link.file_id)
                except FetchFailed as failure:
                    failures[(provider.name, link.published.isoformat())] = failure.reason

    assert failures == {("Birmingham", "2012-10-19"): "not a PDF (starts '<!DOC')"}
    assert len(archived_names(archive)) == 26
    assert sorted(path.read_bytes() for path in archive.iterdir()) == sorted(
        path.read_bytes() for path in reports_dir.glob("*.pdf") if path.read_bytes()[:5] == b"%PDF-"
    )


# --- Issue 24: addresses, deadlines, odd headers ----------------------------------------------


@pytest.fixture
def other():
    """Another server, on another port: nothing may reach it."""
    with StandIn() as running:
        running.add_provider(1, "Elsewhere")
        running.add_publication(1, TITLE, PDF, file_id="1")
        yield running


def hostile_links(standin: StandIn, other: StandIn) -> list[str]:
    site, elsewhere = standin.port, other.port
    return [
        f"http://localhost:{elsewhere}\\@127.0.0.1:{site}/v1/file/1",  # urlsplit: 127.0.0.1
        f"http://127.0.0.1:{elsewhere}\\@127.0.0.1:{site}/v1/file/1",
        f"http://localhost:{elsewhere}@127.0.0.1:{site}/v1/file/1",  # a user name
        f"http://127.0.0.1:{elsewhere}/v1/file/1",  # the allowed host, another port
        f"https://127.0.0.1:{site}/v1/file/1",  # another scheme
        f"http://127.0.0.1:{site}/v1/file/1\t",  # urlsplit drops the tab
    ]


def test_links_through_a_backslash_a_user_name_or_another_port_are_refused_without_a_request(
    standin, other, archive
):
    fetcher = fetcher_for(standin, archive, file_hosts=["localhost"])

    for link in hostile_links(standin, other):
        with pytest.raises(FetchFailed, match=r"^link to an? "):
            fetcher.pdf(link, "1")
        with pytest.raises(FetchFailed, match=r"^link to an? "):
            fetcher.page(link)

    assert fetcher.requests_made == 0
    assert standin.paths == [] and other.paths == []
    assert archived_names(archive) == []


def test_redirects_through_a_backslash_a_user_name_or_another_port_are_not_followed(
    standin, other, archive
):
    fetcher = fetcher_for(standin, archive, file_hosts=["localhost"])

    for link in hostile_links(standin, other)[:-1]:  # a header's value loses its last tab
        standin.redirect["/v1/file/1"] = link
        with pytest.raises(FetchFailed, match=r"^redirect to an? "):
            fetcher.pdf(standin.base_url + "/v1/file/1", "1")

    assert other.paths == []
    assert set(standin.paths) == {"/v1/file/1"}
    assert archived_names(archive) == []


@pytest.mark.parametrize(
    ("link", "rebuilt"),
    [
        ("https://files.ofsted.gov.uk/v1/file/50004277", "https://files.ofsted.gov.uk/v1/file/50004277"),
        ("HTTPS://Files.Ofsted.GOV.uk:443/v1/file/1#top", "https://files.ofsted.gov.uk/v1/file/1"),
        ("https://reports.ofsted.gov.uk/provider/44/80442?x=1", "https://reports.ofsted.gov.uk/provider/44/80442?x=1"),
        ("http://files.ofsted.gov.uk/v1/file/1", None),  # https -> http
        ("https://files.ofsted.gov.uk:8443/v1/file/1", None),
        ("https://files.ofsted.gov.uk\\@evil.example/v1/file/1", None),
        ("https://evil.example\\@files.ofsted.gov.uk/v1/file/1", None),
        ("https://user:pw@files.ofsted.gov.uk/v1/file/1", None),
        ("https://files.ofsted.gov.uk./v1/file/1", None),
        ("https://[::1]/v1/file/1", None),
        ("https://files.ofsted.gov.uk:²/v1/file/1", None),
        ("https://files.ofsted.gov.uk/v1/file/1 ", None),
        ("//files.ofsted.gov.uk/v1/file/1", None),
        ("javascript:alert(1)", None),
    ],
)  # fmt: skip
def test_an_address_is_allowed_only_rebuilt_with_the_sites_scheme_host_and_port(link, rebuilt):
    _, allowed = fetch.origins("https://reports.ofsted.gov.uk", ["files.ofsted.gov.uk"])

    if rebuilt is None:
        with pytest.raises(fetch.AddressRefused):
            fetch.allowed_address(link, allowed)
    else:
        assert fetch.allowed_address(link, allowed) == rebuilt


def test_a_dripping_body_is_cut_off_at_the_request_deadline_and_not_tried_again(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["drip"]
    standin.fail["/provider/44/80442"] = ["drip"]
    standin.drip = 0.05  # each byte well within the 2 s socket timeout
    fetcher = fetcher_for(standin, archive, request_seconds=0.5)

    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"^no whole answer within 0.5 s$"):
        fetcher.pdf(url, "1")
    with pytest.raises(FetchFailed, match=r"^no whole answer within 0.5 s$"):
        fetcher.page(standin.base_url + "/provider/44/80442")

    assert time.monotonic() - started < 3
    assert fetcher.requests_made == 2
    assert archived_names(archive) == []


def test_headers_that_never_end_are_cut_off_at_the_request_deadline(standin, archive):
    standin.fail["/provider/44/80442"] = ["drip headers"]
    standin.drip = 0.05
    fetcher = fetcher_for(standin, archive, request_seconds=0.5)

    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"^no whole answer within 0.5 s$"):
        fetcher.page(standin.base_url + "/provider/44/80442")

    assert time.monotonic() - started < 3


def test_no_request_starts_past_the_run_deadline_and_a_running_one_is_cut(standin, archive):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = ["drip"]
    standin.drip = 0.05
    fetcher = fetcher_for(standin, archive, request_seconds=30)
    fetcher.stop_at = time.monotonic() + 0.5

    started = time.monotonic()
    with pytest.raises(fetch.RunDeadlinePassed):
        fetcher.pdf(url, "1")
    assert time.monotonic() - started < 3
    with pytest.raises(fetch.RunDeadlinePassed):
        fetcher.page(standin.base_url + "/provider/44/80442")

    assert fetcher.requests_made == 1
    assert archived_names(archive) == []


@pytest.mark.parametrize("retry_after", ["²", "soon", "Fri, 99 Foo 2026 25:61:00 GMT", "-5", ""])
def test_an_unreadable_retry_after_waits_the_backoff(standin, archive, retry_after):
    url = standin.add_publication(80442, TITLE, PDF, file_id="1")
    standin.fail["/v1/file/1"] = [429]
    standin.retry_after = retry_after
    fetcher = fetcher_for(standin, archive, backoff=0.01, retry_after_cap=0.05)

    assert fetcher.pdf(url, "1").read_bytes() == PDF
    assert fetcher.requests_made == 2


@pytest.mark.parametrize(
    ("charset", "heading"),
    [("idna", "<h1>Buckinghamshire</h1>"), ("undefined", "<h1>Buckinghamshire</h1>"),
     ("base64", "<h1>Buckinghamshire</h1>"), ("no-such-charset", "<h1>Buckinghamshire</h1>"),
     ("latin-1", "<h1>Buckinghamshire</h1>")],
)  # fmt: skip
def test_a_page_in_a_charset_that_cannot_decode_it_is_read_as_utf8(
    standin, archive, charset, heading
):
    standin.content_type["/provider/44/80442"] = f"text/html; charset={charset}"
    fetcher = fetcher_for(standin, archive)

    assert heading in fetcher.page(standin.base_url + "/provider/44/80442")
