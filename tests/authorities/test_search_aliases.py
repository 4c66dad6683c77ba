"""The register's search finds an authority by the names people type and sources print, through
the one alias table (authorities/aliases.py): "St Helens" for "St. Helens", "Bucks", "BCP",
"Hull"; a name no alias gives finds nothing extra."""

import pytest

from authorities.models import Authority
from tests.factories import make_authority

pytestmark = pytest.mark.django_db


@pytest.fixture
def four():
    make_authority(name="St. Helens", slug="st-helens", dfe_code="342")
    make_authority(name="Buckinghamshire", slug="buckinghamshire", dfe_code="825")
    make_authority(name="Bournemouth, Christchurch and Poole", slug="bcp", dfe_code="839")
    make_authority(name="Kingston upon Hull, City of", slug="hull", dfe_code="810")


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("St Helens", ["st-helens"]),
        ("st. helens", ["st-helens"]),
        ("Bucks", ["buckinghamshire"]),
        ("BCP", ["bcp"]),
        ("Hull", ["hull"]),
        ("Poole", ["bcp"]),  # by its own name, as before
        ("Northumbria", []),
    ],
)
def test_search_by_alias(four, typed, found):
    assert sorted(a.slug for a in Authority.objects.matching(q=typed)) == found


def test_the_index_page_finds_st_helens(client, four):
    body = client.get("/authorities/?q=St+Helens").content.decode()
    assert "St. Helens" in body
