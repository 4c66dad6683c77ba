"""The report reader on the 27 real reports, and on files that are not readable reports.

The expected values below were written by reading each report (its cover, contents, judgement
sections and 'Information about this inspection'), not by running the reader.
"""

import datetime as dt
import json
import shutil

import pytest
from django.core.management import call_command
from pypdf import PdfWriter

from inspections.reader import GRADE_KEYS, ReportKind
from inspections.reader import report_read_in_process as report_read
from inspections.rules import PublicationKind
from tests.pdfs import text_pdf as pdf_of_lines

O, G, RI, A, I = "outstanding", "good", "requires_improvement", "adequate", "inadequate"  # noqa: E741 (the table reads best in letters)
N = None


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# file stem: (kind, framework, authority, start, end, published, lead inspector,
#             overall, help_and_protection, children_in_care, care_leavers, adoption,
#             leadership, lscb, capacity_to_improve)
FULL = "full_inspection"
# fmt: off
EXPECTED = {
    "80418_norfolk__16-august-2013": (FULL, "pre_sif_looked_after_children", "Norfolk County Council", "2013-07-08", "2013-07-12", "2013-08-16", "Gary Lamb", I, N, N, N, N, I, N, I),
    "80549_sandwell__02-august-2013": (FULL, "pre_sif_looked_after_children", "Sandwell Metropolitan Borough Council", "2013-06-24", "2013-06-28", "2013-08-02", "Christopher Sands", I, N, N, N, N, I, N, A),
    "80474_herefordshire__30-june-2014": (FULL, "sif", "Herefordshire Council", "2014-04-29", "2014-05-21", "2014-06-30", "Pietro Battista", RI, RI, RI, RI, G, RI, RI, N),
    "80442_buckinghamshire__08-august-2014": (FULL, "sif", "Buckinghamshire County Council", "2014-06-03", "2014-06-25", "2014-08-08", "Brenda McLaughlin", I, I, I, RI, RI, I, I, N),
    "80549_sandwell__05-june-2015": (FULL, "sif", "Sandwell Metropolitan Borough Council", "2015-01-27", "2015-02-19", "2015-06-05", "Mary Candlin", I, I, RI, RI, RI, I, I, N),
    # The report prints 19 October 2015; the file name says the 20th.
    "80418_norfolk__20-october-2015": (FULL, "sif", "Norfolk County Council", "2015-07-06", "2015-07-30", "2015-10-19", "Helen Cawston", I, RI, I, I, RI, RI, RI, N),
    "80544_kensington-and-chelsea__29-march-2016": (FULL, "sif", "Royal Borough of Kensington and Chelsea", "2016-01-11", "2016-02-04", "2016-03-29", "Ian Young", O, G, O, O, O, O, G, N),
    "80576_warwickshire__14-july-2017": (FULL, "sif", "Warwickshire", "2017-05-02", "2017-05-25", "2017-07-14", "Peter McEntee", RI, RI, RI, RI, G, RI, RI, N),
    "80418_norfolk__19-january-2018": (FULL, "sif_reinspection", "Norfolk Council", "2017-11-13", "2017-11-24", "2018-01-19", "Donna Marriott", RI, RI, RI, RI, O, RI, N, N),
    "80442_buckinghamshire__29-january-2018": (FULL, "sif_reinspection", "Buckinghamshire County Council", "2017-11-06", "2017-11-30", "2018-01-29", "Margaret Burke", I, I, I, RI, G, I, N, N),
    "80549_sandwell__29-january-2018": (FULL, "sif_reinspection", "Sandwell Metropolitan Borough Council", "2017-11-06", "2017-11-30", "2018-01-29", "Karen Wareing", I, I, I, RI, I, I, N, N),
    "80438_brighton-and-hove__21-august-2018": (FULL, "ilacs_2018", "Brighton and Hove City Council", "2018-07-09", "2018-07-20", N, "Tara Geere", G, RI, G, N, N, G, N, N),
    "80498_haringey__14-december-2018": (FULL, "ilacs_2018", "Haringey", "2018-10-29", "2018-11-09", N, "Anne Waterman", RI, RI, RI, N, N, RI, N, N),
    "80564_stoke-on-trent__18-march-2019": (FULL, "ilacs_2018", "Stoke-on-Trent City Council", "2019-02-04", "2019-02-15", N, "Neil Penswick", I, I, I, N, N, I, N, N),
    # Titled "Inspection of local authority children's services", authority above the title.
    "80578_west-sussex__08-may-2019": (FULL, "ilacs_2018", "West Sussex County Council", "2019-02-25", "2019-03-08", N, "Linda Steele", I, I, I, N, N, I, N, N),
    "2532283_dorset__19-november-2021": (FULL, "ilacs", "Dorset", "2021-09-27", "2021-10-08", N, "Steve Lowe", G, G, G, N, N, O, N, N),
    "80442_buckinghamshire__11-february-2022": (FULL, "ilacs", "Buckinghamshire Council", "2021-12-06", "2021-12-17", N, "Nick Stacey", RI, RI, RI, N, N, RI, N, N),
    "80549_sandwell__05-july-2022": (FULL, "ilacs", "Sandwell", "2022-05-09", "2022-05-20", N, "Alison Smale", RI, RI, RI, N, N, RI, N, N),
    "2637539_north-northamptonshire__25-november-2022": (FULL, "ilacs", "North Northamptonshire", "2022-10-03", "2022-10-14", N, "Alison Smale", RI, RI, RI, N, N, RI, N, N),
    # On site in November 2022: one judgement for children in care and care leavers.
    "80418_norfolk__13-january-2023": (FULL, "ilacs", "Norfolk", "2022-11-07", "2022-11-18", N, "Margaret Burke", G, G, G, N, N, G, N, N),
    "80547_rutland__12-july-2024": (FULL, "ilacs", "Rutland", "2024-04-15", "2024-04-26", N, "Rachel Griffiths", G, G, G, G, N, G, N, N),
    "80516_tower-hamlets__13-january-2025": (FULL, "ilacs", "Tower Hamlets", "2024-11-11", "2024-11-15", N, "Amanda Maxwell", O, G, G, O, N, O, N, N),
    "80442_buckinghamshire__14-may-2025": (FULL, "ilacs", "Buckinghamshire Council", "2025-01-27", "2025-02-07", N, "Nick Bennison", RI, RI, G, RI, N, RI, N, N),
    "80549_sandwell__02-december-2025": (FULL, "ilacs", "Sandwell", "2025-10-13", "2025-10-24", N, "Monique Lindsay", G, G, G, RI, N, G, N, N),
    # On site in February 2026, published after April 2026: still an overall judgement.
    "80418_norfolk__18-may-2026": (FULL, "ilacs", "Norfolk", "2026-02-23", "2026-02-27", N, "Rodica Cobarzan", O, O, O, O, N, O, N, N),
    # On site from May 2026: no overall effectiveness.
    "2637539_north-northamptonshire__07-july-2026": (FULL, "ilacs_2026", "North Northamptonshire", "2026-05-11", "2026-05-22", N, "David Cohen", N, G, G, G, N, O, N, N),
}
# fmt: on

