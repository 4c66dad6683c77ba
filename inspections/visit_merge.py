"""One source's account of a visit between inspections (a monitoring visit, a focused visit, a
JTAI) merged with what is recorded: the visit found again however it was recorded (by the
sync, an import, an editor), filled in where it lacks a value, never recorded twice.

Two accounts of one authority's visits of one kind are the same visit when

- they name the same letter (report link), or
- their first days on site, or their publication dates, are at most MATCH_DAYS apart (the
  inspections' window, matching.py: no authority has two visits of a kind within three weeks), or
- one gives only the first day on site and the other only the letter's publication, and the
  letter came out on or after that day and within LETTER_AFTER of it.

A visit found is only filled in: a value it lacks is taken, a value it has is kept, and where
the two sources give different dates the other one is kept beside it as a DataNote (settled
"note"; "editor kept" against an editor's entry). Themes are filled but never compared: each
source words them its own way ("Children in need/subject to a plan").

A monitoring visit follows up an inspection judged inadequate (MonitoringVisit.follows): the
latest inspection of its authority published before the visit began, which must be one that
monitoring visits follow (Inspection.may_be_monitored). With none, the visit is not dropped: it
waits for review as a DataNote with no inspection (settled "waiting"), and is recorded by the
first merge that finds the inspection it follows (the note then goes, as nothing waits).
"""

from __future__ import annotations

import datetime as dt

from authorities.models import Authority

from .matching import MATCH_DAYS
from .models import VISIT_MODELS, DataNote, Inspection, MonitoringVisit
from .sources import Settled, Source

_WINDOW = dt.timedelta(days=MATCH_DAYS)
#: How long after its first day on site a visit's letter comes out, at most: 29 to 79 days for
#: every visit of Ofsted's 2024-25 statistics (half of them 30), so twelve weeks. A visit of a
#: kind comes to an authority about once a quarter at most, and the letter follows the visit,
#: so the window cannot join one visit's letter to the next visit.
LETTER_AFTER = dt.timedelta(weeks=12)

#: The dates compared, and noted where two sources differ.
_DATES = ("started_on", "ended_on", "published_on")


def _distance(visit, *, started_on, ended_on, published_on, report_url) -> dt.timedelta | None:
    """How far apart the two accounts are, if they are the same visit (None if not)."""
    if report_url and visit.report_url == report_url:
        return dt.timedelta(0)
    found = []
    if visit.started_on and started_on:
        found.append(abs(visit.started_on - started_on))
    if visit.published_on and published_on:
        found.append(abs(visit.published_on - published_on))
    if found:
        nearest = min(found)
        return nearest if nearest <= _WINDOW else None
    # Nothing like to compare with like: one gives the visit's start, the other its letter.
    for start, letter in ((started_on, visit.published_on), (visit.started_on, published_on)):
        if start and letter and start <= letter <= start + LETTER_AFTER:
            return letter - start
    return None


def visit_matching(model, authority: Authority, **dates):
    """The visit of this kind recorded for the authority that is the one these dates (and
    report link) describe, the nearest where several could be; None if none."""
    scored = [
        (distance, visit.pk, visit)
        for visit in model.objects.filter(authority=authority)
        if (distance := _distance(visit, **dates)) is not None
    ]
    return min(scored, key=lambda item: item[:2])[2] if scored else None


def inspection_followed(authority: Authority, day: dt.date) -> tuple[Inspection | None, str]:
    """(the inspection a monitoring visit beginning on `day` follows up, "") or (None, why
    none): the latest of the authority's inspections published before that day, if monitoring
    visits may follow it (judged inadequate)."""
    latest = (
        Inspection.objects.filter(authority=authority, published_on__lt=day)
        .prefetch_related("judgements")
        .order_by("-published_on", "-pk")
        .first()
    )
    if latest is None:
        return None, f"no inspection of {authority} is recorded as published before it"
    if not latest.may_be_monitored:
        grade = latest.get_overall_effectiveness_display().lower() or "not graded overall"
        return None, (
            f"the latest inspection before it (published {_on(latest.published_on)}) is "
            f"{grade}, not judged inadequate"
        )
    return latest, ""


