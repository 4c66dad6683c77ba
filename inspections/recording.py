"""The one policy by which a report's reading becomes part of the record, for the sync
(ofsted/sync.py) and `import_reports` (reports_import.py) alike: record what the reader is sure
of, and hold back only what is really in doubt.

    outcome = reading_record(authority=..., reading=..., listing=Listing(...), finder=...)

- Whose report it is: the provider's, by its URN (the caller's `authority`). The name on the
  cover is a check, through the register's names and the aliases of authorities/aliases.py: a
  cover that names another authority of the register (not a predecessor or successor) is a
  doubt; one that names the provider another way, or names nothing the register knows, is not.
- The framework: the report's format (the reader's layout), with the on-site dates as evidence
  (the rules accept a SIF report on site in 2018); a format the reader found at odds with its
  dates is a doubt.
- The publication date: the one the report prints, else its listing's. Where the two differ,
  the printed one is recorded and the listing's is kept as a note (a DataNote of the
  inspection, settled "note"); where the report prints none, the listing's is recorded with
  the listing as its source. Two dates more than MATCH_DAYS apart, a date in the future or
  before 2009, or one before the inspection ended, are doubts.
- A value the reader could not read (a grade not found where the format prints it, no lead
  inspector line, on-site dates it could not trust) is a finding for that value only: the rest
  is recorded, the value stays unknown, and the finding is kept with the outcome (the sync
  keeps it on the Publication's reasons).
- What is recorded already: the report is matched to the authority's recorded inspections by
  the matching rule (matching.py, through merging.Recorded.find), never by an exact date, and
  merged (merging.inspection_merge): each value keeps its sources, a better source's value wins
  with a note. A disagreement no rule settles (two sources of one rank: two reports, or the
  listing and the history) and a record the rules refuse are doubts, and nothing of it stays.
- An LSCB review published on its own gives only its LSCB grade, to the SIF inspection it
  belongs to by the matching rule; with none recorded, it waits.

Whatever is in doubt waits for a person with its reasons, and nothing of it is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from authorities.models import Authority

from . import matching
from .authority_match import AuthorityFinder, authority_name_key
from .matching import MATCH_DAYS
from .merging import InspectionRecord, Recorded, existing_inspections, inspection_merge
from .models import Inspection
from .reader import ReportKind, ReportReading, findings
from .rules import Area, Framework
from .sources import UNRECORDED, Settled, Source

#: The earliest publication recorded: the frameworks recorded here begin in 2009.
EARLIEST_PUBLICATION = dt.date(2009, 1, 1)


@dataclass(frozen=True)
class Listing:
    """Where the report was found, and whose word that is: the listing's publication date, the
    report's link and file id (the last part of the link; the archive's file name)."""

    published_on: dt.date | None = None
    url: str = ""
    file_id: str = ""
    #: Whose word the date and the link are: Ofsted's report listing for the sync; for a
    #: folder of reports, the recorded inspection's source of the same file (the history).
    source: str = Source.SYNC_LISTING


@dataclass
class Recording:
    """What the policy did with one reading."""

    recorded: bool
    #: Why it waits, when it waits (the doubts first, then the findings); when it is recorded,
    #: what was kept about it: each finding on a value left unknown, each date kept as a note.
    reasons: list[str] = field(default_factory=list)
    inspection: Inspection | None = None
    #: "created", "updated" or "unchanged" when recorded (merging.inspection_merge).
    outcome: str = ""


def date_refusal(published: dt.date | None) -> str | None:
    """Why a publication date is not taken on its word (it waits for a person), or None."""
    if published is None:
        return None
    if published > timezone.localdate():
        return f"dated {published.isoformat()}, in the future: check the date"
    if published < EARLIEST_PUBLICATION:
        return f"dated {published.isoformat()}, before {EARLIEST_PUBLICATION.year}: check the date"
    return None


def another_authority(named: str, provider: Authority, finder: AuthorityFinder) -> Authority | None:
    """The register's authority a cover or letter names when that is not the provider, nor (by
    its present or former names, or an alias) a predecessor or successor of it; None when it
    names the provider, or no authority of the register (a name read here is only evidence
    against)."""
    if not named:
        return None
    authorities = finder.by_key.get(authority_name_key(named), [])
    if not authorities or provider in authorities:
        return None
    related = {provider.pk}
    related |= set(provider.predecessors.values_list("pk", flat=True))
    related |= set(provider.successors.values_list("pk", flat=True))
    if any(a.pk in related for a in authorities):
        return None
    return authorities[0]


def reading_record(
    *,
    authority: Authority,
    reading: ReportReading,
    listing: Listing,
    finder: AuthorityFinder,
    existing: Recorded | None = None,
) -> Recording:
    """Record one report's reading as the provider `authority`'s, or say why it waits (see the
    module). In a savepoint of its own: a reading that waits leaves nothing in the database or
    in `existing` (a preloaded merging.existing_inspections, to spare the queries)."""
    if reading.error:
        return Recording(False, [f"not read: {reading.error}"])
    doubts: list[str] = []
    kept: list[str] = []
    if other := another_authority(reading.authority, authority, finder):
        doubts.append(
            f"the cover names {other}, not {authority} (the provider): check whose report it is"
        )
    for finding in reading.findings:
        (doubts if finding.field == findings.FRAMEWORK else kept).append(finding.message)
    dates_doubted = reading.has_finding(findings.INSPECTION_DATES)
    printed, listed = reading.published, listing.published_on
    published = printed or listed
    if published is None:
        doubts.append("no publication date on the report or its listing")
    elif refusal := date_refusal(published):
        doubts.append(refusal)
    else:
        if printed and listed and abs(printed - listed) > dt.timedelta(days=MATCH_DAYS):
            doubts.append(
                f"the report prints publication on {printed}, its listing says {listed}: more "
                f"than {MATCH_DAYS} days apart, so one may be another report's"
            )
        ended = None if dates_doubted else reading.inspection_end
        if ended and published < ended:
            doubts.append(f"published {published}, before the inspection ended ({ended})")
    if doubts:
        return Recording(False, doubts + kept)

    existing = existing if existing is not None else existing_inspections([authority])
    if reading.kind == ReportKind.LSCB_REVIEW:
        return _lscb_record(authority, reading, published, existing, kept, listing)

    record = InspectionRecord.from_reading(reading, authority=authority, published_on=published)
    if dates_doubted:  # the finding says what was printed; the dates stay unknown
        record.started_on = record.ended_on = None
    record.sources["published_on"] = [Source.REPORT if printed else listing.source]
    if printed and listed and printed != listed:
        record.notes.append(_date_note(printed, listed, listing.source))
        kept.append(
            f"published: the report prints {printed}, its listing says {listed}; the printed "
            "date is recorded, the listing's kept as a note"
        )
    elif not printed and reading.has_finding(findings.PUBLISHED):
        kept.append(f"published: {listed}, its listing's date, recorded")

    matched = existing.find(record)
    same_file = _recorded_with_file(existing.of(authority.pk), listing.file_id)
    if same_file is not None and (matched is None or matched.pk != same_file.pk):
        return Recording(
            False,
            [
                f"the inspection recorded with this file (published {same_file.published_on}) "
                "is not the one this report matches by its dates: check which inspection it is",
                *kept,
            ],
        )
    if same_file is None and listing.url:
        record.report_url = listing.url
        record.sources["report_url"] = [listing.source]
    # Else the recorded inspection links this very file already: its link is kept.
    return _merged(record, matched, existing, kept)


def _date_note(printed: dt.date, listed: dt.date, source: str) -> dict:
    """The listing's publication date, kept beside the printed one (merging._notes_save)."""
    return {
        "field": "published_on",
        "kept_value": printed.isoformat(),
        "kept_source": Source.REPORT,
        "other_value": listed.isoformat(),
        "other_source": source,
        "settled": Settled.NOTE,
        "detail": "The report prints its publication date; its listing gives another.",
    }


