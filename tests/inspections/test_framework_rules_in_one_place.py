"""Each framework rule is written once, in inspections/rules.py (issue 23).

Every other module asks the table (rules.FRAMEWORKS and the functions beside it) whether a
framework gives an overall grade, which areas it judges from when, what its reports call them
and which areas set a standing, instead of testing a framework by name or a date. The first tests
read every project module's syntax tree and fail on such a test; the legitimate uses of a
framework by name (a reader format declaring the framework it reads, the demo's data) are listed
in ALLOWED, each with its reason, and an entry that no longer matches anything fails too. The
others check that what is built from the table (the reader's grade keys, the charts' marks, the
admin script's data) follows it for every framework, so that a new framework is its row.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard import vocabulary
from inspections import rules
from inspections.forms import JudgementFormSet
from inspections.models import Inspection
from inspections.reader import GRADE_KEYS
from inspections.rules import (
    OVERALL,
    Area,
    Framework,
    FrameworkRules,
    Grade,
    InspectionType,
    Judged,
)

ROOT = Path(__file__).resolve().parents[2]
#: Where the project's own code lives (tests, migrations and the virtual environment aside).
SOURCE_DIRS = ("authorities", "bench", "config", "dashboard", "inspections", "opendata", "scripts")
RULES = Path("inspections/rules.py")
#: The table's rows, by member name and by stored value ("not yet known" is no row: testing for
#: it asks nothing of the table).
MEMBERS = {Framework(f).name for f in rules.FRAMEWORKS}
VALUES = {str(f) for f in rules.FRAMEWORKS}
#: The dates the table is written from: private to rules.py.
DATE_NAMES = re.compile(
    r"^_?(SIF|SIF_LAST|ILACS|ILACS_2026)_STARTS$|^_?CARE_LEAVERS_SEPARATE_FROM$"
)
#: Calls whose keyword arguments are database lookups.
LOOKUPS = {"Q", "filter", "exclude", "get"}

#: (module, the offending source text): why a framework named there is no fact of the table.
ALLOWED = {
    (
        "inspections/history_import.py",
        "HISTORY_FRAMEWORKS = (Framework.ILACS, Framework.ILACS_2026)",
    ): ("a declaration, not a test: the history file (ilacs_history.csv) holds ILACS reports only"),
}


@dataclass(frozen=True)
class Use:
    module: str
    line: int
    source: str
    why: str


def _modules() -> list[Path]:
    paths = []
    for directory in SOURCE_DIRS:
        for path in sorted((ROOT / directory).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts and relative != RULES:
                paths.append(relative)
    return paths


def _names_framework(node: ast.AST) -> bool:
    """Whether the expression names a framework: Framework.ILACS, rules.Framework.SIF, a
    framework's stored value ("ilacs_2026"), or a tuple, list or set holding one."""
    if isinstance(node, ast.Attribute) and node.attr in MEMBERS:
        base = node.value
        return (isinstance(base, ast.Name) and base.id == "Framework") or (
            isinstance(base, ast.Attribute) and base.attr == "Framework"
        )
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value in VALUES
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_names_framework(e) for e in node.elts)
    return False


def _is_date_constant(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    return isinstance(name, str) and bool(DATE_NAMES.match(name))


def _uses(path: Path) -> list[Use]:
    text = (ROOT / path).read_text()
    found = []

    def add(node: ast.AST, why: str, whole: ast.AST | None = None) -> None:
        source = ast.get_source_segment(text, whole or node) or ""
        found.append(Use(str(path), node.lineno, " ".join(source.split()), why))

    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Compare):
            if any(_names_framework(o) for o in [node.left, *node.comparators]):
                add(node, "compares a framework by name")
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            for keyword in node.keywords:
                if (
                    called in LOOKUPS
                    and keyword.arg
                    and keyword.arg.startswith("framework")
                    and _names_framework(keyword.value)
                ):
                    add(keyword.value, "looks a framework up by name")
        elif (
            # A group of frameworks by name, as a later `in` test would use it.
            isinstance(node, ast.Assign)
            and isinstance(node.value, (ast.Tuple, ast.List, ast.Set))
            and any(_names_framework(e) for e in node.value.elts if not isinstance(e, ast.Tuple))
        ):
            add(node, "lists frameworks by name")
        if isinstance(node, (ast.Name, ast.Attribute)) and _is_date_constant(node):
            add(node, "uses a date the framework table is written from")
    return found


