"""Everything the report finder says is untrusted input (issue 24): bad bytes never crash a run,
what one run takes from the site is capped, and nothing is published on the site's word alone.
Each case is a hostile stand-in (tests/ofsted/standin.py) against the real register."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command

from authorities.models import Authority
from inspections.models import FocusedVisit, Publication, PublicationState, SyncCheck
from inspections.ofsted import site as ofsted_site
from inspections.ofsted import sync as sync_module
from inspections.ofsted.sync import NothingChecked
from inspections.recording import date_refusal
from tests.ofsted.conftest import letter_pdf, run
from tests.pdfs import text_pdf

SANDWELL, WALSALL, RUTLAND = 80549, 80574, 80547


def _provider_requests(site) -> list[str]:
    return [path for path in site.paths if path.startswith("/provider/44/")]


def _sandwell_letter() -> bytes:
    return letter_pdf(
        "Focused visit to Sandwell children's services", "The visit was carried out remotely."
    )


# --- Bad bytes never crash a run -------------------------------------------------------------


def test_a_huge_or_out_of_range_urn_in_the_search_is_ignored_and_the_run_goes_on(site, tmp_path):
    site.extra_html["/search"] = (
        f'<a href="/provider/44/{"9" * 5000}">Huge</a>'
        '<a href="/provider/44/99999999999">Out of range</a>'
        '<a href="/provider/44/9999999999">Past the integer</a>'
    )
    summary, _ = run(site, tmp_path)

    assert summary.recorded == 26  # as without them (test_sync.py)
    assert not [p for p in _provider_requests(site) if len(p) > len("/provider/44/") + 9]
    assert not Publication.objects.filter(provider_urn__gt=2_147_483_647).exists()


def test_nul_and_terminal_escapes_in_a_title_never_reach_the_row_or_the_summary(site, tmp_path):
    site.add_publication(RUTLAND, "Notice\x00 \x1b[2J\x1b[31mred\x1b[0m - 01 May 2024, pdf", b"x")

    summary, _ = run(site, tmp_path, slugs=["rutland"])

    publication = Publication.objects.get(title__startswith="Notice")
    assert publication.title == "Notice [2J [31mred [0m - 01 May 2024, pdf"
    printed = "\n".join(summary.lines())
    assert "\x1b" not in printed and "\x00" not in printed
    assert "Notice [2J" in printed


def test_nul_in_a_pdfs_page_one_is_not_stored(site, tmp_path):
    site.add_publication(
        RUTLAND,
        "Children's services inspection - 01 May 2024, pdf",
        text_pdf([["Some\x00 unknown\x1b[31m document"]]),
    )
    run(site, tmp_path, slugs=["rutland"])

    publication = Publication.objects.get(provider_urn=RUTLAND, title__contains="01 May 2024")
    assert publication.state == PublicationState.WAITING
    stored = json.dumps([publication.reading, publication.reasons])
    assert "\\u0000" not in stored and "\\u001b" not in stored
    assert "Some unknown [31m document" in publication.reasons[0]


def test_a_link_over_300_characters_fails_without_a_request(site, tmp_path):
    long_link = "/v1/file/99000001?pad=" + "x" * 400
    site.add_file("99000001", _sandwell_letter())
    site.extra_html[f"/provider/44/{RUTLAND}"] = (
        f'<a class="publication-link" href="{long_link}">'
        '<span class="nonvisual">Focused visit - 01 May 2023, pdf</span></a>'
    )

    run(site, tmp_path, slugs=["rutland"])

    publication = Publication.objects.get(file_id="99000001")
    assert publication.state == PublicationState.FAILED
    length = len(site.base_url + long_link)
    assert publication.reasons == [f"its link is {length} characters long, more than 300"]
    assert publication.url == ""
    assert not [p for p in site.paths if p.startswith("/v1/file/99000001")]


def test_a_provider_name_over_200_characters_is_cut(site, tmp_path):
    site.add_provider(12345678, "N" * 500)
    site.add_publication(12345678, "Notice - 01 May 2024, pdf", b"%PDF-1.4\n%%EOF\n")

    summary, _ = run(site, tmp_path)

    named = Publication.objects.get(provider_urn=12345678)
    assert len(named.provider_name) == 200
    assert all(len(line) < 2000 for line in summary.lines())


def test_a_publication_that_breaks_on_recording_is_kept_as_failed_and_the_run_goes_on(
    site, tmp_path, monkeypatch
):
    real = sync_module._inspection_record

    def breaks_on_rutland(provider, *args):
        if provider.urn == RUTLAND:
            raise ValueError("integer out of range\x00")
        return real(provider, *args)

    monkeypatch.setattr(sync_module, "_inspection_record", breaks_on_rutland)
    summary, _ = run(site, tmp_path, slugs=["rutland", "sandwell"])

    rutland = Publication.objects.get(provider_urn=RUTLAND)
    assert rutland.state == PublicationState.FAILED
    assert rutland.reasons == ["not recorded: ValueError: integer out of range"]
    recorded = Publication.objects.filter(state=PublicationState.RECORDED)
    assert (
        summary.recorded == recorded.count() == recorded.filter(provider_urn=SANDWELL).count() > 0
    )


# --- Caps ------------------------------------------------------------------------------------


def test_providers_past_the_register_and_its_margin_are_not_fetched(site, tmp_path):
    for number in range(300):
        site.add_provider(900_000 + number, f"Fake provider {number:03d}")

    summary, _ = run(site, tmp_path)

    register = Authority.objects.exclude(ofsted_urn=None).count()
    assert len(_provider_requests(site)) <= register + sync_module.PROVIDER_MARGIN
    assert summary.ignored >= 300 - sync_module.PROVIDER_MARGIN
    assert len(summary.not_in_register) <= sync_module.MAX_SUMMARY_ENTRIES


def test_a_flood_of_publications_is_capped_per_provider_and_failed_rows_per_run(
    site, tmp_path, monkeypatch
):
    monkeypatch.setattr(sync_module, "MAX_PUBLICATIONS_PER_PROVIDER", 40)
    monkeypatch.setattr(sync_module, "MAX_FAILED_ROWS", 10)
    site.extra_html[f"/provider/44/{RUTLAND}"] = "".join(
        f'<a class="publication-link" href="/v1/file/77{number:06d}">'
        f'<span class="nonvisual">Notice {number} - 01 May 2024, pdf</span></a>'
        for number in range(5000)
    )  # none of them is served: each fails (404)

    summary, _ = run(site, tmp_path, slugs=["rutland"])

    assert Publication.objects.filter(provider_urn=RUTLAND).count() <= 1 + 10
    assert len([p for p in site.paths if p.startswith("/v1/file/77")]) == 39
    assert summary.failed == 39 and summary.failed_not_stored == 29
    assert len(json.dumps(summary.as_dict())) < 60_000
    assert SyncCheck.objects.get().summary["failed_not_stored"] == 29


def test_a_pdf_larger_than_the_readers_limit_is_not_kept_nor_downloaded_again(
    site, tmp_path, settings
):
    settings.MAX_REPORT_UPLOAD_BYTES = 10_000
    summary, fetcher = run(site, tmp_path, slugs=["rutland"])

    publication = Publication.objects.get(provider_urn=RUTLAND)
    assert publication.state == PublicationState.WAITING
    assert "more than the reader reads" in publication.reasons[0]  # cut while downloading
    assert not list(fetcher.archive.glob("*.pdf"))
    downloads = len([p for p in site.paths if p.startswith("/v1/file/")])

    run(site, tmp_path, slugs=["rutland"])
    assert len([p for p in site.paths if p.startswith("/v1/file/")]) == downloads


# --- Nothing on the site's word alone --------------------------------------------------------


def test_a_publication_dated_2099_waits_for_review(site, tmp_path):
    site.add_publication(SANDWELL, "Focused visit - 02 May 2099, pdf", _sandwell_letter())

    run(site, tmp_path, slugs=["sandwell", "walsall"])

    publication = Publication.objects.get(title="Focused visit - 02 May 2099, pdf")
    assert publication.state == PublicationState.WAITING
    assert publication.reasons == ["dated 2099-05-02, in the future: check the date"]
    assert not FocusedVisit.objects.exists()


def test_another_authoritys_letter_on_a_providers_page_waits_for_review(site, tmp_path):
    site.add_publication(WALSALL, "Focused visit - 02 October 2020, pdf", _sandwell_letter())

    run(site, tmp_path, slugs=["sandwell", "walsall"])

    publication = Publication.objects.get(provider_urn=WALSALL)
    assert publication.state == PublicationState.WAITING
    assert publication.reasons == ["the letter is about Sandwell, not Walsall: check whose it is"]
    assert not FocusedVisit.objects.exists()


def test_a_letter_naming_the_provider_is_recorded(site, tmp_path):
    site.add_publication(SANDWELL, "Focused visit - 02 October 2020, pdf", _sandwell_letter())
    run(site, tmp_path, slugs=["sandwell"])
    assert FocusedVisit.objects.get().authority.ofsted_urn == SANDWELL


def test_a_file_listed_under_two_providers_waits_and_keeps_the_first_row(site, tmp_path):
    site.add_publication(
        SANDWELL, "Focused visit - 02 October 2020, pdf", _sandwell_letter(), file_id="99111111"
    )
    site.add_publication(
        WALSALL, "Focused visit - 02 October 2020, pdf", _sandwell_letter(), file_id="99111111"
    )

    run(site, tmp_path, slugs=["sandwell", "walsall"])

    publication = Publication.objects.get(file_id="99111111")
    assert publication.state == PublicationState.WAITING
    assert "one file listed under" in publication.reasons[0]
    assert not FocusedVisit.objects.exists()
    first = publication.provider_urn

    summary, _ = run(site, tmp_path, slugs=["sandwell", "walsall"])  # the row stays the first's
    assert Publication.objects.get(file_id="99111111").provider_urn == first
    assert summary.recorded == 0


def test_a_file_recorded_under_one_provider_is_not_taken_over_by_another(site, tmp_path):
    site.add_publication(
        SANDWELL, "Focused visit - 02 October 2020, pdf", _sandwell_letter(), file_id="99222222"
    )
    run(site, tmp_path, slugs=["sandwell"])
    assert Publication.objects.get(file_id="99222222").state == PublicationState.RECORDED
    site.add_publication(
        WALSALL, "Focused visit - 03 October 2020, pdf", _sandwell_letter(), file_id="99222222"
    )

    summary, _ = run(site, tmp_path, slugs=["sandwell", "walsall"])

    publication = Publication.objects.get(file_id="99222222")
    assert (publication.provider_urn, publication.state) == (SANDWELL, PublicationState.RECORDED)
    assert (
        "Walsall: file 99222222",
        f"a file already kept as Sandwell's (URN {SANDWELL}), whose it stays: check whose it is",
    ) in summary.to_review
    assert FocusedVisit.objects.count() == 1


def test_a_visit_whose_letter_cannot_be_read_waits_for_review(site, tmp_path):
    site.add_publication(
        SANDWELL, "Focused visit - 02 October 2020, pdf", text_pdf([["Nothing to read here"]])
    )

    run(site, tmp_path, slugs=["sandwell"])

    publication = Publication.objects.get(provider_urn=SANDWELL, title__startswith="Focused")
    assert publication.state == PublicationState.WAITING
    assert publication.reasons[0].startswith("its letter was not read")
    assert not FocusedVisit.objects.exists()


# --- A run that checked nothing, or not everything -------------------------------------------


def test_a_run_where_every_provider_page_fails_exits_non_zero_and_records_no_check(
    site, tmp_path, settings
):
    settings.OFSTED_PAUSE = 0
    for path in [f"/provider/44/{urn}" for urn in site._providers]:
        site.fail[path] = [404, 404]  # once for each run below

    with pytest.raises(NothingChecked, match="none of the 156 provider pages could be fetched"):
        run(site, tmp_path)
    with pytest.raises(CommandError, match="none of the 2 provider pages could be fetched"):
        call_command("sync_ofsted", "--base-url", site.base_url, "--authority", "sandwell",
                     "--authority", "walsall")  # fmt: skip

    assert not SyncCheck.objects.exists()


def test_a_search_page_that_cannot_be_fetched_stops_the_run_with_a_reason_and_no_check(
    site, tmp_path, settings
):
    settings.OFSTED_PAUSE = 0
    search = urlsplit(ofsted_site.search_url(site.base_url)).path
    site.fail[search] = [404] * 10

    with pytest.raises(NothingChecked, match="the search results could not be fetched"):
        run(site, tmp_path)
    assert not SyncCheck.objects.exists()


def test_the_home_page_says_how_many_authorities_were_checked(site, tmp_path, client):
    site.fail[f"/provider/44/{WALSALL}"] = [404]

    summary, _ = run(site, tmp_path, slugs=["sandwell", "walsall", "rutland"])

    assert (summary.authorities_checked, summary.authorities_current) == (2, 3)
    assert "1 provider pages could not be fetched: checked 2 of 3 authorities" in summary.lines()
    check = SyncCheck.objects.get()
    assert (check.authorities_checked, check.authorities_current) == (2, 3)
    page = BeautifulSoup(client.get("/").content, "html.parser")
    said = " ".join(page.select_one("#last-checked").get_text().split())
    assert "(checked 2 of 3 authorities)" in said


def test_a_letter_naming_a_predecessor_of_the_provider_is_recorded(site, tmp_path):
    north = Authority.objects.get(slug="north-northamptonshire")
    assert north.predecessors.filter(slug="northamptonshire").exists()
    site.add_publication(north.ofsted_urn, "Focused visit - 02 October 2022, pdf", letter_pdf(
        "Focused visit to Northamptonshire children's services"
    ))  # fmt: skip

    run(site, tmp_path, slugs=["north-northamptonshire"])

    assert FocusedVisit.objects.get().authority == north


@pytest.mark.parametrize(
    ("published", "reason"),
    [
        ("2099-05-02", "dated 2099-05-02, in the future: check the date"),
        ("2008-12-31", "dated 2008-12-31, before 2009: check the date"),
        ("2009-01-01", None),
    ],
)
def test_a_publication_date_is_taken_only_between_2009_and_today(published, reason):
    assert date_refusal(dt.date.fromisoformat(published)) == reason