#: The grade columns of EXPECTED, in its order; every other key of GRADE_KEYS (SLAC's two overall
#: judgements: none of these reports is a SLAC one) is expected empty.
GRADE_COLUMNS = (
    "overall", "help_and_protection", "children_in_care", "care_leavers", "adoption",
    "leadership", "lscb", "capacity_to_improve",
)  # fmt: skip


def expected_grades(grades) -> dict:
    """Every key of GRADE_KEYS → the grade EXPECTED gives it (None for the columns it lacks)."""
    return {**dict.fromkeys(GRADE_KEYS), **dict(zip(GRADE_COLUMNS, grades, strict=True))}


#: Judgements of the looked-after-children inspections that no later framework has.
PRE_SIF_FURTHER = {
    "80418_norfolk__16-august-2013": {"outcomes": I, "quality_of_provision": I},
    "80549_sandwell__02-august-2013": {"outcomes": A, "quality_of_provision": I},
}


def test_every_shared_report_is_in_the_table(reports_dir):
    names = {p.stem for p in reports_dir.glob("*.pdf")}
    assert names == {*EXPECTED, "80429_birmingham__19-october-2012"}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_report_fields_match_what_the_report_says(reports_dir, stem):
    kind, framework, authority, start, end, published, lead, *grades = EXPECTED[stem]
    reading = report_read(reports_dir / f"{stem}.pdf")
    assert reading.error is None
    assert reading.kind == kind
    assert reading.framework == framework
    assert reading.authority == authority
    assert reading.inspection_start == day(start)
    assert reading.inspection_end == day(end)
    assert reading.published == (day(published) if published else None)
    assert reading.lead_inspector == lead
    assert {k: reading.grades[k] for k in GRADE_KEYS} == expected_grades(grades)
    for key, grade in PRE_SIF_FURTHER.get(stem, {}).items():
        assert reading.grades[key] == grade
    assert reading.warnings == []


