"""The inspection admin's judgements inline: one row per area the inspection's framework judges.

Which areas and grades are possible is decided by rules.py; this module only decides which rows
to show and checks the submitted rows against the inspection *as submitted* (the framework and
dates in the same POST), so that a rule broken by the combination gives a message, not a save.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.forms.models import BaseInlineFormSet

from . import rules
from .models import Inspection, Judgement
from .rules import Area, Framework, Grade

BLANK_CHOICE = ("", "---------")


def areas_to_show(inspection: Inspection) -> list[Area]:
    """The inline's rows: the framework's areas, or every area while the framework is unknown."""
    if inspection.pk is None or not inspection.framework_is_known:
        return list(Area)
    return inspection.areas()


def frameworks_help() -> list[str]:
    """Which frameworks judge which areas, one line per framework, from rules.FRAMEWORKS."""
    lines = []
    for framework, framework_rules in rules.FRAMEWORKS.items():
        areas = [Area(a).label.lower() for a in Area if a in framework_rules.areas]
        overall = "overall effectiveness" if framework_rules.has_overall else "no overall grade"
        lines.append(f"{Framework(framework).label}: {overall}; {', '.join(areas)}.")
    return [*lines, *rules.windows_help()]


def _in_display_order() -> Case:
    return Case(*(When(area=a, then=Value(i)) for i, a in enumerate(Area)), default=Value(99))


class JudgementForm(forms.ModelForm):
    """One row of the inline. A new row left without a grade is no judgement and is not saved.

    The selects offer only the areas and grades that fit the inspection as stored, but any area
    and grade is accepted as input, so that a row that does not fit (after a framework change, or
    from a hand-made POST) is refused by the domain rule with its own message rather than with
    "Select a valid choice".
    """

    class Meta:
        model = Judgement
        fields = ["area", "grade"]

    def __init__(self, *args, area_choices=None, grade_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].required = False
        if area_choices is not None:
            self.fields["area"].widget.choices = [BLANK_CHOICE, *self._with_own(area_choices)]
        if grade_choices is not None:
            self.fields["grade"].widget.choices = [
                BLANK_CHOICE,
                *self._with_own(grade_choices, field="grade"),
            ]

    def _with_own(self, choices: list[tuple[str, str]], field: str = "area") -> list:
        """The offered choices plus this row's recorded value, so a select never hides it."""
        own = getattr(self.instance, field) if not self.instance._state.adding else ""
        if own and own not in dict(choices):
            label = dict(self.instance._meta.get_field(field).flatchoices)[own]
            return [*choices, (own, label)]
        return choices

    @property
    def is_new_without_grade(self) -> bool:
        if not self.instance._state.adding:
            return False
        if self.is_bound:
            return not self.data.get(self.add_prefix("grade"))
        return not self.initial.get("grade")

    def has_changed(self) -> bool:
        # An extra row with its area prefilled but no grade is an empty row, not a judgement.
        return not self.is_new_without_grade and super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        recorded = not self.instance._state.adding
        if recorded and not cleaned_data.get("grade") and "grade" not in self.errors:
            self.add_error(
                "grade", "Choose a grade; to remove this judgement, tick “Delete?” instead."
            )
        return cleaned_data


class JudgementFormSet(BaseInlineFormSet):
    """The judgements of one inspection, checked against the inspection's submitted values."""

    def __init__(
        self, data=None, files=None, instance=None, queryset=None, prefill_grades=None, **kwargs
    ):
        if queryset is None:
            queryset = Judgement._default_manager.all()
        queryset = queryset.order_by(_in_display_order(), "pk")
        super().__init__(data, files, instance=instance, queryset=queryset, **kwargs)
        inspection = self.instance
        # The inspection as stored: the parent form has not applied the submitted values yet.
        self._stored_dates_and_framework = self._dates_and_framework(inspection)
        self.shown_areas = areas_to_show(inspection)
        recorded = [judgement.area for judgement in self.get_queryset()]
        prefill_grades = prefill_grades or {}
        self.initial_extra = [
            {"area": area, **({"grade": prefill_grades[area]} if area in prefill_grades else {})}
            for area in self.shown_areas
            if area not in recorded
        ]
        self.extra = len(self.initial_extra)
        self.max_num = len(set(self.shown_areas) | set(recorded))
        known = inspection.pk is not None and inspection.framework_is_known
        self.framework_is_shown = known
        self.area_choices = [
            (area, inspection.area_label(area) if known else Area(area).label)
            for area in self.shown_areas
        ]
        scale = rules.scale_for(inspection.framework) if known else tuple(Grade)
        self.grade_choices = [(grade, Grade(grade).label) for grade in scale]

    @staticmethod
    def _dates_and_framework(inspection: Inspection) -> tuple:
        return (
            inspection.framework,
            inspection.started_on,
            inspection.ended_on,
            inspection.published_on,
        )

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs.update(area_choices=self.area_choices, grade_choices=self.grade_choices)
        return kwargs

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # Judgement.clean checks the row against the inspection it is given: make that the
        # parent form's instance, which carries the submitted framework and dates.
        form.instance.inspection = self.instance
        return form

    @property
    def help_lines(self) -> list[str]:
        if self.framework_is_shown:
            return [
                f"{self.instance.get_framework_display()}: one row per area it judges. "
                "Leave a grade empty for no judgement."
            ]
        return [
            "One row per area any framework judges; fill in only the areas of this "
            "inspection's framework and leave the other grades empty.",
            *frameworks_help(),
        ]

    @property
    def areas_script_data(self) -> dict:
        """What static/inspections/admin_areas.js needs to hide rows a framework cannot have:
        for each framework the areas it judges, each with its window of on-site start dates
        (rules.windows_for_script), and the date fields read in turn for the latest possible
        start (Inspection.LATEST_START_FIELDS). The script compares those dates with the windows
        as rules.Judged.may_hold does, and decides nothing else."""
        return {
            "frameworks": rules.windows_for_script(),
            "latestStartFields": list(Inspection.LATEST_START_FIELDS),
        }

    def _live_forms(self):
        """The rows that will be saved: not deleted, and not empty extra rows."""
        for form in self.forms:
            if form.instance._state.adding and not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            yield form

    def clean(self):
        inspection = self.instance  # by now carrying the parent form's submitted values
        seen: set[str] = set()
        recorded_rows_broken = False
        for form in self._live_forms():
            area = form.cleaned_data.get("area")
            if area in seen:
                form.add_error(
                    "area",
                    f"There is already a row for '{Area(area).label}' above; an inspection has "
                    "one judgement per area. Keep one row.",
                )
            elif area:
                seen.add(area)
                if "area" not in form.errors and (
                    problem := rules.area_problem(
                        inspection.framework,
                        area,
                        form.cleaned_data.get("grade", ""),
                        started_on=inspection.started_on,
                        latest_possible_start=inspection.latest_possible_start,
                    )
                ):
                    form.add_error("area", problem)
            if not form.instance._state.adding and form.has_error("area"):
                recorded_rows_broken = True
        super().clean()  # the unique checks for the rows not already refused above
        if recorded_rows_broken and (
            self._dates_and_framework(inspection) != self._stored_dates_and_framework
        ):
            raise ValidationError(
                "With the framework and dates entered above, judgements already recorded no "
                "longer fit (see the rows below): change or delete those rows, or keep the "
                "framework and dates."
            )
