"""Import of the real register of authorities (la_lookup.csv), good files and bad."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Authority, AuthorityType, Region, StatisticalNeighbour
from authorities.services import register_import
from authorities.tabular import ImportRejected
from tests.csvfiles import real_lines, serving, write_lines


def test_register_imports_every_authority(national_register, register_path):
    result = national_register
    assert (result.created, result.updated, result.unchanged) == (156, 0, 0)
    # 156 register rows, plus Bournemouth, Poole's partner in the 2019 merger, and the old Dorset
    # county, which the register does not list.
    assert Authority.objects.count() == 158
    assert register_path.read_bytes().startswith(b"\xef\xbb\xbf")  # the BOM did not hurt
    bucks = Authority.objects.get(ofsted_urn=80442)
    assert (bucks.name, bucks.slug, bucks.dfe_code, bucks.ons_code) == (
        "Buckinghamshire",
        "buckinghamshire",
        "825",
        "E06000060",
    )
    assert (bucks.region, bucks.authority_type) == (Region.SOUTH_EAST, AuthorityType.UNITARY)
    assert bucks.population_0_25 == 166277
    sandwell = Authority.objects.get(dfe_code="333")
    assert (sandwell.ofsted_urn, sandwell.authority_type) == (
        80549,
        AuthorityType.METROPOLITAN_DISTRICT,
    )


def test_register_warnings_name_their_lines(national_register):
    assert [(w.line, w.reason) for w in national_register.warnings] == [
        (32, "region code 'NotKnown' is not a region; used the region name (North West)"),
        (80, "region code '' is not a region; used the region name (South East)"),
    ]
    assert Authority.objects.get(name="Medway").region == Region.SOUTH_EAST


def test_reorganisations_link_predecessors_and_successors(national_register):
    def names(qs):
        return sorted(a.name for a in qs)

    northants = Authority.objects.get(name="Northamptonshire")
    assert names(northants.successors.all()) == ["North Northamptonshire", "West Northamptonshire"]
    assert northants.active_until == dt.date(2021, 3, 31)
    assert Authority.objects.get(name="West Northamptonshire").active_from == dt.date(2021, 4, 1)
    cumbria = Authority.objects.get(name="Cumbria")
    assert names(cumbria.successors.all()) == ["Cumberland", "Westmorland and Furness"]
    assert cumbria.active_until == dt.date(2023, 3, 31)
    bcp = Authority.objects.get(dfe_code="839")
    assert names(bcp.predecessors.all()) == ["Bournemouth", "Dorset County", "Poole"]
    assert bcp.active_from == dt.date(2019, 4, 1)
    # The old county (DfE 835) became Dorset Council (838) and, for Christchurch, part of BCP.
    dorset_county = Authority.objects.get(dfe_code="835")
    assert (dorset_county.name, dorset_county.ons_code, dorset_county.ofsted_urn) == (
        "Dorset County",
        "E10000009",
        None,
    )
    assert dorset_county.active_until == dt.date(2019, 3, 31)
    assert names(dorset_county.successors.all()) == [
        "Bournemouth, Christchurch and Poole",
        "Dorset",
    ]
    assert Authority.objects.get(dfe_code="838").active_from == dt.date(2019, 4, 1)
    # Buckinghamshire County Council → Buckinghamshire Council: one authority, a former name.
    bucks = Authority.objects.get(ofsted_urn=80442)
    assert not bucks.predecessors.exists()
    assert bucks.name_on(dt.date(2018, 1, 29)) == "Buckinghamshire County Council"
    assert bucks.name_on(dt.date(2020, 4, 1)) == "Buckinghamshire"
    assert Authority.objects.current().count() == 153


def test_statistical_neighbours_resolved_by_dfe_code(national_register):
    with_neighbours = Authority.objects.filter(neighbour_links__isnull=False).distinct()
    assert with_neighbours.count() == 153
    for authority in with_neighbours:
        assert list(authority.neighbour_links.values_list("rank", flat=True)) == list(range(1, 11))
    assert StatisticalNeighbour.objects.count() == 1530
    # Barnsley (370) and Sheffield (373) appear under older ONS codes in the ONS-code lists;
    # the DfE codes still find them.
    cumberland = Authority.objects.get(name="Cumberland")
    assert "Barnsley" in {link.neighbour.name for link in cumberland.neighbour_links.all()}
    birmingham = Authority.objects.get(name="Birmingham")
    assert "Sheffield" in {link.neighbour.name for link in birmingham.neighbour_links.all()}
    bucks = Authority.objects.get(dfe_code="825")
    first = bucks.neighbour_links.get(rank=1).neighbour
    assert first.dfe_code == "931"


def test_second_register_import_changes_nothing(national_register, register_path):
    again = register_import(source=str(register_path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 156)
    assert again.details == {"neighbour lists changed": 0, "reorganisation changes": 0}


def test_register_dry_run_writes_nothing(db, register_path):
    result = register_import(source=str(register_path), dry_run=True)
    assert result.created == 156
    assert not Authority.objects.exists()


def test_register_from_a_url(db, ofsted_data):
    with serving(ofsted_data) as base_url:
        assert register_import(source=f"{base_url}/la_lookup.csv").created == 156


def test_register_command(db, register_path):
    out = io.StringIO()
    call_command("import_authorities", str(register_path), stdout=out)
    assert "156 created, 0 updated, 0 unchanged" in out.getvalue()


def spoil(lines, line_number, old, new):
    assert old in lines[line_number - 1]
    lines[line_number - 1] = lines[line_number - 1].replace(old, new, 1)


MALFORMED = {
    "DfE code not three digits": (
        lambda ls: spoil(ls, 3, "80487,302,", "80487,3020,"),
        "line 3: DfE code '3020' is not three digits",
    ),
    "duplicate URN": (
        lambda ls: spoil(ls, 4, "80426,", "80487,"),
        "line 4: duplicate ofsted_urn 80487 (also on line 3)",
    ),
    "unknown neighbour": (
        lambda ls: spoil(ls, 2, '"308, 821,', '"308, 999,'),
        "line 2: unknown statistical neighbour DfE code 999",
    ),
    "unknown type": (
        lambda ls: spoil(ls, 2, "London Borough", "Parish"),
        "line 2: unknown authority type 'Parish'",
    ),
    "unknown region": (
        lambda ls: spoil(ls, 2, "GL,London", "XX,Atlantis"),
        "line 2: unknown region 'XX' / 'Atlantis'",
    ),
    "missing column": (
        lambda ls: spoil(ls, 1, "stat_neighbours,", "neighbours,"),
        "missing column: stat_neighbours",
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_register_imports_nothing(case, db, register_path, tmp_path):
    change, expected = MALFORMED[case]
    lines = real_lines(register_path)
    change(lines)
    path = write_lines(tmp_path / "register.csv", lines)
    with pytest.raises(ImportRejected) as raised:
        register_import(source=str(path))
    assert expected in str(raised.value)
    assert not Authority.objects.exists()


def test_register_not_utf8_is_rejected_by_the_command(db, register_path, tmp_path):
    lines = real_lines(register_path)
    spoil(lines, 5, "Bath and North East Somerset", "Bath and North East Sömerset")
    path = write_lines(tmp_path / "register.csv", lines, encoding="cp1252")
    with pytest.raises(CommandError, match=r"line 5: not UTF-8"):
        call_command("import_authorities", str(path), stdout=io.StringIO())
    assert not Authority.objects.exists()


def test_register_changes_are_in_the_audit_history(national_register):
    """Neighbour lists, former names and predecessor links are part of the audit trail too."""
    assert StatisticalNeighbour.history.filter(history_type="+").count() == 1530
    bucks = Authority.objects.get(dfe_code="825")
    assert bucks.former_names.get().history.count() == 1
    bcp = Authority.objects.get(dfe_code="839")
    latest = bcp.history.latest()
    assert {p.to_authority_id for p in latest.predecessors.all()} == set(
        bcp.predecessors.values_list("pk", flat=True)
    )
