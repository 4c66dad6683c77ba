"""What each chart says without the picture: its caption, in sentences written from its data.

Built from the same series and points (dashboard/series.py) as the figures (dashboard/charts.py)
and the tables (dashboard/*_tables.py), so the words, the table, the files and the drawing cannot
disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from inspections.coverage import CoveragePoint
from inspections.releases import SYNC_BASIS, KnownPeriod, in_known_period
from inspections.rules import Grade

from .benchmarks import InspectionBenchmark, place_phrase
from .series import AreaGrades, GradePoint, GradeSeries, TimelineEvent


def _listed(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def grade_story(points: Sequence[GradePoint]) -> str:
    """'inadequate in 2014 and again in 2018; requires improvement to be good in 2022 and again in
    2025': each run of one grade in order, by the years its reports were published."""
    runs: list[tuple[str, list[int]]] = []
    for point in points:
        if not point.grade:
            continue
        if runs and runs[-1][0] == point.grade:
            runs[-1][1].append(point.published_on.year)
        else:
            runs.append((point.grade, [point.published_on.year]))
    phrases = []
    for grade, years in runs:
        words = Grade(grade).label.lower()
        if len(years) == 2:
            phrases.append(f"{words} in {years[0]} and again in {years[1]}")
        else:
            phrases.append(f"{words} in {_listed([str(y) for y in years])}")
    return "; ".join(phrases)


def _ungraded_note(points: Sequence[GradePoint], what: str) -> str:
    """Why reports have no grade in the series: the framework gives none (overall effectiveness
    from April 2026: the point is not `judged`, rules.judges), or the grade is not recorded;
    said apart, never one for the other."""
    ungraded = [p for p in points if not p.grade]
    gives_none = what == "overall effectiveness"
    not_given = [p for p in ungraded if gives_none and not p.judged]
    by_framework = [str(p.published_on.year) for p in not_given]
    unrecorded = [str(p.published_on.year) for p in ungraded if p.judged or not gives_none]
    note = ""
    if by_framework:
        one = len(by_framework) == 1
        frameworks = _listed(list(dict.fromkeys(p.framework for p in not_given)))
        note += (
            f" The report{'' if one else 's'} published in {_listed(by_framework)} "
            f"give{'s' if one else ''} no {what} grade: {'its' if one else 'their'} framework "
            f"({frameworks}) gives none; the area grades tell."
        )
    if unrecorded:
        reports = "report" if len(unrecorded) == 1 else "reports"
        note += (
            f" No {what} grade is recorded for the {reports} published in {_listed(unrecorded)}."
        )
    return note


def trajectory_caption(
    authority_name: str, series: Sequence[GradeSeries], events: Sequence[TimelineEvent]
) -> str:
    """The authority's story in a few sentences: its overall effectiveness (or, without any, its
    first judgement with grades), then what else the chart marks."""
    own = [s for s in series if not s.is_predecessor]
    main = next((s for s in own if any(p.grade for p in s.points)), None)
    if main is None:
        text = f"No inspection grade is recorded for {authority_name}."
    else:
        what = main.name.lower()
        text = (
            f"{main.name}: {authority_name} was judged {grade_story(main.points)}."
            + _ungraded_note(main.points, what)
        )
        others = [s.name for s in own if s is not main and s.visible]
        if others:
            text += f" The chart also draws {_listed([o.lower() for o in others])}."
    predecessors = list(
        dict.fromkeys(p.authority_name for s in series if s.is_predecessor for p in s.points)
    )
    if predecessors:
        text += (
            f" It also has the inspections of {_listed(predecessors)}, the authorit"
            f"{'y' if len(predecessors) == 1 else 'ies'} it replaced, drawn with open markers."
        )
    if events:
        kinds: dict[str, list[int]] = {}
        for event in events:
            kinds.setdefault(event.kind.lower(), []).append(event.on.year)
        marks = [
            f"{len(years)} {kind}{'s' if len(years) > 1 and not kind.endswith('s') else ''} "
            f"({years[0]}{'' if years[0] == years[-1] else f' to {years[-1]}'})"
            for kind, years in kinds.items()
        ]
        text += f" Below the grades it marks {_listed(marks)}."
    return text


def comparison_caption(area_label: str, series: Sequence[GradeSeries]) -> str:
    sentences = []
    for one in series:
        name = one.name.removesuffix(" (no judgement recorded)")
        if any(p.grade for p in one.points):
            sentences.append(f"{name} was judged {grade_story(one.points)}.")
        else:
            sentences.append(f"{name} has no {area_label.lower()} grade recorded.")
    return f"{area_label}. " + " ".join(sentences)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def regions_caption(england: AreaGrades, regions: Sequence[AreaGrades], grades: Sequence[str]):
    if not england.graded:
        return "No current authority's latest report has an overall grade recorded yet."
    parts = [
        f"{england.counts.get(g, 0)} {Grade(g).label.lower()} ({_percent(england.share(g))})"
        for g in grades
    ]
    text = (
        f"In England, of the {england.graded} authorities whose latest report has an overall "
        f"grade, {_listed(parts)}."
    )
    ranked = [
        (sum(r.share(g) or 0 for g in ("outstanding", "good")), r.name) for r in regions if r.graded
    ]
    if len(ranked) > 1:
        high, low = max(ranked), min(ranked)
        text += (
            f" The share judged good or outstanding is highest in {high[1]} "
            f"({high[0]:.0f}%) and lowest in {low[1]} ({low[0]:.0f}%)."
        )
    return text