def test_ilacs_publication_date_comes_from_the_caller(reports_dir):
    reading = report_read(
        reports_dir / "80442_buckinghamshire__14-may-2025.pdf", published=dt.date(2025, 5, 14)
    )
    assert reading.published == dt.date(2025, 5, 14)
    assert reading.warnings == []


def test_a_printed_publication_date_wins_over_the_callers(reports_dir):
    reading = report_read(
        reports_dir / "80418_norfolk__20-october-2015.pdf", published=dt.date(2015, 10, 20)
    )
    assert reading.published == dt.date(2015, 10, 19)
    assert reading.warnings == [
        "published: the report prints 2015-10-19; the date supplied (2015-10-20) was not used"
    ]


def test_reinspection_maps_to_the_models_framework_and_type(reports_dir):
    reading = report_read(reports_dir / "80442_buckinghamshire__29-january-2018.pdf")
    assert (reading.model_framework, reading.inspection_type) == ("sif", "reinspection")
    reading = report_read(reports_dir / "2637539_north-northamptonshire__07-july-2026.pdf")
    assert (reading.model_framework, reading.inspection_type) == ("ilacs_2026", "unknown")


# --- Files that are not readable reports -------------------------------------------------------


def assert_unreadable(reading, message):
    assert reading.kind == ReportKind.UNREADABLE
    assert reading.error is not None and message in reading.error
    assert reading.framework is None
    assert all(grade is None for grade in reading.grades.values())


def test_saved_web_page_gets_a_clean_error(reports_dir):
    reading = report_read(reports_dir / "80429_birmingham__19-october-2012.pdf")
    assert_unreadable(reading, "not a PDF")
    assert "saved web page" in reading.error


