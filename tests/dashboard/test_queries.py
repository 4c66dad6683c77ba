"""One query object per page: lenient for pages and embeds (drop and say), strict for downloads
and the API (a 400 with the same words everywhere)."""

import pytest
from django.http import QueryDict

from dashboard.queries import CompareQuery, IndexQuery, QueryProblem, TimelineQuery
from tests.factories import make_authority


def test_timeline_query_drops_an_unknown_judgement_and_says_so():
    query = TimelineQuery.from_request(QueryDict("show=overall&show=bravery&show=overall"))
    assert query.shown == ["overall"]
    assert len(query.notes) == 1
    assert query.notes[0].startswith("No judgement called bravery; show takes overall, ")
    with pytest.raises(QueryProblem, match="No judgement called bravery"):
        TimelineQuery.from_request(QueryDict("show=bravery"), strict=True)
    assert TimelineQuery.from_request(QueryDict("")).shown == [
        "overall",
        "help_and_protection",
        "children_in_care",
        "leadership",
    ]


@pytest.mark.django_db
def test_index_query_strict_names_each_bad_filter_lenient_keeps_the_good_ones():
    make_authority(name="Sandwell", slug="sandwell", region="WM")
    make_authority(name="Camden", slug="camden", region="GL")
    lenient = IndexQuery.from_request(QueryDict("region=WM&grade=brilliant"))
    assert [a.name for a in lenient.authorities()] == ["Sandwell"]
    assert lenient.applied == {"region": "WM"}
    assert lenient.notes and "grade" in lenient.notes[0]
    with pytest.raises(QueryProblem, match=r"^Bad filter: grade: "):
        IndexQuery.from_request(QueryDict("region=WM&grade=brilliant"), strict=True)


@pytest.mark.django_db
def test_compare_query_strict_refuses_what_the_page_only_notes():
    make_authority(name="Sandwell", slug="sandwell")
    make_authority(name="Camden", slug="camden")
    lenient = CompareQuery.from_request(QueryDict("a=sandwell&a=camden&a=atlantis&area=bravery"))
    assert lenient.slugs == ["sandwell", "camden"] and lenient.area == "overall"
    assert len(lenient.notes) == 2
    with pytest.raises(QueryProblem, match="atlantis"):
        CompareQuery.from_request(QueryDict("a=sandwell&a=camden&a=atlantis"), strict=True)
    with pytest.raises(QueryProblem, match="two authorities or more"):
        CompareQuery.from_request(QueryDict("a=sandwell"), strict=True)


@pytest.mark.django_db
def test_pages_say_what_they_dropped_and_downloads_refuse_it_in_the_same_words(client):
    make_authority(name="Sandwell", slug="sandwell")
    page = client.get("/authorities/sandwell/?show=bravery")
    assert page.status_code == 200
    assert "No judgement called bravery" in page.content.decode()
    download = client.get("/downloads/authorities/sandwell.csv?show=bravery")
    assert download.status_code == 400
    with pytest.raises(QueryProblem) as raised:
        TimelineQuery.from_request(QueryDict("show=bravery"), strict=True)
    assert download.content.decode().strip() == str(raised.value)
