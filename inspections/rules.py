"""The rules of the inspection frameworks, written once.

Everything that decides which judgements an inspection can have and on which scale lives here:
the models' validation, the database constraints (built from these tables in models.py), the
admin forms and the importers all ask this module. It has no database access.

Dates here are on-site *start* dates: an inspection's framework follows from when inspectors were
on site, never from the publication date alone (reports published in January 2018 are SIF
re-inspections; ILACS inspections on site before April 2026 but published after it still carry an
overall effectiveness grade).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models


class Framework(models.TextChoices):
    PRE_SIF = "pre_sif", "Before SIF (2009–2013): safeguarding / looked after children"
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

SIF_STARTS = dt.date(2013, 11, 1)
ILACS_STARTS = dt.date(2018, 1, 1)
#: ILACS inspections that began on or after this date give no overall effectiveness judgement.
ILACS_2026_STARTS = dt.date(2026, 4, 1)
#: From this date ILACS judges care leavers on their own; before it, one judgement covered
#: "children in care and care leavers" (recorded as children_in_care).
CARE_LEAVERS_SEPARATE_FROM = dt.date(2023, 1, 1)


@dataclass(frozen=True)
class FrameworkRules:
    first_start: dt.date | None  # earliest on-site start date, inclusive
    last_start: dt.date | None  # latest on-site start date, inclusive
    scale: tuple[Grade, ...]
    has_overall: bool
    areas: frozenset[Area]
    types: frozenset[InspectionType]


_ILACS_AREAS = frozenset(
    {Area.LEADERSHIP, Area.HELP_AND_PROTECTION, Area.CHILDREN_IN_CARE, Area.CARE_LEAVERS}
)

FRAMEWORKS: dict[Framework, FrameworkRules] = {
    Framework.PRE_SIF: FrameworkRules(
        first_start=None,
        last_start=SIF_STARTS - dt.timedelta(days=1),
        scale=FOUR_POINT_PRE_SIF,
        has_overall=True,
        # Also graded "outcomes" and "quality of provision", which no later framework has.
        areas=frozenset({Area.CAPACITY_TO_IMPROVE, Area.LEADERSHIP}),
        types=frozenset({InspectionType.STANDARD, InspectionType.UNKNOWN}),
    ),
    Framework.SIF: FrameworkRules(
        first_start=SIF_STARTS,
        last_start=ILACS_STARTS - dt.timedelta(days=1),
        scale=FOUR_POINT,
        has_overall=True,
        areas=frozenset(
            {
                Area.HELP_AND_PROTECTION,
                Area.CHILDREN_IN_CARE,
                Area.ADOPTION,
                Area.CARE_LEAVERS,
                Area.LEADERSHIP,
                Area.LSCB,
            }
        ),
        types=frozenset(
            {InspectionType.STANDARD, InspectionType.REINSPECTION, InspectionType.UNKNOWN}
        ),
    ),
    Framework.ILACS: FrameworkRules(
        first_start=ILACS_STARTS,
        last_start=ILACS_2026_STARTS - dt.timedelta(days=1),
        scale=FOUR_POINT,
        has_overall=True,
        areas=_ILACS_AREAS,  # care leavers only from CARE_LEAVERS_SEPARATE_FROM
        types=frozenset({InspectionType.STANDARD, InspectionType.SHORT, InspectionType.UNKNOWN}),
    ),
    Framework.ILACS_2026: FrameworkRules(
        first_start=ILACS_2026_STARTS,
        last_start=None,
        scale=FOUR_POINT,
        has_overall=False,
        areas=_ILACS_AREAS,
        types=frozenset({InspectionType.STANDARD, InspectionType.SHORT, InspectionType.UNKNOWN}),
    ),
}

ALL_GRADES = tuple(Grade)


def scale_for(framework: str) -> tuple[Grade, ...]:
    """The grades a framework uses; every grade when the framework is not yet known."""
    rules = FRAMEWORKS.get(framework)
    return rules.scale if rules else ALL_GRADES


def grades_possible_for_area(area: str) -> tuple[Grade, ...]:
    """Every grade that some framework judging this area could give it (a one-table rule)."""
    grades = {g for r in FRAMEWORKS.values() if area in r.areas for g in r.scale}
    return tuple(g for g in Grade if g in grades)


def framework_for_start(started_on: dt.date) -> Framework:
    for framework, rules in FRAMEWORKS.items():
        if (rules.first_start is None or started_on >= rules.first_start) and (
            rules.last_start is None or started_on <= rules.last_start
        ):
            return framework
    raise AssertionError(f"no framework covers {started_on}")  # the windows cover every date


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


def overall_problem(framework: str, started_on: dt.date | None, grade: str) -> str | None:
    """Why this overall effectiveness grade cannot stand, or None."""
    if not grade:
        return None
    rules = FRAMEWORKS.get(framework)
    if (rules and not rules.has_overall) or (started_on and started_on >= ILACS_2026_STARTS):
        return (
            "ILACS inspections that began on or after 1 April 2026 give no overall effectiveness "
            "judgement; leave it empty."
        )
    if grade not in scale_for(framework):
        return _scale_message(framework, grade)
    return None


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


def care_leavers_possible(
    framework: str, started_on: dt.date | None, latest_possible_start: dt.date | None
) -> bool:
    """Whether an ILACS inspection can have judged care leavers separately.

    `latest_possible_start` is the end or publication date when the start is unknown: an
    inspection published before 2023 certainly began before 2023.
    """
    if framework != Framework.ILACS:
        return True
    if started_on is not None:
        return started_on >= CARE_LEAVERS_SEPARATE_FROM
    if latest_possible_start is not None:
        return latest_possible_start >= CARE_LEAVERS_SEPARATE_FROM
    return True


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
    if area == Area.CARE_LEAVERS and not care_leavers_possible(
        framework, started_on, latest_possible_start
    ):
        return (
            "Care leavers were judged on their own only in inspections that began on or after "
            "1 January 2023; before that ILACS gave one judgement for children in care and care "
            "leavers, recorded under 'children in care'."
        )
    if grade and grade not in scale_for(framework):
        return f"{label}: {_scale_message(framework, grade)}"
    if grade and grade not in grades_possible_for_area(area):
        return f"'{Grade(grade).label}' is not a grade any framework gives for '{label}'."
    return None


def areas_for(
    framework: str, started_on: dt.date | None, latest_possible_start: dt.date | None = None
) -> list[Area]:
    """The judgement areas (besides overall) an inspection of this framework has, in order."""
    rules = FRAMEWORKS.get(framework)
    areas = rules.areas if rules else frozenset(Area)
    return [
        a
        for a in Area
        if a in areas
        and (
            a != Area.CARE_LEAVERS
            or care_leavers_possible(framework, started_on, latest_possible_start)
        )
    ]


def judges(
    framework: str,
    key: str,
    started_on: dt.date | None,
    latest_possible_start: dt.date | None = None,
) -> bool:
    """Whether an inspection gives this judgement at all (`key` an area or OVERALL), so that a
    missing grade reads "not judged" rather than "not recorded"."""
    if key == OVERALL:
        rules = FRAMEWORKS.get(framework)
        return (rules is None or rules.has_overall) and not (
            started_on and started_on >= ILACS_2026_STARTS
        )
    return key in areas_for(framework, started_on, latest_possible_start)


def area_label(framework: str, area: str, started_on: dt.date | None = None) -> str:
    """The area's name as the framework's reports print it."""
    if area == Area.CHILDREN_IN_CARE:
        if framework == Framework.SIF:
            return "Children looked after and achieving permanence"
        if framework == Framework.ILACS and not (
            started_on and started_on >= CARE_LEAVERS_SEPARATE_FROM
        ):
            return "Children in care and care leavers"
    if area == Area.CARE_LEAVERS and framework == Framework.SIF:
        return "Experiences and progress of care leavers"
    if area == Area.LEADERSHIP and framework == Framework.SIF:
        return "Leadership, management and governance"
    if area == Area.LEADERSHIP and framework in (Framework.ILACS, Framework.ILACS_2026):
        return "Impact of leaders on social work practice"
    return Area(area).label


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
