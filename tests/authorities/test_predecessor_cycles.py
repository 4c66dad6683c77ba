"""An authority is never its own predecessor, directly or through a chain of reorganisations."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from authorities.models import Authority
from authorities.services import reorganisations_apply
from authorities.tabular import ImportRejected
from tests.admin_helpers import admin_form, error_texts
from tests.factories import make_authority


def change_url(authority: Authority) -> str:
    return reverse("admin:authorities_authority_change", args=[authority.pk])


def predecessor_links() -> set[tuple[str, str]]:
    """(successor, predecessor) of every recorded link."""
    through = Authority.predecessors.through.objects.select_related(
        "from_authority", "to_authority"
    )
    return {(link.from_authority.name, link.to_authority.name) for link in through}


def save_predecessors(client, authority: Authority, predecessors: list[Authority]):
    data = admin_form(client.get(change_url(authority)))
    data["predecessors"] = [str(p.pk) for p in predecessors]
    return client.post(change_url(authority), data)


@pytest.fixture
def chain(db):
    """Aville, Btown and Cshire, unlinked."""
    return [make_authority(name=name) for name in ("Aville", "Btown", "Cshire")]


def test_an_authority_cannot_be_made_its_own_predecessor(admin_client, chain):
    a, _, _ = chain

    response = save_predecessors(admin_client, a, [a])

    assert response.status_code == 200
    assert error_texts(response) == ["Aville cannot be its own predecessor."]
    assert predecessor_links() == set()


def test_two_authorities_cannot_be_each_others_predecessor(admin_client, chain):
    a, b, _ = chain
    a.predecessors.add(b)

    response = save_predecessors(admin_client, b, [a])

    assert response.status_code == 200
    assert error_texts(response) == [
        "Aville cannot be a predecessor of Btown: Btown is already a predecessor of Aville."
    ]
    assert predecessor_links() == {("Aville", "Btown")}


def test_a_three_authority_cycle_is_refused_and_names_the_chain(admin_client, chain):
    a, b, c = chain
    a.predecessors.add(b)  # Btown became Aville
    b.predecessors.add(c)  # Cshire became Btown

    response = save_predecessors(admin_client, c, [a])

    assert response.status_code == 200
    assert error_texts(response) == [
        "Aville cannot be a predecessor of Cshire: Cshire is already a predecessor of Aville "
        "(through Btown)."
    ]
    assert predecessor_links() == {("Aville", "Btown"), ("Btown", "Cshire")}


def test_a_chain_without_a_cycle_is_saved(admin_client, chain):
    a, b, c = chain
    a.predecessors.add(b)

    response = save_predecessors(admin_client, b, [c])

    assert response.status_code == 302, error_texts(response)
    assert predecessor_links() == {("Aville", "Btown"), ("Btown", "Cshire")}


@pytest.mark.parametrize("side", ["predecessors", "successors"])
def test_code_cannot_link_a_cycle_either(chain, side):
    """The register import links reorganisations with predecessors.add(): the model refuses a
    cycle there, from either side of the relation, and writes nothing."""
    a, b, c = chain
    a.predecessors.add(b)
    b.predecessors.add(c)

    # (Each in its own savepoint, as the import's transaction is: the refusal ends it.)
    with (
        pytest.raises(ValidationError, match="already a predecessor of Aville"),
        transaction.atomic(),
    ):
        if side == "predecessors":
            c.predecessors.add(a)
        else:
            a.successors.add(c)
    with pytest.raises(ValidationError, match="its own predecessor"), transaction.atomic():
        a.predecessors.add(a)
    assert predecessor_links() == {("Aville", "Btown"), ("Btown", "Cshire")}


def test_the_register_import_refuses_a_reorganisation_that_would_close_a_cycle(db):
    """An editor recorded Christchurch (839) as Bournemouth's (837) predecessor: linking the 2019
    merger (Bournemouth became 839) would close a cycle, so the import stops with the reason."""
    bournemouth = make_authority(name="Bournemouth", dfe_code="837")
    bcp = make_authority(name="Bournemouth, Christchurch and Poole", dfe_code="839")
    bournemouth.predecessors.add(bcp)

    with (
        pytest.raises(ImportRejected, match="is already a predecessor of Bournemouth"),
        transaction.atomic(),  # as register_import's
    ):
        reorganisations_apply()

    assert predecessor_links() == {("Bournemouth", "Bournemouth, Christchurch and Poole")}
