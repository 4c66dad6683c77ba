"""Inspections, their judgements, the visits between them and the interventions that follow.

Where the rules live (see rules.py for the rules themselves):
- one-table rules are database constraints, built below from the tables in rules.py, and are also
  checked by `full_clean()` (Django validates constraints) with plain messages;
- rules that span tables (a judgement's area against its inspection's framework and dates, a
  monitoring visit against the inspection it follows) live in `clean()` here and in the writes
  (merging.py, saving.py); the database cannot see them.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import uuid
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from authorities.models import Authority

from . import rules
from .rules import Area, Framework, Grade, InspectionType, PublicationKind, VisitKind
from .sources import Settled, Source


def _any(conditions: list[Q]) -> Q:
    return functools.reduce(operator.or_, conditions)


def _overall_grade_fits_framework() -> Q:
    """Overall effectiveness on the framework's scale; none for ILACS from April 2026."""
    per_framework = [
        Q(framework=framework, overall_effectiveness__in=framework_rules.scale)
        for framework, framework_rules in rules.FRAMEWORKS.items()
        if framework_rules.has_overall
    ]
    return _any([Q(overall_effectiveness=""), Q(framework=Framework.UNKNOWN), *per_framework])


def _no_overall_after_the_last_framework_giving_one() -> Q:
    """No overall effectiveness for an inspection that began when no framework gave one
    (rules.NO_OVERALL_FROM: from April 2026), whatever framework it is recorded under."""
    if rules.NO_OVERALL_FROM is None:
        return Q(started_on__isnull=True) | Q(started_on__isnull=False)
    return (
        Q(started_on__isnull=True)
        | Q(started_on__lt=rules.NO_OVERALL_FROM)
        | Q(overall_effectiveness="")
    )


def _framework_fits_start_date() -> Q:
    conditions = []
    for framework, framework_rules in rules.FRAMEWORKS.items():
        window = Q()
        if framework_rules.first_start:
            window &= Q(started_on__gte=framework_rules.first_start)
        if framework_rules.last_start:
            window &= Q(started_on__lte=framework_rules.last_start)
        conditions.append(Q(framework=framework) & window)
    return _any([Q(started_on__isnull=True), Q(framework=Framework.UNKNOWN), *conditions])


def _type_fits_framework() -> Q:
    per_framework = [
        Q(framework=framework, inspection_type__in=framework_rules.types)
        for framework, framework_rules in rules.FRAMEWORKS.items()
    ]
    return _any([Q(framework=Framework.UNKNOWN), *per_framework])


def _grade_possible_for_area() -> Q:
    return _any([Q(area=a, grade__in=rules.grades_possible_for_area(a)) for a in Area])


class InspectionQuerySet(models.QuerySet):
    def published(self) -> InspectionQuerySet:
        return self.filter(published_on__isnull=False)

    def in_timeline_order(self) -> InspectionQuerySet:
        return self.order_by(F("published_on").asc(nulls_last=True), "started_on", "pk")

    def for_timeline_of(self, authority: Authority) -> InspectionQuerySet:
        """The authority's inspections and its predecessors', oldest first, judgements loaded."""
        return (
            self.filter(authority__in=[authority, *authority.predecessors.all()])
            .select_related("authority")
            .prefetch_related("judgements", "authority__former_names")
            .in_timeline_order()
        )

    def for_authorities(self, authorities) -> InspectionQuerySet:
        """Published inspections of several authorities, oldest first, judgements loaded."""
        return (
            self.filter(authority__in=authorities, published_on__isnull=False)
            .select_related("authority")
            .prefetch_related("judgements", "authority__former_names")
            .in_timeline_order()
        )

    def visits_of(self, authority: Authority) -> list:
        """Monitoring visits, focused visits and JTAIs of the authority, by date."""
        visits = [
            *authority.monitoring_visits.select_related("follows"),
            *authority.focused_visits.all(),
            *authority.jtais.all(),
        ]
        return sorted(visits, key=lambda visit: visit.sort_date)


