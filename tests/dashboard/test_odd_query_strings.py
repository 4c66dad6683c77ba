"""Query strings that once answered 500 (issue 24, finding 9): digits that are not ASCII, and NUL.

"²" and "①" pass `str.isdigit()` but not `int()`; NUL in a slug reached PostgreSQL, which refuses
it in any query. Pages stay lenient (the rest of the query applies, a note says what was left
out); downloads and the API answer 400 and say why."""

import pytest

from tests.factories import make_authority

NOT_ASCII_DIGITS = ["²", "①", "٣٤", "１２"]  # superscript, circled, Arabic-Indic, full-width


@pytest.fixture
def two(db):
    return make_authority(name="Aylesbury Vale"), make_authority(name="Sandwell")


@pytest.mark.parametrize("q", NOT_ASCII_DIGITS)
@pytest.mark.parametrize(
    "path",
    [
        "/authorities/",
        "/api/authorities",
        "/compare/search/",
        "/feeds/index/",
        "/downloads/authorities.csv",
        "/downloads/authorities.json",
        "/data/",
        "/downloads/data-notes.csv",
        "/downloads/data-notes.json",
    ],
)
def test_digits_that_are_not_ascii_search_by_name_not_a_500(client, two, path, q):
    assert client.get(path, {"q": q}).status_code == 200


@pytest.mark.parametrize("bad", [*NOT_ASCII_DIGITS, "\x00", "waiting\x00", "\x1b[31m"])
@pytest.mark.parametrize("name", ["settled", "source", "page"])
def test_an_odd_filter_of_the_data_page_is_said_and_of_its_downloads_a_400(client, two, name, bad):
    """/data/ lists every note and says what it left out; its downloads refuse (never a 500).
    A page number that is not one shows the first page."""
    assert client.get("/data/", {name: bad}).status_code == 200
    for fmt in ("csv", "json"):
        status = client.get(f"/downloads/data-notes.{fmt}", {name: bad}).status_code
        assert status == (200 if name == "page" else 400)


def test_ascii_digits_still_find_by_urn(db):
    from authorities.models import Authority

    authority = make_authority()
    assert list(Authority.objects.matching(q=str(authority.ofsted_urn))) == [authority]
    assert list(Authority.objects.matching(q="²")) == []


@pytest.mark.parametrize("path", ["/compare/", "/compare/search/", "/embed/compare/"])
@pytest.mark.parametrize("bad", ["\x00", "sandwell\x00", "\x1b[31m", "\x7f"])
def test_a_control_character_in_a_slug_is_left_out_of_a_page_and_said(client, two, path, bad):
    first, second = two

    response = client.get(path, {"a": [first.slug, bad, second.slug]})

    assert response.status_code == 200
    if path != "/compare/search/":  # the picker shows no notes
        assert "cannot hold control characters" in response.text
        assert first.name in response.text and second.name in response.text


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_control_character_in_a_slug_is_a_400_for_a_download(client, two, fmt):
    first, second = two

    response = client.get(f"/downloads/compare.{fmt}", {"a": [first.slug, "\x00", second.slug]})

    assert response.status_code == 400
    assert "cannot hold control characters" in response.text