def over_time_caption(points: Sequence[CoveragePoint]) -> str:
    shown = [p for p in points if p.share is not None]
    if not shown:
        return (
            "No date yet has a known overall grade for at least half of the active authorities, "
            "so no share of good or outstanding is shown."
        )
    first, last = shown[0], shown[-1]
    low = min(shown, key=lambda p: p.share)
    high = max(shown, key=lambda p: p.share)
    text = (
        f"Of the authorities with a known overall grade, {first.share:.0f}% were good or "
        f"outstanding on {first.on:%-d %B %Y}"
    )
    if points[0].share is None:
        text += " (the first date at least half of the active authorities had a known grade)"
    if last is not first:
        text += f" and {last.share:.0f}% on {last.on:%-d %B %Y}"
    text += (
        f". The lowest share was {low.share:.0f}% ({low.on:%B %Y}), the highest "
        f"{high.share:.0f}% ({high.on:%B %Y})."
    )
    return text


def benchmark_sentence(rows: Sequence[InspectionBenchmark]) -> str:
    """One inspection against its places ("when Buckinghamshire County Council was judged
    inadequate in August 2014, 21% of the authorities in England with a known grade were"):
    the share at the inspection's own grade in each place, or why there is none."""
    first = rows[0]
    when = f"When {first.authority_name} {first.verb_phrase} in {first.published_on:%B %Y}"
    if not first.grade:
        return f"{when}, there was no grade of its own to set against others."
    words = Grade(first.grade).label.lower()
    shares, gaps = [], []
    for row in rows:
        where = place_phrase(row.shares.place)
        if row.shares.is_covered:
            count = row.shares.counts.get(first.grade, 0)
            shares.append(
                f"{_percent(row.shares.share(first.grade))} of the authorities with a known grade "
                f"{where} were judged {words} ({count} of {row.shares.known})"
            )
        else:
            gaps.append(f"{where} ({row.shares.known} of {row.shares.active})")
    clauses = [_listed(shares)] if shares else []
    if gaps:
        clauses.append(
            f"fewer than half of the authorities had a known grade {_listed(gaps)}, "
            "so no share is given"
        )
    return f"{when}, {'; '.join(clauses)}."


# --- How complete the data is -------------------------------------------------------------------

#: Where interventions come from, in the words every page uses for it (the authority page, /data/).
INTERVENTIONS_SOURCE = (
    "Interventions (statutory directions, commissioners, children's trusts and improvement "
    "partners) are entered by editors: no national source lists them"
)


def day_in_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_in_words(period: KnownPeriod) -> str:
    if period.ends_on is None:
        return f"since {day_in_words(period.starts_on)}"
    return f"{day_in_words(period.starts_on)} – {day_in_words(period.ends_on)}"


def visits_known_phrase(periods: Sequence[KnownPeriod]) -> str:
    """For which days the record holds every visit, and what says so: 'Monitoring and focused
    visits are known for 1 April 2022 – 31 March 2023 … (Ofsted's official statistics), and every
    visit since 3 December 2026 (checked against Ofsted)'."""
    official = [p for p in periods if p.basis != SYNC_BASIS]
    synced = [p for p in periods if p.basis == SYNC_BASIS]
    parts = []
    if official:
        parts.append(
            "Monitoring and focused visits are known for "
            + _listed([period_in_words(p) for p in official])
            + " (Ofsted's official statistics)"
        )
    if synced:
        since = _listed([period_in_words(p) for p in synced])
        parts.append(f"every visit {since} (checked against Ofsted)")
    if not parts:
        return "No period of visits is known nationally"
    if not official:
        return "Visits are known " + parts[0].removeprefix("every visit ")
    return ", and ".join(parts)


def visits_coverage_sentence(
    authority_name: str, visits: Sequence, periods: Sequence[KnownPeriod]
) -> str:
    """What an authority's list of visits covers, so that an empty list (or year) is not read as
    no visit: the periods known nationally, and how many of its visits fall in them."""
    known = visits_known_phrase(periods)
    periods = tuple(periods)
    # A visit is in a period when it was on site in it (the statistics' year) or its letter was
    # published in it (what the sync reads).
    inside = sum(
        any(in_known_period(day, periods) for day in (v.started_on, v.published_on)) for v in visits
    )
    count = len(visits)
    if not count:
        found = f"none is recorded for {authority_name} in those periods"
    elif count == 1:
        found = f"the one visit listed falls {'in' if inside else 'outside'} them"
    elif inside == count:
        found = f"all {count} visits listed fall in them"
    elif not inside:
        found = f"none of the {count} visits listed falls in them"
    else:
        found = f"{inside} of the {count} visits listed fall in them"
    return (
        f"{known}; {found}. Outside those periods the record may not hold every visit: no visit "
        "listed for a year outside them does not mean none took place."
    )


def interventions_coverage_sentence(authority_name: str, count: int) -> str:
    recorded = (
        f"None is recorded for {authority_name}."
        if not count
        else f"{count} {'is' if count == 1 else 'are'} recorded for {authority_name}, listed "
        "at the top of this page and marked on the chart."
    )
    return f"{INTERVENTIONS_SOURCE}, so some may be missing. {recorded}"


def recency_sentence(latest: dt.date | None, last_checked_on: dt.date | None) -> str:
    """How recent the data is, so that an empty 'last 30 days' is not read as a quiet month:
    'Reports up to 20 August 2026; last checked against Ofsted on 1 December 2026.'"""
    reports = f"Reports up to {day_in_words(latest)}" if latest else "No reports are recorded yet"
    if last_checked_on is None:
        return f"{reports}; never checked against Ofsted's site."
    return f"{reports}; last checked against Ofsted on {day_in_words(last_checked_on)}."
