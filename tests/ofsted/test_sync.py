"""The sync (inspections/ofsted/sync.py) against a stand-in of Ofsted's report finder serving the
27 shared reports (tests/ofsted/standin.py), into a database holding only the register."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as settings_module
from django.core.management import CommandError, call_command

from inspections.models import (
    DataNote,
    DataVersion,
    FocusedVisit,
    Inspection,
    MonitoringVisit,
    Publication,
    PublicationState,
    SyncCheck,
)
from inspections.ofsted import site as ofsted_site
from inspections.ofsted import sync as sync_module
from inspections.ofsted.fetch import Fetcher
from inspections.ofsted.running import run_lock
from inspections.ofsted.sync import (
    AlreadyRunning,
    RunStopped,
    SiteChanged,
    UnknownAuthorities,
    ofsted_sync,
)
from tests.inspections.reader.test_shared_reports import EXPECTED, expected_grades
from tests.ofsted.conftest import letter_pdf, run
from tests.ofsted.standin import StandIn

WEB_PAGE = "80429_birmingham__19-october-2012"
WEB_PAGE_TITLE = "Children's services inspection - 19 October 2012, pdf"


def pdf_requests(site) -> list[str]:
    return [path for path in site.paths if path.startswith("/v1/file/")]


def test_a_sync_records_every_readable_report_as_the_reader_tests_expect(site, tmp_path):
    summary, _ = run(site, tmp_path)

    assert summary.seen == len(EXPECTED) + 1
    # The saved web page is fetched but is no PDF: it waits for a person, never asked for again.
    assert (summary.new, summary.downloaded, summary.read) == (27, 26, 26)
    assert summary.failed == 0
    # The review queue holds exactly the unsure one: the web page. Norfolk's 2015 report,
    # whose printed date is not its listing's, is recorded with the printed one.
    assert summary.recorded == len(EXPECTED)
    assert summary.to_review == [
        ("Birmingham: Children's services inspection - 19 October 2012, pdf",
         "not a PDF (starts '<!DOC')"),
    ]  # fmt: skip
    assert list(
        Publication.objects.filter(state=PublicationState.WAITING).values_list("title", flat=True)
    ) == [WEB_PAGE_TITLE]
    for stem, (
        kind,
        framework,
        authority,
        start,
        end,
        published,
        lead,
        *grades,
    ) in EXPECTED.items():
        urn = int(stem.split("_", 1)[0])
        publication = Publication.objects.get(provider_urn=urn, title__contains=_title_day(stem))
        assert publication.state == PublicationState.RECORDED, (stem, publication.reasons)
        assert publication.reading["kind"] == kind
        assert publication.reading["framework"] == framework
        assert publication.reading["authority"] == authority
        inspection = publication.inspection
        assert inspection.authority.ofsted_urn == urn
        assert (str(inspection.started_on), str(inspection.ended_on)) == (start, end), stem
        # The printed publication date, else (ILACS prints none) the listing's, each so sourced.
        assert inspection.published_on == (
            dt.date.fromisoformat(published) if published else publication.published_on
        )
        assert inspection.sources["published_on"] == ["report" if published else "listing"]
        assert inspection.lead_inspector == lead
        assert inspection.report_url == publication.url
        assert inspection.sources["report_url"] == ["listing"]
        recorded = {j.area: j.grade for j in inspection.judgements.all()}
        recorded["overall"] = inspection.overall_effectiveness or None
        expected = expected_grades(grades)
        assert {k: recorded.get(k) for k in expected} == expected, stem


def test_the_printed_publication_date_wins_and_the_listings_is_kept_as_a_note(site, tmp_path):
    """Norfolk's 2015 report prints 19 October; its listing says the 20th."""
    run(site, tmp_path)

    publication = Publication.objects.get(provider_urn=80418, title__contains="20 October 2015")
    assert publication.state == PublicationState.RECORDED
    assert publication.published_on == dt.date(2015, 10, 20)  # the listing, as listed
    assert publication.inspection.published_on == dt.date(2015, 10, 19)
    assert publication.reasons == [
        "published: the report prints 2015-10-19, its listing says 2015-10-20; the printed date "
        "is recorded, the listing's kept as a note"
    ]
    note = DataNote.objects.get(inspection=publication.inspection)
    assert (note.field, note.kept_value, note.kept_source, note.other_value, note.other_source,
            note.settled) == ("published_on", "2015-10-19", "report", "2015-10-20", "listing",
                              "note")  # fmt: skip