def _on(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _waiting_note(authority: Authority, kind: str, day: dt.date, source: str):
    return DataNote.objects.filter(
        authority=authority,
        inspection=None,
        field=kind,
        other_source=source,
        other_value=day.isoformat(),
    )


def visit_merge(
    *,
    authority: Authority,
    kind: str,
    started_on: dt.date | None,
    ended_on: dt.date | None,
    published_on: dt.date | None,
    theme: str,
    dates_note: str,
    source: str,
    report_url: str = "",
) -> str:
    """Record the visit, or fill in the one recorded (see the module's docstring): 'created',
    'updated', 'unchanged', or 'waiting' (a monitoring visit with no inspection to follow,
    kept as a DataNote for review). `dates_note` says what the source gives of the dates when
    it does not give both days on site (the model requires one then). Raises ValidationError
    when the visit breaks a rule (a letter published before the visit ended, say); the caller
    decides what that means for the rest of its work."""
    model = VISIT_MODELS[kind]
    dates = {"started_on": started_on, "ended_on": ended_on, "published_on": published_on}
    visit = visit_matching(model, authority, report_url=report_url, **dates)
    day = started_on or published_on
    if visit is not None:
        _waiting_note(authority, kind, day, source).filter(settled=Settled.WAITING).delete()
        return _fill(
            visit, dates, theme=theme, dates_note=dates_note, source=source, report_url=report_url
        )

    follows = None
    if model is MonitoringVisit:
        follows, why = inspection_followed(authority, day)
        if follows is None:
            on_site = (
                f"on site from {_on(started_on)}"
                if started_on
                else (f"published {_on(published_on)}")
            )
            detail = (
                f"A monitoring visit {on_site}"
                + (f" (theme: {theme})" if theme else "")
                + f" (source: {Source(source).label}): {why}; it waits for review."
            )
            DataNote.objects.get_or_create(
                authority=authority,
                inspection=None,
                field=kind,
                other_source=source,
                other_value=day.isoformat(),
                defaults={"settled": Settled.WAITING, "detail": detail[:300]},
            )
            return "waiting"
    visit = model(
        authority=authority,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        theme=theme,
        dates_note="" if started_on and ended_on else dates_note,
        report_url=report_url,
        source=source,
    )
    if follows is not None:
        visit.follows = follows
    visit.full_clean()
    visit.save()
    # Placed now: a note that it waited for review has nothing left to wait for.
    _waiting_note(authority, kind, day, source).filter(settled=Settled.WAITING).delete()
    return "created"


def _fill(visit, dates: dict, *, theme: str, dates_note: str, source: str, report_url: str) -> str:
    changed = []
    for name, value in dates.items():
        current = getattr(visit, name)
        if value is None or current == value:
            continue
        if current is None:
            setattr(visit, name, value)
            changed.append(name)
            continue
        kept_source = visit.source
        DataNote.objects.get_or_create(
            authority=visit.authority,
            inspection=None,
            field=visit.kind,
            other_source=source,
            other_value=f"{name} {value.isoformat()}",
            defaults={
                "kept_value": f"{name} {current.isoformat()}",
                "kept_source": kept_source,
                "settled": Settled.EDITOR_KEPT if kept_source == Source.EDITOR else Settled.NOTE,
                "detail": f"{visit._meta.get_field(name).verbose_name.capitalize()}: the "
                f"{visit._meta.verbose_name} is recorded with {_on(current)}, "
                f"{Source(source).label} give {_on(value)}; the recorded date is kept.",
            },
        )
    if theme and not visit.theme:
        visit.theme = theme
        changed.append("theme")
    if report_url and not visit.report_url:
        visit.report_url = report_url
        changed.append("report_url")
    # Days on site filled in, and still not both: they are (partly) this source's now, and its
    # note says what it gives of them.
    filled_days = {"started_on", "ended_on"} & set(changed)
    if filled_days and dates_note and not (visit.started_on and visit.ended_on):
        visit.dates_note = dates_note
        changed.append("dates_note")
    if not changed:
        return "unchanged"
    visit.full_clean()
    visit.save(update_fields=changed)
    return "updated"