class Inspection(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="inspections")
    framework = models.CharField(
        max_length=16,
        choices=Framework.choices,
        default=Framework.UNKNOWN,
        help_text="Follows from the report and the on-site dates, not the publication date.",
    )
    inspection_type = models.CharField(
        "type", max_length=16, choices=InspectionType.choices, default=InspectionType.UNKNOWN
    )
    started_on = models.DateField("on site from", null=True, blank=True)
    ended_on = models.DateField("on site until", null=True, blank=True)
    published_on = models.DateField("published", null=True, blank=True)
    lead_inspector = models.CharField(max_length=100, blank=True)
    report_url = models.URLField("report link", max_length=300, blank=True)
    report_file = models.FileField(
        "report PDF",
        upload_to="reports/%Y/",
        blank=True,
        help_text="The report this inspection was entered from, kept as the source of its grades.",
    )
    overall_effectiveness = models.CharField(
        max_length=24,
        choices=Grade.choices,
        blank=True,
        help_text="Empty when the report gives no overall judgement (ILACS from April 2026) "
        "or it is not yet known.",
    )
    #: Where each value comes from (sources.py): a field name, "overall" or an area → the
    #: sources that gave it, the one whose value is kept first, then those that agree with it.
    sources = models.JSONField(default=dict, blank=True, editable=False)
    # Optimistic concurrency: raised by every save of an existing inspection. The admin form
    # carries the version it was opened at and refuses to save over a newer one (admin.py).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()
    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["authority__name", "-published_on"]
        indexes = [
            models.Index(fields=["authority", "published_on"]),
            # The latest reports, newest first (home page, feeds), without sorting them all.
            models.Index(fields=["-published_on", "-id"], name="inspection_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "published_on"],
                name="inspection_one_report_per_authority_per_day",
                violation_error_message="This authority already has an inspection published on "
                "that date.",
            ),
            models.CheckConstraint(
                condition=Q(framework__in=Framework.values), name="inspection_framework_valid"
            ),
            models.CheckConstraint(
                condition=Q(inspection_type__in=InspectionType.values),
                name="inspection_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(overall_effectiveness="") | Q(overall_effectiveness__in=Grade.values),
                name="inspection_overall_is_a_grade",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="inspection_end_not_before_start",
                violation_error_message="The inspection cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(published_on__gte=F("ended_on")),
                name="inspection_published_not_before_end",
                violation_error_message="The report cannot be published before the inspection "
                "ends.",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(published_on__gte=F("started_on")),
                name="inspection_published_not_before_start",
                violation_error_message="The report cannot be published before the inspection "
                "starts.",
            ),
            models.CheckConstraint(
                condition=_overall_grade_fits_framework(),
                name="inspection_overall_on_framework_scale",
                violation_error_message="The overall effectiveness grade is not on this "
                "framework's scale (adequate only before SIF; none from April 2026).",
            ),
            models.CheckConstraint(
                condition=_no_overall_after_the_last_framework_giving_one(),
                name="inspection_no_overall_from_april_2026",
                violation_error_message="ILACS inspections that began on or after 1 April 2026 "
                "give no overall effectiveness judgement.",
            ),
            models.CheckConstraint(
                condition=_framework_fits_start_date(),
                name="inspection_framework_fits_start_date",
                violation_error_message="The framework does not match the on-site start date.",
            ),
            models.CheckConstraint(
                condition=_type_fits_framework(),
                name="inspection_type_fits_framework",
                violation_error_message="This framework has no inspections of that type.",
            ),
        ]

    def __str__(self) -> str:
        """'Buckinghamshire – Single inspection framework (2018-01-29): inadequate': the date
        and grade say which inspection a monitoring visit follows in the admin's choices."""
        when = self.published_on or self.ended_on or self.started_on
        grade = (
            f": {self.get_overall_effectiveness_display().lower()}"
            if (self.overall_effectiveness)
            else ""
        )
        return f"{self.authority} – {self.get_framework_display()} ({when or 'undated'}){grade}"

    def save(self, *args, **kwargs) -> None:
        stored_file = ""
        if not self._state.adding:
            # One above the stored version (not the loaded one): a revert to an old record from
            # the history still moves the version on, so no stale form can match it again.
            stored = type(self)._base_manager.filter(pk=self.pk).values("version", "report_file")
            row = stored.first() or {"version": 0, "report_file": ""}
            self.version = max(self.version, row["version"]) + 1
            stored_file = row["report_file"]
            if kwargs.get("update_fields") is not None:
                if "report_file" not in kwargs["update_fields"]:
                    stored_file = ""
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        if stored_file and stored_file != self.report_file.name:
            report_file_discard(stored_file)

    #: The fields that give the latest day the inspection can have started, read in turn: the
    #: start itself, else the end, else the publication (the admin's script reads the same).
    LATEST_START_FIELDS: ClassVar[tuple[str, ...]] = ("started_on", "ended_on", "published_on")

    @property
    def latest_possible_start(self) -> dt.date | None:
        """The start date if known, else the latest date the inspection can have started."""
        return next(filter(None, (getattr(self, f) for f in self.LATEST_START_FIELDS)), None)

    @property
    def framework_is_known(self) -> bool:
        return rules.is_known(self.framework)

    @property
    def may_be_monitored(self) -> bool:
        """Whether monitoring visits may follow it: judged inadequate overall, or, under the
        April 2026 framework (no overall grade), inadequate in an area that sets its standing
        (rules.standing_areas_for)."""
        if self.overall_effectiveness == Grade.INADEQUATE:
            return True
        standing_areas = rules.standing_areas_for(self.framework)
        return any(
            judgement.grade == Grade.INADEQUATE and judgement.area in standing_areas
            for judgement in self.judgements.all()
        )

    def areas(self) -> list[Area]:
        """The judgement areas (besides overall) this inspection's framework has."""
        return rules.areas_for(self.framework, self.started_on, self.latest_possible_start)

    def area_label(self, area: str) -> str:
        return rules.area_label(self.framework, area, self.started_on, self.latest_possible_start)

    def judges(self, key: str) -> bool:
        """Whether this inspection gives the judgement (an area or rules.OVERALL) at all."""
        return rules.judges(self.framework, key, self.started_on, self.latest_possible_start)

    def judgements_by_area(self) -> list[tuple[str, Judgement | None]]:
        """(label, judgement or None) for each area of the framework, then any others recorded."""
        recorded = {j.area: j for j in self.judgements.all()}
        # With the framework not yet known, listing every possible area would suggest gaps
        # that may not exist: show what is recorded.
        expected = self.areas() if self.framework_is_known else []
        areas = [*expected, *[a for a in Area if a in recorded and a not in expected]]
        return [(self.area_label(a), recorded.get(a)) for a in areas]

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if problem := rules.framework_date_problem(self.framework, self.started_on):
            errors.setdefault("framework", []).append(problem)
        if problem := rules.type_problem(self.framework, self.inspection_type):
            errors.setdefault("inspection_type", []).append(problem)
        if problem := rules.overall_problem(
            self.framework, self.started_on, self.overall_effectiveness
        ):
            errors.setdefault("overall_effectiveness", []).append(problem)
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors.setdefault("ended_on", []).append("The inspection cannot end before it starts.")
        last_on_site = self.ended_on or self.started_on
        if last_on_site and self.published_on and self.published_on < last_on_site:
            errors.setdefault("published_on", []).append(
                "The report cannot be published before the inspection ends."
            )
        if errors:
            raise ValidationError(errors)


