"""Data entry for inspections, their judgements, the visits between them and interventions.

Every model is registered with simple-history's admin (through HistoryAdmin), so every change has
a history page listing who changed what, before and after, with a page to revert each version.
An inspection's history page also lists the changes to its judgements, which are edited inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from authorities.admin import ChoiceLabelsContextHelper, HistoryAdmin

from .forms import JudgementForm, JudgementFormSet
from .models import (
    FocusedVisit,
    Inspection,
    Intervention,
    JointTargetedAreaInspection,
    Judgement,
    MonitoringVisit,
)

AUTHORITY_SEARCH_FIELDS = (
    "authority__name",
    "authority__dfe_code",
    "authority__ons_code",
    "authority__ofsted_urn__exact",
)


class PublishedYearFilter(admin.SimpleListFilter):
    title = "year published"
    parameter_name = "published_year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("published_on", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years] + [("none", "Not published")]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "none":
            return queryset.filter(published_on__isnull=True)
        if value and value.isdigit():
            return queryset.filter(published_on__year=int(value))
        return queryset


class JudgementInline(admin.TabularInline):
    """One row per area the inspection's framework judges (every area while it is unknown)."""

    model = Judgement
    form = JudgementForm
    formset = JudgementFormSet  # sets the rows, their initial areas and the checks
    fields = ("area", "grade")
    template = "admin/inspections/inspection/judgement_inline.html"

    class Media:
        js = ("inspections/admin_areas.js",)


@dataclass(frozen=True)
class JudgementChange:
    """One historical record of a judgement, as the inspection's history page lists it."""

    when: datetime
    history_id: int
    user: object
    action: str
    area: str
    changes: list[dict]
    version_url: str | None


class InspectionAdminForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (optimistic concurrency).

    The form carries the inspection's version as it was when the page was opened. On save the
    row is locked (the admin saves in one transaction, so the lock holds until the save commits)
    and the stored version compared: a second editor who opened the same version waits for the
    first save, then sees an error naming it, and nothing of theirs is written.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The stored version, not the instance's: a history revert opens an old record.
            stored = Inspection.objects.filter(pk=self.instance.pk).values_list("version")
            self.fields["seen_version"].initial = stored.get()[0]
        else:
            self.fields["seen_version"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "seen_version" not in cleaned_data:
            return cleaned_data
        stored = (
            Inspection.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if stored != cleaned_data["seen_version"]:
            raise ValidationError(self.conflict_message(), code="edit_conflict")
        return cleaned_data

    def conflict_message(self) -> str:
        change = "This inspection was changed"
        if latest := self.instance.history.select_related("history_user").first():
            if latest.history_user:
                change += f" by {latest.history_user}"
            when = timezone.localtime(latest.history_date)
            change += f" at {when:%H:%M:%S} on {when.day} {when:%B %Y}"
        return (
            f"{change}, after you opened it. Nothing you entered has been saved: open the "
            "inspection again to see that change, then make yours."
        )


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin):
    list_display = (
        "authority",
        "framework",
        "inspection_type",
        "started_on",
        "ended_on",
        "published_on",
        "overall_effectiveness",
    )
    list_filter = (
        "framework",
        "overall_effectiveness",
        "authority__region",
        PublishedYearFilter,
        "inspection_type",
    )
    search_fields = (*AUTHORITY_SEARCH_FIELDS, "lead_inspector")
    list_select_related = ("authority",)
    autocomplete_fields = ("authority",)
    inlines = [JudgementInline]
    form = InspectionAdminForm
    fieldsets = [
        (None, {"fields": ("authority", "framework", "inspection_type", "seen_version")}),
        ("Dates", {"fields": ("started_on", "ended_on", "published_on")}),
        ("Report", {"fields": ("overall_effectiveness", "lead_inspector", "report_url")}),
    ]
    object_history_template = "admin/inspections/inspection/object_history.html"

    def render_history_view(self, request, template, context, **kwargs):
        if template == self.object_history_template:
            context["judgement_changes"] = self.judgement_changes(request, context["object"])
            context["can_revert_judgements"] = request.user.has_perm("inspections.change_judgement")
        return super().render_history_view(request, template, context, **kwargs)

    def judgement_changes(self, request, inspection: Inspection) -> list[JudgementChange]:
        """Every historical record of the inspection's judgements, newest first.

        Each change is simple-history's own diff (diff_against) of a record with the previous
        record of the same judgement; each record links to its page in the judgement admin,
        where that version can be restored.
        """
        records = (
            Judgement.history.filter(inspection_id=inspection.pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous_by_judgement = {}
        changes = []
        for record in records:
            previous = previous_by_judgement.get(record.id)
            previous_by_judgement[record.id] = record
            changes.append(
                JudgementChange(
                    when=record.history_date,
                    history_id=record.history_id,
                    user=record.history_user,
                    action=record.get_history_type_display(),
                    area=inspection.area_label(record.area),
                    changes=self._judgement_delta(record, previous),
                    version_url=self._judgement_version_url(record),
                )
            )
        return sorted(changes, key=lambda change: (change.when, change.history_id), reverse=True)

    @staticmethod
    def _judgement_delta(record, previous) -> list[dict]:
        grade = record.get_grade_display()
        if record.history_type == "+" or previous is None:
            return [{"field": "Grade", "old": "—", "new": grade}]
        if record.history_type == "-":
            return [{"field": "Grade", "old": grade, "new": "—"}]
        delta = record.diff_against(previous, included_fields=["area", "grade"])
        return ChoiceLabelsContextHelper(Judgement, record).context_for_delta_changes(delta)

    def _judgement_version_url(self, record) -> str | None:
        try:
            return reverse(
                f"{self.admin_site.name}:inspections_judgement_simple_history",
                args=[record.id, record.history_id],
            )
        except NoReverseMatch:
            return None


@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin):
    """Judgements are entered on their inspection's page; this admin lists them and holds the
    history and revert pages the inspection's history links to."""

    list_display = ("inspection", "area", "grade")
    list_filter = ("area", "grade", "inspection__framework")
    search_fields = tuple(f"inspection__{field}" for field in AUTHORITY_SEARCH_FIELDS)
    list_select_related = ("inspection__authority",)
    autocomplete_fields = ("inspection",)


class VisitAdmin(HistoryAdmin):
    list_display = ("authority", "started_on", "ended_on", "published_on", "theme")
    list_filter = ("authority__region", PublishedYearFilter)
    search_fields = (*AUTHORITY_SEARCH_FIELDS, "theme")
    list_select_related = ("authority",)
    autocomplete_fields = ("authority",)
    date_hierarchy = "started_on"


@admin.register(MonitoringVisit)
class MonitoringVisitAdmin(VisitAdmin):
    list_display = (*VisitAdmin.list_display[:1], "sequence", *VisitAdmin.list_display[1:])
    autocomplete_fields = ("authority", "follows")


@admin.register(FocusedVisit)
class FocusedVisitAdmin(VisitAdmin):
    pass


@admin.register(JointTargetedAreaInspection)
class JointTargetedAreaInspectionAdmin(VisitAdmin):
    pass


@admin.register(Intervention)
class InterventionAdmin(HistoryAdmin):
    list_display = ("authority", "kind", "name", "started_on", "ended_on")
    list_filter = ("kind", "authority__region")
    search_fields = (*AUTHORITY_SEARCH_FIELDS, "name")
    list_select_related = ("authority",)
    autocomplete_fields = ("authority", "follows")