def _title_day(stem: str) -> str:
    day = dt.datetime.strptime(stem.split("__")[1], "%d-%B-%Y").date()
    return f"{day:%d %B %Y}"


def test_a_second_run_downloads_and_changes_nothing(site, tmp_path):
    run(site, tmp_path)
    inspections = list(Inspection.objects.values().order_by("pk"))
    publications = list(Publication.objects.values("file_id", "state").order_by("file_id"))
    downloads = len(pdf_requests(site))

    summary, _ = run(site, tmp_path)

    assert (summary.new, summary.downloaded, summary.recorded, summary.waiting) == (0, 0, 0, 0)
    assert len(pdf_requests(site)) == downloads
    assert list(Inspection.objects.values().order_by("pk")) == inspections
    assert list(Publication.objects.values("file_id", "state").order_by("file_id")) == publications


def test_a_new_publication_is_found_and_recorded(site, tmp_path):
    run(site, tmp_path)
    site.add_publication(80442, "Monitoring visit - 10 April 2019, pdf", letter_pdf(
        "Monitoring visit to Buckinghamshire children's services",
        "This letter summarises the findings of the monitoring visit to Buckinghamshire",
        "children's services on 5 and 6 March 2019.",
    ))  # fmt: skip
    site.add_publication(80549, "Focused visit - 02 October 2020, pdf", letter_pdf(
        "Focused visit to Sandwell children's services", "The visit was carried out remotely."
    ))  # fmt: skip

    summary, _ = run(site, tmp_path)

    assert (summary.new, summary.downloaded, summary.read, summary.recorded) == (2, 2, 2, 2)
    visit = MonitoringVisit.objects.get(authority__ofsted_urn=80442)
    # It follows the re-inspection published in January 2018, judged inadequate.
    assert visit.follows.published_on == dt.date(2018, 1, 29)
    assert visit.published_on == dt.date(2019, 4, 10)
    # The days its letter prints.
    assert (visit.started_on, visit.ended_on, visit.dates_note) == (
        dt.date(2019, 3, 5), dt.date(2019, 3, 6), ""
    )  # fmt: skip
    focused = FocusedVisit.objects.get(authority__ofsted_urn=80549)
    assert focused.published_on == dt.date(2020, 10, 2)
    # This letter prints no days as letters do: said so, and drawn at its publication.
    assert focused.started_on is None
    assert focused.dates_note == "On-site dates not read from the letter; published 2 October 2020."


def test_a_visit_after_an_inspection_not_judged_inadequate_waits_for_review(site, tmp_path):
    # Rutland was judged good in 2024.
    site.add_publication(80547, "Monitoring visit - 10 March 2025, pdf", letter_pdf(
        "Monitoring visit to Rutland children's services"
    ))  # fmt: skip

    summary, _ = run(site, tmp_path)

    publication = Publication.objects.get(provider_urn=80547, title__startswith="Monitoring")
    assert publication.state == PublicationState.WAITING
    assert "not inadequate" in publication.reasons[0] or "no inspection" in publication.reasons[0]
    assert not MonitoringVisit.objects.exists()


def test_a_visit_whose_pdf_is_another_kind_waits_for_review(site, tmp_path, reports_dir):
    """The link's title says monitoring visit; the PDF is an inspection report, or a focused
    visit's letter: an editor decides which it is."""
    report = (reports_dir / "80442_buckinghamshire__14-may-2025.pdf").read_bytes()
    site.add_publication(80442, "Monitoring visit - 10 March 2019, pdf", report)
    site.add_publication(80442, "Monitoring visit - 10 April 2019, pdf", letter_pdf(
        "Focused visit to Buckinghamshire children's services"
    ))  # fmt: skip

    run(site, tmp_path)

    reasons = {
        p.title: p.reasons
        for p in Publication.objects.filter(provider_urn=80442, title__startswith="Monitoring")
    }
    assert reasons == {
        "Monitoring visit - 10 March 2019, pdf": [
            "its link's title says 'Monitoring visit', the PDF reads as "
            "'Children's services inspection'; check which it is"
        ],
        "Monitoring visit - 10 April 2019, pdf": [
            "its link's title says 'Monitoring visit', the PDF reads as 'Focused visit'; check "
            "which it is"
        ],
    }
    assert not MonitoringVisit.objects.exists()


