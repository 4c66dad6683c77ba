"""Import of the real national inspection history (ilacs_history.csv), good files and bad."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Authority
from authorities.tabular import ImportRejected
from inspections.history_import import PLACEHOLDERS, grade_count, history_import
from inspections.models import Inspection, Judgement
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.csvfiles import real_lines, serving, write_lines

GRADE_WORDS = {"outstanding", "good", "requires improvement", "inadequate"}


def file_rows(history_path):
    return list(csv.DictReader(io.StringIO(history_path.read_text(encoding="utf-8"))))


def test_real_history_imports_with_exact_counts(national_register, history_path):
    """The import itself, not the fixture's copy of its rows (tests/site_data.py)."""
    result = history_import(source=str(history_path))
    assert (result.created, result.updated, result.unchanged) == (497, 0, 0)
    assert Inspection.objects.count() == 497
    assert Authority.objects.filter(inspections__isnull=False).distinct().count() == 153
    # Every grade word in the file (1,429, noise included), less the two separate care-leavers
    # grades given to September 2022 inspections (lines 328 and 354).
    rows = file_rows(history_path)
    columns = [c for c in rows[0] if c.endswith("_grade")]
    words = sum(1 for r in rows for c in columns if r[c].strip() not in PLACEHOLDERS)
    assert words == 1429
    assert grade_count() == 1427 == words - 2
    assert Inspection.objects.exclude(overall_effectiveness="").count() == 308
    assert Judgement.objects.filter(area=Area.CARE_LEAVERS).count() == 156


def test_real_history_warnings_name_their_lines(national_history):
    by_line = {}
    for warning in national_history.warnings:
        by_line.setdefault(warning.line, []).append(warning.reason)
    assert sorted(by_line) == [328, 329, 354, 415, 485]
    assert "care leavers grade 'Inadequate' not recorded" in by_line[328][0]
    assert "care leavers grade 'Requires improvement to be good' not recorded" in by_line[354][0]
    assert (
        "'to requires improvement' recorded as 'Requires improvement to be good'" in by_line[329][0]
    )
    assert "'to requires improvement' recorded as" in by_line[415][0]
    assert (
        "unknown inspection type 'inspection duration longer than standard framework'"
        in by_line[485][0]
    )


def test_noise_is_recorded_as_the_grade_it_names_and_impossible_grades_are_not(national_history):
    nottingham_2019 = Inspection.objects.get(
        authority__ofsted_urn=80533, published_on=dt.date(2019, 1, 7)
    )
    assert (
        nottingham_2019.judgements.get(area=Area.HELP_AND_PROTECTION).grade
        == Grade.REQUIRES_IMPROVEMENT
    )
    nottingham_2022 = Inspection.objects.get(
        authority__ofsted_urn=80533, published_on=dt.date(2022, 9, 5)
    )
    assert nottingham_2022.framework == Framework.ILACS  # judged impact of leaders; published 2022
    assert nottingham_2022.overall_effectiveness == Grade.INADEQUATE
    assert {j.area: j.grade for j in nottingham_2022.judgements.all()} == {
        Area.LEADERSHIP: Grade.REQUIRES_IMPROVEMENT,
        Area.HELP_AND_PROTECTION: Grade.INADEQUATE,
        Area.CHILDREN_IN_CARE: Grade.REQUIRES_IMPROVEMENT,
    }
    wiltshire = Inspection.objects.get(
        authority__ofsted_urn=80580, published_on=dt.date(2019, 7, 22)
    )
    assert wiltshire.inspection_type == InspectionType.UNKNOWN
    assert wiltshire.overall_effectiveness == Grade.GOOD


def test_placeholders_never_become_grades(national_history, history_path):
    for row in file_rows(history_path):
        inspection = Inspection.objects.get(
            authority__ofsted_urn=int(row["urn"]),
            published_on=dt.datetime.strptime(row["publication_date"], "%d/%m/%y").date(),
        )
        if row["overall_effectiveness_grade"] in PLACEHOLDERS:
            assert inspection.overall_effectiveness == ""
        else:
            assert inspection.overall_effectiveness == row["overall_effectiveness_grade"].replace(
                " ", "_"
            )
        recorded = {j.area for j in inspection.judgements.all()}
        for column, area in [
            ("impact_of_leaders_grade", Area.LEADERSHIP),
            ("help_and_protection_grade", Area.HELP_AND_PROTECTION),
            ("in_care_grade", Area.CHILDREN_IN_CARE),
            ("care_leavers_grade", Area.CARE_LEAVERS),
        ]:
            if row[column] in PLACEHOLDERS:
                assert area not in recorded, (
                    row["local_authority"],
                    row["publication_date"],
                    column,
                )


