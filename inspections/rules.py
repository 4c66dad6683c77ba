"""The rules of the inspection frameworks, written once.

Everything that decides which judgements an inspection can have and on which scale lives here:
the models' validation, the database constraints (built from these tables in models.py), the
admin forms and the importers all ask this module. It has no database access.

Dates here are on-site *start* dates: an inspection's framework follows from when inspectors were
on site, never from the publication date alone (reports published in January 2018 are SIF
re-inspections; ILACS inspections on site before April 2026 but published after it still carry an
overall effectiveness grade). Windows may overlap: the last SIF inspections and re-inspections were
on site until June 2018, beside the first ILACS ones from January 2018. For such a date either
framework fits (framework_date_problem); framework_for_start, for a report that tells nothing
else, answers the newer one.

Every fact about a framework that the code needs is a field of its row in FRAMEWORKS: its window,
its scale, whether it gives an overall grade, the areas it judges (each with its own window and
its printed name, `Judged`), its inspection types, how charts mark its start and, where it gives
no overall grade, the areas that stand for it. Other modules ask the row or the functions below,
never a framework by name or one of the dates (as
tests/inspections/test_framework_rules_in_one_place.py checks). A new framework is a Framework
member and its row, a reader format if its reports are read, and a mark (dashboard/vocabulary.py)
for any judgement it adds.

The frameworks before SIF each have their row: safeguarding and looked after children (SLAC,
2009–2012, with its re-inspections), child protection inspections and re-inspections (CPI, CPRI,
2012–2013) and targeted looked after children inspections (TLAC, 2012–2013). `Framework.PRE_SIF`
stays for an inspection known only to be one of them (its report or the statistics name which);
as a filter value (`framework=pre_sif` in shared URLs, downloads and the API) it means all four
(frameworks_meant_by). Their windows overlap, so no date alone names one of them: only PRE_SIF
is ever assumed from a date (`assumed_from_dates`).

A SLAC inspection gives two overall effectiveness judgements, of safeguarding services and of
services for looked after children: both are kept as judgements (Area.SAFEGUARDING,
Area.LOOKED_AFTER_CHILDREN), and the inspection's overall effectiveness is the lower of the two
(`overall_is_lowest_of`), so that the standing, "inadequate since" and England's share read one
grade per inspection, as for every other framework. CPI and TLAC each give one overall
effectiveness judgement (of child protection, of services for looked after children), which is
the inspection's overall grade, shown on every timeline; as each judged one service, not the
children's services as a whole, neither makes an authority's standing, starts or ends an
inadequate period, or counts in England's share (`judges_whole_service`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models


class Framework(models.TextChoices):
    PRE_SIF = "pre_sif", "Before SIF (2009–2013), framework not known"
    SLAC = "slac", "Safeguarding and looked after children (SLAC, 2009–2012)"
    CPI = "cpi", "Child protection inspection (CPI, 2012–2013)"
    TLAC = "tlac", "Targeted looked after children inspection (TLAC, 2012–2013)"
    SIF = "sif", "Single inspection framework (SIF, 2013–2017)"
    ILACS = "ilacs", "ILACS (2018 – March 2026)"
    ILACS_2026 = "ilacs_2026", "ILACS from April 2026"
    UNKNOWN = "unknown", "Not yet known"


class InspectionType(models.TextChoices):
    STANDARD = "standard", "Standard"
    SHORT = "short", "Short"
    REINSPECTION = "reinspection", "Re-inspection"
    UNKNOWN = "unknown", "Unknown"


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    ADEQUATE = "adequate", "Adequate"
    INADEQUATE = "inadequate", "Inadequate"


class Area(models.TextChoices):
    """Graded judgement areas other than overall effectiveness (which is a field of Inspection)."""

    HELP_AND_PROTECTION = "help_and_protection", "Children who need help and protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    ADOPTION = "adoption", "Adoption performance"
    LEADERSHIP = "leadership", "Leadership (impact of leaders)"
    LSCB = "lscb", "Local Safeguarding Children Board"
    CAPACITY_TO_IMPROVE = "capacity_to_improve", "Capacity to improve"
    # SLAC's two overall judgements; their reports' names are in its row (Judged).
    SAFEGUARDING = "safeguarding", "Safeguarding (SLAC)"
    LOOKED_AFTER_CHILDREN = "looked_after_children", "Looked after children (SLAC)"


#: The key used for overall effectiveness wherever judgements are listed by area (imports, JSON).
OVERALL = "overall"

#: Each grade as reports and files write it (lower case, single spaces): the one reading of
#: grade words, for the report reader and the imports.
GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "require improvement": Grade.REQUIRES_IMPROVEMENT,
    "require improvement to be good": Grade.REQUIRES_IMPROVEMENT,
    "adequate": Grade.ADEQUATE,
    "inadequate": Grade.INADEQUATE,
}


def grade_from_words(text: str) -> Grade:
    """The grade some words name ("Requires improvement to be good", "inadequate"), whatever
    their case and spacing; ValueError for anything else."""
    try:
        return GRADE_WORDS[" ".join(text.lower().split())]
    except KeyError:
        raise ValueError(f"'{text}' is not a grade") from None


class Standing(models.TextChoices):
    """Where an authority stands when its latest published report gives no overall grade: beside
    the grades, in every count, list, filter and file."""

    NO_OVERALL = "no_overall", "This framework gives no overall grade (ILACS from April 2026)"
    NOT_RECORDED = "not_recorded", "Overall grade not recorded"
    NOT_INSPECTED = "not_inspected", "No report in the data"


#: The index's filter value (?grade=none) for a latest report without an overall grade, whatever
#: the reason (the April 2026 framework, or not recorded): kept for the links already shared.
UNGRADED = "none"


class Change(models.TextChoices):
    """An authority's standing at its latest inspection against the one before (standing.py:
    overall grades where both give one, else the areas both judged)."""

    IMPROVED = "improved", "Improved"
    DECLINED = "declined", "Declined"
    SAME = "same", "Stayed the same"


class Basis(models.TextChoices):
    """What a standing (standing.py) is read from."""

    OVERALL = "overall", "Overall effectiveness"
    AREAS = "areas", "Lowest area grade (this framework gives no overall grade)"
    NOT_RECORDED = "not_recorded", "Overall grade not recorded"
    NOT_INSPECTED = "not_inspected", "No report in the data"


#: The areas a standing is read from when the framework gives no overall grade (its lowest
#: grade among them), and compared like with like: those every framework since 2013 judges.
STANDING_AREAS = (
    Area.HELP_AND_PROTECTION,
    Area.CHILDREN_IN_CARE,
    Area.CARE_LEAVERS,
    Area.LEADERSHIP,
)


class VisitKind(models.TextChoices):
    """The visits between inspections (each its own model in inspections.models)."""

    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    JTAI = "joint_targeted_area_inspection", "Joint targeted area inspection"


#: Grades as an ordered scale for charts: 1 is best. Adequate shares 3 with requires improvement
#: but stays a distinct value in the data.
GRADE_RANK = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.ADEQUATE: 3,
    Grade.INADEQUATE: 4,
}

FOUR_POINT_PRE_SIF = (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE)
FOUR_POINT = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

# The dates the table below is written from: on-site start dates, each the first or last day
# inclusive. Other modules ask the table (FRAMEWORKS and the functions below), never these.
_SIF_STARTS = dt.date(2013, 11, 1)
#: The last SIF inspections and re-inspections were on site until June 2018, beside the first
#: ILACS ones (from January 2018): the two windows overlap.
_SIF_LAST_STARTS = dt.date(2018, 6, 30)
_ILACS_STARTS = dt.date(2018, 1, 1)
#: SLAC inspections and re-inspections were on site until 2012, child protection and targeted
#: looked after children inspections from 2012 (their windows overlap).
_SLAC_LAST_STARTS = dt.date(2012, 12, 31)
_CPI_TLAC_STARTS = dt.date(2012, 1, 1)
_ILACS_2026_STARTS = dt.date(2026, 4, 1)
_CARE_LEAVERS_SEPARATE_FROM = dt.date(2023, 1, 1)
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Judged:
    """One area a framework judges, over a window of on-site start dates, and its name there.

    A framework lists an area more than once when its reports name it differently from some
    date (ILACS's "children in care and care leavers" until 2022, "children in care" after), or
    judges it only from some date (ILACS's care leavers from January 2023).
    """

    area: Area
    #: The area's name as the framework's reports print it; None: the area's own label.
    label: str | None = None
    first_start: dt.date | None = None  # judged in inspections that began on or after it
    last_start: dt.date | None = None  # judged in inspections that began on or before it
    #: Why the area is not judged outside the window, for the messages that refuse a grade.
    outside: str = ""

    @property
    def name(self) -> str:
        return self.label or Area(self.area).label

    def may_hold(self, started_on: dt.date | None, latest_possible_start: dt.date | None) -> bool:
        """Whether an inspection with this start (or, the start unknown, that began on or
        before `latest_possible_start`: its end or publication date) falls in the window.
        static/inspections/admin_areas.js applies the same two tests to the form's dates."""
        latest = started_on or latest_possible_start
        return (self.first_start is None or latest is None or latest >= self.first_start) and (
            self.last_start is None or started_on is None or started_on <= self.last_start
        )


@dataclass(frozen=True)
class FrameworkRules:
    """Everything the code needs to know about one framework: a new framework is a new row."""

    first_start: dt.date | None  # earliest on-site start date, inclusive
    last_start: dt.date | None  # latest on-site start date, inclusive
    scale: tuple[Grade, ...]
    has_overall: bool
    #: The areas it judges, each with its window and printed name (in rules.Area order).
    judged: tuple[Judged, ...]
    types: frozenset[InspectionType]
    #: How the charts mark the framework's first on-site start ("" for none).
    marked_as: str = ""
    #: Where it gives no overall grade: the areas whose lowest grade is an authority's standing
    #: (standing.py). Each is one of STANDING_AREAS, which the standings table keeps a column for.
    standing_areas: tuple[Area, ...] = ()
    #: Where it gives more than one overall judgement (SLAC): the areas holding them, whose
    #: lowest grade is the inspection's overall effectiveness (merging.py sets it).
    overall_is_lowest_of: tuple[Area, ...] = ()
    #: Whether a date alone may name it (framework_for_start). False for frameworks whose
    #: windows overlap so that only a report or the statistics can tell them apart.
    assumed_from_dates: bool = True
    #: The framework whose filter value also selects it (SLAC, CPI and TLAC: PRE_SIF).
    part_of: Framework | None = None
    #: Whether it judges the authority's children's services as a whole, so that its overall
    #: grade is the authority's standing from its publication (standing.py), starts or ends an
    #: inadequate period and counts in England's share. CPI and TLAC judged one service each
    #: (child protection; looked after children): shown on every timeline, never a standing.
    judges_whole_service: bool = True

    @property
    def areas(self) -> frozenset[Area]:
        """Every area it judges at some date."""
        return frozenset(j.area for j in self.judged)

    def holds(self, started_on: dt.date) -> bool:
        """Whether an inspection that began on this day can be of this framework."""
        return (self.first_start is None or started_on >= self.first_start) and (
            self.last_start is None or started_on <= self.last_start
        )


#: SLAC's two overall judgements; the inspection's overall effectiveness is the lower.
_SLAC_OVERALLS = (Area.SAFEGUARDING, Area.LOOKED_AFTER_CHILDREN)

#: ILACS's areas from April 2026, as from 2023.
_ILACS_JUDGED = (
    Judged(Area.HELP_AND_PROTECTION),
    Judged(Area.CHILDREN_IN_CARE),
    Judged(Area.CARE_LEAVERS),
    Judged(Area.LEADERSHIP, "Impact of leaders on social work practice"),
)

FRAMEWORKS: dict[Framework, FrameworkRules] = {
    Framework.PRE_SIF: FrameworkRules(
        first_start=None,
        last_start=_SIF_STARTS - _ONE_DAY,
        scale=FOUR_POINT_PRE_SIF,
        has_overall=True,
        # Also graded "outcomes" and "quality of provision", which no later framework has.
        judged=(
            Judged(Area.LEADERSHIP, "Leadership and management"),
            Judged(Area.CAPACITY_TO_IMPROVE),
            Judged(Area.SAFEGUARDING),
            Judged(Area.LOOKED_AFTER_CHILDREN),
        ),
        types=frozenset(
            {InspectionType.STANDARD, InspectionType.REINSPECTION, InspectionType.UNKNOWN}
        ),
        overall_is_lowest_of=_SLAC_OVERALLS,
    ),
    Framework.SLAC: FrameworkRules(
        first_start=None,
        last_start=_SLAC_LAST_STARTS,
        scale=FOUR_POINT_PRE_SIF,
        has_overall=True,
        judged=(
            Judged(Area.LEADERSHIP, "Leadership and management"),
            Judged(Area.CAPACITY_TO_IMPROVE),
            Judged(Area.SAFEGUARDING, "Overall effectiveness of safeguarding services"),
            Judged(
                Area.LOOKED_AFTER_CHILDREN,
                "Overall effectiveness of services for looked after children",
            ),
        ),
        types=frozenset(
            {InspectionType.STANDARD, InspectionType.REINSPECTION, InspectionType.UNKNOWN}
        ),
        overall_is_lowest_of=_SLAC_OVERALLS,
        assumed_from_dates=False,
        part_of=Framework.PRE_SIF,
    ),
    Framework.CPI: FrameworkRules(
        first_start=_CPI_TLAC_STARTS,
        last_start=_SIF_STARTS - _ONE_DAY,
        scale=FOUR_POINT_PRE_SIF,
        has_overall=True,
        judged=(Judged(Area.LEADERSHIP, "Leadership and governance"),),
        types=frozenset(
            {InspectionType.STANDARD, InspectionType.REINSPECTION, InspectionType.UNKNOWN}
        ),
        assumed_from_dates=False,
        part_of=Framework.PRE_SIF,
        judges_whole_service=False,
    ),
    Framework.TLAC: FrameworkRules(
        first_start=_CPI_TLAC_STARTS,
        last_start=_SIF_STARTS - _ONE_DAY,
        scale=FOUR_POINT_PRE_SIF,
        has_overall=True,
        judged=(
            Judged(Area.LEADERSHIP, "Leadership and management"),
            Judged(Area.CAPACITY_TO_IMPROVE),
        ),
        types=frozenset({InspectionType.STANDARD, InspectionType.UNKNOWN}),
        assumed_from_dates=False,
        part_of=Framework.PRE_SIF,
        judges_whole_service=False,
    ),
    Framework.SIF: FrameworkRules(
        first_start=_SIF_STARTS,
        last_start=_SIF_LAST_STARTS,
        scale=FOUR_POINT,
        has_overall=True,
        judged=(
            Judged(Area.HELP_AND_PROTECTION),
            Judged(Area.CHILDREN_IN_CARE, "Children looked after and achieving permanence"),
            Judged(Area.CARE_LEAVERS, "Experiences and progress of care leavers"),
            Judged(Area.ADOPTION),
            Judged(Area.LEADERSHIP, "Leadership, management and governance"),
            Judged(Area.LSCB),
        ),
        types=frozenset(
            {InspectionType.STANDARD, InspectionType.REINSPECTION, InspectionType.UNKNOWN}
        ),
        marked_as="SIF",
    ),
    Framework.ILACS: FrameworkRules(
        first_start=_ILACS_STARTS,
        last_start=_ILACS_2026_STARTS - _ONE_DAY,
        scale=FOUR_POINT,
        has_overall=True,
        judged=(
            Judged(Area.HELP_AND_PROTECTION),
            Judged(
                Area.CHILDREN_IN_CARE,
                "Children in care and care leavers",
                last_start=_CARE_LEAVERS_SEPARATE_FROM - _ONE_DAY,
            ),
            Judged(Area.CHILDREN_IN_CARE, first_start=_CARE_LEAVERS_SEPARATE_FROM),
            Judged(
                Area.CARE_LEAVERS,
                first_start=_CARE_LEAVERS_SEPARATE_FROM,
                outside="before that ILACS gave one judgement for children in care and care "
                "leavers, recorded under 'children in care'",
            ),
            Judged(Area.LEADERSHIP, "Impact of leaders on social work practice"),
        ),
        types=frozenset({InspectionType.STANDARD, InspectionType.SHORT, InspectionType.UNKNOWN}),
        marked_as="ILACS",
    ),
    Framework.ILACS_2026: FrameworkRules(
        first_start=_ILACS_2026_STARTS,
        last_start=None,
        scale=FOUR_POINT,
        has_overall=False,
        judged=_ILACS_JUDGED,
        types=frozenset({InspectionType.STANDARD, InspectionType.SHORT, InspectionType.UNKNOWN}),
        marked_as="April 2026: no overall judgement",
        standing_areas=STANDING_AREAS,
    ),
}

ALL_GRADES = tuple(Grade)

#: Every judgement some framework gives (OVERALL first, then the areas in rules.Area order):
#: the keys of a report reading's grades, and the judgements the charts need a mark for.
JUDGEMENT_KEYS: tuple[str, ...] = (
    *([OVERALL] if any(r.has_overall for r in FRAMEWORKS.values()) else []),
    *(a for a in Area if any(a in r.areas for r in FRAMEWORKS.values())),
)


def _no_overall_from() -> dt.date | None:
    """The first on-site start from which no framework gives an overall grade, if any."""
    ends = [r.last_start for r in FRAMEWORKS.values() if r.has_overall]
    if not ends or None in ends:
        return None
    return max(ends) + _ONE_DAY


#: Inspections that began on or after this day give no overall effectiveness judgement,
#: whatever framework they are recorded under (a database constraint, models.py).
NO_OVERALL_FROM = _no_overall_from()


def frameworks_meant_by(value: str) -> list[Framework]:
    """The stored frameworks a filter value selects: itself and those `part_of` it."""
    return [f for f, r in FRAMEWORKS.items() if f == value or r.part_of == value]


def frameworks_of_standings() -> list[Framework]:
    """The frameworks whose inspections make an authority's standing (judges_whole_service),
    with "not yet known", which may be one of them."""
    return [f for f, r in FRAMEWORKS.items() if r.judges_whole_service] + [Framework.UNKNOWN]


def overall_is_lowest_of(framework: str) -> tuple[Area, ...]:
    """The areas whose lowest grade is the inspection's overall effectiveness (SLAC's two)."""
    rules = FRAMEWORKS.get(framework)
    return rules.overall_is_lowest_of if rules else ()


def refines(current: str, incoming: str) -> bool:
    """Whether `incoming` says more exactly what `current` says: a framework for "not yet
    known", or SLAC, CPI or TLAC for "before SIF, one of them"."""
    if current == Framework.UNKNOWN:
        return incoming in FRAMEWORKS
    rules = FRAMEWORKS.get(incoming)
    return rules is not None and rules.part_of == current


def lowest(grades) -> Grade | None:
    """The worst of some grades (GRADE_RANK; adequate ranks with requires improvement)."""
    known = [g for g in grades if g]
    return max(known, key=lambda g: GRADE_RANK[g]) if known else None


def scale_for(framework: str) -> tuple[Grade, ...]:
    """The grades a framework uses; every grade when the framework is not yet known."""
    rules = FRAMEWORKS.get(framework)
    return rules.scale if rules else ALL_GRADES


def is_known(framework: str) -> bool:
    """Whether the value names a framework of the table (not "not yet known")."""
    return framework in FRAMEWORKS


def gives_no_overall(framework: str) -> bool:
    """Whether the framework is known to give no overall grade (one not yet known may)."""
    rules = FRAMEWORKS.get(framework)
    return rules is not None and not rules.has_overall


def standing_areas_for(framework: str) -> tuple[Area, ...]:
    """The areas whose lowest grade stands for the overall grade the framework does not give;
    none for a framework that gives one."""
    rules = FRAMEWORKS.get(framework)
    return rules.standing_areas if rules else ()


def grades_possible_for_area(area: str) -> tuple[Grade, ...]:
    """Every grade that some framework judging this area could give it (a one-table rule)."""
    grades = {g for r in FRAMEWORKS.values() if area in r.areas for g in r.scale}
    return tuple(g for g in Grade if g in grades)


def frameworks_for_start(started_on: dt.date) -> list[Framework]:
    """Every framework an inspection that began on this day can be of, oldest first: two
    where windows overlap (SIF and ILACS, January to June 2018)."""
    return [f for f, rules in FRAMEWORKS.items() if rules.holds(started_on)]


def framework_for_start(started_on: dt.date) -> Framework:
    """The framework to assume for an inspection that began on this day when nothing else
    tells: the newest of those whose window holds it and that a date may name
    (`assumed_from_dates`: before SIF, PRE_SIF, "one of them"). Where windows overlap that is the
    right default (in the first half of 2018 ILACS inspections began while the last SIF ones
    were re-inspections or late standard ones); a report's own format is better evidence, and
    framework_date_problem accepts either."""
    candidates = [f for f in frameworks_for_start(started_on) if FRAMEWORKS[f].assumed_from_dates]
    if not candidates:
        raise AssertionError(f"no framework covers {started_on}")  # the windows cover every date
    return candidates[-1]


def frameworks_started_by(latest_possible_start: dt.date) -> list[Framework]:
    """Every framework an inspection that began on or before this day can be of, oldest first."""
    return [
        f
        for f, rules in FRAMEWORKS.items()
        if rules.first_start is None or rules.first_start <= latest_possible_start
    ]


def _format(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def framework_date_problem(framework: str, started_on: dt.date | None) -> str | None:
    rules = FRAMEWORKS.get(framework)
    if rules is None or started_on is None:
        return None
    if rules.first_start and started_on < rules.first_start:
        return (
            f"{Framework(framework).label} inspections began on or after "
            f"{_format(rules.first_start)}; this one started {_format(started_on)}."
        )
    if rules.last_start and started_on > rules.last_start:
        return (
            f"{Framework(framework).label} inspections began on or before "
            f"{_format(rules.last_start)}; this one started {_format(started_on)} "
            f"({Framework(framework_for_start(started_on)).label})."
        )
    return None


def _gives_overall(framework: str, started_on: dt.date | None) -> bool:
    """Whether an inspection can have an overall grade: its framework gives one (or is not yet
    known), and some framework gives one at its start."""
    rules = FRAMEWORKS.get(framework)
    if rules is not None and not rules.has_overall:
        return False
    return not (started_on and NO_OVERALL_FROM and started_on >= NO_OVERALL_FROM)


def overall_problem(framework: str, started_on: dt.date | None, grade: str) -> str | None:
    """Why this overall effectiveness grade cannot stand, or None."""
    if not grade:
        return None
    if not _gives_overall(framework, started_on):
        without = framework if gives_no_overall(framework) else framework_for_start(started_on)
        return (
            f"{_short_name(without)} inspections that began on or after "
            f"{_format(FRAMEWORKS[without].first_start)} give no overall effectiveness "
            "judgement; leave it empty."
        )
    if grade not in scale_for(framework):
        return _scale_message(framework, grade)
    return None


def _short_name(framework: Framework) -> str:
    """The framework's label up to any bracket or "from": "ILACS" for "ILACS from April 2026"."""
    label = Framework(framework).label
    return label.split(" (")[0].split(" from ")[0]


def _scale_message(framework: str, grade: str) -> str:
    if grade == Grade.ADEQUATE:
        return (
            "'Adequate' belongs only to the frameworks before SIF (before November 2013); "
            f"{Framework(framework).label} uses 'requires improvement to be good'."
        )
    if grade == Grade.REQUIRES_IMPROVEMENT:
        return (
            "'Requires improvement' was introduced with SIF in November 2013; the frameworks "
            "before it used 'adequate'."
        )
    return f"'{grade}' is not a grade of {Framework(framework).label}."


def _windows(framework: str, area: str) -> tuple[Judged, ...]:
    rules = FRAMEWORKS.get(framework)
    return tuple(j for j in rules.judged if j.area == area) if rules else ()


def _judged_at(
    framework: str, area: str, started_on: dt.date | None, latest_possible_start: dt.date | None
) -> Judged | None:
    """The framework's entry for the area that can hold the inspection (the earliest, where
    the start is unknown and more than one can), or None."""
    return next(
        (j for j in _windows(framework, area) if j.may_hold(started_on, latest_possible_start)),
        None,
    )


def area_possible(
    framework: str,
    area: str,
    started_on: dt.date | None,
    latest_possible_start: dt.date | None = None,
) -> bool:
    """Whether an inspection of this framework can have judged the area, by its dates.

    `latest_possible_start` is the end or publication date when the start is unknown: an
    inspection published before 2023 certainly began before 2023. A framework not yet known
    may have judged any area.
    """
    if framework not in FRAMEWORKS:
        return True
    return _judged_at(framework, area, started_on, latest_possible_start) is not None


def area_problem(
    framework: str,
    area: str,
    grade: str,
    *,
    started_on: dt.date | None,
    latest_possible_start: dt.date | None = None,
) -> str | None:
    """Why a judgement of `grade` in `area` cannot belong to this inspection, or None."""
    rules = FRAMEWORKS.get(framework)
    label = Area(area).label if area in Area.values else area
    if rules is not None and area not in rules.areas:
        return f"{Framework(framework).label} has no '{label}' judgement."
    if not area_possible(framework, area, started_on, latest_possible_start):
        return _window_message(label, _windows(framework, area))
    if grade and grade not in scale_for(framework):
        return f"{label}: {_scale_message(framework, grade)}"
    if grade and grade not in grades_possible_for_area(area):
        return f"'{Grade(grade).label}' is not a grade any framework gives for '{label}'."
    return None


def _bounds(windows: list[Judged]) -> str:
    """When windows of start dates run, in words: "on or after 1 January 2023"."""
    return " or ".join(
        " and ".join(
            [
                *([f"on or after {_format(w.first_start)}"] if w.first_start else []),
                *([f"on or before {_format(w.last_start)}"] if w.last_start else []),
            ]
        )
        for w in windows
    )


def _window_message(label: str, windows: tuple[Judged, ...]) -> str:
    """Why an area is refused outside its windows: "Care leavers were judged on their own only
    in inspections that began on or after 1 January 2023; before that ..."."""
    reasons = "".join(f"; {w.outside}" for w in windows if w.outside)
    return (
        f"{label} were judged on their own only in inspections that began "
        f"{_bounds(list(windows))}{reasons}."
    )


def _judged_throughout(rules: FrameworkRules, area: str) -> bool:
    """Whether the framework judges the area at every start date of its own window."""
    windows = sorted(
        (j for j in rules.judged if j.area == area), key=lambda j: j.first_start or dt.date.min
    )
    reached = rules.first_start or dt.date.min  # every start before this day is covered
    for window in windows:
        if (window.first_start or dt.date.min) > reached:
            return False
        if window.last_start is None:
            return True
        reached = max(reached, window.last_start + _ONE_DAY)
    return rules.last_start is not None and reached > rules.last_start


def areas_for(
    framework: str, started_on: dt.date | None, latest_possible_start: dt.date | None = None
) -> list[Area]:
    """The judgement areas (besides overall) an inspection of this framework has, in order."""
    return [a for a in Area if area_possible(framework, a, started_on, latest_possible_start)]


def judges(
    framework: str,
    key: str,
    started_on: dt.date | None,
    latest_possible_start: dt.date | None = None,
) -> bool:
    """Whether an inspection gives this judgement at all (`key` an area or OVERALL), so that a
    missing grade reads "not judged" rather than "not recorded"."""
    if key == OVERALL:
        return _gives_overall(framework, started_on)
    return key in areas_for(framework, started_on, latest_possible_start)


def area_label(
    framework: str,
    area: str,
    started_on: dt.date | None = None,
    latest_possible_start: dt.date | None = None,
) -> str:
    """The area's name as the framework's reports print it (where the start is unknown, as
    the earliest reports that can hold the inspection print it)."""
    judged = _judged_at(framework, area, started_on, latest_possible_start)
    if judged is None:
        judged = next(iter(_windows(framework, area)), None)
    return judged.name if judged else Area(area).label


def windows_for_script() -> dict[str, dict]:
    """The table as the admin's script (static/inspections/admin_areas.js) applies it: for each
    framework whether it gives an overall grade, and each area with the on-site start dates
    (ISO, inclusive; null for open) between which it is judged. The script uses the start date,
    else the end, else the publication date, as area_possible does."""
    return {
        str(framework): {
            "hasOverall": rules.has_overall,
            "areas": [
                {
                    "area": str(j.area),
                    "from": j.first_start.isoformat() if j.first_start else None,
                    "until": j.last_start.isoformat() if j.last_start else None,
                }
                for j in rules.judged
            ],
        }
        for framework, rules in FRAMEWORKS.items()
    }


def windows_help() -> list[str]:
    """Each area a framework judges only between some dates, in a sentence for editors."""
    lines = []
    for framework, rules in FRAMEWORKS.items():
        for area in Area:
            windows = _windows(framework, area)
            if not windows or _judged_throughout(rules, area):
                continue
            reasons = "".join(f"; {w.outside}" for w in windows if w.outside)
            lines.append(
                f"{_short_name(framework)} judges {Area(area).label.lower()} on their own only "
                f"in inspections that began {_bounds(list(windows))}{reasons}."
            )
    return lines


def type_problem(framework: str, inspection_type: str) -> str | None:
    rules = FRAMEWORKS.get(framework)
    if rules is None or inspection_type in rules.types:
        return None
    return (
        f"{Framework(framework).label} has no {InspectionType(inspection_type).label.lower()} "
        "inspections."
    )


class PublicationKind(models.TextChoices):
    """What a publication on Ofsted's report finder is (ofsted/site.py tells it by its title's
    words): a graded inspection's report, a visit's letter, or something else."""

    INSPECTION = "inspection", "Children's services inspection"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    JTAI = "jtai", "Joint targeted area inspection"
    UNKNOWN = "unknown", "Unknown kind"
