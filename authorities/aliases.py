"""Other names the register's authorities go by, and the one way a printed name is compared.

A name is compared by its key (`authority_name_key`): lower case, the words around the place
dropped ('Sandwell Metropolitan Borough Council', 'Herefordshire, County of' and 'Royal Borough
of Kensington and Chelsea' are 'sandwell', 'herefordshire' and 'kensington and chelsea'). A key
the register's names do not give is looked up in ALIASES, which names the authority by its DfE
code (codes do not change with a name; the register's names do).

`authority_for_name(name, authorities)` is the authority a name means among some authorities:
by its present name, else by an alias; None when neither tells. A name is evidence, never
proof: the report recording policy (inspections/recording.py) takes the provider's URN as the
authority and uses the cover's name only to check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


#: Name key (authority_name_key) → the DfE code of the authority it means.
ALIASES: dict[str, int] = {
    # --- How report covers name authorities (the archive's 497 reports, read by the reader):
    # a city, borough or unitary word the key keeps, a shorter or longer form of the place.
    "bedford": 822,  # Bedford Borough
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
    "st helens": 342,  # St. Helens
}


def authority_for_name(name: str, authorities: Iterable[Authority]) -> Authority | None:
    """The authority `name` means among `authorities`: the one whose name has its key, else the
    one whose DfE code its alias gives; None when neither tells (or the name fits several)."""
    key = authority_name_key(name)
    if not key:
        return None
    authorities = list(authorities)
    named = [a for a in authorities if authority_name_key(a.name) == key]
    if len(named) == 1:
        return named[0]
    if named:
        return None
    code = ALIASES.get(key)
    if code is None:
        return None
    return next((a for a in authorities if a.dfe_code == str(code)), None)