def test_frameworks_follow_the_on_site_dates(national_history, history_path):
    post_reform = Inspection.objects.filter(started_on__gte=dt.date(2026, 4, 1))
    assert post_reform.count() == 11
    assert set(post_reform.values_list("framework", flat=True)) == {Framework.ILACS_2026}
    assert not post_reform.exclude(overall_effectiveness="").exists()
    # On site before April 2026, published after it: still ILACS with an overall grade.
    wolverhampton = Inspection.objects.get(
        authority__ofsted_urn=80583, published_on=dt.date(2026, 6, 18)
    )
    assert (wolverhampton.framework, wolverhampton.overall_effectiveness) == (
        Framework.ILACS,
        Grade.GOOD,
    )
    # Reports with neither dates nor grades (mostly the SIF years and before) are "not yet known".
    bare = [
        r
        for r in file_rows(history_path)
        if not r["inspection_start_date"]
        and all(r[c] in PLACEHOLDERS for c in r if c.endswith("_grade"))
    ]
    assert len(bare) == 175
    assert Inspection.objects.filter(framework=Framework.UNKNOWN).count() == len(bare)
    bucks_2018 = Inspection.objects.get(
        authority__ofsted_urn=80442, published_on=dt.date(2018, 1, 29)
    )
    assert bucks_2018.framework == Framework.UNKNOWN and not bucks_2018.judgements.exists()


def test_second_import_changes_nothing(national_history, history_path):
    from inspections.models import Inspection as I  # noqa: N817

    history_rows = I.history.count() + Judgement.history.count()
    again = history_import(source=str(history_path))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 497)
    assert grade_count() == 1427
    assert I.history.count() + Judgement.history.count() == history_rows  # no spurious saves


def test_dry_run_writes_nothing(national_register, history_path):
    result = history_import(source=str(history_path), dry_run=True)
    assert result.created == 497
    assert "dry run, nothing saved" in result.summary()
    assert not Inspection.objects.exists() and not Judgement.objects.exists()


def test_command_reports_summary_and_warnings(national_register, history_path):
    out = io.StringIO()
    call_command("import_history", str(history_path), stdout=out)
    text = out.getvalue()
    assert "497 created, 0 updated, 0 unchanged" in text
    assert "warning: line 485: unknown inspection type" in text


def test_import_from_a_url(national_register, ofsted_data):
    with serving(ofsted_data) as base_url:
        result = history_import(source=f"{base_url}/ilacs_history.csv")
        assert result.created == 497
        with pytest.raises(ImportRejected, match="could not fetch"):
            history_import(source=f"{base_url}/no-such-file.csv")


# --- Malformed files: rejected whole, every bad line named, the database unchanged -------------


def spoiled(tmp_path, history_path, spoil, *, encoding="utf-8"):
    lines = real_lines(history_path)[:41]  # the header and 40 real rows (lines 2-41)
    spoil(lines)
    return write_lines(tmp_path / "history.csv", lines, encoding=encoding)


