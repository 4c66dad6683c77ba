from pathlib import Path

import pytest
from django.conf import settings

from tests.site_data import (
    demo_loaded,
    national_history_loaded,
    national_register_loaded,
    site_data_rolled_back,
    site_loaded,
)

#: Slow kinds, marked by folder, so everyday runs can leave them out (`bin/test --fast`).
SLOW_FOLDERS = {"browser": "browser", "production": "production"}


def pytest_configure(config):
    """Passwords hashed by a fast hasher in tests (the default, PBKDF2, takes most of a second a
    password by design, and a hundred tests make users). The production tests start servers of
    their own, with the site's settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items):
    for item in items:
        # schemathesis names each operation's test ("test_x[GET /api/]") but gives them all the
        # function's id, which pytest-xdist (bin/test's workers) would run once for all.
        if item.nodeid.endswith("::" + getattr(item, "originalname", "")) and item.name != (
            item.originalname
        ):
            unique = f"{item.nodeid}{item.name[len(item.originalname) :]}"
            if hasattr(item, "_id"):  # pytest 9 keeps the id structured
                from _pytest.nodes import NodeId

                item._id = NodeId.parse(unique)
            else:
                item._nodeid = unique
        folder = Path(str(item.path)).parent.name
        if folder in SLOW_FOLDERS:
            item.add_marker(getattr(pytest.mark, SLOW_FOLDERS[folder]))
        # Every test that reads the real data, through whichever fixture (reports_dir,
        # national_site, ...): fixturenames holds the whole closure of a test's fixtures.
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared_data)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (correct without it too: entries are keyed by the
    data version; this keeps one test's pages from hiding another's query counts)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def ofsted_data() -> Path:
    """The register and the history as the project ships them (data/ofsted: the shared files,
    byte for byte, tests/inspections/test_load_national.py): present in every checkout."""
    return Path(settings.NATIONAL_DATA_DIR)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data beside the project that it does not ship (../shared/data/ofsted: the report
    PDFs, the archive, the official statistics; ../shared/data/geo beside it); skip when absent.
    The register and the history come from `ofsted_data`."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip(
            f"needs the data the project does not ship (report PDFs, archive, official "
            f"statistics, boundaries): no folder {path} (SHARED_DATA_DIR)"
        )
    return path


@pytest.fixture(scope="session")
def reports_dir(shared_data: Path) -> Path:
    """The 27 real report PDFs (../shared/data/ofsted/reports); skip when absent."""
    path = shared_data / "reports"
    if not path.is_dir():
        pytest.skip(f"needs the 27 real report PDFs: no folder {path}")
    return path


@pytest.fixture
def register_path(ofsted_data: Path) -> Path:
    return ofsted_data / "la_lookup.csv"


@pytest.fixture
def history_path(ofsted_data: Path) -> Path:
    return ofsted_data / "ilacs_history.csv"


@pytest.fixture
def national_register(db, ofsted_data):
    """The real register, imported (the first time in a session; put back as rows after that,
    tests/site_data.py); the import's result."""
    return national_register_loaded(ofsted_data)


@pytest.fixture
def national_history(db, ofsted_data):
    """The real register and history, imported as national_register is; the history's result."""
    return national_history_loaded(ofsted_data)


@pytest.fixture
def demo_data(db):
    """The demo data alone (Buckinghamshire and Sandwell), loaded for real the first time in a
    session and put back as rows after that (tests/site_data.py); the demo's summary."""
    return demo_loaded()


@pytest.fixture
def national_committed(transactional_db, ofsted_data):
    """The register, the reconciled record and the demo data (what `bin/serve` loads),
    committed, for a live server's tests (the browser's): loaded for real the first time in a session, put back as rows after that, and
    emptied after the test as every transactional test's data is."""
    return site_loaded(ofsted_data)


@pytest.fixture(scope="module")
def national_site_data(django_db_setup, django_db_blocker, ofsted_data):
    """The register, the reconciled record and the demo data, loaded once per test module.

    Loaded inside a transaction that is rolled back when the module ends; each test runs in its
    own savepoint within it (the `db` fixture), so a test's changes never reach the next test.
    For the read-only page tests, which would otherwise import the national data every time.
    """
    with django_db_blocker.unblock(), site_data_rolled_back(ofsted_data):
        yield


@pytest.fixture
def national_site(national_site_data, db):
    """The national data and the demo data, shared read-only by a module's tests."""


@pytest.fixture
def empty_database(db):
    """No data at all, even in a module whose shared national data is loaded.

    Deletes inside the test's own savepoint, so the shared data is back for the next test. Raw
    deletes (no signals): the audit history of a deletion that is rolled back is of no interest.
    """
    from django.apps import apps

    from authorities.models import Authority
    from inspections import derived

    order = [
        "inspections.DataNote",
        "inspections.MonitoringVisit",
        "inspections.FocusedVisit",
        "inspections.JointTargetedAreaInspection",
        "inspections.Intervention",
        "inspections.Judgement",
        "inspections.Inspection",
        "authorities.StatisticalNeighbour",
        "authorities.FormerName",
    ]
    for label in order:
        queryset = apps.get_model(label)._base_manager.all()
        queryset._raw_delete(queryset.db)
    links = Authority.predecessors.through.objects.all()
    links._raw_delete(links.db)
    authorities = Authority._base_manager.all()
    authorities._raw_delete(authorities.db)
    derived.record()  # raw deletes send no signals


#: Readings of report files by (the file's SHA-256, the publication date given), this session.
_readings: dict = {}


@pytest.fixture
def reports_read_once(monkeypatch):
    """Each report file is read by the real reader (reader/process.py, in its child process) the
    first time its bytes are read in a session; after that the same reading is given back (a
    copy, naming the file asked for). The reader gives the same reading of the same bytes
    whatever the test, so for the tests of what the imports, the sync and the admin do with
    readings, not of the reader itself, who request it. A reading that failed is never kept,
    and a file the reader's size bound refuses is refused as before."""
    import copy
    import dataclasses
    import hashlib

    from inspections.reader.process import ReportReader, size_refusal

    real_read = ReportReader.read

    def read(self, path, *, published=None):
        path = Path(path)
        try:
            if size_refusal(path.stat().st_size, self.max_bytes):
                return real_read(self, path, published=published)
            key = (hashlib.sha256(path.read_bytes()).hexdigest(), published)
        except OSError:
            return real_read(self, path, published=published)
        if key not in _readings:
            reading = real_read(self, path, published=published)
            if reading.error:
                return reading
            _readings[key] = reading
        return dataclasses.replace(copy.deepcopy(_readings[key]), file=str(path))

    monkeypatch.setattr(ReportReader, "read", read)


@pytest.fixture
def reader_takes_any_text(monkeypatch):
    """Switch off the reader's name check (tests/crafted_reports.py): it takes the cover's text
    as it is, reading in this process. The reader calls both checks through their module."""
    from inspections.reader import report_read_in_process, text

    monkeypatch.setattr(text, "plausible_name", lambda text: " ".join(text.split()))
    monkeypatch.setattr(text, "plausible_person", lambda text: " ".join(text.split()))
    monkeypatch.setattr("inspections.uploads.report_read", report_read_in_process)
