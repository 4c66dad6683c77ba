"""What a format module declares for the registry: what on page 1 proves a report is in it (its
content, then its titles), how it finds the authority's name on the cover, and how it reads the
rest."""

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

    `content` is a pattern of what only this format prints on page 1 (ILACS's judgement table,
    SIF's numbered summary), so that a report whose title is unexpected is still read: it is
    tried before any title, and `layout` is the layout such a report is read as when none of
    the format's titles is there either; None where the format is known by its titles only.
    `titles` are tried in order (a title that another one contains comes first);
    `authority(cover, match)` is the authority's name as the flattened cover prints it, given
    the title's match (None when the report was known by its content alone), or "" (the reader
    checks it looks like a name before taking it);
    `read(document, reading)` fills in the rest, given the reading's layout and kind, adding a
    finding for whatever it cannot read. It may change the layout (ILACS from April 2026 is
    known by its dates and its judgement table, not by its title).
    """

    name: str
    titles: tuple[Title, ...]
    authority: Callable[[str, re.Match | None], str]
    read: Callable[[Document, ReportReading], None]
    content: str | None = None
    layout: Layout | None = None

    def title_in(self, head: str) -> tuple[Title, re.Match] | None:
        """The first of this format's titles printed in `head`, and where."""
        for title in self.titles:
            if match := re.search(title.pattern, head, re.IGNORECASE):
                return title, match
        return None