def test_a_publication_of_an_unknown_kind_is_kept_for_review(site, tmp_path, reports_dir):
    site.add_publication(80547, "Something else entirely - 01 May 2024, pdf", b"%PDF-1.4\n%%EOF\n")
    run(site, tmp_path)

    publication = Publication.objects.get(title__startswith="Something else")
    assert publication.state == PublicationState.WAITING
    assert publication.reasons == [
        "a publication of a kind the sync does not know: 'Something else entirely - 01 May 2024, pdf'"
    ]


def test_a_changed_layout_stops_before_recording_anything(site, tmp_path):
    site.layout_changed = True
    with pytest.raises(SiteChanged, match="layout may have changed"):
        run(site, tmp_path)
    assert not Publication.objects.exists() and not Inspection.objects.exists()


def test_failures_are_kept_and_tried_again(site, tmp_path):
    link = _file_path(site, "80547_rutland__12-july-2024")
    site.fail[link] = [404]
    site.fail["/provider/44/80516"] = [500, 500, 500, 500, 500]  # Tower Hamlets's page

    summary, _ = run(site, tmp_path)

    assert summary.failed == 2
    assert ("Rutland: Children's services inspection - 12 July 2024, pdf", "HTTP 404") in (
        summary.failures
    )
    assert Publication.objects.get(provider_urn=80547).state == PublicationState.FAILED
    summary, _ = run(site, tmp_path)
    assert Publication.objects.get(provider_urn=80547).state == PublicationState.RECORDED
    assert Publication.objects.get(provider_urn=80516).state == PublicationState.RECORDED


