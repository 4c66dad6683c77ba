"""The stand-in of Ofsted's report finder with the shared reports, and a sync run against it."""

from __future__ import annotations

import pytest

from authorities.models import Authority
from inspections.ofsted.fetch import Fetcher
from inspections.ofsted.sync import ofsted_sync
from tests.ofsted.standin import StandIn
from tests.pdfs import text_pdf


def letter_pdf(heading: str, *first_paragraph: str) -> bytes:
    """A visit's letter as Ofsted prints its page 1: the heading, then the first paragraph."""
    return text_pdf([["Dear Director of Children's Services", heading, *first_paragraph]])


@pytest.fixture
def site(reports_dir, national_register, settings, tmp_path):
    """The stand-in, with a provider page for every URN in the register (most list nothing)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with StandIn(reports_dir, history_csv=settings.NATIONAL_DATA_DIR / "ilacs_history.csv") as s:
        served = {int(p.stem.split("_", 1)[0]) for p in reports_dir.glob("*.pdf")}
        for authority in Authority.objects.exclude(ofsted_urn=None):
            if authority.ofsted_urn not in served:
                s.add_provider(
                    authority.ofsted_urn, authority.name, listed=authority.active_until is None
                )
        yield s


def run(site, tmp_path, **options):
    """A sync against the stand-in without pauses, archiving under the test's MEDIA_ROOT."""
    archive = tmp_path / "media" / "ofsted"
    fetcher = Fetcher(site.base_url, archive=archive, pause=0, backoff=0)
    summary = ofsted_sync(base_url=site.base_url, archive=archive, fetcher=fetcher, **options)
    return summary, fetcher


@pytest.fixture(autouse=True)
def _reports_read_once(reports_read_once):
    """The sync's and the review's tests read the same 27 reports again and again: each is read
    for real once a session (tests/conftest.py, reports_read_once)."""
