"""Reorganisations of children's services authorities since inspections began (2009).

The register (la_lookup.csv) lists authorities but not how they succeeded one another, so the
changes are recorded here and applied by the register import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Reorganisation:
    on: dt.date  # first day of the new arrangement
    predecessors: tuple[str, ...]  # DfE codes
    successors: tuple[str, ...]  # DfE codes
    note: str


@dataclass(frozen=True)
class Renaming:
    dfe_code: str
    former_name: str
    used_until: dt.date
    note: str


@dataclass(frozen=True)
class ExtraAuthority:
    """A predecessor that the register does not list (it has no row and no Ofsted URN there)."""

    name: str
    slug: str
    dfe_code: str
    ons_code: str
    region: str


REORGANISATIONS = (
    Reorganisation(
        on=dt.date(2019, 4, 1),
        predecessors=("837", "836"),
        successors=("839",),
        note="Bournemouth and Poole merged into Bournemouth, Christchurch and Poole.",
    ),
    # The same day the old Dorset county (DfE 835) ended: Christchurch, one of its districts,
    # went into Bournemouth, Christchurch and Poole, the rest of it became Dorset Council (838).
    Reorganisation(
        on=dt.date(2019, 4, 1),
        predecessors=("835",),
        successors=("838", "839"),
        note="Dorset County Council was replaced by Dorset Council; its Christchurch district "
        "joined Bournemouth, Christchurch and Poole.",
    ),
    Reorganisation(
        on=dt.date(2021, 4, 1),
        predecessors=("928",),
        successors=("940", "941"),
        note="Northamptonshire was replaced by North and West Northamptonshire.",
    ),
    Reorganisation(
        on=dt.date(2023, 4, 1),
        predecessors=("909",),
        successors=("942", "943"),
        note="Cumbria was replaced by Cumberland and Westmorland and Furness.",
    ),
)

# Buckinghamshire County Council became Buckinghamshire Council (unitary) in April 2020, keeping
# its DfE code 825, Ofsted URN 80442 and its one row in the register: one authority, two names.
RENAMINGS = (
    Renaming(
        dfe_code="825",
        former_name="Buckinghamshire County Council",
        used_until=dt.date(2020, 3, 31),
        note="Became Buckinghamshire Council (unitary) on 1 April 2020; same codes.",
    ),
)

# Named "Dorset County" rather than "Dorset" (the register's name for Dorset Council) so that no
# two authorities share a name key (authorities/aliases.py): a report cover saying "Dorset" is
# Dorset Council's. Like Bournemouth, no Ofsted URN: the register gives none, and none is
# recorded here from memory.
EXTRA_AUTHORITIES = (
    ExtraAuthority(
        name="Bournemouth", slug="bournemouth", dfe_code="837", ons_code="E06000028", region="SW"
    ),
    ExtraAuthority(
        name="Dorset County",
        slug="dorset-county",
        dfe_code="835",
        ons_code="E10000009",
        region="SW",
    ),
)