def _file_path(site, stem: str) -> str:
    """The stand-in's path of a shared report: its file id is the history's (site.file_id)."""
    urn, day = int(stem.split("_", 1)[0]), dt.datetime.strptime(stem.split("__")[1], "%d-%B-%Y")
    with open(settings_module.NATIONAL_DATA_DIR / "ilacs_history.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if int(row["urn"]) == urn and row["publication_date"] == f"{day:%d/%m/%y}":
                return f"/v1/file/{ofsted_site.file_id(row['inspection_link'])}"
    raise LookupError(stem)


def test_a_link_to_a_foreign_host_is_refused_without_a_request(site, tmp_path, reports_dir):
    body = (reports_dir / "80547_rutland__12-july-2024.pdf").read_bytes()
    site.add_publication(80547, "Focused visit - 01 May 2023, pdf", body, host="evil.example")
    run(site, tmp_path)

    publication = Publication.objects.get(title__startswith="Focused visit - 01 May 2023")
    assert publication.state == PublicationState.FAILED
    assert "not allowed" in publication.reasons[0]


def test_a_run_killed_halfway_resumes_where_it_stopped(site, tmp_path, monkeypatch):
    real_record, calls = sync_module._record, []

    def killed_after_ten(*args, **kwargs):
        if len(calls) == 10:
            raise KeyboardInterrupt
        calls.append(1)
        return real_record(*args, **kwargs)

    monkeypatch.setattr(sync_module, "_record", killed_after_ten)
    with pytest.raises(KeyboardInterrupt):
        run(site, tmp_path)
    assert Publication.objects.count() == 11  # ten recorded, and the web page kept to review
    downloads = len(pdf_requests(site))
    monkeypatch.setattr(sync_module, "_record", real_record)

    summary, _ = run(site, tmp_path)

    assert (summary.new, summary.downloaded) == (16, 0)  # the rest, from the archive
    assert len(pdf_requests(site)) == downloads
    assert Publication.objects.filter(state=PublicationState.RECORDED).count() == len(EXPECTED)


def test_only_the_authorities_asked_for_and_only_since_a_day(site, tmp_path):
    summary, _ = run(site, tmp_path, slugs=["sandwell"], since=dt.date(2018, 1, 1))

    assert summary.authorities == 1
    assert not [p for p in site.paths if p.startswith("/search")]
    assert sorted(Publication.objects.values_list("published_on", flat=True)) == [
        dt.date(2018, 1, 29), dt.date(2022, 7, 5), dt.date(2025, 12, 2)
    ]  # fmt: skip
    with pytest.raises(UnknownAuthorities, match="nowhere"):
        run(site, tmp_path, slugs=["nowhere"])


def test_a_dry_run_counts_and_changes_nothing(site, tmp_path):
    version = DataVersion.current().token
    summary, _ = run(site, tmp_path, dry_run=True)

    assert (summary.new, summary.downloaded) == (27, 0)
    assert not pdf_requests(site)
    assert not Publication.objects.exists() and not Inspection.objects.exists()
    assert DataVersion.current().token == version


def test_the_command_works_against_the_stand_in_with_no_other_setting(site, tmp_path, capsys):
    call_command("sync_ofsted", "--base-url", site.base_url, "--authority", "rutland")
    printed = capsys.readouterr().out

    assert "1 authorities, 1 provider pages, 1 publications seen, 1 new, 1 downloaded" in printed
    assert "1 recorded, 0 sent to review, 0 failed" in printed
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sync_ofsted", "--base-url", site.base_url, "--since", "May 2024")


def test_over_the_history_it_fills_what_the_history_lacks_without_a_conflict(
    site, tmp_path, national_history
):
    """The history has no grade before 2018: the sync reads them from the reports and merges
    them into the history's own inspections (matched by the rule of matching.py; the history's
    link to the same file is kept)."""
    bucks_2014 = Inspection.objects.get(
        authority__ofsted_urn=80442, published_on=dt.date(2014, 8, 8)
    )
    link = bucks_2014.report_url
    assert bucks_2014.overall_effectiveness == "" and not bucks_2014.judgements.exists()
    count = Inspection.objects.count()

    summary, _ = run(site, tmp_path)

    assert (summary.recorded, summary.waiting) == (len(EXPECTED), 1)
    assert Inspection.objects.count() == count  # every report matched to its history row
    bucks_2014.refresh_from_db()
    assert bucks_2014.overall_effectiveness == "inadequate"
    assert (bucks_2014.started_on, bucks_2014.ended_on) == (
        dt.date(2014, 6, 3),
        dt.date(2014, 6, 25),
    )
    assert bucks_2014.report_url == link  # the history's link to the same file is kept
    assert Publication.objects.get(inspection=bucks_2014).state == PublicationState.RECORDED
    # Norfolk 2015: the history's row (the 20th, as listed) takes the printed 19th, and keeps
    # the history's date and the listing's as notes.
    norfolk = Inspection.objects.get(authority__ofsted_urn=80418, started_on=dt.date(2015, 7, 6))
    assert norfolk.published_on == dt.date(2015, 10, 19)
    assert sorted(norfolk.data_notes.values_list("field", "other_value", "other_source")) == [
        ("published_on", "2015-10-20", "history"), ("published_on", "2015-10-20", "listing")
    ]  # fmt: skip


# --- Issue 24: links, deadlines, one run at a time ---------------------------------------------


def test_links_through_a_backslash_or_to_another_port_are_kept_failed_without_a_request(
    site, tmp_path, reports_dir
):
    body = (reports_dir / "80547_rutland__12-july-2024.pdf").read_bytes()
    with StandIn() as other:
        other.add_provider(1, "Elsewhere")
        other.add_publication(1, "Focused visit - 01 May 2023, pdf", body, file_id="77")
        other.add_publication(1, "Focused visit - 02 May 2023, pdf", body, file_id="78")
        site.add_publication(80547, "Focused visit - 01 May 2023, pdf", body, file_id="x",
                             link=f"http://localhost:{other.port}\\@127.0.0.1:{site.port}/v1/file/77")  # fmt: skip
        site.add_publication(80547, "Focused visit - 02 May 2023, pdf", body, file_id="y",
                             link=f"http://127.0.0.1:{other.port}/v1/file/78")  # fmt: skip

        summary, _ = run(site, tmp_path)

    assert other.paths == []
    assert not FocusedVisit.objects.filter(authority__slug="rutland").exists()
    for file_id, reason in [("77", "an address with a backslash"),
                            ("78", "a scheme or port that is not allowed")]:  # fmt: skip
        publication = Publication.objects.get(file_id=file_id)
        assert publication.state == PublicationState.FAILED
        assert publication.url == ""  # the unchecked address is never stored
        assert publication.reasons[0].startswith(f"link to {reason}")
    assert summary.failed == 2


def test_a_run_past_its_deadline_keeps_what_it_recorded_and_the_next_resumes(
    site, tmp_path, monkeypatch
):
    archive = tmp_path / "media" / "ofsted"
    fetcher = Fetcher(site.base_url, archive=archive, pause=0, backoff=0)
    real_record, calls = sync_module._record, []

    def deadline_after_ten(*args, **kwargs):
        calls.append(1)
        if len(calls) == 10:
            fetcher.stop_at = time.monotonic()
        return real_record(*args, **kwargs)

    monkeypatch.setattr(sync_module, "_record", deadline_after_ten)
    with pytest.raises(
        RunStopped, match=r"while reading: 10 of 26 downloaded were read"
    ) as stopped:
        ofsted_sync(base_url=site.base_url, archive=archive, fetcher=fetcher)
    assert stopped.value.summary.read == 10
    assert Publication.objects.count() == 11  # ten recorded, and the web page kept to review
    assert not SyncCheck.objects.exists()  # no check is said to have been made
    downloads = len(pdf_requests(site))
    monkeypatch.setattr(sync_module, "_record", real_record)

    summary, _ = run(site, tmp_path)

    assert (summary.new, summary.downloaded) == (16, 0)  # the rest, from the archive
    assert len(pdf_requests(site)) == downloads
    assert Publication.objects.filter(state=PublicationState.RECORDED).count() == len(EXPECTED)
    assert SyncCheck.objects.count() == 1


def test_the_command_stopped_by_the_run_deadline_says_so_and_fails(site, tmp_path, settings):
    settings.OFSTED_RUN_SECONDS = 0

    with pytest.raises(CommandError, match=r"stopped at the run's deadline .* next run resumes"):
        call_command("sync_ofsted", "--base-url", site.base_url, "--authority", "rutland")

    assert site.paths == [] and not Publication.objects.exists()


def test_a_second_run_at_the_same_time_says_so_and_does_nothing(site, tmp_path):
    archive = tmp_path / "media" / "ofsted"
    with run_lock(archive):
        with pytest.raises(
            AlreadyRunning, match=rf"another sync is running \(process {os.getpid()}\)"
        ):
            run(site, tmp_path)
        with pytest.raises(CommandError, match="another sync is running"):
            call_command("sync_ofsted", "--base-url", site.base_url, "--authority", "rutland")

    assert site.paths == [] and not Publication.objects.exists()
    summary, _ = run(site, tmp_path, slugs=["rutland"])  # released: the next run goes on
    assert summary.recorded == 1


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(site, tmp_path):
    archive = tmp_path / "media" / "ofsted"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from inspections.ofsted.running import "
         "run_lock\nwith run_lock(Path(sys.argv[1])):\n print('locked', flush=True)\n time.sleep(60)",
         str(archive)],
        stdout=subprocess.PIPE, text=True, cwd=settings_module.BASE_DIR,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning, match=f"process {holder.pid}"):
            run(site, tmp_path, slugs=["rutland"])
    finally:
        holder.kill()  # SIGKILL: no clean-up runs
        holder.wait()
        holder.stdout.close()

    assert (archive / ".sync.lock").read_text() == str(holder.pid)  # the file stays, the lock not
    summary, _ = run(site, tmp_path, slugs=["rutland"])
    assert summary.recorded == 1


