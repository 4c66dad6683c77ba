"""Writes to the authority register: the import of la_lookup.csv and the reorganisations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .models import Authority, AuthorityType, FormerName, Region, StatisticalNeighbour
from .reorganisations import EXTRA_AUTHORITIES, RENAMINGS, REORGANISATIONS
from .signals import changes_batched, rows_bulk_written
from .tabular import ImportRejected, ImportResult, LineProblem, Row, read_rows

REGISTER_COLUMNS = (
    "urn",
    "la_code",
    "la_code_new",
    "stat_neighbours",
    "local_authority_ons_name",
    "region_code",
    "region_name",
    "ons_la_type",
    "ons_population_0-25",
)

TYPES = {
    "county": AuthorityType.COUNTY,
    "unitary authority": AuthorityType.UNITARY,
    "metropolitan district": AuthorityType.METROPOLITAN_DISTRICT,
    "london borough": AuthorityType.LONDON_BOROUGH,
}
REGION_BY_NAME = {label.lower(): code for code, label in Region.choices}

FIELDS = (
    "name",
    "dfe_code",
    "ons_code",
    "ofsted_urn",
    "region",
    "authority_type",
    "population_0_25",
)


@dataclass
class RegisterEntry:
    line: int
    name: str
    dfe_code: str
    ons_code: str
    ofsted_urn: int
    region: str
    authority_type: str
    population_0_25: int | None
    neighbour_codes: list[str]

    def values(self) -> dict:
        return {f: getattr(self, f) for f in FIELDS}


def _parse_row(row: Row, result: ImportResult, problems: list[LineProblem]) -> RegisterEntry | None:
    bad = len(problems)

    def problem(reason: str) -> None:
        problems.append(LineProblem(row.line, reason))

    name = row["local_authority_ons_name"]
    if not name:
        problem("no authority name (local_authority_ons_name)")
    urn = row["urn"]
    if not urn.isdigit():
        problem(f"Ofsted URN '{urn}' is not a number")
    dfe_code = row["la_code"]
    if not re.fullmatch(r"[0-9]{3}", dfe_code):
        problem(f"DfE code '{dfe_code}' is not three digits")
    ons_code = row["la_code_new"]
    if not re.fullmatch(r"E[0-9]{8}", ons_code):
        problem(f"ONS code '{ons_code}' is not E followed by eight digits")

    region_code, region_name = row["region_code"], row["region_name"]
    region = region_code if region_code in Region.values else None
    by_name = REGION_BY_NAME.get(region_name.lower())
    if region is None and by_name:
        region = by_name
        result.warn(
            row.line,
            f"region code '{region_code}' is not a region; used the region name ({region_name})",
        )
    elif region is None:
        problem(f"unknown region '{region_code}' / '{region_name}'")
    elif by_name and by_name != region:
        problem(f"region code '{region_code}' and region name '{region_name}' disagree")

    type_text = row["ons_la_type"]
    authority_type = TYPES.get(type_text.lower()) if type_text else ""
    if authority_type is None:
        problem(f"unknown authority type '{type_text}'")

    population_text = row["ons_population_0-25"].replace(",", "")
    population = None
    if population_text:
        if population_text.isdigit():
            population = int(population_text)
        else:
            problem(f"population '{row['ons_population_0-25']}' is not a number")

    neighbours = [c.strip() for c in row["stat_neighbours"].split(",") if c.strip()]
    for code in neighbours:
        if not re.fullmatch(r"[0-9]{3}", code):
            problem(f"statistical neighbour '{code}' is not a DfE code")
    if len(neighbours) != len(set(neighbours)):
        problem("a statistical neighbour is listed twice")
    if neighbours and len(neighbours) != 10:
        result.warn(row.line, f"{len(neighbours)} statistical neighbours where the DfE lists ten")

    if len(problems) > bad:
        return None
    return RegisterEntry(
        line=row.line,
        name=name,
        dfe_code=dfe_code,
        ons_code=ons_code,
        ofsted_urn=int(urn),
        region=region,
        authority_type=authority_type,
        population_0_25=population,
        neighbour_codes=neighbours,
    )


def _check_identity(entries: list[RegisterEntry], problems: list[LineProblem]) -> None:
    for key in ("ofsted_urn", "dfe_code", "ons_code"):
        seen: dict = {}
        for entry in entries:
            value = getattr(entry, key)
            if value in seen:
                problems.append(
                    LineProblem(entry.line, f"duplicate {key} {value} (also on line {seen[value]})")
                )
            seen.setdefault(value, entry.line)
    known = {e.dfe_code for e in entries} | set(
        Authority.objects.exclude(dfe_code=None).values_list("dfe_code", flat=True)
    )
    for entry in entries:
        for code in entry.neighbour_codes:
            if code not in known:
                problems.append(
                    LineProblem(entry.line, f"unknown statistical neighbour DfE code {code}")
                )
            elif code == entry.dfe_code:
                problems.append(LineProblem(entry.line, "an authority listed as its own neighbour"))


def _find_existing(entry: RegisterEntry) -> Authority | None:
    for lookup in (
        {"ofsted_urn": entry.ofsted_urn},
        {"dfe_code": entry.dfe_code},
        {"ons_code": entry.ons_code},
    ):
        found = Authority.objects.filter(**lookup).first()
        if found:
            return found
    return None


def _unique_slug(name: str, exclude_pk: int | None) -> str:
    base = slugify(name) or "authority"
    slug, n = base, 2
    while Authority.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save(authority: Authority, line: int | None) -> None:
    try:
        authority.full_clean()
    except ValidationError as error:
        raise ImportRejected("register", [LineProblem(line, "; ".join(error.messages))]) from None
    authority.save()


@transaction.atomic
def register_import(*, source: str, dry_run: bool = False) -> ImportResult:
    """Create or update every authority in a la_lookup.csv register, its neighbours and
    the known reorganisations. Idempotent; all or nothing; dry_run rolls everything back.
    The changes are recorded once, at the end (changes_batched), not once a row."""
    with changes_batched():
        result = _register_import(source=source, dry_run=dry_run)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _register_import(*, source: str, dry_run: bool) -> ImportResult:
    rows = read_rows(source, REGISTER_COLUMNS)
    result = ImportResult(source=source, dry_run=dry_run)
    problems: list[LineProblem] = []
    entries = [e for row in rows if (e := _parse_row(row, result, problems))]
    if not problems:
        _check_identity(entries, problems)
    if problems:
        raise ImportRejected(source, problems)

    by_code: dict[str, Authority] = {}
    changed_neighbours = 0
    for entry in entries:
        authority = _find_existing(entry)
        if authority is None:
            authority = Authority(slug=_unique_slug(entry.name, None), **entry.values())
            _save(authority, entry.line)
            result.created += 1
        else:
            changes = {f: v for f, v in entry.values().items() if getattr(authority, f) != v}
            if changes:
                for f, v in changes.items():
                    setattr(authority, f, v)
                _save(authority, entry.line)
                result.updated += 1
            else:
                result.unchanged += 1
        by_code[entry.dfe_code] = authority

    for entry in entries:
        if _set_neighbours(by_code[entry.dfe_code], entry.neighbour_codes, by_code):
            changed_neighbours += 1
    result.details["neighbour lists changed"] = changed_neighbours
    result.details["reorganisation changes"] = reorganisations_apply(by_code=by_code)
    return result


def _set_neighbours(authority: Authority, codes: list[str], by_code: dict[str, Authority]) -> bool:
    if not codes:
        # Predecessor rows list none; an empty list in the file never erases a known list.
        return False
    wanted = []
    for rank, code in enumerate(codes, start=1):
        neighbour = by_code.get(code) or Authority.objects.get(dfe_code=code)
        wanted.append((rank, neighbour.pk))
    current = list(authority.neighbour_links.order_by("rank").values_list("rank", "neighbour_id"))
    if current == wanted:
        return False
    authority.neighbour_links.all().delete()
    bulk_create_with_history(
        [
            StatisticalNeighbour(authority=authority, neighbour_id=pk, rank=rank)
            for rank, pk in wanted
        ],
        StatisticalNeighbour,
    )
    rows_bulk_written.send(sender=StatisticalNeighbour)  # bulk_create sends no post_save
    return True


def reorganisations_apply(*, by_code: dict[str, Authority] | None = None) -> int:
    """Record the known reorganisations among the authorities present; returns changes made."""
    by_code = dict(by_code or {})
    for authority in Authority.objects.exclude(dfe_code=None):
        by_code.setdefault(authority.dfe_code, authority)
    changes = 0
    for extra in EXTRA_AUTHORITIES:
        if extra.dfe_code not in by_code and any(
            extra.dfe_code in r.predecessors and set(r.successors) & by_code.keys()
            for r in REORGANISATIONS
        ):
            authority = Authority(
                name=extra.name,
                slug=extra.slug,
                dfe_code=extra.dfe_code,
                ons_code=extra.ons_code,
                region=extra.region,
            )
            _save(authority, None)
            by_code[extra.dfe_code] = authority
            changes += 1
    for reorganisation in REORGANISATIONS:
        last_day = reorganisation.on - dt.timedelta(days=1)
        predecessors = [by_code[c] for c in reorganisation.predecessors if c in by_code]
        successors = [by_code[c] for c in reorganisation.successors if c in by_code]
        for predecessor in predecessors:
            if predecessor.active_until != last_day:
                predecessor.active_until = last_day
                _save(predecessor, None)
                changes += 1
        for successor in successors:
            if successor.active_from != reorganisation.on:
                successor.active_from = reorganisation.on
                _save(successor, None)
                changes += 1
            linked = set(successor.predecessors.values_list("pk", flat=True))
            missing = [p for p in predecessors if p.pk not in linked]
            if missing:
                try:
                    successor.predecessors.add(*missing)  # refuses a cycle (models.py)
                except ValidationError as error:
                    problem = LineProblem(None, "; ".join(error.messages))
                    raise ImportRejected("reorganisations", [problem]) from None
                changes += len(missing)
    for renaming in RENAMINGS:
        authority = by_code.get(renaming.dfe_code)
        if authority is None:
            continue
        _former, created = FormerName.objects.get_or_create(
            authority=authority,
            name=renaming.former_name,
            defaults={"used_until": renaming.used_until, "note": renaming.note},
        )
        changes += created
    return changes