def replace_cell(lines, line_number, column, value):
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line_number - 1]]))
    cells[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[line_number - 1] = buffer.getvalue()


MALFORMED = {
    "bad date": (
        lambda ls: replace_cell(ls, 7, "publication_date", "31/02/21"),
        ["line 7: publication_date: '31/02/21' is not a date"],
    ),
    "bad start date": (
        lambda ls: replace_cell(ls, 9, "inspection_start_date", "2021-09-27"),
        ["line 9: inspection_start_date"],
    ),
    "unknown grade": (
        lambda ls: replace_cell(ls, 5, "help_and_protection_grade", "excellent"),
        ["line 5: help_and_protection_grade: 'excellent' is not a grade"],
    ),
    "a negated grade is not a grade": (
        lambda ls: replace_cell(ls, 5, "overall_effectiveness_grade", "not good"),
        ["line 5: overall_effectiveness_grade: 'not good' is not a grade"],
    ),
    "unknown authority": (
        lambda ls: replace_cell(ls, 12, "urn", "99999"),
        ["line 12: unknown authority: no authority has Ofsted URN 99999"],
    ),
    "duplicate row": (lambda ls: ls.append(ls[3]), ["line 42: duplicate row", "already on line 4"]),
    "two bad lines": (
        lambda ls: (
            replace_cell(ls, 3, "urn", "x1"),
            replace_cell(ls, 30, "care_leavers_grade", "superb"),
        ),
        [
            "line 3: Ofsted URN 'x1' is not a number",
            "line 30: care_leavers_grade: 'superb' is not a grade",
        ],
    ),
    "missing column": (
        lambda ls: ls.__setitem__(0, ls[0].replace("in_care_grade", "in_care")),
        ["missing column: in_care_grade"],
    ),
    "ragged row": (
        lambda ls: ls.__setitem__(10, ls[10] + ",extra"),
        ["line 11: 16 fields where the header has 15"],
    ),
}


@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_history_imports_nothing_and_names_bad_lines(
    case, national_register, history_path, tmp_path
):
    spoil, expected = MALFORMED[case]
    path = spoiled(tmp_path, history_path, spoil)
    with pytest.raises(ImportRejected) as raised:
        history_import(source=str(path))
    for text in expected:
        assert text in str(raised.value)
    assert not Inspection.objects.exists() and not Judgement.objects.exists()


def test_not_utf8_imports_nothing(national_register, history_path, tmp_path):
    path = spoiled(
        tmp_path,
        history_path,
        lambda ls: replace_cell(ls, 6, "inspector_name", "Zoë Brontë"),
        encoding="latin-1",
    )
    with pytest.raises(ImportRejected, match=r"line 6: not UTF-8 \(byte 0xeb\)"):
        history_import(source=str(path))
    assert not Inspection.objects.exists()


def test_bad_file_leaves_existing_data_untouched(national_history, history_path, tmp_path):
    before = (Inspection.objects.count(), grade_count(), Inspection.history.count())
    path = spoiled(
        tmp_path,
        history_path,
        lambda ls: (
            replace_cell(
                ls, 2, "overall_effectiveness_grade", "inadequate"
            ),  # a change that would apply
            replace_cell(ls, 40, "publication_date", "yesterday"),
        ),
    )
    with pytest.raises(ImportRejected, match="line 40"):
        history_import(source=str(path))
    assert (Inspection.objects.count(), grade_count(), Inspection.history.count()) == before


def test_command_fails_with_the_reasons(national_register, history_path, tmp_path):
    path = spoiled(tmp_path, history_path, lambda ls: replace_cell(ls, 7, "urn", "123"))
    with pytest.raises(CommandError, match="line 7: unknown authority"):
        call_command("import_history", str(path), stdout=io.StringIO())
    assert not Inspection.objects.exists()


def test_import_needs_no_register_row_to_reject_cleanly(db, history_path, tmp_path):
    """Without the register every row's authority is unknown: all are named, nothing written."""
    path = spoiled(tmp_path, history_path, lambda ls: None)
    with pytest.raises(ImportRejected) as raised:
        history_import(source=str(path))
    assert len(raised.value.problems) == 40


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        (b"urn,local_authority\r\n", "missing columns:"),
        (None, "line 2: 2 fields where the header has 15"),  # a quote never closed
        ("header", "line 1: the header runs on to line 2: a quote opened on line 1"),
    ],
)
def test_empty_or_broken_file_imports_nothing(
    national_register, history_path, tmp_path, content, expected
):
    header = history_path.read_bytes().split(b"\n", 1)[0]
    if content is None:
        content = header + b'\n80442,"buckinghamshire\n'
    elif content == "header":
        content = b'"urn,' + header + b"\n80442,buckinghamshire\n"
    path = tmp_path / "history.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRejected, match=expected):
        history_import(source=str(path))
    assert not Inspection.objects.exists()