def report_file_discard(name: str) -> None:
    """Remove a report file no inspection keeps any more (replaced, cleared, or its inspection
    deleted), once the change is committed: a rolled-back save keeps its file.

    Its history records still name it, so a revert to one of them brings back the name but not
    the file; the admin's download link then says the file is missing.
    """
    storage = Inspection._meta.get_field("report_file").storage
    transaction.on_commit(lambda: storage.delete(name))


class Judgement(models.Model):
    """One graded judgement of an inspection, other than overall effectiveness."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=24, choices=Area.choices)
    grade = models.CharField(max_length=24, choices=Grade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"],
                name="judgement_one_per_area_per_inspection",
                violation_error_message="This inspection already has a judgement for that area.",
            ),
            models.CheckConstraint(condition=Q(area__in=Area.values), name="judgement_area_valid"),
            models.CheckConstraint(
                condition=Q(grade__in=Grade.values), name="judgement_grade_valid"
            ),
            models.CheckConstraint(
                condition=_grade_possible_for_area(),
                name="judgement_grade_on_area_scale",
                violation_error_message="No framework gives that grade for that area "
                "(adequate only for capacity to improve; requires improvement never for it).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.get_grade_display()}"

    def clean(self) -> None:
        # Spans tables: the area and grade against the inspection's framework and dates.
        inspection = getattr(self, "inspection", None)
        if inspection is None or not self.area:
            return
        if problem := rules.area_problem(
            inspection.framework,
            self.area,
            self.grade,
            started_on=inspection.started_on,
            latest_possible_start=inspection.latest_possible_start,
        ):
            raise ValidationError({"area": problem})


class Visit(models.Model):
    """Fields every ungraded visit between inspections shares."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("on site from", null=True, blank=True)
    ended_on = models.DateField("on site until", null=True, blank=True)
    dates_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Required when the dates are not known: what the source says about when.",
    )
    published_on = models.DateField("published", null=True, blank=True)
    theme = models.CharField(max_length=200, blank=True)
    findings = models.TextField("summary of findings", blank=True)
    report_url = models.URLField("report link", max_length=300, blank=True)
    #: Where it was recorded from (sources.Source): the letter, the statistics, an editor.
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.EDITOR)

    #: Which visit this is (rules.VisitKind): set by each kind of visit below.
    kind: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["authority__name", "started_on"]

    def __str__(self) -> str:
        return f"{self.authority} – {self._meta.verbose_name} {self.started_on or 'date not known'}"

    @property
    def kind_label(self) -> str:
        return VisitKind(self.kind).label

    @property
    def sort_date(self) -> dt.date:
        return self.started_on or dt.date.max

    def clean(self) -> None:
        if not (self.started_on and self.ended_on) and not self.dates_note:
            raise ValidationError(
                {"dates_note": "Give the on-site dates, or say here why they are not known."}
            )
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "The visit cannot end before it starts."})
        if self.ended_on and self.published_on and self.published_on < self.ended_on:
            raise ValidationError(
                {"published_on": "The letter cannot be published before the visit ends."}
            )


