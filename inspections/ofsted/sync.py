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
   - an inspection report is read (the bounded child process of reader/) and, if the reading
     is sure (no finding, the cover's authority the provider's) and merges with what is
     recorded without a conflict, recorded; otherwise it waits for review with the reasons;
   - a monitoring visit, focused visit or JTAI is recorded with its publication date and link
     (the letters' on-site dates are not read: the visit says so); one that breaks a rule
     waits for review;
   - a publication of an unknown kind waits for review.
   Every publication seen is kept (models.Publication) with its state, so a second run
   downloads and changes nothing, and a run killed halfway resumes where it stopped.

One run at a time (running.py: a second one raises AlreadyRunning and does nothing), within a
deadline (OFSTED_RUN_SECONDS): a run past it stops where it is (RunStopped says where), keeps
what it recorded, records no check, and the next run resumes. Every link is checked and rebuilt
by fetch.py before it is fetched or stored; a refused one is kept as failed, without its link.
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
from ..merging import InspectionRecord, existing_inspections, inspection_merge
from ..models import (
    DataVersion,
    Inspection,
    MonitoringVisit,
    Publication,
    PublicationState,
    SyncCheck,
)
from ..reader import ReportKind, ReportReader, ReportReading
from ..rules import PublicationKind
from . import site
from .fetch import Fetcher, FetchFailed, RunDeadlinePassed
from .review import VISIT_MODELS
from .running import AlreadyRunning, run_lock
from .site import PublicationLink

#: At most this many downloads at once (each still waits its pause after the one before).
WORKERS = 3


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


__all__ = ["AlreadyRunning", "RunStopped", "SiteChanged", "UnknownAuthorities", "ofsted_sync"]


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
    #: (what, why) for each failure and each publication sent to review.
    failures: list[tuple[str, str]] = field(default_factory=list)
    to_review: list[tuple[str, str]] = field(default_factory=list)
    #: Providers the search lists that the register does not hold (their publications are
    #: kept, waiting for review).
    not_in_register: list[str] = field(default_factory=list)
    dry_run: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

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
        lines += [f"failed: {what}: {why}" for what, why in self.failures]
        lines += [f"to review: {what}: {why}" for what, why in self.to_review]
        lines += [f"not in the register: {name}" for name in self.not_in_register]
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
            links = _publications(fetcher, base_url, providers, summary)
            links = _allowed_links(fetcher, links, summary, dry_run)
            known = {
                p.file_id: p
                for p in Publication.objects.filter(file_id__in=[link.file_id for _, link in links])
            }
            todo = [
                (provider, link)
                for provider, link in links
                if (since is None or link.published is None or link.published >= since)
                and (
                    link.file_id not in known
                    or known[link.file_id].state == PublicationState.FAILED
                )
            ]
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
                    _record(provider, link, path, reader, finder, summary, archive)
        except RunDeadlinePassed as passed:
            raise RunStopped(f"{where} (at {passed.url[:100]})", summary) from None
        with transaction.atomic():
            SyncCheck.objects.create(
                started_at=started, finished_at=timezone.now(), base_url=base_url,
                summary=summary.as_dict(),
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
            summary.failed += 1
            summary.failures.append((f"{provider.name}: {link.title}", refused.reason))
            recorded = Publication.objects.filter(file_id=link.file_id).exclude(
                state=PublicationState.FAILED
            )
            if not dry_run and not recorded.exists():  # a good row is never undone by a bad link
                _keep(provider, dataclasses.replace(link, url=""), PublicationState.FAILED,
                      [refused.reason])  # fmt: skip
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
    providers = {urn: _Provider(urn, a.name, a) for urn, a in by_urn.items()}
    if slugs:
        return list(providers.values())

    listed: list[site.ProviderLink] = []
    url: str | None = site.search_url(base_url)
    pages = 0
    while url and pages < 100:  # a loop of "next" links ends here
        html = fetcher.page(url)  # a search page that fails stops the run: nothing recorded
        found, url = site.search_page(html, url)
        listed += found
        pages += 1
    if not listed:
        raise SiteChanged(
            'the search results list no provider links (<a href="/provider/44/URN">): the '
            "site's layout may have changed; nothing was recorded (see inspections/ofsted/site.py)"
        )
    for link in listed:
        if link.urn not in providers:
            providers[link.urn] = _Provider(link.urn, link.name, None)
            summary.not_in_register.append(f"{link.name} (URN {link.urn})")
    return list(providers.values())


def _publications(
    fetcher: Fetcher, base_url: str, providers: list[_Provider], summary: SyncSummary
) -> list[tuple[_Provider, PublicationLink]]:
    links: list[tuple[_Provider, PublicationLink]] = []
    for provider in providers:
        url = site.provider_url(base_url, provider.urn)
        try:
            html = fetcher.page(url)
        except FetchFailed as failure:
            summary.failed += 1
            summary.failures.append((f"{provider.name}'s page", failure.reason))
            continue
        summary.providers += 1
        links += [(provider, link) for link in site.provider_page(html, url)]
    if summary.providers and not links:
        raise SiteChanged(
            f"none of the {summary.providers} provider pages lists a publication "
            '(<a class="publication-link">): the site\'s layout may have changed; nothing was '
            "recorded (see inspections/ofsted/site.py)"
        )
    summary.seen = len(links)
    return links


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
        archived = fetcher.archived(link.file_id)
        try:
            path = archived or fetcher.pdf(link.url, link.file_id)
        except FetchFailed as failure:
            return failure
        if archived is None:
            summary.downloaded += 1
        return path

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for number, (item, outcome) in enumerate(
            zip(todo, pool.map(fetch, todo), strict=True), start=1
        ):
            provider, link = item
            if progress:
                progress(number, len(todo), f"downloading {provider.name}: {link.title}")
            if isinstance(outcome, FetchFailed) and not outcome.worth_retrying:
                summary.waiting += 1
                summary.to_review.append((f"{provider.name}: {link.title}", outcome.reason))
                _keep(provider, link, PublicationState.WAITING, [outcome.reason])
            elif isinstance(outcome, FetchFailed):
                summary.failed += 1
                summary.failures.append((f"{provider.name}: {link.title}", outcome.reason))
                _keep(provider, link, PublicationState.FAILED, [outcome.reason])
            else:
                done.append((provider, link, outcome))
    return done


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
    publication, _ = Publication.objects.update_or_create(
        file_id=link.file_id,
        defaults={
            "url": link.url,
            "provider_urn": provider.urn,
            "provider_name": provider.name,
            "authority": provider.authority,
            "title": link.title[:300],
            "kind": link.kind,
            "published_on": link.published,
            "state": state,
            "reasons": reasons,
            "reading": reading.as_json() if reading else None,
            "archived": archived,
            "inspection": inspection,
        },
    )
    return publication


def _record(
    provider: _Provider,
    link: PublicationLink,
    path: Path,
    reader: ReportReader,
    finder: AuthorityFinder,
    summary: SyncSummary,
    archive: Path,
) -> None:
    """Record one downloaded publication, or send it to review: in its own transaction."""
    try:
        archived = str(path.relative_to(settings.MEDIA_ROOT))
    except ValueError:
        archived = str(path)
    with transaction.atomic():
        reading = reader.read(path, published=link.published)
        summary.read += 1
        if link.kind == PublicationKind.INSPECTION:
            state, reasons, inspection = _inspection_record(provider, link, reading, finder)
        else:
            state, reasons, inspection = _visit_record(provider, link, reading)
        _keep(provider, link, state, reasons, reading=reading, archived=archived,
              inspection=inspection)  # fmt: skip
    if state == PublicationState.RECORDED:
        summary.recorded += 1
    else:
        summary.waiting += 1
        summary.to_review.append((f"{provider.name}: {link.title}", "; ".join(reasons)))


def _inspection_record(
    provider: _Provider, link: PublicationLink, reading: ReportReading, finder: AuthorityFinder
) -> tuple[str, list[str], Inspection | None]:
    """(state, reasons, inspection): recorded only when the reading is sure and merges with
    what is recorded without a conflict."""
    waiting = PublicationState.WAITING
    if reading.error:
        return waiting, [f"not read: {reading.error}"], None
    reasons = list(reading.warnings)
    if provider.authority is None:
        reasons.append(f"the provider (URN {provider.urn}) is not in the register")
        return waiting, reasons, None
    finder.find(reading.authority, provider.urn, reasons.append)
    if reading.kind == ReportKind.LSCB_REVIEW:
        reasons.append("an LSCB review on its own: recorded only with its inspection")
    published = reading.published or link.published
    if published is None:
        reasons.append("no publication date on the report or its link")
    if reasons:
        return waiting, reasons, None

    recorded = Inspection.objects.filter(
        authority=provider.authority, report_url__endswith=f"/{link.file_id}"
    ).first()
    report_url = link.url
    if recorded is not None and recorded.published_on:
        # The history's row for this very file: its date and its link (the same file).
        published, report_url = recorded.published_on, recorded.report_url
    record = InspectionRecord.from_reading(
        reading, authority=provider.authority, published_on=published, report_url=report_url
    )
    conflicts: list[str] = []
    existing = existing_inspections([provider.authority])
    try:
        with transaction.atomic():
            inspection_merge(record=record, warn=conflicts.append, existing=existing)
            if conflicts:
                raise _Conflicts
    except _Conflicts:
        return waiting, conflicts, None
    except (ValidationError, IntegrityError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        return waiting, [f"refused: {m}" for m in messages], None
    return PublicationState.RECORDED, [], existing[(provider.authority.pk, published)]


class _Conflicts(Exception):
    """Rolls back a merge that found conflicts: the publication waits for review instead."""


def _visit_record(
    provider: _Provider, link: PublicationLink, reading: ReportReading
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
    except ValidationError as error:
        return waiting, [f"refused: {m}" for m in error.messages], None
    visit.save()
    return PublicationState.RECORDED, [], None
