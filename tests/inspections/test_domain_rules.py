"""Each rule of the domain, rejected by model validation (the admin's messages) and, where one
table can express it, by the database itself (a save that skips validation still fails)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections import rules
from inspections.models import Inspection, Judgement, MonitoringVisit
from inspections.rules import Area, Framework, Grade, InspectionType
from tests.factories import make_authority, make_inspection

D = dt.date

# (description, inspection fields, words expected in the validation message)
INVALID_INSPECTIONS = [
    (
        "adequate on a SIF inspection",
        dict(
            framework=Framework.SIF,
            started_on=D(2015, 3, 2),
            ended_on=D(2015, 3, 26),
            published_on=D(2015, 6, 5),
            overall_effectiveness=Grade.ADEQUATE,
        ),
        "Adequate' belongs only to the frameworks before SIF",
    ),
    (
        "adequate on an ILACS inspection",
        dict(overall_effectiveness=Grade.ADEQUATE),
        "Adequate' belongs only to the frameworks before SIF",
    ),
    (
        "requires improvement before SIF",
        dict(
            framework=Framework.PRE_SIF,
            inspection_type=InspectionType.STANDARD,
            started_on=D(2013, 7, 8),
            ended_on=D(2013, 7, 12),
            published_on=D(2013, 8, 16),
            overall_effectiveness=Grade.REQUIRES_IMPROVEMENT,
        ),
        "introduced with SIF",
    ),
    (
        "overall effectiveness on an ILACS inspection begun after April 2026",
        dict(
            framework=Framework.ILACS_2026,
            started_on=D(2026, 5, 11),
            ended_on=D(2026, 5, 22),
            published_on=D(2026, 7, 7),
            overall_effectiveness=Grade.GOOD,
        ),
        "give no overall effectiveness judgement",
    ),
    (
        "overall effectiveness after April 2026 with the framework not yet known",
        dict(
            framework=Framework.UNKNOWN,
            started_on=D(2026, 5, 11),
            ended_on=D(2026, 5, 22),
            published_on=D(2026, 7, 7),
            overall_effectiveness=Grade.GOOD,
        ),
        "give no overall effectiveness judgement",
    ),
    (
        "ILACS framework for an inspection on site in November 2017",
        dict(
            framework=Framework.ILACS,
            started_on=D(2017, 11, 6),
            ended_on=D(2017, 11, 30),
            published_on=D(2018, 1, 29),
        ),
        "began on or after 1 January 2018",
    ),
    (
        "SIF framework for an inspection begun in July 2018",
        dict(
            framework=Framework.SIF,
            inspection_type=InspectionType.REINSPECTION,
            started_on=D(2018, 7, 2),
            ended_on=D(2018, 7, 13),
            published_on=D(2018, 9, 3),
        ),
        "began on or before 30 June 2018",
    ),
    (
        "pre-2026 ILACS for an inspection begun in May 2026",
        dict(
            framework=Framework.ILACS,
            started_on=D(2026, 5, 11),
            ended_on=D(2026, 5, 22),
            published_on=D(2026, 7, 7),
        ),
        "began on or before 31 March 2026",
    ),
    (
        "end before start",
        dict(started_on=D(2023, 3, 17), ended_on=D(2023, 3, 6)),
        "cannot end before it starts",
    ),
    (
        "publication before the end",
        dict(published_on=D(2023, 3, 10)),
        "cannot be published before the inspection ends",
    ),
    (
        "a short inspection under SIF",
        dict(
            framework=Framework.SIF,
            inspection_type=InspectionType.SHORT,
            started_on=D(2015, 3, 2),
            ended_on=D(2015, 3, 26),
            published_on=D(2015, 6, 5),
        ),
        "has no short inspections",
    ),
    (
        "a re-inspection under ILACS",
        dict(inspection_type=InspectionType.REINSPECTION),
        "has no re-inspection inspections",
    ),
]


CONSTRAINT_FOR_CASE = {
    "adequate on a SIF inspection": "inspection_overall_on_framework_scale",
    "adequate on an ILACS inspection": "inspection_overall_on_framework_scale",
    "requires improvement before SIF": "inspection_overall_on_framework_scale",
    # Two constraints refuse this one; which reports first differs between databases.
    "overall effectiveness on an ILACS inspection begun after April 2026": (
        "inspection_overall_on_framework_scale|inspection_no_overall_from_april_2026"
    ),
    "overall effectiveness after April 2026 with the framework not yet known": "inspection_no_overall_from_april_2026",
    "ILACS framework for an inspection on site in November 2017": "inspection_framework_fits_start_date",
    "SIF framework for an inspection begun in July 2018": "inspection_framework_fits_start_date",
    "pre-2026 ILACS for an inspection begun in May 2026": "inspection_framework_fits_start_date",
    "end before start": "inspection_end_not_before_start",
    "publication before the end": "inspection_published_not_before_end",
    "a short inspection under SIF": "inspection_type_fits_framework",
    "a re-inspection under ILACS": "inspection_type_fits_framework",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "fields", "message"), INVALID_INSPECTIONS, ids=[c[0] for c in INVALID_INSPECTIONS]
)
def test_invalid_inspection_is_refused_by_validation(case, fields, message):
    values = dict(
        framework=Framework.ILACS,
        inspection_type=InspectionType.STANDARD,
        started_on=D(2023, 3, 6),
        ended_on=D(2023, 3, 17),
        published_on=D(2023, 5, 2),
    )
    values.update(fields)
    inspection = Inspection(authority=make_authority(), **values)
    with pytest.raises(ValidationError) as raised:
        inspection.full_clean()
    assert message in " ".join(raised.value.messages)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("case", "fields", "message"), INVALID_INSPECTIONS, ids=[c[0] for c in INVALID_INSPECTIONS]
)
def test_invalid_inspection_is_refused_by_the_database(case, fields, message):
    values = dict(
        framework=Framework.ILACS,
        inspection_type=InspectionType.STANDARD,
        started_on=D(2023, 3, 6),
        ended_on=D(2023, 3, 17),
        published_on=D(2023, 5, 2),
    )
    values.update(fields)
    authority = make_authority()
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Inspection.objects.create(authority=authority, **values)  # no full_clean: the DB's turn
    assert any(name in str(raised.value) for name in CONSTRAINT_FOR_CASE[case].split("|"))
    assert not Inspection.objects.exists()


@pytest.mark.django_db
def test_valid_inspections_of_every_framework_pass_both_levels():
    authority = make_authority()
    make_inspection(
        authority,
        framework=Framework.PRE_SIF,
        started_on=D(2013, 7, 8),
        ended_on=D(2013, 7, 12),
        published_on=D(2013, 8, 16),
        overall_effectiveness=Grade.ADEQUATE,
        grades={Area.CAPACITY_TO_IMPROVE: Grade.ADEQUATE},
    )
    make_inspection(
        authority,
        framework=Framework.SIF,
        inspection_type=InspectionType.REINSPECTION,
        started_on=D(2017, 11, 6),
        ended_on=D(2017, 11, 30),
        published_on=D(2018, 1, 29),
        overall_effectiveness=Grade.INADEQUATE,
        grades={Area.ADOPTION: Grade.GOOD, Area.LSCB: Grade.REQUIRES_IMPROVEMENT},
    )
    # SIF and ILACS were both on site in the first half of 2018 (DOMAIN.md).
    make_inspection(
        authority,
        framework=Framework.SIF,
        inspection_type=InspectionType.REINSPECTION,
        started_on=D(2018, 5, 8),
        ended_on=D(2018, 5, 24),
        published_on=D(2018, 7, 17),
        overall_effectiveness=Grade.REQUIRES_IMPROVEMENT,
    )
    make_inspection(
        authority,
        framework=Framework.ILACS,
        started_on=D(2018, 1, 8),
        ended_on=D(2018, 1, 19),
        published_on=D(2018, 3, 2),
        overall_effectiveness=Grade.GOOD,
    )
    make_inspection(
        authority,
        framework=Framework.ILACS_2026,
        started_on=D(2026, 5, 11),
        ended_on=D(2026, 5, 22),
        published_on=D(2026, 7, 7),
        grades={Area.CARE_LEAVERS: Grade.GOOD},
    )
    make_inspection(
        authority,
        framework=Framework.UNKNOWN,
        inspection_type=InspectionType.UNKNOWN,
        started_on=None,
        ended_on=None,
        published_on=D(2012, 10, 19),
    )
    assert Inspection.objects.filter(authority=authority).count() == 6
    assert Judgement.objects.count() == 4


@pytest.mark.django_db
def test_one_report_per_authority_per_publication_date():
    inspection = make_inspection()
    duplicate = Inspection(
        authority=inspection.authority,
        framework=Framework.UNKNOWN,
        published_on=inspection.published_on,
    )
    with pytest.raises(ValidationError, match="already has an inspection published on that date"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


# Judgement rules that span tables (area against the inspection's framework and dates) are
# validation only; the database checks what the judgement row alone can show.

INVALID_JUDGEMENTS = [
    (
        "care leavers on an ILACS inspection begun in 2022",
        dict(started_on=D(2022, 6, 6), ended_on=D(2022, 6, 17), published_on=D(2022, 9, 5)),
        Area.CARE_LEAVERS,
        Grade.GOOD,
        "judged on their own only in inspections that began on or after 1 January 2023",
    ),
    (
        "care leavers on an undated ILACS inspection published in 2022",
        dict(started_on=None, ended_on=None, published_on=D(2022, 9, 5)),
        Area.CARE_LEAVERS,
        Grade.GOOD,
        "judged on their own only",
    ),
    ("adoption on ILACS", {}, Area.ADOPTION, Grade.GOOD, "has no 'Adoption performance' judgement"),
    ("LSCB on ILACS", {}, Area.LSCB, Grade.GOOD, "has no 'Local Safeguarding Children Board'"),
    (
        "capacity to improve on SIF",
        dict(
            framework=Framework.SIF,
            started_on=D(2015, 3, 2),
            ended_on=D(2015, 3, 26),
            published_on=D(2015, 6, 5),
        ),
        Area.CAPACITY_TO_IMPROVE,
        Grade.GOOD,
        "has no 'Capacity to improve' judgement",
    ),
    (
        "adequate for help and protection",
        {},
        Area.HELP_AND_PROTECTION,
        Grade.ADEQUATE,
        "Adequate' belongs only to the frameworks before SIF",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "inspection_fields", "area", "grade", "message"),
    INVALID_JUDGEMENTS,
    ids=[c[0] for c in INVALID_JUDGEMENTS],
)
def test_invalid_judgement_is_refused_by_validation(case, inspection_fields, area, grade, message):
    inspection = make_inspection(**inspection_fields)
    judgement = Judgement(inspection=inspection, area=area, grade=grade)
    with pytest.raises(ValidationError) as raised:
        judgement.full_clean()
    assert message in " ".join(raised.value.messages)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("area", "grade"),
    [
        (Area.HELP_AND_PROTECTION, Grade.ADEQUATE),  # no framework with this area uses adequate
        (Area.CAPACITY_TO_IMPROVE, Grade.REQUIRES_IMPROVEMENT),  # only pre-SIF judged it
        ("overall", Grade.GOOD),  # overall effectiveness is the inspection's own field
        (Area.LEADERSHIP, "excellent"),
    ],
)
def test_judgement_the_database_alone_can_refuse(area, grade):
    inspection = make_inspection()
    with pytest.raises(IntegrityError), transaction.atomic():
        Judgement.objects.create(inspection=inspection, area=area, grade=grade)
    assert not Judgement.objects.exists()


@pytest.mark.django_db
def test_one_judgement_per_area_per_inspection():
    inspection = make_inspection(grades={Area.LEADERSHIP: Grade.GOOD})
    second = Judgement(inspection=inspection, area=Area.LEADERSHIP, grade=Grade.INADEQUATE)
    with pytest.raises(ValidationError, match="already has a judgement for that area"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert inspection.judgements.get().grade == Grade.GOOD


@pytest.mark.django_db
def test_areas_shown_follow_framework_and_dates():
    assert [
        a.value
        for a in make_inspection(
            started_on=D(2022, 6, 6), ended_on=D(2022, 6, 17), published_on=D(2022, 9, 5)
        ).areas()
    ] == ["help_and_protection", "children_in_care", "leadership"]
    assert len(make_inspection().areas()) == 4
    sif = make_inspection(
        framework=Framework.SIF,
        started_on=D(2015, 3, 2),
        ended_on=D(2015, 3, 26),
        published_on=D(2015, 6, 5),
    )
    assert {a.value for a in sif.areas()} == {
        "help_and_protection",
        "children_in_care",
        "adoption",
        "care_leavers",
        "leadership",
        "lscb",
    }
    assert sif.area_label(Area.CHILDREN_IN_CARE) == "Children looked after and achieving permanence"


@pytest.mark.django_db
def test_monitoring_visit_must_follow_an_inadequate_inspection():
    authority = make_authority()
    good = make_inspection(authority, overall_effectiveness=Grade.GOOD)
    visit = MonitoringVisit(
        authority=authority,
        follows=good,
        started_on=D(2023, 9, 5),
        ended_on=D(2023, 9, 6),
        theme="Children in need",
    )
    with pytest.raises(ValidationError, match="follows an inspection judged inadequate"):
        visit.full_clean()
    inadequate = make_inspection(
        authority, overall_effectiveness=Grade.INADEQUATE, published_on=D(2023, 5, 3)
    )
    visit.follows = inadequate
    visit.full_clean()
    visit.save()
    early = MonitoringVisit(
        authority=authority, follows=inadequate, started_on=D(2023, 3, 7), ended_on=D(2023, 3, 8)
    )
    with pytest.raises(ValidationError, match="comes after the inspection it follows"):
        early.full_clean()


@pytest.mark.django_db(transaction=True)
def test_monitoring_visit_dates_are_checked_by_the_database():
    authority = make_authority()
    inadequate = make_inspection(authority, overall_effectiveness=Grade.INADEQUATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringVisit.objects.create(
            authority=authority,
            follows=inadequate,
            started_on=D(2023, 9, 6),
            ended_on=D(2023, 9, 5),
        )
    assert not MonitoringVisit.objects.exists()


def test_sif_and_ilacs_overlap_in_the_first_half_of_2018():
    """The last SIF inspections and re-inspections were on site until June 2018, beside the first
    ILACS ones (DOMAIN.md): either framework fits those dates; with nothing else to tell, the
    newer one is assumed."""
    for day in (D(2018, 1, 1), D(2018, 3, 5), D(2018, 6, 30)):
        assert rules.frameworks_for_start(day) == [Framework.SIF, Framework.ILACS]
        assert rules.framework_for_start(day) == Framework.ILACS
        assert rules.framework_date_problem(Framework.SIF, day) is None
        assert rules.framework_date_problem(Framework.ILACS, day) is None
    assert rules.framework_for_start(D(2017, 12, 31)) == Framework.SIF
    assert rules.framework_date_problem(Framework.SIF, D(2018, 7, 1)) == (
        "Single inspection framework (SIF, 2013–2017) inspections began on or before 30 June "
        "2018; this one started 1 July 2018 (ILACS (2018 – March 2026))."
    )


def test_each_framework_names_its_areas_as_its_reports_print_them():
    assert rules.area_label(Framework.PRE_SIF, Area.LEADERSHIP) == "Leadership and management"
    assert rules.area_label(Framework.SIF, Area.LEADERSHIP) == (
        "Leadership, management and governance"
    )
    assert rules.area_label(Framework.SIF, Area.CARE_LEAVERS) == (
        "Experiences and progress of care leavers"
    )
    assert rules.area_label(Framework.ILACS, Area.CHILDREN_IN_CARE, D(2022, 12, 31)) == (
        "Children in care and care leavers"
    )
    assert rules.area_label(Framework.ILACS, Area.CHILDREN_IN_CARE, D(2023, 1, 1)) == (
        "Children in care"
    )
    assert rules.area_label(Framework.ILACS_2026, Area.LEADERSHIP) == (
        "Impact of leaders on social work practice"
    )
    assert rules.area_label(Framework.UNKNOWN, Area.LSCB) == Area.LSCB.label


def test_care_leavers_from_2023_by_start_else_end_else_publication():
    assert not rules.area_possible(Framework.ILACS, Area.CARE_LEAVERS, D(2022, 12, 31))
    assert rules.area_possible(Framework.ILACS, Area.CARE_LEAVERS, D(2023, 1, 1))
    # Start unknown: published (or ended) before 2023, it certainly began before 2023.
    assert not rules.area_possible(Framework.ILACS, Area.CARE_LEAVERS, None, D(2022, 11, 4))
    assert rules.area_possible(Framework.ILACS, Area.CARE_LEAVERS, None, D(2023, 2, 1))
    assert rules.area_possible(Framework.ILACS, Area.CARE_LEAVERS, None, None)
    assert rules.area_possible(Framework.SIF, Area.CARE_LEAVERS, D(2015, 1, 1))
