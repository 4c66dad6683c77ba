"""Visits' letters (reader/letters.py): their kind from page 1's head, and the on-site days
from the sentence each kind prints them in, as pypdf extracts it (flattened)."""

import datetime as dt

import pytest

from inspections.reader.letters import letter_kind, letter_on_site
from inspections.reader.registry import LetterNotReport, identify
from inspections.reader.text import flatten
from inspections.rules import PublicationKind as Kind

D = dt.date


@pytest.mark.parametrize(
    "head, kind",
    [
        ("Monitoring visit to Birmingham children's services", Kind.MONITORING_VISIT),
        ("Focused visit to Buckinghamshire local authority children's services",
         Kind.FOCUSED_VISIT),
        ("Assurance visit to Slough children's services", Kind.FOCUSED_VISIT),
        ("Joint targeted area inspection of the multi-agency response to children's mental "
         "health in Dudley", Kind.JTAI),
        ("Inspection of Sandwell children's services", None),
    ],
)  # fmt: skip
def test_letter_kind(head, kind):
    assert letter_kind(head) == kind


@pytest.mark.parametrize(
    "text, kind, start, end",
    [
        # Monitoring visit letters (ILACS), days in one month, and across a month's end.
        ("Dear Ms Smith\nMonitoring visit to Sandwell children's services\nThis letter summarises "
         "the findings of the monitoring visit to Sandwell children's services on 12 and 13\n"
         "October 2022. This was the fifth monitoring visit since the local authority was judged "
         "inadequate in 2018.", Kind.MONITORING_VISIT, D(2022, 10, 12), D(2022, 10, 13)),
        ("This letter summarises the findings of the monitoring visit to Birmingham local "
         "authority children's services on 30 November to 1 December 2022. His Majesty's "
         "Inspectors ...", Kind.MONITORING_VISIT, D(2022, 11, 30), D(2022, 12, 1)),
        ("This letter summarises the findings of a monitoring visit to Tameside children's "
         "services from 5 to 7 March 2024.", Kind.MONITORING_VISIT, D(2024, 3, 5), D(2024, 3, 7)),
        # Focused and assurance visits.
        ("This letter summarises the findings of the focused visit to Buckinghamshire local\n"
         "authority children's services on 13 and 14 November 2019.", Kind.FOCUSED_VISIT,
         D(2019, 11, 13), D(2019, 11, 14)),
        ("This letter summarises the findings of the assurance visit to Slough children's "
         "services on 16 and 17 March 2021.", Kind.FOCUSED_VISIT, D(2021, 3, 16), D(2021, 3, 17)),
        # A JTAI letter: "Between <days>, Ofsted, ..." is a range of days.
        ("Joint targeted area inspection of the multi-agency response to children and families "
         "who need help in Dudley\nBetween 6 and 10 March 2023, Ofsted, the Care Quality "
         "Commission (CQC), His Majesty's Inspectorate of Constabulary and Fire & Rescue "
         "Services (HMICFRS) and His Majesty's Inspectorate of Probation (HMIP) carried out a "
         "joint inspection", Kind.JTAI, D(2023, 3, 6), D(2023, 3, 10)),
        ("Between 15 May and 19 May 2017, Ofsted, CQC, HMIC and HMI Probation carried out",
         Kind.JTAI, D(2017, 5, 15), D(2017, 5, 19)),
    ],
)  # fmt: skip
def test_on_site_days_from_the_letters_first_paragraph(text, kind, start, end):
    on_site = letter_on_site(flatten(text), kind)
    assert on_site is not None
    assert (on_site.start, on_site.end) == (start, end)


@pytest.mark.parametrize(
    "text, kind",
    [
        # The letter's own date at its head is when it was signed: never the visit's.
        ("12 December 2023\nDear Ms Smith\nMonitoring visit to Sandwell children's services",
         Kind.MONITORING_VISIT),
        # Days that are no dates.
        ("This letter summarises the findings of the monitoring visit to Sandwell children's "
         "services on 31 and 32 February 2022.", Kind.MONITORING_VISIT),
        # A JTAI letter's days are read from "Between", not from a visit sentence.
        ("This letter summarises the findings of the monitoring visit to Dudley children's "
         "services on 1 and 2 May 2019.", Kind.JTAI),
    ],
)  # fmt: skip
def test_days_not_printed_as_a_letter_prints_them_stay_unread(text, kind):
    assert letter_on_site(flatten(text), kind) is None


def test_identify_says_which_letter_it_is():
    with pytest.raises(LetterNotReport) as refused:
        identify("Assurance visit to Slough children's services This letter summarises")
    assert refused.value.kind == Kind.FOCUSED_VISIT
    assert str(refused.value) == (
        "not an inspection report: an assurance visit letter, which gives no grades"
    )
