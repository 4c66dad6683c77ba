"""Names of authorities as sources print them and people type them, and the one way a name is
compared (authority_name_key): the alias table, with no model behind it, so that the register's
own search (models.py) and the matching of printed names (aliases.py) read the same table. The
docstring of aliases.py says how the table is used.
"""

from __future__ import annotations

import re

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

#: Short names people type in a search box, beside those the sources print above.
SEARCH_ALIASES: dict[str, int] = {
    "bucks": 825,  # Buckinghamshire
    "bcp": 839,  # Bournemouth, Christchurch and Poole
}

PREDECESSOR_ALIASES: dict[str, int] = {
    # The 2023 statistics' table of "local authorities that existed before the restructure"
    # calls the old county "Dorset", the name of Dorset Council (838) since April 2019.
    "dorset": 835,
}


def alias_codes(text: str) -> set[str]:
    """The DfE codes (as the register stores them) of the authorities a name typed in a search
    box means by an alias: "St Helens", "Bucks", "BCP", "Hull" (never the register's own names,
    which the search matches itself)."""
    key = authority_name_key(text)
    if not key:
        return set()
    return {str(code) for alias, code in {**ALIASES, **SEARCH_ALIASES}.items() if alias == key}