def _visit_indexes(prefix: str) -> list[models.Index]:
    """The newest first, as the home page's and the feeds' latest changes read them.

    Named by a short prefix, as the constraints are: an index name may have 30 characters.
    """
    return [
        models.Index(
            Coalesce("published_on", "ended_on", "started_on").desc(),
            F("id").desc(),
            name=f"{prefix}_newest",
        )
    ]


def _visit_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=(Q(started_on__isnull=False) & Q(ended_on__isnull=False)) | ~Q(dates_note=""),
            name=f"{prefix}_dates_or_note",
            violation_error_message="Give the on-site dates, or say why they are not known.",
        ),
        models.CheckConstraint(
            condition=Q(started_on__isnull=True)
            | Q(ended_on__isnull=True)
            | Q(ended_on__gte=F("started_on")),
            name=f"{prefix}_end_not_before_start",
            violation_error_message="The visit cannot end before it starts.",
        ),
        models.CheckConstraint(
            condition=Q(published_on__isnull=True) | Q(published_on__gte=F("ended_on")),
            name=f"{prefix}_published_not_before_end",
            violation_error_message="The letter cannot be published before the visit ends.",
        ),
        # One visit of a kind per authority and publication day, and per letter: two syncs at
        # once, or a letter listed twice, cannot record a visit twice (migration 0011 merged
        # the duplicates already recorded).
        models.UniqueConstraint(
            fields=["authority", "published_on"],
            condition=Q(published_on__isnull=False),
            name=f"{prefix}_one_per_day",
            violation_error_message="This authority already has this visit, published that day.",
        ),
        models.UniqueConstraint(
            fields=["report_url"],
            condition=~Q(report_url=""),
            name=f"{prefix}_one_per_letter",
            violation_error_message="Another visit already has this letter.",
        ),
    ]


