"""Data entry for authorities: codes, region, reorganisations and statistical neighbours."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .models import Authority, FormerName, StatisticalNeighbour


class ChoiceLabelsContextHelper(HistoricalRecordContextHelper):
    """History's "changes" column with choices by their labels: "Good → Inadequate"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and isinstance(value, str):
            return dict(field.flatchoices).get(value, value) or "—"
        if value in (None, ""):
            return "—"
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin whose every change is in the audit trail: who, when, before and after.

    Inline rows are saved naming the editor too, so their history does not depend on the
    request middleware being installed.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # One transaction, as the admin's own change view has: a form's edit lock (a row locked
        # in clean(), inspections/admin.py) then holds until the revert is saved; outside a
        # transaction PostgreSQL refuses the lock.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabelsContextHelper(self.model, historical_record)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted._history_user = request.user
            deleted.delete()
        self.save_inline_rows(request, formset, instances)
        formset.save_m2m()

    def save_inline_rows(self, request, formset, instances) -> None:
        for instance in instances:
            instance._history_user = request.user
            instance.save()


class ActiveFilter(admin.SimpleListFilter):
    title = "active"
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", "Active today"), ("no", "Replaced or not yet active")]

    def queryset(self, request, queryset):
        active = queryset.active_on(timezone.localdate())
        if self.value() == "yes":
            return active
        if self.value() == "no":
            return queryset.exclude(pk__in=active.values("pk"))
        return queryset


class FormerNameInline(admin.TabularInline):
    model = FormerName
    fields = ("name", "used_from", "used_until", "note")
    extra = 0


class StatisticalNeighbourForm(forms.ModelForm):
    def validate_constraints(self):
        # An authority's neighbours are all rows of the one inline, and the formset checks that
        # no two rows share a rank or a neighbour. Checking each row against the database as
        # well would refuse a reordering (swapping ranks 1 and 2) that is valid as a whole.
        exclude = self._get_validation_exclusions() | {"authority"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class StatisticalNeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    form = StatisticalNeighbourForm
    fk_name = "authority"
    fields = ("rank", "neighbour")
    autocomplete_fields = ("neighbour",)
    extra = 0
    max_num = 10
    verbose_name_plural = "statistical neighbours (closest first)"


class AuthorityAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        if "predecessors" in cleaned_data and (
            problem := self.instance.predecessors_problem(
                p.pk for p in cleaned_data["predecessors"]
            )
        ):
            self.add_error("predecessors", problem)
        return cleaned_data


@admin.register(Authority)
class AuthorityAdmin(HistoryAdmin):
    form = AuthorityAdminForm
    list_display = (
        "name",
        "dfe_code",
        "ons_code",
        "ofsted_urn",
        "region",
        "authority_type",
        "active_from",
        "active_until",
    )
    list_filter = ("region", "authority_type", ActiveFilter)
    search_fields = ("name", "dfe_code", "ons_code", "ofsted_urn__exact", "former_names__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("predecessors",)
    inlines = [FormerNameInline, StatisticalNeighbourInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "region", "authority_type", "population_0_25")}),
        ("Codes", {"fields": ("dfe_code", "ons_code", "ofsted_urn")}),
        ("Reorganisations", {"fields": ("active_from", "active_until", "predecessors")}),
    ]

    def save_inline_rows(self, request, formset, instances) -> None:
        if formset.model is StatisticalNeighbour:
            # Ranks and neighbours are unique per authority, so reordering (swapping ranks 1 and
            # 2) would break a constraint half-way through the row-by-row update. Remove the
            # changed rows first; saving them again inserts them with their own ids.
            changed = [neighbour.pk for neighbour, _ in formset.changed_objects]
            StatisticalNeighbour.objects.filter(pk__in=changed).delete()
        super().save_inline_rows(request, formset, instances)
