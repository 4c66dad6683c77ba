"""The shipped national record (data/ofsted/record/, record_files.py): what load_national loads by
default. Loaded and written again it gives the same bytes; a bad row rejects all three files and
writes nothing; an editor's entry survives a load, flagged; a restart with the same files skips."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from authorities.services import register_import
from authorities.tabular import ImportRejected
from inspections.history_import import history_import
from inspections.models import DataNote, Inspection, LoadedRecord
from inspections.record_files import FILES, INSPECTION_COLUMNS, record_load, record_rows
from inspections.rules import OVERALL, Grade
from inspections.saving import inspection_save
from inspections.sources import Settled, Source

SHIPPED = Path(settings.NATIONAL_DATA_DIR) / "record"

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(ofsted_data):
    register_import(source=str(ofsted_data / "la_lookup.csv"))


@pytest.fixture
def record_copy(tmp_path) -> Path:
    folder = tmp_path / "record"
    shutil.copytree(SHIPPED, folder)
    return folder


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def rewrite(path: Path, change) -> None:
    table = rows(path)
    change(table)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_the_shipped_record_loaded_and_written_again_is_the_same_bytes(register):
    result = record_load(directory=str(SHIPPED))
    assert result.created == len(rows(SHIPPED / "inspections.csv"))
    written = record_rows()
    for name in FILES:
        assert written[name] == (SHIPPED / name).read_bytes(), name


def test_the_shipped_record_says_where_every_value_comes_from():
    """Every value of every inspection has its sources, and nothing unknown has any: a source is
    never given for a value the record does not hold."""
    for row in rows(SHIPPED / "inspections.csv"):
        sources = json.loads(row["sources"])
        given = {
            column
            for column in INSPECTION_COLUMNS
            if column not in ("dfe_code", "authority", "sources")
            and row[column] not in ("", "unknown")
        }
        assert set(sources) == given, (row["authority"], row["published_on"])
        assert all(s and set(s) <= set(Source.values) for s in sources.values()), row
    readme = (Path(settings.NATIONAL_DATA_DIR) / "README.md").read_text()
    assert "record/" in readme and "Open Government Licence v3.0" in readme


@pytest.mark.parametrize(
    ("name", "column", "value", "expected"),
    [
        ("inspections.csv", "overall", "goodish", "overall: 'goodish' is not one of"),
        ("inspections.csv", "published_on", "2015-13-01", "is not a date"),
        ("inspections.csv", "dfe_code", "999", "unknown authority"),
        ("inspections.csv", "sources", "{not json", "sources: not a JSON object"),
        ("inspections.csv", "framework", "slack", "framework: 'slack' is not one of"),
        ("visits.csv", "kind", "drop_in", "kind: 'drop_in' is not one of"),
        ("notes.csv", "settled", "shrugged", "settled: 'shrugged' is not one of"),
    ],
)
def test_a_bad_row_rejects_the_whole_record_and_writes_nothing(
    register, record_copy, name, column, value, expected
):
    def spoil(table):
        table[3][column] = value

    rewrite(record_copy / name, spoil)
    with pytest.raises(ImportRejected) as rejected:
        record_load(directory=str(record_copy))
    assert expected in str(rejected.value)
    assert "line 5" in str(rejected.value)  # the header is line 1: row 3 is line 5
    assert not Inspection.objects.exists()
    assert not DataNote.objects.exists()


def test_a_missing_file_rejects_the_record(register, record_copy):
    (record_copy / "visits.csv").unlink()
    with pytest.raises(ImportRejected, match="no visits.csv"):
        record_load(directory=str(record_copy))
    assert not Inspection.objects.exists()


def test_an_editors_entry_survives_a_load_and_is_flagged(register):
    record_load(directory=str(SHIPPED))
    inspection = Inspection.objects.exclude(overall_effectiveness="").order_by("pk").first()
    was = inspection.overall_effectiveness
    inspection.overall_effectiveness = Grade.OUTSTANDING if was != Grade.OUTSTANDING else Grade.GOOD
    editor = get_user_model().objects.create_user("editor", password="x")
    inspection_save(inspection=inspection, changed_by=editor)
    record_load(directory=str(SHIPPED))
    inspection.refresh_from_db()
    assert inspection.overall_effectiveness != was  # the editor's kept
    assert inspection.sources[OVERALL] == [Source.EDITOR]
    note = DataNote.objects.get(inspection=inspection, field=OVERALL, settled=Settled.EDITOR_KEPT)
    assert note.other_value == was


def test_load_national_loads_the_record_and_a_restart_skips_it():
    out = io.StringIO()
    call_command("load_national", stdout=out)
    count = Inspection.objects.count()
    assert count == len(rows(SHIPPED / "inspections.csv"))
    assert LoadedRecord.objects.count() == 1
    out = io.StringIO()
    call_command("load_national", stdout=out)
    assert "unchanged, not loaded again" in out.getvalue()
    assert Inspection.objects.count() == count


def test_load_national_refuses_a_missing_folder():
    with pytest.raises(CommandError, match="no such folder"):
        call_command("load_national", "--record", "/nonexistent/record")


def test_a_database_loaded_from_the_history_before_ends_as_the_record(register, ofsted_data):
    """An install of before the record (register and history) upgraded: the record's values win
    over the history's, and the row the history made for Surrey's LSCB review of 3 August 2015
    (no inspection: its grade belongs to the SIF inspection of 3 June 2015) goes, as the build
    removed it."""
    history_import(source=str(ofsted_data / "ilacs_history.csv"))
    assert Inspection.objects.filter(authority__slug="surrey", published_on="2015-08-03").exists()
    record_load(directory=str(SHIPPED))
    assert Inspection.objects.count() == len(rows(SHIPPED / "inspections.csv"))
    assert not Inspection.objects.filter(
        authority__slug="surrey", published_on="2015-08-03"
    ).exists()
    sif = Inspection.objects.get(authority__slug="surrey", published_on="2015-06-03")
    assert sif.judgements.get(area="lscb").grade == Grade.REQUIRES_IMPROVEMENT
