from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real national data beside the project (../shared/data/ofsted); skip when absent."""
    path = Path(settings.SHARED_DATA_DIR)
    if not (path / "la_lookup.csv").is_file() or not (path / "ilacs_history.csv").is_file():
        pytest.skip(f"the shared Ofsted data is not at {path}")
    return path


@pytest.fixture
def register_path(shared_data: Path) -> Path:
    return shared_data / "la_lookup.csv"


@pytest.fixture
def history_path(shared_data: Path) -> Path:
    return shared_data / "ilacs_history.csv"


@pytest.fixture
def national_register(db, register_path):
    from authorities.services import register_import

    return register_import(source=str(register_path))


@pytest.fixture
def national_history(national_register, history_path):
    from inspections.services import history_import

    return history_import(source=str(history_path))
