"""The sync: every publication of every local authority's children's services on Ofsted's report
finder, recorded when the reader is sure of it and sent to review when not.

    summary = ofsted_sync(base_url=..., archive=Path(...))

1. Providers: the search results (every page) and every URN in the register, predecessors
   included (the search lists current providers only).
2. Publications: each provider's page. Before anything is recorded, the run must have found
   provider links and, on at least one provider page, publication links; if not, it stops
   (`SiteChanged`): the site's layout may have changed (site.py holds every selector).
3. Each publication not seen before (or that failed before) is downloaded into the archive (a
   few at a time, politely: fetch.py), then, one at a time and each in its own transaction:
   - an inspection report is read (the bounded child process of reader/) and recorded or sent
     to review by the report recording policy (recording.py, which `import_reports` shares):
     the provider's URN says whose report it is, the cover only checks it; a value the reader
     could not read is a finding for that value alone, kept on the publication's reasons; only
     a real doubt (not read, another authority's cover, a date out of range, a disagreement no
     rule settles, a record the rules refuse, an LSCB review with no inspection to join) waits;
   - a monitoring visit, focused visit or JTAI is recorded with its publication date, its link
     and the on-site days its letter prints, only when its letter is read and names the
     provider (or no authority of the register, or a predecessor or successor); one that
     breaks a rule waits for review;
   - a publication of an unknown kind waits for review.
   Every publication seen is kept (models.Publication) with its state, so a second run
   downloads and changes nothing, and a run killed halfway resumes where it stopped.

One run at a time (running.py: a second one raises AlreadyRunning and does nothing), within a
deadline (OFSTED_RUN_SECONDS): a run past it stops where it is (RunStopped says where), keeps
what it recorded, records no check, and the next run resumes. Every link is checked and rebuilt
by fetch.py before it is fetched or stored; a refused one is kept as failed, without its link.

Everything the site says is untrusted input (issue 24): its text is cleaned and bounded before
it is stored or printed (site.clean_text), what one run takes from it is capped (the constants
below), a publication that fails for any reason is kept as failed and the run goes on, and
nothing is recorded on its word alone: a date in the future or before 2009, a file listed under
two providers, another authority's letter wait for review. A run in which no provider page could
be fetched raises NothingChecked and records no check.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.models import Authority

from ..authority_match import AuthorityFinder
from ..models import (
    DataVersion,
    Inspection,
    MonitoringVisit,
    Publication,
    PublicationState,
    SyncCheck,
)
from ..reader import ReportKind, ReportReader, ReportReading, size_refusal
from ..recording import Listing, another_authority, date_refusal, reading_record
from ..rules import PublicationKind
from . import site
from .fetch import Fetcher, FetchFailed, RunDeadlinePassed
from .review import VISIT_MODELS
from .running import AlreadyRunning, run_lock
from .site import PublicationLink, clean_text

#: At most this many downloads at once (each still waits its pause after the one before).
WORKERS = 3

# Everything the report finder says is untrusted: what one run takes from it is bounded.
#: Providers the search may list beyond the register's (new authorities, renamed ones); past the
#: register's count plus this, further listed providers are ignored (and counted).
PROVIDER_MARGIN = 20
#: Publications read from one provider's page (an authority has had a few dozen since 2009).
MAX_PUBLICATIONS_PER_PROVIDER = 300
#: Failed publications stored one by one in a run; past this, failures are only counted (and
#: tried again next time, as every failure is).
MAX_FAILED_ROWS = 100
#: Entries kept in each of the summary's lists (failures, to review, not in the register), and
#: the length of each entry: the summary is printed, stored on the check and read by the home
#: page, so it stays under about 50 KB whatever the site serves.
MAX_SUMMARY_ENTRIES = 50
MAX_SUMMARY_TEXT = 300
#: A reason stored on a publication, at most this long.
MAX_REASON = 500


class SiteChanged(Exception):
    """The report finder no longer looks as site.py expects: nothing was recorded."""


class UnknownAuthorities(Exception):
    """`--authority` named slugs the register does not hold."""


class RunStopped(Exception):
    """The run's deadline passed: what it recorded is kept (`summary`), no check is recorded,
    and the next run resumes."""

    def __init__(self, where: str, summary: SyncSummary):
        super().__init__(
            f"stopped at the run's deadline (OFSTED_RUN_SECONDS) while {where}; what was "
            "recorded is kept and the next run resumes from there"
        )
        self.summary = summary


class NothingChecked(Exception):
    """No provider page could be fetched: nothing was checked, and no check is recorded."""


__all__ = [
    "AlreadyRunning",
    "NothingChecked",
    "RunStopped",
    "SiteChanged",
    "UnknownAuthorities",
    "ofsted_sync",
]


@dataclass
class SyncSummary:
    """What a run found and did; `lines()` is what the command prints at the end."""

    base_url: str = ""
    authorities: int = 0
    providers: int = 0
    seen: int = 0
    new: int = 0
    downloaded: int = 0
    read: int = 0
    recorded: int = 0
    waiting: int = 0
    failed: int = 0
    #: Provider pages that could not be fetched, and the register's authorities (current ones)
    #: whose page was read, of how many: the home page says "checked 140 of 153 authorities".
    pages_failed: int = 0
    authorities_checked: int = 0
    authorities_current: int = 0
    #: Entries left out of the lists below (past MAX_SUMMARY_ENTRIES), failed publications not
    #: stored (past MAX_FAILED_ROWS), listed providers and publications ignored (past the caps).
    left_out: int = 0
    failed_not_stored: int = 0
    ignored: int = 0
    #: (what, why) for each failure and each publication sent to review.
    failures: list[tuple[str, str]] = field(default_factory=list)
    to_review: list[tuple[str, str]] = field(default_factory=list)
    #: Providers the search lists that the register does not hold (their publications are
    #: kept, waiting for review).
    not_in_register: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    def note(self, entries: list, entry) -> None:
        """Add an entry to one of the lists, cleaned and bounded (see MAX_SUMMARY_*)."""
        if len(entries) >= MAX_SUMMARY_ENTRIES:
            self.left_out += 1
            return
        if isinstance(entry, tuple):
            entry = tuple(clean_text(str(part), MAX_SUMMARY_TEXT) for part in entry)
        else:
            entry = clean_text(str(entry), MAX_SUMMARY_TEXT)
        entries.append(entry)

    def lines(self) -> list[str]:
        verb = "would be fetched" if self.dry_run else "new"
        lines = [
            f"{self.authorities} authorities, {self.providers} provider pages, "
            f"{self.seen} publications seen, {self.new} {verb}"
            + (
                ""
                if self.dry_run
                else f", {self.downloaded} downloaded, {self.read} read, "
                f"{self.recorded} recorded, {self.waiting} sent to review, "
                f"{self.failed} failed"
            )
        ]
        if self.pages_failed:
            lines.append(
                f"{self.pages_failed} provider pages could not be fetched: checked "
                f"{self.authorities_checked} of {self.authorities_current} authorities"
            )
        if self.ignored:
            lines.append(f"{self.ignored} listed providers or publications ignored (past the caps)")
        if self.failed_not_stored:
            lines.append(f"{self.failed_not_stored} failed publications counted, not stored")
        lines += [f"failed: {what}: {why}" for what, why in self.failures]
        lines += [f"to review: {what}: {why}" for what, why in self.to_review]
        lines += [f"not in the register: {name}" for name in self.not_in_register]
        if self.left_out:
            lines.append(f"and {self.left_out} more")
        return lines


@dataclass
class _Provider:
    urn: int
    name: str
    authority: Authority | None


Progress = Callable[[int, int, str], None]


def ofsted_sync(
    *,
    base_url: str,
    archive: Path | None = None,
    slugs: Iterable[str] = (),
    since: dt.date | None = None,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
    run_seconds: float | None = None,
) -> SyncSummary:
    """Run the sync (see the module); raises SiteChanged or UnknownAuthorities before
    recording anything, AlreadyRunning while another run is on, RunStopped at the deadline."""
    base_url = base_url.rstrip("/")
    archive = archive or Path(settings.MEDIA_ROOT) / "ofsted"
    fetcher = fetcher or Fetcher(
        base_url,
        archive=archive,
        file_hosts=settings.OFSTED_FILE_HOSTS,
        pause=settings.OFSTED_PAUSE,
        request_seconds=settings.OFSTED_REQUEST_SECONDS,
    )
    run_seconds = settings.OFSTED_RUN_SECONDS if run_seconds is None else run_seconds
    summary = SyncSummary(base_url=base_url, dry_run=dry_run)
    with run_lock(archive):
        fetcher.stop_at = time.monotonic() + run_seconds
        started = timezone.now()
        where = "reading the search results and provider pages"
        try:
            providers = _providers(fetcher, base_url, list(slugs), summary)
            links, shared = _publications(fetcher, base_url, providers, summary)
            links = _allowed_links(fetcher, links, summary, dry_run)
            todo = _todo(links, shared, since, summary)
            summary.new = len(todo)
            if dry_run:
                return summary

            where = f"downloading {len(todo)} publications"
            downloaded = _download(fetcher, todo, summary, progress)
            with contextlib.ExitStack() as stack:
                reader = stack.enter_context(ReportReader()) if downloaded else None
                finder = AuthorityFinder.load()
                for number, (provider, link, path) in enumerate(downloaded, start=1):
                    if time.monotonic() >= fetcher.stop_at:
                        where = f"reading: {number - 1} of {len(downloaded)} downloaded were read"
                        raise RunDeadlinePassed(link.url)
                    if progress:
                        progress(number, len(downloaded), f"reading {provider.name}: {link.title}")
                    try:
                        _record(provider, link, path, reader, finder, summary, archive,
                                shared=shared.get(link.file_id, []))  # fmt: skip
                    except Exception as error:  # noqa: BLE001 - one bad publication never stops a run
                        _failed(
                            provider, link, summary,
                            f"not recorded: {type(error).__name__}: {error}",
                        )  # fmt: skip
        except RunDeadlinePassed as passed:
            raise RunStopped(f"{where} (at {passed.url[:100]})", summary) from None
        with transaction.atomic():
            SyncCheck.objects.create(
                started_at=started, finished_at=timezone.now(), base_url=base_url,
                summary=summary.as_dict(), authorities_checked=summary.authorities_checked,
                authorities_current=summary.authorities_current,
            )  # fmt: skip
            # The pages say when the data was last checked: they change even when nothing else
            # did.
            DataVersion.bump()
    return summary


def _allowed_links(
    fetcher: Fetcher,
    links: list[tuple[_Provider, PublicationLink]],
    summary: SyncSummary,
    dry_run: bool,
) -> list[tuple[_Provider, PublicationLink]]:
    """Each link rebuilt by the fetcher's one check (fetch.py, allowed_address), so only that is
    fetched and stored; one refused is kept as failed with why, without the link itself."""
    allowed = []
    for provider, link in links:
        try:
            allowed.append(
                (provider, dataclasses.replace(link, url=fetcher.allowed(link.url, files=True)))
            )
        except FetchFailed as refused:
            recorded = Publication.objects.filter(file_id=link.file_id).exclude(
                state=PublicationState.FAILED
            )
            if dry_run or recorded.exists():  # a good row is never undone by a bad link
                summary.failed += 1
                summary.note(summary.failures, (f"{provider.name}: {link.title}", refused.reason))
            else:  # kept failed (within the run's cap), without the refused link
                _failed(provider, dataclasses.replace(link, url=""), summary, refused.reason)
    return allowed


# --- Finding providers and publications -------------------------------------------------------


def _providers(
    fetcher: Fetcher, base_url: str, slugs: list[str], summary: SyncSummary
) -> list[_Provider]:
    register = Authority.objects.exclude(ofsted_urn=None)
    if slugs:
        register = register.filter(slug__in=slugs)
        if unknown := sorted(set(slugs) - {a.slug for a in register}):
            raise UnknownAuthorities(
                "no authority in the register has the slug " + ", ".join(unknown)
            )
    by_urn = {a.ofsted_urn: a for a in register}
    summary.authorities = len(by_urn)
    summary.authorities_current = sum(1 for a in by_urn.values() if a.active_until is None)
    providers = {urn: _Provider(urn, a.name, a) for urn, a in by_urn.items()}
    if slugs:
        return list(providers.values())

    listed: list[site.ProviderLink] = []
    url: str | None = site.search_url(base_url)
    pages = 0
    while url and pages < 100:  # a loop of "next" links ends here
        try:  # a search page that fails stops the run: nothing recorded, no check
            html = fetcher.page(url)
        except FetchFailed as failure:
            raise NothingChecked(
                f"the search results could not be fetched ({failure.reason}); nothing was "
                "checked or recorded"
            ) from None
        found, url = site.search_page(html, url)
        listed += found[: len(by_urn) + PROVIDER_MARGIN]
        pages += 1
    if not listed:
        raise SiteChanged(
            'the search results list no provider links (<a href="/provider/44/URN">): the '
            "site's layout may have changed; nothing was recorded (see inspections/ofsted/site.py)"
        )
    most = len(by_urn) + PROVIDER_MARGIN
    for link in listed:
        if link.urn in providers:
            continue
        if len(providers) >= most:  # a flood of made-up providers: ignored, counted
            summary.ignored += 1
            continue
        name = clean_text(link.name, NAME_LENGTH)
        providers[link.urn] = _Provider(link.urn, name, None)
        summary.note(summary.not_in_register, f"{name} (URN {link.urn})")
    return list(providers.values())


def _publications(
    fetcher: Fetcher, base_url: str, providers: list[_Provider], summary: SyncSummary
) -> tuple[list[tuple[_Provider, PublicationLink]], dict[str, list[_Provider]]]:
    """Every provider page's publications, each file once (under the first provider listing
    it), and the files listed under more than one provider (file id -> the providers)."""
    links: list[tuple[_Provider, PublicationLink]] = []
    owners: dict[str, _Provider] = {}
    shared: dict[str, list[_Provider]] = {}
    for provider in providers:
        url = site.provider_url(base_url, provider.urn)
        try:
            html = fetcher.page(url)
        except FetchFailed as failure:
            summary.failed += 1
            summary.pages_failed += 1
            summary.note(summary.failures, (f"{provider.name}'s page", failure.reason))
            continue
        summary.providers += 1
        if provider.authority is not None and provider.authority.active_until is None:
            summary.authorities_checked += 1
        listed = site.provider_page(html, url, limit=MAX_PUBLICATIONS_PER_PROVIDER + 1)
        if len(listed) > MAX_PUBLICATIONS_PER_PROVIDER:
            summary.ignored += 1
            summary.note(summary.failures, (
                f"{provider.name}'s page",
                f"lists more than {MAX_PUBLICATIONS_PER_PROVIDER} publications: only the first "
                f"{MAX_PUBLICATIONS_PER_PROVIDER} were read",
            ))  # fmt: skip
            listed = listed[:MAX_PUBLICATIONS_PER_PROVIDER]
        for link in listed:
            first = owners.setdefault(link.file_id, provider)
            if first is provider:
                links.append((provider, link))
            else:
                shared.setdefault(link.file_id, [first]).append(provider)
    if providers and not summary.providers:
        raise NothingChecked(
            f"none of the {len(providers)} provider pages could be fetched: nothing was checked "
            "or recorded"
        )
    if summary.providers and not links:
        raise SiteChanged(
            f"none of the {summary.providers} provider pages lists a publication "
            '(<a class="publication-link">): the site\'s layout may have changed; nothing was '
            "recorded (see inspections/ofsted/site.py)"
        )
    summary.seen = len(links)
    return links, shared


def _todo(
    links: list[tuple[_Provider, PublicationLink]],
    shared: dict[str, list[_Provider]],
    since: dt.date | None,
    summary: SyncSummary,
) -> list[tuple[_Provider, PublicationLink]]:
    """The publications not seen before (or that failed before). One a publication row holds
    under another provider is not taken from this listing: the row stays the first's, and the
    second listing is said in the summary, for a person to look at."""
    known = {
        p.file_id: p
        for p in Publication.objects.filter(file_id__in=[link.file_id for _, link in links])
    }
    todo = []
    for provider, link in links:
        if since is not None and link.published is not None and link.published < since:
            continue
        publication = known.get(link.file_id)
        if publication is not None:
            others = [p for p in [provider, *shared.get(link.file_id, [])[1:]]
                      if p.urn != publication.provider_urn]  # fmt: skip
            for other in others:
                summary.note(summary.to_review, (
                    f"{other.name}: file {link.file_id}",
                    f"a file already kept as {publication.provider_name}'s (URN "
                    f"{publication.provider_urn}), whose it stays: check whose it is",
                ))  # fmt: skip
            if publication.provider_urn != provider.urn:
                continue
        if publication is None or publication.state == PublicationState.FAILED:
            todo.append((provider, link))
    # Oldest first, so that a report is recorded before what refers to it (an LSCB review
    # published after its SIF inspection's report, a visit after its inspection).
    todo.sort(key=lambda item: item[1].published or dt.date.max)
    return todo


# --- Downloading, reading, recording -----------------------------------------------------------


def _download(
    fetcher: Fetcher,
    todo: list[tuple[_Provider, PublicationLink]],
    summary: SyncSummary,
    progress: Progress | None,
) -> list[tuple[_Provider, PublicationLink, Path]]:
    """Each publication's PDF in the archive (fetched only if not there yet), a few at a time;
    a failure is kept as a failed publication (tried again next time)."""
    done: list[tuple[_Provider, PublicationLink, Path]] = []

    def fetch(item: tuple[_Provider, PublicationLink]) -> Path | FetchFailed:
        provider, link = item
        if refusal := _link_refusal(link):
            return FetchFailed(link.url, refusal, worth_retrying=False)
        archived = fetcher.archived(link.file_id)
        try:
            path = archived or fetcher.pdf(link.url, link.file_id)
        except FetchFailed as failure:  # too large for the reader: not worth asking again
            return failure
        if archived is None:
            summary.downloaded += 1
        # The reader's own limit: a larger file is never read, so it is not kept either; its
        # publication waits for a person (and so is not downloaded again on the next run).
        if refusal := size_refusal(path.stat().st_size, max_bytes):
            path.unlink(missing_ok=True)
            return FetchFailed(link.url, f"refused: {refusal}", worth_retrying=False)
        return path

    max_bytes = int(settings.MAX_REPORT_UPLOAD_BYTES)

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for number, (item, outcome) in enumerate(
            zip(todo, pool.map(fetch, todo), strict=True), start=1
        ):
            provider, link = item
            if progress:
                progress(number, len(todo), f"downloading {provider.name}: {link.title}")
            if isinstance(outcome, FetchFailed) and not outcome.worth_retrying:
                summary.waiting += 1
                summary.note(summary.to_review, (f"{provider.name}: {link.title}", outcome.reason))
                try:
                    with transaction.atomic():
                        _keep(provider, link, PublicationState.WAITING, [outcome.reason])
                except Exception as error:  # noqa: BLE001 - counted; the run goes on
                    _failed(provider, link, summary, f"not kept: {type(error).__name__}: {error}")
            elif isinstance(outcome, FetchFailed):
                _failed(provider, link, summary, outcome.reason)
            else:
                done.append((provider, link, outcome))
    return done


#: The publication row's bounds (the site's values are cut or refused to fit them).
NAME_LENGTH = Publication._meta.get_field("provider_name").max_length
TITLE_LENGTH = Publication._meta.get_field("title").max_length
URL_LENGTH = Publication._meta.get_field("url").max_length
FILE_ID_LENGTH = Publication._meta.get_field("file_id").max_length
LEAD_INSPECTOR_LENGTH = Inspection._meta.get_field("lead_inspector").max_length


def _link_refusal(link: PublicationLink) -> str | None:
    """Why a publication's link is not followed (it could not be stored as it is), or None."""
    if len(link.url) > URL_LENGTH:
        return f"its link is {len(link.url)} characters long, more than {URL_LENGTH}"
    return None