def test_truncated_pdf_gets_a_clean_error(reports_dir, tmp_path):
    data = (reports_dir / "80442_buckinghamshire__08-august-2014.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    assert_unreadable(report_read(cut), "truncated")


def test_empty_file_gets_a_clean_error(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert_unreadable(report_read(empty), "empty file")


def test_missing_file_gets_a_clean_error(tmp_path):
    assert_unreadable(report_read(tmp_path / "nowhere.pdf"), "cannot read the file")


def test_garbage_after_a_pdf_header_gets_a_clean_error(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00\xff garbage " * 200 + b"\n%%EOF\n")
    assert_unreadable(report_read(bad), "PDF")


def blank_pdf(path, *, password=None):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with path.open("wb") as out:
        writer.write(out)
    return path


def text_pdf(path, text: str):
    """A one-page PDF whose page shows `text` (tests/pdfs.py)."""
    path.write_bytes(pdf_of_lines([[text]]))
    return path


def test_blank_pdf_is_an_unknown_format(tmp_path):
    reading = report_read(blank_pdf(tmp_path / "blank.pdf"))
    assert_unreadable(reading, "unknown format")


def test_pdf_of_something_else_is_an_unknown_format(tmp_path):
    reading = report_read(text_pdf(tmp_path / "invoice.pdf", "Invoice number 42 for services"))
    assert_unreadable(reading, "unknown format")
    assert "Invoice number 42" in reading.error


def test_visit_letter_is_not_an_inspection_report_but_gives_its_on_site_days(tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(
        pdf_of_lines(
            [
                [
                    "Focused visit to Sandwell children's services",
                    "This letter summarises the findings of the focused visit to Sandwell",
                    "children's services on 13 and 14 November 2019.",
                ]
            ]
        )
    )
    reading = report_read(path)

    assert reading.kind == ReportKind.VISIT_LETTER
    assert reading.letter == PublicationKind.FOCUSED_VISIT
    assert (
        reading.error == "not an inspection report: a focused visit letter, which gives no grades"
    )
    assert (reading.inspection_start, reading.inspection_end) == (
        dt.date(2019, 11, 13),
        dt.date(2019, 11, 14),
    )
    assert all(grade is None for grade in reading.grades.values())


def test_a_letter_without_readable_days_leaves_them_empty(tmp_path):
    letter = text_pdf(tmp_path / "letter.pdf", "Monitoring visit to Sandwell children's services")
    reading = report_read(letter)
    assert reading.letter == PublicationKind.MONITORING_VISIT
    assert reading.inspection_start is None and reading.inspection_end is None


def test_encrypted_pdf_gets_a_clean_error(tmp_path):
    reading = report_read(blank_pdf(tmp_path / "locked.pdf", password="secret"))
    assert_unreadable(reading, "encrypted")


# --- The command ---------------------------------------------------------------------------------

JSON_KEYS = [
    "file",
    "kind",
    "framework",
    "authority",
    "inspection_start",
    "inspection_end",
    "published",
    "lead_inspector",
    "grades",
    "not_judged",
    "warnings",
    "error",
    "letter",
]


def test_read_report_json_prints_one_object_per_file(reports_dir, tmp_path, capsys):
    good = reports_dir / "80442_buckinghamshire__29-january-2018.pdf"
    web_page = reports_dir / "80429_birmingham__19-october-2012.pdf"
    call_command("read_report", str(good), str(web_page), "--json")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert list(first) == JSON_KEYS == list(second)
    assert list(first["grades"]) == list(GRADE_KEYS)
    assert first["file"] == str(good)
    assert first["inspection_start"] == "2017-11-06"
    assert first["published"] == "2018-01-29"
    assert first["grades"]["adoption"] == "good"
    assert first["grades"]["care_leavers"] == "requires_improvement"
    assert first["error"] is None
    assert second["kind"] == "unreadable" and "not a PDF" in second["error"]


def test_read_report_summary_is_readable(reports_dir, capsys):
    call_command(
        "read_report", str(reports_dir / "2637539_north-northamptonshire__07-july-2026.pdf")
    )
    out = capsys.readouterr().out
    assert "North Northamptonshire" in out
    assert "ILACS" in out
    assert "11 May 2026" in out
    assert "Care leavers: Good" in out
    assert "Overall effectiveness: not judged" in out


def test_read_report_exit_status_is_zero_for_unreadable_files(tmp_path, capsys):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    call_command("read_report", str(empty), "--json")  # raises SystemExit / CommandError if not 0
    assert json.loads(capsys.readouterr().out)["error"].startswith("empty file")


def test_read_report_command_copies_are_not_keyed_on_the_file_name(reports_dir, tmp_path):
    """The reader must not rely on the file name: a renamed copy reads the same."""
    copy = tmp_path / "report.pdf"
    shutil.copy(reports_dir / "80549_sandwell__05-june-2015.pdf", copy)
    reading = report_read(copy)
    assert (reading.authority, reading.published) == (
        "Sandwell Metropolitan Borough Council",
        dt.date(2015, 6, 5),
    )
