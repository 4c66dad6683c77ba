"""The names other sources give authorities, where they differ from the register's: one table.

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

import re
from collections.abc import Iterable

from .models import Authority

_AUTHORITY_NAME_AFFIXES = re.compile(
    r"^(?:the |royal borough of |london borough of |city of |county of )+|"
    r"(?:,? (?:city|county) of|(?: metropolitan| city| county| district| borough)* council|"
    r" metropolitan (?:borough|district)| local authority)$"
)


def authority_name_key(name: str) -> str:
    """A name as covers and the register both spell it: 'Sandwell Metropolitan Borough
    Council', 'Herefordshire, County of' and 'Royal Borough of Kensington and Chelsea' lose the
    words around the place."""
    key = " ".join(name.lower().replace("&", "and").replace("’", "'").split())
    while (shorter := _AUTHORITY_NAME_AFFIXES.sub("", key).strip()) != key:
        key = shorter
    return key


ALIASES: dict[str, int] = {
    # --- Ofsted's official statistics (inspections/official_import.py): the spellings of
    # "Children's social care data in England 2023" and "LA inspection outcomes as at
    # 31 March 2025" that the register's names do not give. Found by running the import and
    # listing the names it did not know.
    "bedford": 822,  # Bedford Borough (the 2025 file)
    "southend on sea": 882,  # Southend-on-Sea
    "st helens": 342,  # St. Helens
    # --- end of the official statistics' block.
    # --- How report covers name authorities (the archive's 497 reports, read by the reader):
    # a city, borough or unitary word the key keeps, a shorter or longer form of the place.
    "borough of redcar and cleveland": 807,
    "cheshire east unitary authority": 895,
    "council of the isles of scilly": 420,
    "derby city": 831,
    "east riding": 811,  # East Riding of Yorkshire
    "hull": 810,  # Kingston Upon Hull, City of
    "leeds city": 383,
    "leicester city": 856,
    "metropolitan borough of barnsley": 370,
    "metropolitan borough of rotherham": 372,
    "metropolitan borough of solihull": 334,
    "newcastle": 391,  # Newcastle upon Tyne
    "nottingham city": 892,
    "portsmouth city": 851,
    # --- end of the report covers' block.
}

PREDECESSOR_ALIASES: dict[str, int] = {
    # The 2023 statistics' table of "local authorities that existed before the restructure"
    # calls the old county "Dorset", the name of Dorset Council (838) since April 2019.
    "dorset": 835,
}


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