def _failed(provider: _Provider, link: PublicationLink, summary: SyncSummary, reason: str) -> None:
    """A publication that failed: stored as failed with its reason (tried again next time),
    until MAX_FAILED_ROWS this run; past that, or when even that cannot be stored, counted."""
    summary.failed += 1
    summary.note(summary.failures, (f"{provider.name}: {link.title}", reason))
    if summary.failed - summary.pages_failed - summary.failed_not_stored > MAX_FAILED_ROWS:
        summary.failed_not_stored += 1
        return
    try:
        with transaction.atomic():
            _keep(provider, link, PublicationState.FAILED, [reason])
    except Exception:  # noqa: BLE001 - counted instead; the run goes on
        summary.failed_not_stored += 1


def _keep(
    provider: _Provider,
    link: PublicationLink,
    state: str,
    reasons: list[str],
    *,
    reading: ReportReading | None = None,
    archived: str = "",
    inspection: Inspection | None = None,
) -> Publication:
    """The publication's row, every text from the site or a PDF cleaned and bounded to fit. A
    file id too long to be one is no row (the run counts it failed)."""
    if len(link.file_id) > FILE_ID_LENGTH:
        raise ValueError(f"a file id of {len(link.file_id)} characters")
    if refusal := _link_refusal(link):  # kept failed, without the link
        state, reasons, reading, inspection = PublicationState.FAILED, [refusal], None, None
    publication, _ = Publication.objects.update_or_create(
        file_id=link.file_id,
        defaults={
            "url": "" if refusal else link.url,
            "provider_urn": provider.urn,
            "provider_name": clean_text(provider.name, NAME_LENGTH),
            "authority": provider.authority,
            "title": clean_text(link.title, TITLE_LENGTH),
            "kind": link.kind,
            "published_on": link.published,
            "state": state,
            "reasons": [clean_text(str(reason), MAX_REASON) for reason in reasons],
            "reading": _cleaned(reading.as_json()) if reading else None,
            "archived": archived,
            "inspection": inspection,
        },
    )
    return publication


