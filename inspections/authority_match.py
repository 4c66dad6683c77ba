"""Which authority a report is of: the name on its cover matched against the register's
present and former names and the aliases of authorities/aliases.py (authority_name_key),
checked against the Ofsted URN in its file name (file_name_facts, which also reads the
publication date there). Writes nothing; the report recording policy (recording.py, for the
sync and import_reports) and the admin's prefill (prefill.py) use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from authorities.aliases import ALIASES, authority_name_key
from authorities.models import Authority

from .reader import parse_day

__all__ = ["AuthorityFinder", "authority_name_key", "file_name_facts"]

_REPORT_FILE_NAME = re.compile(r"^(?P<urn>\d+)_[^_]*__(?P<day>\d{1,2}-[a-z]+-\d{4})$")


def file_name_facts(path) -> tuple[int | None, dt.date | None]:
    """The Ofsted URN and publication date in a '<urn>_<name>__<dd-month-yyyy>.pdf' name."""
    match = _REPORT_FILE_NAME.match(path.stem.lower())
    if not match:
        return None, None
    try:
        return int(match["urn"]), parse_day(match["day"].replace("-", " "))
    except (KeyError, ValueError):
        return int(match["urn"]), None


@dataclass
class AuthorityFinder:
    """Finds the authority a report is of: by the name on its cover (present or former, or an
    alias: authorities/aliases.py), checked against the Ofsted URN in its file name."""

    by_key: dict[str, list[Authority]]
    by_urn: dict[int, Authority]

    @classmethod
    def load(cls) -> AuthorityFinder:
        by_key: dict[str, list[Authority]] = {}
        authorities = Authority.objects.prefetch_related("former_names")
        for authority in authorities:
            names = {authority.name, *(f.name for f in authority.former_names.all())}
            for key in {authority_name_key(n) for n in names}:
                by_key.setdefault(key, []).append(authority)
        by_code = {a.dfe_code: a for a in authorities if a.dfe_code}
        for key, code in ALIASES.items():
            if key not in by_key and (aliased := by_code.get(str(code))) is not None:
                by_key[key] = [aliased]
        return cls(by_key, {a.ofsted_urn: a for a in authorities if a.ofsted_urn})

    def find(self, cover_name: str, urn: int | None, warn: Callable[[str], None]):
        named = self.by_key.get(authority_name_key(cover_name), []) if cover_name else []
        by_urn = self.by_urn.get(urn) if urn else None
        if len(named) == 1:
            if by_urn and by_urn != named[0]:
                warn(
                    f"the cover names {named[0]}, the file name's URN {urn} is {by_urn}; "
                    f"recorded for {named[0]}, as the cover says"
                )
            return named[0]
        if by_urn:
            reason = "matches several authorities" if named else "matches no authority"
            warn(
                f"the cover's authority '{cover_name}' {reason}; recorded for {by_urn}, found "
                f"by the Ofsted URN {urn} in the file name"
            )
            return by_urn
        return None
