"""The names other sources give authorities, where they differ from the register's: one table
(written in names.py, which no model import burdens, so the register's search reads it too).

Every source that names an authority in words (a report's cover, Ofsted's statistics, a
listing) is matched here after the register's own present and former names
(`authority_for_name`). Names are compared by their key (`authority_name_key`), which drops the
words around the place ("Sandwell Metropolitan Borough Council", "Herefordshire, County of"), so
an alias is needed only where the place itself is spelt differently ("St Helens" against the
register's "St. Helens").

ALIASES maps a name key to the DfE code of the authority it names, written as a number (DfE
codes are three digits with no leading zero; the register stores them as text, "825").
Each source's aliases sit in a block of their own, with a line saying where they were seen.

PREDECESSOR_ALIASES names authorities that no longer exist by a name the register now gives a
present one ("Dorset": Dorset Council, since 2019; the old county before). It is tried last, and
only ever among the authorities a caller passes, so it names the old authority only where the
caller asks among former authorities alone (a table of authorities that existed before the
restructures).

The caller passes the authorities to look among (with their former names prefetched, this reads
nothing from the database).
"""

from __future__ import annotations

from collections.abc import Iterable

from .models import Authority
from .names import (  # noqa: F401 - the table is read through this module too
    ALIASES,
    PREDECESSOR_ALIASES,
    SEARCH_ALIASES,
    alias_codes,
    authority_name_key,
)


def authority_for_name(name: str, authorities: Iterable[Authority]) -> Authority | None:
    """The one authority among `authorities` (Authority rows, former names prefetched for
    speed) that `name` names: by a present name, else a former name (FormerName), else
    ALIASES, else PREDECESSOR_ALIASES. None when no authority or more than one answers at the
    first step that finds any: the caller narrows the authorities it passes (current ones, or
    those that no longer exist) rather than this guessing between them."""
    key = authority_name_key(name)
    authorities = list(authorities)
    steps = (
        lambda a: authority_name_key(a.name) == key,
        lambda a: any(authority_name_key(f.name) == key for f in a.former_names.all()),
        lambda a: key in ALIASES and a.dfe_code == str(ALIASES[key]),
        lambda a: key in PREDECESSOR_ALIASES and a.dfe_code == str(PREDECESSOR_ALIASES[key]),
    )
    for names_it in steps:
        found = [a for a in authorities if names_it(a)]
        if found:
            return found[0] if len(found) == 1 else None
    return None
