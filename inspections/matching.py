"""Whether two accounts describe the same inspection: the one rule every source's merge uses
(the report reader's recording, the official statistics, the history file, the shipped record),
and the admin's near-duplicate check.

Two accounts of one authority are the same inspection when

- their publication dates are at most MATCH_DAYS apart (Norfolk's 2015 report prints 19 October,
  its listing says 20 October; Ofsted's statistics sometimes date a report a few days from its
  cover), or their on-site periods overlap; and
- their frameworks do not rule it out: two different frameworks before SIF (a child protection
  and a looked after children inspection of the same year) are two inspections; a framework
  not yet known, "before SIF, one of them", or SIF against ILACS in their overlap (a report's
  format against a framework assumed from dates) is not evidence of two.

No authority has had two graded inspections of one framework within three weeks of each other,
so the window cannot join two real inspections; visits are other models and never match.
"""

from __future__ import annotations

import datetime as dt

from . import rules

MATCH_DAYS = 21
_WINDOW = dt.timedelta(days=MATCH_DAYS)

#: Frameworks that only a report or the statistics name: two different ones are two inspections.
_NAMED_ONLY = frozenset(f for f, r in rules.FRAMEWORKS.items() if not r.assumed_from_dates)


def frameworks_agree(one: str, other: str) -> bool:
    return one == other or not (one in _NAMED_ONLY and other in _NAMED_ONLY)


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    if not (a_start and b_start):
        return False
    return a_start <= (b_end or b_start) and b_start <= (a_end or a_start)


def same_inspection(
    recorded,
    *,
    framework: str,
    published_on: dt.date | None,
    started_on: dt.date | None = None,
    ended_on: dt.date | None = None,
) -> bool:
    """Whether `recorded` (an Inspection, or anything with its date and framework fields) is
    the inspection these values describe (the authority is the caller's to compare)."""
    if not frameworks_agree(recorded.framework, framework):
        return False
    if (
        recorded.published_on
        and published_on
        and abs(recorded.published_on - published_on) <= _WINDOW
    ):
        return True
    return _overlap(recorded.started_on, recorded.ended_on, started_on, ended_on)


def matching(candidates, **values):
    """The candidate that is the same inspection (same_inspection), the nearest by publication
    date where more than one is; None if none."""
    found = [c for c in candidates if same_inspection(c, **values)]
    published = values.get("published_on")
    if published:
        found.sort(key=lambda c: abs(c.published_on - published) if c.published_on else _FAR)
    return found[0] if found else None


_FAR = dt.timedelta(days=100_000)
