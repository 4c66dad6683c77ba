"""Words as reports print them (text.py): dates, grades, names."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.reader.text import (
    flatten,
    parse_date_range,
    parse_day,
    plausible_person,
)
from inspections.rules import Grade, grade_from_words

D = dt.date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8 – 12 July 2013", (D(2013, 7, 8), D(2013, 7, 12), False)),
        ("4 to 15 February 2019", (D(2019, 2, 4), D(2019, 2, 15), False)),
        ("25 February to 8 March 2019", (D(2019, 2, 25), D(2019, 3, 8), False)),
        ("6 December 2021 to 17 December 2021", (D(2021, 12, 6), D(2021, 12, 17), False)),
        ("29 Sept - 3 Oct 2014", (D(2014, 9, 29), D(2014, 10, 3), False)),
        # The start's year is not printed and would fall after the end: the year before.
        ("28 December to 8 January 2016", (D(2015, 12, 28), D(2016, 1, 8), True)),
    ],
)
def test_a_date_range_as_printed(text, expected):
    assert parse_date_range(text) == expected


@pytest.mark.parametrize("text", ["8 July 2013", "July 2013 to August 2013", "soon"])
def test_what_is_not_a_date_range_is_refused(text):
    with pytest.raises(ValueError):
        parse_date_range(text)


def test_a_day_as_printed_and_as_in_a_file_name():
    assert parse_day("5 June 2015") == D(2015, 6, 5)
    assert parse_day("19 sept 2018") == D(2018, 9, 19)
    with pytest.raises(KeyError):
        parse_day("5 Juin 2015")


@pytest.mark.parametrize(
    "words, grade",
    [
        ("Outstanding", Grade.OUTSTANDING),
        ("good", Grade.GOOD),
        ("Adequate", Grade.ADEQUATE),
        ("Inadequate", Grade.INADEQUATE),
        ("Requires improvement", Grade.REQUIRES_IMPROVEMENT),
        ("requires  improvement to\nbe good", Grade.REQUIRES_IMPROVEMENT),
        ("Require improvement", Grade.REQUIRES_IMPROVEMENT),
    ],
)
def test_grade_words(words, grade):
    assert grade_from_words(words) == grade


def test_flatten_makes_one_line_of_plain_quotes_and_dashes():
    assert flatten("children’s\n  services\u00a0– 8—12") == "children's services – 8 – 12"


@pytest.mark.parametrize(
    "text, name",
    [
        ("Mary Candlin", "Mary Candlin"),
        ("Brenda  McLaughlin", "Brenda McLaughlin"),
        ("Siân O'Neill-Jones", "Siân O'Neill-Jones"),
        ("<script>alert(1)</script>", ""),
        ("Agent 47", ""),
        ("Ann " * 30, ""),  # longer than any name
    ],
)
def test_what_looks_like_a_persons_name(text, name):
    assert plausible_person(text) == name
