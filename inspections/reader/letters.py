"""Ofsted's letters about a local authority's children's services that are no graded report:
monitoring visits, focused visits (and the 2020–2021 assurance visits), joint targeted area
inspections. They give no grades; what the dashboard takes from one is the days inspectors were
on site, which each prints in its first paragraph:

    This letter summarises the findings of the monitoring visit to Sandwell children's
    services on 12 and 13 October 2022.
    This letter summarises the findings of the focused visit to Buckinghamshire local
    authority children's services on 13 and 14 November 2019.
    Between 6 and 10 March 2023, Ofsted, the Care Quality Commission (CQC), ... carried out
    a joint inspection of ...

The days are read by text.parse_on_site (first day of the first part to the last day of the
last: "12 and 13 October" is 12 to 13 October). Anything else leaves them unread: a letter's own
date at its head is when it was signed, never taken for the visit's.
"""

from __future__ import annotations

import re

from ..rules import PublicationKind
from .text import OnSite, parse_on_site

#: The kind of letter page 1's head names.
LETTER_TITLE = re.compile(
    r"\b(Focused visit|Assurance visit|Monitoring visit|Joint targeted area inspection)\b",
    re.IGNORECASE,
)

#: "the findings of the monitoring visit to <authority> on|from <days>"; "Between <days>, Ofsted".
_VISIT_DAYS = re.compile(
    r"findings of (?:the|an?) (?:monitoring|focused|assurance) visit to .{3,160}? "
    r"(?:on|from|between) (?=\d)",
    re.IGNORECASE,
)
#: The authority a visit's letter is about: "Monitoring visit to Sandwell children's services",
#: "the focused visit to Buckinghamshire local authority children's services".
_VISIT_AUTHORITY = re.compile(
    r"\b(?:monitoring|focused|assurance) visit to (?:the )?(\w[\w ,'&.-]{1,80}?)"
    r"(?:'s)? (?:local authority )?children['\u2019]?s services",
    re.IGNORECASE,
)
_JTAI_DAYS = re.compile(r"\bBetween (?=\d)", re.IGNORECASE)


_KINDS = {
    "monitoring visit": PublicationKind.MONITORING_VISIT,
    "focused visit": PublicationKind.FOCUSED_VISIT,
    # During the pandemic (2020–2021) assurance visits took the place of focused visits.
    "assurance visit": PublicationKind.FOCUSED_VISIT,
    "joint targeted area inspection": PublicationKind.JTAI,
}


def letter_kind(head: str) -> PublicationKind | None:
    """The kind of letter whose page 1 begins `head`, or None when it names none."""
    match = LETTER_TITLE.search(head)
    return _KINDS[match[1].lower()] if match else None


def letter_authority(cover: str) -> str:
    """The authority a visit's letter names on page 1 ("" when it names none in a way read
    here): the sync checks it against the provider whose page listed the letter."""
    match = _VISIT_AUTHORITY.search(cover[:2000])
    return " ".join(match[1].split()) if match else ""


def letter_on_site(cover: str, kind: PublicationKind) -> OnSite | None:
    """The on-site days the flattened page 1 of a `kind` letter prints, or None when it prints
    them in no way read here (never a guess)."""
    pattern = _JTAI_DAYS if kind == PublicationKind.JTAI else _VISIT_DAYS
    match = pattern.search(cover)
    if match is None:
        return None
    try:
        return parse_on_site(cover[match.end() : match.end() + 120])
    except ValueError:
        return None
