"""What a format module declares for the registry: the titles that identify its layouts, how it
finds the authority's name on the cover, and how it reads the rest."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .pdf import Document
from .reading import Layout, ReportKind, ReportReading


@dataclass(frozen=True)
class Title:
    """A title printed in the first lines of page 1 (a regular expression, matched without
    regard to case on the flattened cover), the layout it identifies and the kind of report."""

    pattern: str
    layout: Layout
    kind: ReportKind = ReportKind.FULL_INSPECTION


@dataclass(frozen=True)
class ReportFormat:
    """One family of layouts read the same way.

    `titles` are tried in order (a title that another one contains comes first);
    `authority(cover, match)` is the authority's name as the flattened cover prints it, given
    the title's match, or "" (the reader checks it looks like a name before taking it);
    `read(document, reading)` fills in the rest, given the reading's layout and kind, adding a
    finding for whatever it cannot read. It may change the layout (ILACS from April 2026 is
    known by its dates and its judgement table, not by its title).
    """

    name: str
    titles: tuple[Title, ...]
    authority: Callable[[str, re.Match], str]
    read: Callable[[Document, ReportReading], None]