def _cleaned(value):
    """A reading's JSON with every string cleaned (PostgreSQL refuses NUL in jsonb)."""
    if isinstance(value, str):
        return clean_text(value, MAX_REASON)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _record(
    provider: _Provider,
    link: PublicationLink,
    path: Path,
    reader: ReportReader,
    finder: AuthorityFinder,
    summary: SyncSummary,
    archive: Path,
    *,
    shared: list[_Provider] = (),
) -> None:
    """Record one downloaded publication, or send it to review: in its own transaction. One
    listed under more than one provider (`shared`) is read, never recorded: a person says
    whose it is."""
    try:
        archived = str(path.relative_to(settings.MEDIA_ROOT))
    except ValueError:
        archived = str(path)
    with transaction.atomic():
        # Read without the listing's date: the policy compares the printed one with it.
        reading = _clean_reading(reader.read(path))
        summary.read += 1
        if shared:
            listed = ", ".join(f"{p.name} (URN {p.urn})" for p in shared)
            state, reasons, inspection = (
                PublicationState.WAITING, [f"one file listed under {listed}: check whose it is"],
                None,
            )  # fmt: skip
        elif link.kind == PublicationKind.INSPECTION:
            state, reasons, inspection = _inspection_record(provider, link, reading, finder)
        else:
            state, reasons, inspection = _visit_record(provider, link, reading, finder)
        _keep(provider, link, state, reasons, reading=reading, archived=archived,
              inspection=inspection)  # fmt: skip
    if state == PublicationState.RECORDED:
        summary.recorded += 1
    else:
        summary.waiting += 1
        summary.note(summary.to_review, (f"{provider.name}: {link.title}", "; ".join(reasons)))