def every_use() -> list[Use]:
    return [use for path in _modules() for use in _uses(path)]


def test_no_module_outside_rules_tests_a_framework_by_name():
    """A framework fact (gives an overall grade, judges an area, from a date) is asked of
    rules.FRAMEWORKS; a new framework must not need a dozen modules changed."""
    unexplained = [u for u in every_use() if (u.module, u.source) not in ALLOWED]
    assert not unexplained, "\n".join(
        f"{u.module}:{u.line} {u.why}: {u.source} (ask rules.FRAMEWORKS, or add it to ALLOWED "
        "with the reason)"
        for u in unexplained
    )


def test_every_allowed_use_is_still_there():
    found = {(u.module, u.source) for u in every_use()}
    stale = [entry for entry in ALLOWED if entry not in found]
    assert not stale, f"ALLOWED entries that match nothing any more: {stale}"


def test_the_scan_sees_a_test_by_name(tmp_path):
    """The scan itself: each kind of test it must catch, caught."""
    module = tmp_path / "sample.py"
    module.write_text(
        "if framework == Framework.ILACS_2026: pass\n"
        "if framework in (rules.Framework.SIF, 'ilacs'): pass\n"
        "rows.filter(framework=Framework.PRE_SIF)\n"
        "Q(framework__in=[Framework.ILACS])\n"
        "if started_on >= rules.ILACS_2026_STARTS: pass\n"
        "if started_on < CARE_LEAVERS_SEPARATE_FROM: pass\n"
        "FAMILY = (Framework.ILACS, Framework.ILACS_2026)\n"
        "if rules.gives_no_overall(framework): pass\n"  # asking the table: fine
        "Layout(key='sif', framework=Framework.SIF)\n"  # a declaration: fine
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        uses = _uses(Path("sample.py"))
    finally:
        ROOT = saved
    assert sorted({u.line for u in uses}) == [1, 2, 3, 4, 5, 6, 7]


TEXT_FILES = [
    *sorted((ROOT / "templates").rglob("*.html")),
    *sorted((ROOT / "static").rglob("*.js")),
]
#: A comparison with a framework's stored value in a template or a script.
_ANY_VALUE = "|".join(map(re.escape, VALUES))
VALUE_COMPARED = re.compile(
    rf"""(?:==|!=)=?\s*["'](?:{_ANY_VALUE})["']|["'](?:{_ANY_VALUE})["']\s*(?:==|!=)"""
)


@pytest.mark.parametrize("path", TEXT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_or_script_compares_a_framework_by_name(path):
    assert not VALUE_COMPARED.search(path.read_text()), (
        f"{path.relative_to(ROOT)} compares a framework by its value: ask rules (in a template, "
        "the gives_no_overall filter)"
    )


def test_the_admin_script_holds_no_date_and_no_framework_of_its_own():
    script = (ROOT / "static/inspections/admin_areas.js").read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.DOTALL)
    assert not re.search(r"\b(?:19|20)\d\d\b", code)  # no year, so no date
    named = "|".join(VALUES | set(Area.values))
    assert not re.search(rf"""["'](?:{named})["']""", code)


# What is built from the table follows it, for every framework.


def test_the_readers_grade_keys_are_the_tables_judgements():
    areas = [a for a in Area if any(a in r.areas for r in rules.FRAMEWORKS.values())]
    overall = [OVERALL] if any(r.has_overall for r in rules.FRAMEWORKS.values()) else []
    assert GRADE_KEYS == rules.JUDGEMENT_KEYS == (*overall, *areas)


def test_every_judgement_a_framework_gives_has_a_mark():
    missing = [k for k in rules.JUDGEMENT_KEYS if k not in vocabulary.JUDGEMENT_STYLES]
    assert not missing, (
        f"judgements without a mark: {missing}; give each a style in "
        "dashboard/vocabulary.py JUDGEMENT_STYLES"
    )
    assert list(vocabulary.JUDGEMENTS) == list(rules.JUDGEMENT_KEYS)


@pytest.mark.parametrize("framework", list(rules.FRAMEWORKS))
def test_the_admin_script_data_is_the_table(framework):
    sent = JudgementFormSet.areas_script_data.fget(None)  # needs no formset: it is the table
    table = rules.FRAMEWORKS[framework]
    row = sent["frameworks"][framework]
    assert row["hasOverall"] == table.has_overall
    assert {w["area"] for w in row["areas"]} == set(table.areas)
    assert sent["latestStartFields"] == list(Inspection.LATEST_START_FIELDS)
    json.dumps(sent)  # what json_script writes


@pytest.mark.parametrize("framework", list(rules.FRAMEWORKS))
def test_every_framework_row_is_consistent(framework):
    table = rules.FRAMEWORKS[framework]
    assert set(table.standing_areas) <= set(rules.STANDING_AREAS)  # the standings' columns
    assert bool(table.standing_areas) == (not table.has_overall)
    order = list(Area)
    assert [j.area for j in table.judged] == sorted((j.area for j in table.judged), key=order.index)
    for judged in table.judged:
        assert judged.first_start is None or table.holds(judged.first_start)
        assert judged.last_start is None or table.holds(judged.last_start)
        assert rules.area_label(framework, judged.area)  # a name for every area


def test_the_windows_cover_every_day_and_a_date_names_one_framework_except_sif_and_ilacs():
    """Before SIF the frameworks overlap (SLAC, CPI, TLAC, and PRE_SIF meaning one of them) but
    a date alone names only PRE_SIF; from November 2013 only SIF and ILACS overlap, January to
    June 2018."""
    day, last = dt.date(2005, 1, 1), dt.date(2030, 12, 31)
    overlaps = set()
    while day <= last:
        candidates = rules.frameworks_for_start(day)
        assumed = [f for f in candidates if rules.FRAMEWORKS[f].assumed_from_dates]
        assert assumed, day
        assert rules.framework_for_start(day) == assumed[-1]
        for framework in candidates:
            assert rules.framework_date_problem(framework, day) is None
        if len(assumed) > 1:
            overlaps.add((tuple(assumed), day.year, day.month))
        if day < dt.date(2013, 11, 1):
            assert rules.framework_for_start(day) == Framework.PRE_SIF
            assert set(candidates) <= set(rules.frameworks_meant_by(Framework.PRE_SIF))
        day += dt.timedelta(days=1)
    assert overlaps == {((Framework.SIF, Framework.ILACS), 2018, m) for m in range(1, 7)}


def test_pre_sif_as_a_filter_means_every_framework_before_sif():
    assert set(rules.frameworks_meant_by(Framework.PRE_SIF)) == {
        Framework.PRE_SIF,
        Framework.SLAC,
        Framework.CPI,
        Framework.TLAC,
    }
    assert rules.frameworks_meant_by(Framework.SIF) == [Framework.SIF]


#: Dates around every window's bounds, for comparing the script with rules.areas_for.
def _edge_days() -> list[dt.date]:
    days = set()
    for table in rules.FRAMEWORKS.values():
        for bound in [table.first_start, table.last_start] + [
            d for j in table.judged for d in (j.first_start, j.last_start)
        ]:
            if bound:
                days |= {bound - dt.timedelta(days=1), bound, bound + dt.timedelta(days=1)}
    return sorted(days)


def _cases() -> list[tuple[str, dict[str, str], list[str]]]:
    cases = []
    for framework in [*rules.FRAMEWORKS, Framework.UNKNOWN]:
        for day in [None, *_edge_days()]:
            text = day.strftime("%d/%m/%Y") if day else ""
            for fields, started, latest in [
                ({"started_on": text}, day, day),
                ({"ended_on": text}, None, day),
                ({"published_on": day.isoformat() if day else ""}, None, day),
            ]:
                expected = (
                    [str(a) for a in rules.areas_for(framework, started, latest)]
                    if rules.is_known(framework)
                    else None
                )
                cases.append((str(framework), fields, expected))
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the admin script")
def test_the_admin_script_allows_what_the_rules_allow():
    """The script applies the windows the page sends exactly as rules.areas_for does, at and
    around every bound, from the start date, else the end, else the publication date."""
    sent = JudgementFormSet.areas_script_data.fget(None)
    cases = _cases()
    program = f"""
const {{ allowedAreas }} = require({json.dumps(str(ROOT / "static/inspections/admin_areas.js"))});
const data = {json.dumps(sent)};
const cases = {json.dumps([[f, fields] for f, fields, _ in cases])};
const out = cases.map(([framework, fields]) => {{
  const values = {{ framework, ...fields }};
  const allowed = allowedAreas(data, (name) => values[name] || "");
  return allowed === null ? null : allowed.sort();
}});
process.stdout.write(JSON.stringify(out));
"""
    result = subprocess.run(
        ["node", "-e", program], capture_output=True, text=True, timeout=60, check=True
    )
    got = json.loads(result.stdout)
    for (framework, fields, expected), allowed in zip(cases, got, strict=True):
        assert allowed == (sorted(expected) if expected is not None else None), (framework, fields)


# A new framework is its row: the functions follow a row added to the table.

NEW_STARTS = dt.date(2031, 1, 1)


@pytest.fixture
def new_framework(monkeypatch):
    """A framework from 2031 that judges leadership from 2032 only, gives no overall grade and
    sets its standing by help and protection: a row, nothing else."""
    rows = dict(rules.FRAMEWORKS)
    previous = rows[Framework.ILACS_2026]
    rows[Framework.ILACS_2026] = FrameworkRules(
        **{**previous.__dict__, "last_start": NEW_STARTS - dt.timedelta(days=1)}
    )
    rows["new"] = FrameworkRules(
        first_start=NEW_STARTS,
        last_start=None,
        scale=rules.FOUR_POINT,
        has_overall=False,
        judged=(
            Judged(Area.HELP_AND_PROTECTION, "Help and protection, as printed"),
            Judged(Area.LEADERSHIP, first_start=dt.date(2032, 1, 1), outside="not before 2032"),
        ),
        types=frozenset({InspectionType.STANDARD}),
        standing_areas=(Area.HELP_AND_PROTECTION,),
    )
    monkeypatch.setattr(rules, "FRAMEWORKS", rows)
    return "new"


def test_a_new_row_is_enough(new_framework):
    """(A real new framework is also a Framework member, for its stored value and label.)"""
    assert rules.frameworks_for_start(NEW_STARTS) == [new_framework]
    assert rules.framework_for_start(NEW_STARTS) == new_framework
    assert not rules.FRAMEWORKS[Framework.ILACS_2026].holds(NEW_STARTS)
    assert rules.areas_for(new_framework, dt.date(2031, 6, 1)) == [Area.HELP_AND_PROTECTION]
    assert rules.areas_for(new_framework, dt.date(2032, 6, 1)) == [
        Area.HELP_AND_PROTECTION,
        Area.LEADERSHIP,
    ]
    assert rules.area_label(new_framework, Area.HELP_AND_PROTECTION) == (
        "Help and protection, as printed"
    )
    assert "not before 2032" in rules.area_problem(
        new_framework, Area.LEADERSHIP, Grade.GOOD, started_on=dt.date(2031, 6, 1)
    )
    assert not rules.judges(new_framework, OVERALL, NEW_STARTS)
    assert rules.gives_no_overall(new_framework)
    assert rules.standing_areas_for(new_framework) == (Area.HELP_AND_PROTECTION,)
    script = rules.windows_for_script()[new_framework]
    assert script == {
        "hasOverall": False,
        "areas": [
            {"area": "help_and_protection", "from": None, "until": None},
            {"area": "leadership", "from": "2032-01-01", "until": None},
        ],
    }