# --- The recording policy on real reports of the archive (recording.py) -----------------------


@pytest.fixture
def archive(shared_data):
    """The shared archive: every report of the history, named by file id."""
    path = shared_data / "archive"
    if not path.is_dir():
        pytest.skip(f"needs the shared archive: no folder {path}")
    return path


def served(site, archive, urn: int, file_id: str, day: str) -> Publication:
    """An archive's file on provider `urn`'s page, listed as published on `day`."""
    site.add_publication(urn, f"Children's services inspection - {day}, pdf",
                         (archive / f"{file_id}.pdf").read_bytes(), file_id=file_id)  # fmt: skip
    return file_id


def test_a_cover_that_names_the_provider_another_way_is_recorded(site, tmp_path, archive):
    """Derby's 2017 report names 'Derby City' (an alias); Rotherham's 2014 one 'Metropolitan
    Borough of Rotherham': the provider's URN says whose they are, the covers agree."""
    served(site, archive, 80459, "50004376", "13 June 2017")
    served(site, archive, 80543, "50004284", "19 November 2014")

    summary, _ = run(site, tmp_path, slugs=["derby", "rotherham"])

    assert (summary.recorded, summary.waiting) == (2, 0), summary.to_review
    derby = Publication.objects.get(file_id="50004376")
    assert derby.reading["authority"] == "Derby City"
    assert (derby.state, derby.reasons) == (PublicationState.RECORDED, [])
    assert derby.inspection.authority.slug == "derby"
    assert derby.inspection.overall_effectiveness == "good"


