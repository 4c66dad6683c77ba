"""Words as reports print them (text.py): dates, grades, names."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.reader.text import (
    flatten,
    parse_day,
    parse_on_site,
    plausible_person,
)
from inspections.rules import Grade, grade_from_words

D = dt.date


@pytest.mark.parametrize(
    "text, parts, inferred",
    [
        ("8 – 12 July 2013", [(D(2013, 7, 8), D(2013, 7, 12))], False),
        ("4 to 15 February 2019", [(D(2019, 2, 4), D(2019, 2, 15))], False),
        ("25 February to 8 March 2019", [(D(2019, 2, 25), D(2019, 3, 8))], False),
        ("6 December 2021 to 17 December 2021", [(D(2021, 12, 6), D(2021, 12, 17))], False),
        ("29 Sept - 3 Oct 2014", [(D(2014, 9, 29), D(2014, 10, 3))], False),
        ("3 June – 25 June 2014", [(D(2014, 6, 3), D(2014, 6, 25))], False),
        ("2 May to 25 May 2017 Report published: 14 July 2017", [(D(2017, 5, 2), D(2017, 5, 25))],
         False),
        # The start's year is not printed and would fall after the end: the year before.
        ("28 December to 8 January 2016", [(D(2015, 12, 28), D(2016, 1, 8))], True),
        # 2013–2017 covers: one day, and dates in figures (day first).
        ("28 July 2016 Report published: 20 September 2016", [(D(2016, 7, 28), D(2016, 7, 28))],
         False),
        ("12/09/2016 to 06/10/2016 Report published: 25/11/2016",
         [(D(2016, 9, 12), D(2016, 10, 6))], False),
        ("1st to 12th June 2015", [(D(2015, 6, 1), D(2015, 6, 12))], False),
        # On site in two parts, printed three ways.
        ("30 September to 11 October 2024 and 13 to 16 January 2025 Lead inspector: A",
         [(D(2024, 9, 30), D(2024, 10, 11)), (D(2025, 1, 13), D(2025, 1, 16))], False),
        ("8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019",
         [(D(2019, 7, 8), D(2019, 7, 12)), (D(2019, 8, 7), D(2019, 8, 8))], False),
        ("19 November-11 December 2013 and 28 – 30 January 2014",
         [(D(2013, 11, 19), D(2013, 12, 11)), (D(2014, 1, 28), D(2014, 1, 30))], False),
        ("19 November–11 December 2013 & 28—30 January 2014",
         [(D(2013, 11, 19), D(2013, 12, 11)), (D(2014, 1, 28), D(2014, 1, 30))], False),
    ],
)  # fmt: skip
def test_on_site_dates_as_printed(text, parts, inferred):
    on_site = parse_on_site(text)

    assert list(on_site.parts) == parts
    assert (on_site.start, on_site.end) == (parts[0][0], parts[-1][1])
    assert on_site.year_inferred == inferred


@pytest.mark.parametrize(
    "text, printed",
    [
        ("July 2013 to August 2013", "July 2013 to August 2013"),  # no day: not dates
        ("soon", "soon"),
        ("8 July", "8 July"),  # the last date needs its month and year
        ("30 to 31 February 2019", "30 to 31 February 2019"),  # no such day
        ("12 July 2019 to 8 July 2019", "12 July 2019 to 8 July 2019"),  # out of order
        ("1 to 2 to 3 May 2019", "1 to 2 to 3 May 2019"),  # a part of three dates
        ("31/02/2016", "31/02/2016"),
    ],
)
def test_what_are_not_on_site_dates_is_refused_saying_what_was_read(text, printed):
    with pytest.raises(ValueError) as refused:
        parse_on_site(text)
    assert str(refused.value) == printed


def test_a_day_as_printed_and_as_in_a_file_name():
    assert parse_day("5 June 2015") == D(2015, 6, 5)
    assert parse_day("25/11/2016") == D(2016, 11, 25)
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