def _recorded_with_file(inspections: list[Inspection], file_id: str) -> Inspection | None:
    """The authority's recorded inspection whose link is this file (the history stores Ofsted's
    links, whose last part is the file id), if any."""
    if not file_id:
        return None
    return next((i for i in inspections if i.report_url.endswith(f"/{file_id}")), None)


#: How long after its SIF inspection's report an LSCB review was published on its own at most
#: (Surrey's: 61 days after the SIF report of 3 June 2015, on site 15 to 17 June).
LSCB_REVIEW_AFTER_DAYS = 183


def _lscb_record(
    authority: Authority,
    reading: ReportReading,
    published: dt.date,
    existing: Recorded,
    kept: list[str],
    listing: Listing,
) -> Recording:
    """An LSCB review published on its own: its grade given to the SIF inspection it belongs to
    (the matching rule; else the authority's latest SIF report published up to
    LSCB_REVIEW_AFTER_DAYS before it), which keeps its own dates, link and inspector; else it
    waits. Where the history lists the review as an inspection of its own (its row links this
    file and holds no grade of any source but the history), that row is not an inspection: it
    is removed, and a data note on the SIF inspection says so."""
    grade = reading.grades.get(Area.LSCB)
    if not grade:
        return Recording(False, ["an LSCB review whose LSCB grade was not read", *kept])
    own = existing.of(authority.pk)
    listed_as_inspection = _recorded_with_file(own, listing.file_id)
    if listed_as_inspection is not None and not history_listing_only(listed_as_inspection):
        listed_as_inspection = None
    candidates = [i for i in own if i is not listed_as_inspection]
    matched = matching.matching(
        candidates,
        framework=reading.model_framework,
        published_on=published,
        started_on=reading.inspection_start,
        ended_on=reading.inspection_end,
    )
    if matched is None:
        earlier = [
            i
            for i in candidates
            if i.framework in (reading.model_framework, Framework.UNKNOWN)
            and i.published_on
            and dt.timedelta(0)
            <= published - i.published_on
            <= dt.timedelta(days=LSCB_REVIEW_AFTER_DAYS)
        ]
        matched = max(earlier, key=lambda i: i.published_on, default=None)
    if matched is None:
        return Recording(
            False,
            [
                f"an LSCB review on its own (published {published}): no inspection of "
                f"{authority} is recorded within {MATCH_DAYS} days of it, on site with it, or "
                f"up to {LSCB_REVIEW_AFTER_DAYS} days before it, so its grade waits to be "
                "given to its inspection",
                *kept,
            ],
        )
    record = InspectionRecord(
        authority=authority,
        published_on=matched.published_on,
        framework=reading.model_framework,
        grades={Area.LSCB: grade},
        source=Source.REPORT,
        # The inspection's own date, with its own sources: the review does not vouch for it.
        sources={"published_on": list((matched.sources or {}).get("published_on") or [UNRECORDED])},
    )
    if listed_as_inspection is not None:
        record.notes.append(
            {
                "field": "inspection",
                "kept_value": "",
                "kept_source": Source.REPORT,
                "other_value": listed_as_inspection.published_on.isoformat(),
                "other_source": Source.HISTORY,
                "settled": Settled.HIGHER_SOURCE,
                "detail": (
                    f"The history file lists the LSCB review published "
                    f"{_words(listed_as_inspection.published_on)} as an inspection of its own; "
                    f"the review gives its LSCB grade to this SIF inspection, published "
                    f"{_words(matched.published_on)}, and the history's row is not kept."
                ),
            }
        )
        kept.append(
            f"the history's row for this LSCB review (published "
            f"{listed_as_inspection.published_on}) is not an inspection: removed"
        )
    recording = _merged(record, matched, existing, kept)
    if recording.recorded and listed_as_inspection is not None:
        listed_review_remove(listed_as_inspection, existing)
    return recording


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def history_listing_only(inspection: Inspection) -> bool:
    """Whether every value of the inspection comes from the history file alone, and it has no
    grade: a row the history made for a file, which no other source vouches for."""
    sources = inspection.sources or {}
    has_grade = inspection.overall_effectiveness or inspection.judgements.all()
    return not has_grade and all(v[:1] == [Source.HISTORY] for v in sources.values())