def test_a_report_that_prints_no_publication_date_takes_its_listings(site, tmp_path, archive):
    """Bolton's 2014 SIF report prints no 'Report published' line where SIF reports do."""
    served(site, archive, 80432, "50004258", "21 March 2014")

    run(site, tmp_path, slugs=["bolton"])

    publication = Publication.objects.get(file_id="50004258")
    assert publication.state == PublicationState.RECORDED
    inspection = publication.inspection
    assert inspection.published_on == dt.date(2014, 3, 21)
    assert inspection.sources["published_on"] == ["listing"]  # whose word it is
    assert inspection.framework == "sif" and inspection.overall_effectiveness
    assert publication.reasons == [
        "publication date: not printed on page 1 where this format prints it; left empty",
        "published: 2014-03-21, its listing's date, recorded",
    ]


def test_a_sif_report_on_site_in_2018_is_recorded_as_sif_with_a_finding_for_its_lscb(
    site, tmp_path, archive
):
    """Lambeth's SIF inspection began on 29 January 2018, beside the first ILACS ones; its
    report prints no LSCB grade where SIF reports do: the rest is recorded."""
    served(site, archive, 80506, "50004434", "09 May 2018")

    run(site, tmp_path, slugs=["lambeth"])

    publication = Publication.objects.get(file_id="50004434")
    assert publication.state == PublicationState.RECORDED
    inspection = publication.inspection
    assert (inspection.framework, inspection.started_on) == ("sif", dt.date(2018, 1, 29))
    areas = set(inspection.judgements.values_list("area", flat=True))
    assert "lscb" not in areas and {"help_and_protection", "children_in_care"} <= areas
    assert inspection.overall_effectiveness
    assert publication.reasons == ["lscb: no grade found where this format prints it; left empty"]
    assert publication.reading["grades"]["lscb"] is None


def test_a_cover_that_names_another_authority_waits(site, tmp_path, reports_dir):
    """Norfolk's report on Suffolk's page: whose it is, a person says."""
    body = (reports_dir / "80418_norfolk__20-october-2015.pdf").read_bytes()
    site.add_publication(80565, "Children's services inspection - 20 October 2015, pdf", body,
                         file_id="99100001")  # fmt: skip

    summary, _ = run(site, tmp_path, slugs=["suffolk"])

    publication = Publication.objects.get(file_id="99100001")
    assert publication.state == PublicationState.WAITING
    assert publication.reasons[0] == (
        "the cover names Norfolk, not Suffolk (the provider): check whose report it is"
    )
    assert not Inspection.objects.exists()


def test_an_lscb_review_alone_gives_its_grade_to_its_sif_inspection(site, tmp_path, archive):
    """Surrey's LSCB review (on site 15–17 June 2015, published 3 August) was published two
    months after its SIF inspection's report (3 June): not within the matching rule's 21 days,
    but the latest SIF report of the authority up to 183 days before it (recording.py,
    LSCB_REVIEW_AFTER_DAYS), which it gives its LSCB grade and nothing else. The sync records
    the oldest first, so the SIF report is there when the review comes."""
    served(site, archive, 80567, "50004296", "03 June 2015")  # the SIF report, published first
    served(site, archive, 80567, "50004302", "03 August 2015")

    run(site, tmp_path, slugs=["surrey"])

    review = Publication.objects.get(file_id="50004302")
    sif = Publication.objects.get(file_id="50004296").inspection
    assert (review.state, review.inspection) == (PublicationState.RECORDED, sif)
    assert sif.judgements.get(area="lscb").grade == "requires_improvement"
    assert (sif.published_on, sif.started_on) == (dt.date(2015, 6, 3), dt.date(2014, 10, 21))
    assert sif.sources["lscb"] == ["report"]
    assert Inspection.objects.filter(authority__slug="surrey").count() == 1


def test_an_lscb_review_whose_inspection_is_not_recorded_waits(site, tmp_path, archive):
    served(site, archive, 80567, "50004302", "03 August 2015")  # its SIF report not listed
    run(site, tmp_path, slugs=["surrey"])
    review = Publication.objects.get(file_id="50004302")
    assert review.state == PublicationState.WAITING
    assert review.reasons[0].startswith(
        "an LSCB review on its own (published 2015-08-03): no inspection of Surrey is recorded "
        "within 21 days of it, on site with it, or up to 183 days before it"
    )
    assert not Inspection.objects.filter(authority__slug="surrey").exists()