def _inspection_record(
    provider: _Provider, link: PublicationLink, reading: ReportReading, finder: AuthorityFinder
) -> tuple[str, list[str], Inspection | None]:
    """(state, reasons, inspection): the report recording policy's answer (recording.py), the
    provider's URN telling whose report it is. A recorded one keeps as its reasons what the
    policy kept about it (findings on values left unknown, a date kept as a note)."""
    waiting = PublicationState.WAITING
    if reading.error:
        return waiting, [f"not read: {reading.error}"], None
    if provider.authority is None:
        reasons = [f"the provider (URN {provider.urn}) is not in the register", *reading.warnings]
        return waiting, reasons, None
    outcome = reading_record(
        authority=provider.authority,
        reading=reading,
        listing=Listing(published_on=link.published, url=link.url, file_id=link.file_id),
        finder=finder,
    )
    state = PublicationState.RECORDED if outcome.recorded else waiting
    return state, outcome.reasons, outcome.inspection


def _clean_reading(reading: ReportReading) -> ReportReading:
    """The reading with the texts it took from the PDF cleaned (NUL, control characters) and
    bounded, before any of them is recorded."""
    return dataclasses.replace(
        reading,
        authority=clean_text(reading.authority, NAME_LENGTH),
        lead_inspector=clean_text(reading.lead_inspector, LEAD_INSPECTOR_LENGTH),
        error=clean_text(reading.error, MAX_REASON) if reading.error else reading.error,
    )