class MonitoringVisit(Visit):
    """A visit to an authority judged inadequate, following up that inspection (no grade)."""

    kind = VisitKind.MONITORING_VISIT

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="monitoring_visits"
    )
    follows = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        related_name="monitoring_visits",
        help_text="The inspection with the inadequate judgement this visit follows up.",
    )
    sequence = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1 for the first monitoring visit after that inspection."
    )

    history = HistoricalRecords()

    class Meta(Visit.Meta):
        constraints = _visit_constraints("monitoringvisit")
        indexes = _visit_indexes("monitoringvisit")

    def clean(self) -> None:
        super().clean()
        # Spans tables: the followed inspection must be this authority's and judged inadequate.
        inspection = self.follows if self.follows_id else None
        if inspection is None:
            return
        if self.authority_id and inspection.authority_id != self.authority_id:
            raise ValidationError({"follows": "That inspection is of another authority."})
        if not inspection.may_be_monitored:
            raise ValidationError(
                {
                    "follows": "A monitoring visit follows an inspection judged inadequate "
                    "overall (or, from April 2026, in any area); this one is "
                    + (inspection.get_overall_effectiveness_display() or "not graded")
                    + "."
                }
            )
        if inspection.ended_on and self.started_on and self.started_on <= inspection.ended_on:
            raise ValidationError(
                {"started_on": "A monitoring visit comes after the inspection it follows."}
            )


class FocusedVisit(Visit):
    """An ILACS focused visit: a letter with findings and priority actions, no grade."""

    kind = VisitKind.FOCUSED_VISIT

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="focused_visits"
    )
    history = HistoricalRecords()

    class Meta(Visit.Meta):
        constraints = _visit_constraints("focusedvisit")
        indexes = _visit_indexes("focusedvisit")


class JointTargetedAreaInspection(Visit):
    """A JTAI with the health, police and probation inspectorates (no grade)."""

    kind = VisitKind.JTAI

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="jtais")
    history = HistoricalRecords()

    class Meta(Visit.Meta):
        verbose_name = "joint targeted area inspection"
        constraints = _visit_constraints("jtai")
        indexes = _visit_indexes("jtai")


#: Each kind of visit (rules.VisitKind) → its model.
VISIT_MODELS: dict[str, type[Visit]] = {
    VisitKind.MONITORING_VISIT: MonitoringVisit,
    VisitKind.FOCUSED_VISIT: FocusedVisit,
    VisitKind.JTAI: JointTargetedAreaInspection,
}


class InterventionKind(models.TextChoices):
    STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
    COMMISSIONER = "commissioner", "Commissioner"
    TRUST = "trust", "Children's trust"
    IMPROVEMENT_PARTNER = "improvement_partner", "Improvement partner"