def listed_review_remove(inspection: Inspection, existing: Recorded) -> None:
    if inspection.monitoring_visits.exists():
        return  # something follows it: keep it for a person to settle
    existing.by_authority[inspection.authority_id] = [
        i for i in existing.of(inspection.authority_id) if i.pk != inspection.pk
    ]
    inspection.delete()


class _Conflicts(Exception):
    """Rolls back a merge that found a disagreement no rule settles."""


def _merged(
    record: InspectionRecord, matched: Inspection | None, existing: Recorded, kept: list[str]
) -> Recording:
    conflicts: list[str] = []
    try:
        with transaction.atomic():
            outcome = inspection_merge(record=record, warn=conflicts.append, existing=existing)
            if conflicts:
                raise _Conflicts
    except (_Conflicts, ValidationError, IntegrityError) as error:
        existing.forget_changes(matched)
        if matched is None and record.inspection is not None:  # created, then rolled back
            existing.by_authority[record.authority.pk] = [
                i for i in existing.of(record.authority.pk) if i is not record.inspection
            ]
        if isinstance(error, _Conflicts):
            reasons = conflicts
        elif isinstance(error, ValidationError):
            reasons = [f"refused: {message}" for message in error.messages]
        else:
            reasons = [f"refused by the database: {error}"]
        return Recording(False, reasons + kept)
    return Recording(True, kept, record.inspection, outcome)