def _visit_record(
    provider: _Provider, link: PublicationLink, reading: ReportReading, finder: AuthorityFinder
) -> tuple[str, list[str], Inspection | None]:
    """A visit recorded with its publication date, its link and the on-site days its letter
    prints (reader/letters.py; where they are not read, a note says so and the pages draw it at
    its publication), or why it waits."""
    waiting = PublicationState.WAITING
    model = VISIT_MODELS.get(link.kind)
    if model is None:
        return waiting, [f"a publication of a kind the sync does not know: '{link.title}'"], None
    if provider.authority is None:
        return waiting, [f"the provider (URN {provider.urn}) is not in the register"], None
    if link.published is None:
        return waiting, ["no publication date in its link's title"], None
    if refusal := date_refusal(link.published):
        return waiting, [refusal], None
    found = reading.letter or (
        PublicationKind.INSPECTION if reading.kind == ReportKind.FULL_INSPECTION else None
    )
    if found and found != link.kind:
        return (
            waiting,
            [
                f"its link's title says '{link.kind.label}', the PDF reads as "
                f"'{PublicationKind(found).label}'; check which it is"
            ],  # fmt: skip
            None,
        )
    if reading.letter is None:
        why = reading.error or "page 1 names no visit"
        return waiting, [f"its letter was not read ({why}): check it is this visit's"], None
    if other := another_authority(reading.authority, provider.authority, finder):
        return (
            waiting,
            [f"the letter is about {other}, not {provider.authority}: check whose it is"],
            None,
        )
    started, ended = reading.inspection_start, reading.inspection_end
    authority = provider.authority
    already = model.objects.filter(authority=authority, published_on=link.published).first()
    if already is not None:  # entered by hand or by the demo data: this is that visit
        changed = []
        if not already.report_url:
            already.report_url = link.url
            changed.append("report_url")
        if started and not (already.started_on or already.ended_on):
            already.started_on, already.ended_on, already.dates_note = started, ended, ""
            changed += ["started_on", "ended_on", "dates_note"]
        if changed:
            already.save(update_fields=changed)
        return PublicationState.RECORDED, [], None
    if link.url and model.objects.filter(report_url=link.url).exists():
        return waiting, ["a visit already has this letter: check which visit it is"], None
    visit = model(
        authority=authority,
        published_on=link.published,
        report_url=link.url,
        started_on=started,
        ended_on=ended,
        dates_note=""
        if started
        else f"On-site dates not read from the letter; published {link.published:%-d %B %Y}.",
    )
    if model is MonitoringVisit:
        # It follows up the latest inspection published before it, which must be one that
        # monitoring visits follow; one whose grades are not known yet cannot tell.
        follows = (
            Inspection.objects.filter(
                authority=authority, published_on__lt=started or link.published
            )
            .order_by("-published_on")
            .first()
        )
        if follows is None:
            return waiting, ["no inspection is recorded before it, for it to follow"], None
        if not follows.may_be_monitored:
            graded = follows.overall_effectiveness or follows.judgements.exists()
            return (
                waiting,
                [
                    f"the inspection before it (published {follows.published_on}) is "
                    + (
                        f"judged {follows.get_overall_effectiveness_display() or 'in areas only'}, "
                        "not inadequate"
                        if graded
                        else "not graded yet here"
                    )
                    + "; check which inspection it follows"
                ],
                None,
            )
        visit.follows = follows
    try:
        visit.full_clean()
        with transaction.atomic():
            visit.save()
    except ValidationError as error:
        return waiting, [f"refused: {m}" for m in error.messages], None
    except IntegrityError:  # another run recorded the same visit meanwhile (the constraints)
        return waiting, ["recorded meanwhile by another run: check it is there once"], None
    return PublicationState.RECORDED, [], None