class Intervention(models.Model):
    """A Department for Education intervention after an inadequate judgement."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="interventions")
    kind = models.CharField(max_length=24, choices=InterventionKind.choices)
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The trust, commissioner or partner, e.g. Sandwell Children's Trust.",
    )
    started_on = models.DateField(help_text="Announced or in force from.")
    ended_on = models.DateField(null=True, blank=True)
    dates_note = models.CharField(
        max_length=200, blank=True, help_text="How exact the dates are, e.g. 'month only'."
    )
    follows = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interventions",
        help_text="The inspection that led to it, if one did.",
    )
    description = models.TextField(blank=True)
    source_url = models.URLField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority__name", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterventionKind.values), name="intervention_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="intervention_end_not_before_start",
                violation_error_message="An intervention cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority} – {self.get_kind_display()} from {self.started_on:%b %Y}"

    def clean(self) -> None:
        if self.follows_id and self.authority_id and self.follows.authority_id != self.authority_id:
            raise ValidationError({"follows": "That inspection is of another authority."})


def _grade_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=24, choices=Grade.choices, blank=True)


class AuthorityStanding(models.Model):
    """Where an authority stands now, by its latest published inspection, under standing.py's
    rules: kept by derived.record in the transaction that moves the data version, and read by
    the home page, the index, the story views, the API and the feeds. Derived: never edited."""

    authority = models.OneToOneField(
        Authority, on_delete=models.CASCADE, primary_key=True, related_name="standing"
    )
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_on = models.DateField("latest published", null=True, blank=True)
    framework = models.CharField(max_length=16, choices=Framework.choices, blank=True)
    overall = _grade_field("overall effectiveness")
    #: The standing's grade: overall, or the lowest area grade where the framework gives none.
    grade = _grade_field("standing")
    basis = models.CharField(max_length=16, choices=rules.Basis.choices)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    help_and_protection = _grade_field(Area.HELP_AND_PROTECTION.label)
    children_in_care = _grade_field(Area.CHILDREN_IN_CARE.label)
    care_leavers = _grade_field(Area.CARE_LEAVERS.label)
    leadership = _grade_field(Area.LEADERSHIP.label)
    previous_published_on = models.DateField(null=True, blank=True)
    previous_overall = _grade_field("previous overall effectiveness")
    previous_grade = _grade_field("previous standing")
    change = models.CharField(max_length=12, choices=rules.Change.choices, blank=True)
    change_basis = models.CharField(max_length=16, choices=rules.Basis.choices, blank=True)
    #: The start of the current inadequate period; None unless the standing is inadequate.
    inadequate_since = models.DateField(null=True, blank=True)
    #: The end of the latest inadequate period the authority is known to have left, and how
    #: long it lasted: the inspection that ended it, known and not inadequate or with no grade
    #: recorded (then `left_inadequate_by` says when it had certainly left).
    left_inadequate_on = models.DateField(null=True, blank=True)
    left_inadequate_after_days = models.PositiveIntegerField(null=True, blank=True)
    #: Where that period ended at an inspection with no grade recorded: the next with a known
    #: grade, not inadequate. It left at the one or the other; it was inadequate for at least
    #: `left_inadequate_after_days`.
    left_inadequate_by = models.DateField(null=True, blank=True)
    #: Reports with no grade recorded came just before that period: it may have begun earlier.
    left_inadequate_began_after_unknown = models.BooleanField(default=False)
    #: The latest period ended at an inspection with no grade recorded (this date) and no later
    #: one has a known grade: inadequate until then, not known since. Neither "inadequate now"
    #: nor "left inadequate".
    inadequate_then_unknown_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["grade"]),
            models.Index(fields=["published_on"]),
            models.Index(fields=["inadequate_since"]),
            models.Index(fields=["left_inadequate_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.authority_id}: {self.grade or self.basis}"


class InadequatePeriod(models.Model):
    """One period an authority's standing was inadequate (standing.py): from the inspection that
    began it to the one that ended it (none while it lasts), known and not inadequate or with no
    grade recorded (`ends_unknown`). Derived, like AuthorityStanding."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="inadequate_periods"
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    began_with = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ended_with = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    inadequate_reports = models.PositiveSmallIntegerField()
    #: Reports with no grade recorded just before it (ISO dates): it may have begun with one.
    unrecorded_before = models.JSONField(default=list, blank=True)
    #: It ended at an inspection with no grade recorded (`ended_with`): inadequate until then,
    #: not known from it...
    ends_unknown = models.BooleanField(default=False)
    #: ...and, where a later inspection has a known grade that is not inadequate, its date: the
    #: authority had left by then.
    left_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["authority", "started_on"]
        indexes = [models.Index(fields=["started_on"]), models.Index(fields=["ended_on"])]

    def __str__(self) -> str:
        end = f"{self.ended_on} (grade unknown)" if self.ends_unknown else self.ended_on
        return f"{self.authority_id}: inadequate {self.started_on} – {end or 'now'}"

    @property
    def unrecorded_before_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(day) for day in self.unrecorded_before]


