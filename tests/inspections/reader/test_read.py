"""What the reader checks whatever the format (read.py): the authority's name, the framework
against the on-site dates, the publication date against the caller's and the dates."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.reader import Finding, findings

TABLE = ["Judgement Grade", "Overall effectiveness Good"]
LEAD = "Lead inspector: Steve Lowe"


def ilacs(title="Inspection of Dorset children's services",
          dates="Inspection dates: 27 September to 8 October 2021"):  # fmt: skip
    return [[title, dates, LEAD, *TABLE]]


def test_a_caller_publication_date_that_differs_from_the_printed_one_is_not_used(read_pages):
    pages = [["Norfolk County Council", "Inspection of services for children in need of help and "
              "protection", "Inspection dates: 6 to 30 July 2015", "Report published: 19 October 2015",
              "Lead inspector: Helen Cawston"]]  # fmt: skip
    reading = read_pages(pages, published=dt.date(2015, 10, 20))

    assert reading.published == dt.date(2015, 10, 19)
    assert (
        Finding(
            findings.PUBLISHED,
            "published: the report prints 2015-10-19; the date supplied (2015-10-20) was not used",
        )
        in reading.findings
    )


def test_a_publication_before_the_inspection_ended_is_a_finding(read_pages):
    reading = read_pages(ilacs(), published=dt.date(2021, 10, 1))

    assert reading.published == dt.date(2021, 10, 1)
    assert reading.findings == [
        Finding(
            findings.PUBLISHED,
            "published 2021-10-01 is before the inspection ended (2021-10-08); check it",
        )
    ]


def test_dates_longer_than_any_inspection_are_a_finding(read_pages):
    reading = read_pages(ilacs(dates="Inspection dates: 1 September to 8 December 2021"))

    assert reading.findings == [
        Finding(
            findings.INSPECTION_DATES,
            "on-site dates: 2021-09-01 to 2021-12-08 is longer than any inspection; check them",
        )
    ]


def test_a_format_the_on_site_dates_do_not_fit_is_a_finding(read_pages):
    reading = read_pages(ilacs(dates="Inspection dates: 6 to 17 July 2015"))

    assert reading.framework == "ilacs"  # as the report's format says
    assert reading.findings == [
        Finding(
            findings.FRAMEWORK,
            "framework: the report is in the ilacs format, but on-site work that started on "
            "2015-07-06 falls under Single inspection framework (SIF, 2013–2017); check the "
            "report",
        )
    ]


@pytest.mark.parametrize(
    "title, authority, message",
    [
        ("Inspection of Dorset children's services", "Dorset", None),
        (
            "Inspection of <b onmouseover=alert(1)>Dorset</b> children's services",
            "",
            "authority: the cover's text where the name is printed (34 characters) does not "
            "look like an authority's name; not found, choose it",
        ),
        ("Inspection of children's social care services", "",
         "authority: no name on the cover; left empty"),
    ],
)  # fmt: skip
def test_only_text_that_looks_like_a_name_is_taken_as_the_authority(
    read_pages, title, authority, message
):
    reading = read_pages(ilacs(title=title))

    assert reading.authority == authority
    expected = [Finding(findings.AUTHORITY, message)] if message else []
    assert [f for f in reading.findings if f.field == findings.AUTHORITY] == expected
