"""The registry (registry.py): which format a report is in, from the title on page 1."""

from __future__ import annotations

import pytest

from inspections.reader import ReportKind, ReportUnreadable
from inspections.reader.registry import FORMATS, identify
from inspections.reader.text import flatten

SIF = "Inspection of services for children in need of help and protection, children looked after"


@pytest.mark.parametrize(
    "cover, format_name, layout, kind",
    [
        (f"Norfolk County Council Re-{SIF[0].lower()}{SIF[1:]}", "sif", "sif_reinspection",
         ReportKind.FULL_INSPECTION),
        (f"Sandwell {SIF} and Review of the effectiveness of the Local Safeguarding Children "
         "Board", "sif", "sif", ReportKind.FULL_INSPECTION),
        ("Sandwell Review of the effectiveness of the Local Safeguarding Children Board", "sif",
         "sif", ReportKind.LSCB_REVIEW),
        ("Inspection of safeguarding and looked after children services Birmingham", "pre_sif",
         "pre_sif_safeguarding", ReportKind.FULL_INSPECTION),
        ("Inspection of local authority arrangements for the protection of children Dudley",
         "pre_sif", "pre_sif_protection_of_children", ReportKind.FULL_INSPECTION),
        ("Inspection of looked after children services Norfolk County Council", "pre_sif",
         "pre_sif_looked_after_children", ReportKind.FULL_INSPECTION),
        ("Haringey Inspection of children's social care services", "ilacs", "ilacs_2018",
         ReportKind.FULL_INSPECTION),
        ("West Sussex Inspection of local authority children's services", "ilacs", "ilacs_2018",
         ReportKind.FULL_INSPECTION),
        ("Inspection of Dorset children's services", "ilacs", "ilacs", ReportKind.FULL_INSPECTION),
        ("Inspection of Sandwell local authority children’s services", "ilacs", "ilacs",
         ReportKind.FULL_INSPECTION),
    ],
)  # fmt: skip
def test_each_title_identifies_its_layout(cover, format_name, layout, kind):
    report_format, title, match = identify(flatten(cover))

    assert (report_format.name, title.layout.key, title.kind) == (format_name, layout, kind)
    assert match is not None


@pytest.mark.parametrize(
    "cover, format_name, layout, authority",
    [
        # No known title: the judgement table tells ILACS, and the name is the title's.
        ("Inspection of Bradford Children and Families Trust Inspection dates: 12 to 23 January "
         "2026 Lead inspector: A B Judgement Grade The impact of leaders", "ilacs", "ilacs",
         "Bradford Children and Families Trust"),
        ("1 Wigan Council Inspection dates: 4 to 15 March 2019 Judgement Grade", "ilacs", "ilacs",
         "Wigan Council"),
        # The numbered summary tells SIF; the name is above whatever title is printed.
        ("1 Warwickshire County Council Inspection of services for children and care leavers "
         "Inspection date: 2 May to 25 May 2017 1. Children who need help and protection Good",
         "sif", "sif", "Warwickshire County Council"),
    ],
)  # fmt: skip
def test_content_tells_the_format_when_no_title_does(cover, format_name, layout, authority):
    report_format, title, match = identify(cover)

    assert (report_format.name, title.layout.key, match) == (format_name, layout, None)
    assert report_format.authority(cover, match) == authority


def test_content_goes_before_a_title_and_the_title_still_gives_the_layout():
    """A 2018 cover with its table: the table tells ILACS, the title its 2018 layout."""
    cover = (
        "Haringey Inspection of children's social care services Inspection dates: Judgement Grade"
    )
    report_format, title, match = identify(cover)

    assert (report_format.name, title.layout.key) == ("ilacs", "ilacs_2018")
    assert report_format.authority(cover, match) == "Haringey"


def test_a_visit_letter_has_no_judgement_table_and_is_refused():
    """Content goes first, but a letter has no judgement table: it is still refused."""
    with pytest.raises(ReportUnreadable, match="monitoring visit letter"):
        identify("Monitoring visit to Sandwell children's services Inspection dates: 1 May 2019")


def test_the_title_that_names_the_authority_gives_it():
    report_format, _, match = identify("Inspection of Tower Hamlets children's services Dates")
    assert report_format.authority("", match) == "Tower Hamlets"


@pytest.mark.parametrize(
    "cover, message",
    [
        (
            "Invoice number 42 for services rendered in May",
            "unknown format: page 1 has no title of an Ofsted children's services inspection "
            "report and neither a judgement table nor a numbered summary of one (it begins "
            "'Invoice number 42 for services rendered in May')",
        ),
        ("", "unknown format: page 1 has no title of an Ofsted children's services inspection "
             "report and neither a judgement table nor a numbered summary of one (it begins "
             "'no text at all')"),
        (
            "Monitoring visit to Sandwell children's services",
            "not an inspection report: a monitoring visit letter, which gives no grades",
        ),
        (
            "Joint targeted area inspection of the multi-agency response in Dudley",
            "not an inspection report: a joint targeted area inspection letter, which gives no "
            "grades",
        ),
    ],
)  # fmt: skip
def test_a_cover_of_no_known_format_is_refused_in_plain_words(cover, message):
    with pytest.raises(ReportUnreadable) as refused:
        identify(cover)
    assert str(refused.value) == message


def test_a_title_is_looked_for_only_at_the_top_of_page_1():
    """A report quoting another's title in its text is not taken for one."""
    with pytest.raises(ReportUnreadable, match="unknown format"):
        identify(
            "Minutes of the meeting. " + "x " * 300 + "Inspection of Dorset children's services"
        )


def test_an_unknown_title_reads_as_an_error_not_an_exception(read_pages):
    reading = read_pages([["Annual report of the Local Safeguarding Board", "2015 to 2016"]])

    assert reading.kind == ReportKind.UNREADABLE
    assert reading.layout is None
    assert reading.error.startswith("unknown format: page 1 has no title")


def test_every_layout_key_is_one_layout():
    """The keys are the JSON `framework` values: one key, one layout."""
    layouts = {title.layout for report_format in FORMATS for title in report_format.titles}
    assert len({layout.key for layout in layouts}) == len(layouts)
