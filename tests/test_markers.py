"""The `shared_data` marker (tests/conftest.py) is on every test that reads the real national data,
through whichever fixture, so `-m "not shared_data"` runs the suite without that data."""

import re
import subprocess
import sys

from django.conf import settings


def pytest_lines(*arguments: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_not_shared_data_selects_many_tests_and_none_that_reads_the_shared_data():
    # --fixtures-per-test lists every fixture each selected test uses, those it uses through
    # other fixtures included (national_site -> national_site_data -> shared_data).
    listing = pytest_lines("--fixtures-per-test", "-m", "not shared_data", "tests")

    selected = re.findall(r"fixtures used by (\S+)", listing)
    fixtures = set(re.findall(r"^(\w+) -- ", listing, re.MULTILINE))
    assert len(selected) > 400
    assert "db" in fixtures and "shared_data" not in fixtures


def test_shared_data_marks_tests_that_reach_the_data_through_other_fixtures():
    listing = pytest_lines("--collect-only", "-m", "shared_data", "tests/inspections")

    assert "tests/inspections/test_report_file.py::test_the_check_returns_the_reading" in listing
    assert (
        "tests/inspections/test_import_reports.py::test_backfill_twice_changes_nothing" in listing
    )  # through reports_dir
    # The register and the history ship with the project: tests of them need no shared data.
    assert "tests/inspections/test_import_history.py" not in listing
    assert "tests/inspections/test_saving.py" not in listing