class CoverageQuarter(models.Model):
    """England on one quarter day (coverage.py): the authorities active, by what their latest
    report said overall. Derived, rewritten with the standings."""

    on = models.DateField(unique=True)
    active = models.PositiveIntegerField()
    good_or_outstanding = models.PositiveIntegerField()
    known = models.PositiveIntegerField()
    no_overall = models.PositiveIntegerField()
    not_recorded = models.PositiveIntegerField()
    not_inspected = models.PositiveIntegerField()

    class Meta:
        ordering = ["on"]

    def __str__(self) -> str:
        return f"{self.on}: {self.known} of {self.active} graded"


class CoverageShare(models.Model):
    """One authority's part in England's series (coverage.py): what its latest report said
    overall on each quarter day of CoverageQuarter, so that a change to its inspections moves
    the series by the difference, without reading every other authority's reports. Derived,
    rewritten with the series.

    Keyed by the authority's id without a foreign key: the part of an authority just deleted is
    still here to be taken out of the series, and goes with it.
    """

    authority_id = models.PositiveIntegerField(primary_key=True)
    #: On each quarter day of the series, in order: a Grade or rules.Standing value, or None
    #: while the authority is not active.
    standings = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.authority_id}: {len(self.standings)} quarters"


class DataVersion(models.Model):
    """One row that changes with every change to the data the pages show.

    Cached pages and figures are keyed by its token and the pages' ETag and Last-Modified come
    from it, so a change made by any process (the admin, an import) reaches every process on its
    next request: each reads this row once per request, whatever cache backend it has. The token
    is random rather than a counter, so a rolled-back change can never bring back a token that
    already named other data.

    Bumped by the signals in signals.py on every save and delete of the models the pages read, and
    by the services that write in bulk (no signals there).
    """

    SINGLETON = 1

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="dataversion_single_row"),
        ]

    def __str__(self) -> str:
        return f"data version {self.token} of {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> DataVersion:
        """The row, made on first use: one query when it exists, in plain SQL because every
        page request makes it (the ORM's query building would cost more than the query)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT token, changed_at FROM {cls._meta.db_table} WHERE id = %s",
                [cls.SINGLETON],
            )
            row = cursor.fetchone()
        if row is None:
            return cls.bump()
        token, changed_at = row
        if isinstance(changed_at, str):
            changed_at = dt.datetime.fromisoformat(changed_at)
        if timezone.is_naive(changed_at):  # SQLite's, kept in UTC
            changed_at = changed_at.replace(tzinfo=dt.UTC)
        return cls(pk=cls.SINGLETON, token=token, changed_at=changed_at)

    @classmethod
    def bump(cls) -> DataVersion:
        """A new token, in the caller's transaction: it is seen together with the change.
        derived.record moves it with the tables derived from the data."""
        values = {"token": uuid.uuid4().hex, "changed_at": timezone.now()}
        if not cls.objects.filter(pk=cls.SINGLETON).update(**values):
            cls.objects.get_or_create(pk=cls.SINGLETON, defaults=values)
        return cls(pk=cls.SINGLETON, **values)


class DataNote(models.Model):
    """Two sources that disagree about one value (sources.py), and how it was settled; or a
    source's record that could not be placed (a monitoring visit with no inadequate inspection
    to follow), waiting for review. Listed on /data/ and in /downloads/data-notes.csv|json."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="+")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, null=True, blank=True, related_name="data_notes"
    )
    #: The value's key: an Inspection field, "overall", an area, or "monitoring_visit" etc.
    field = models.CharField(max_length=32)
    kept_value = models.CharField(max_length=200, blank=True)
    kept_source = models.CharField(max_length=16, choices=Source.choices, blank=True)
    other_value = models.CharField(max_length=200, blank=True)
    other_source = models.CharField(max_length=16, choices=Source.choices)
    settled = models.CharField(max_length=16, choices=Settled.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    #: What a note says, as the shipped record (record_files.py) and the merges write it.
    VALUE_FIELDS: ClassVar[tuple[str, ...]] = (
        "field", "kept_value", "kept_source", "other_value", "other_source", "settled", "detail",
    )  # fmt: skip

    class Meta:
        ordering = ["authority__name", "inspection__published_on", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "field", "other_source", "other_value"],
                condition=Q(inspection__isnull=False),
                name="datanote_once",
            ),
            models.UniqueConstraint(
                fields=["authority", "field", "other_source", "other_value"],
                condition=Q(inspection__isnull=True),
                name="datanote_once_unplaced",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.authority}: {self.field} '{self.kept_value}' ({self.kept_source}) / "
            f"'{self.other_value}' ({self.other_source})"
        )


