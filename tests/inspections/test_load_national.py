"""The national data shipped in data/ofsted/ and bin/serve's load step (manage.py load_national,
then load_demo): a fresh clone's first page shows every authority, and a restart changes nothing."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from authorities.models import Authority
from inspections.history_import import grade_count, national_load
from inspections.models import DataVersion, Inspection, Intervention, MonitoringVisit
from tests.csvfiles import real_lines, write_lines
from tests.dashboard.pages import parse
from tests.inspections.test_demo import everything

SHIPPED = Path(settings.NATIONAL_DATA_DIR)
FILES = ("la_lookup.csv", "ilacs_history.csv")
SERVE = Path(settings.BASE_DIR) / "bin" / "serve"


def serve_load_steps() -> list[str]:
    """The data commands bin/serve runs before serving, in order."""
    return re.findall(r"manage\.py (load_\w+)", SERVE.read_text())


def run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def state() -> tuple:
    return (
        everything(),
        Authority.objects.count(),
        Authority.history.count(),
        Inspection.history.count(),
        MonitoringVisit.objects.count(),
        Intervention.objects.count(),
        DataVersion.current().token,
    )


@pytest.mark.parametrize("name", FILES)
def test_the_shipped_files_are_the_shared_files(shared_data, name):
    assert (SHIPPED / name).read_bytes() == (shared_data / name).read_bytes()


def test_the_shipped_files_say_where_they_come_from_and_under_which_licences():
    readme = (SHIPPED / "README.md").read_text()
    for needed in (
        "https://github.com/data-to-insight/ofsted-ilacs-scrape-tool",
        "Open Government Licence v3.0",
        "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "MIT License",
        "Copyright (c) 2023 data-to-insight",
    ):
        assert needed in readme
    # Kept byte for byte on any checkout: the register's CRLF line ends are not converted.
    attributes = (Path(settings.BASE_DIR) / ".gitattributes").read_text().splitlines()
    assert "data/ofsted/*.csv -text" in attributes


def test_bin_serve_loads_england_then_a_second_start_changes_nothing(client, db):
    assert serve_load_steps() == ["load_national", "load_demo"]

    first = {step: run(step) for step in serve_load_steps()}
    assert first["load_national"].count("warning:") == 2  # the register's (README)
    assert "156 created" in first["load_national"]
    assert "714 created, 0 updated, 0 unchanged, 120 visits created" in first["load_national"]
    assert Authority.objects.count() == 158  # the 156 rows, Bournemouth and the old Dorset county
    assert Authority.objects.current().count() == 153
    assert Inspection.objects.count() == 714  # every inspection since 2009; the demo's among them
    assert "inspections 0 created, 0 updated, 9 unchanged" in first["load_demo"]
    assert grade_count() == 3166
    assert MonitoringVisit.objects.count() == 48 + 2  # the statistics' and the demo's
    cells = parse(client.get("/authorities/")).first_cells[1:]  # after the header row
    assert len(cells) == 153

    before = state()
    second = {step: run(step) for step in serve_load_steps()}
    assert "unchanged, not loaded again" in second["load_national"]
    assert "0 created, 0 updated, 9 unchanged" in second["load_demo"]
    assert state() == before  # the data version too: cached pages stay valid


@pytest.fixture
def predecessors_register(tmp_path) -> Path:
    """The shipped register's predecessor rows alone (they list no neighbours): a small register
    that imports on its own."""
    lines = real_lines(SHIPPED / "la_lookup.csv")
    rows = [line for line in lines[1:] if line.split(",")[3] == ""]  # no neighbours
    assert len(rows) == 3
    return write_lines(tmp_path / "register.csv", [lines[0], *rows])


def test_a_bad_history_imports_no_register_either(db, predecessors_register, tmp_path):
    # A real row, of an authority this register does not hold: the history is refused.
    history = real_lines(SHIPPED / "ilacs_history.csv")
    bad = write_lines(tmp_path / "history.csv", history[:2])

    with pytest.raises(CommandError) as refused:
        call_command(
            "load_national",
            register=str(predecessors_register),
            record="none",
            history=str(bad),
            stdout=io.StringIO(),
        )
    assert str(refused.value).splitlines() == [
        f"{bad}: rejected, nothing imported (1 problem):",
        "  line 2: unknown authority: no authority has Ofsted URN 2532283 ('dorset')",
        "Nothing was loaded: the register and the history go in together.",
    ]
    assert not Authority.objects.exists()


def test_a_dry_run_counts_both_files_and_saves_nothing(db, predecessors_register, tmp_path):
    header = real_lines(SHIPPED / "ilacs_history.csv")[:1]
    history = write_lines(tmp_path / "history.csv", header)

    register_result, history_result = national_load(
        register=str(predecessors_register), history=str(history), dry_run=True
    )
    assert register_result.created == 3 and history_result.created == 0
    assert register_result.dry_run and history_result.dry_run
    assert "dry run, nothing saved" in register_result.summary()
    assert not Authority.objects.exists()