class LoadedRecord(models.Model):
    """The digest of the national files `load_national` last loaded into this database, so a
    restart whose files have not changed skips the merge (bin/serve starts in seconds)."""

    name = models.CharField(max_length=40, unique=True)
    digest = models.CharField(max_length=64)
    loaded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} {self.digest[:12]} loaded {self.loaded_at:%Y-%m-%d %H:%M}"


class PublicationState(models.TextChoices):
    """What became of a publication seen on Ofsted's report finder (ofsted/sync.py)."""

    RECORDED = "recorded", "Recorded"
    WAITING = "waiting", "Waiting for review"
    DISMISSED = "dismissed", "Dismissed"
    FAILED = "failed", "Failed"


class Publication(models.Model):
    """One publication seen on Ofsted's report finder, kept whatever became of it, so that
    nothing is lost or silently skipped: recorded (as an inspection or a visit), waiting for a
    person to review (anything the reader was unsure of, an authority not matched, a conflict,
    an unknown kind), dismissed by that person, or failed (with the reason; tried again on the
    next sync). Known by Ofsted's file id, the same as in the history's report links."""

    file_id = models.CharField(max_length=100, unique=True)
    url = models.URLField("link", max_length=300)
    provider_urn = models.PositiveIntegerField("provider's URN")
    provider_name = models.CharField(max_length=200, blank=True)
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=24, choices=PublicationKind.choices)
    published_on = models.DateField("published", null=True, blank=True)
    state = models.CharField(max_length=12, choices=PublicationState.choices)
    #: Why it waits or failed, for a person: the reader's findings, conflicts, refusals.
    reasons = models.JSONField(default=list, blank=True)
    #: The reader's reading of the PDF (ReportReading.as_json()), when it was read.
    reading = models.JSONField(null=True, blank=True, editable=False)
    #: The archived PDF, relative to MEDIA_ROOT ("" until downloaded).
    archived = models.CharField(max_length=300, blank=True, editable=False)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_seen = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "provider_name"]
        indexes = [models.Index(fields=["state", "-published_on"])]

    def __str__(self) -> str:
        return f"{self.provider_name or self.provider_urn}: {self.title}"


class SyncCheck(models.Model):
    """One run of `sync_ofsted` against the report finder: when, and what it found. The home
    page says when the data was last checked (the latest finished run), even when nothing
    changed."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    base_url = models.URLField(max_length=300)
    #: The run's summary (ofsted.sync.SyncSummary.as_dict()), bounded by the sync.
    summary = models.JSONField(default=dict)
    #: The register's current authorities whose page the run read, of how many (None on
    #: checks recorded before these were kept).
    authorities_checked = models.PositiveIntegerField(null=True, blank=True)
    authorities_current = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "finished_at"

    def __str__(self) -> str:
        return f"sync of {self.started_at:%Y-%m-%d %H:%M}"

    @classmethod
    def last(cls) -> SyncCheck | None:
        """The latest finished sync, or None if the data was never checked against the site."""
        return cls.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


class PublicationToReview(Publication):
    """The review queue: publications waiting for a person (the admin's "Publications to
    review")."""

    class Meta:
        proxy = True
        verbose_name = "publication to review"
        verbose_name_plural = "publications to review"
