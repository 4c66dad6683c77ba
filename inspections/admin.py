"""Data entry for inspections, their judgements, the visits between them and interventions.

Every model is registered with simple-history's admin (through HistoryAdmin), so every change has
a history page listing who changed what, before and after, with a page to revert each version.
An inspection's history page also lists the changes to its judgements, which are edited inline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, datetime
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from authorities.admin import ChoiceLabelsContextHelper, HistoryAdmin

from . import prefill as report_prefill
from .data_notes import TO_REVIEW, data_notes_accept
from .forms import JudgementForm, JudgementFormSet
from .models import (
    DataNote,
    FocusedVisit,
    Inspection,
    Intervention,
    JointTargetedAreaInspection,
    Judgement,
    MonitoringVisit,
    Publication,
    PublicationState,
    PublicationToReview,
)
from .ofsted import review
from .rules import PublicationKind
from .saving import (
    EditConflict,
    PendingReport,
    inspection_save,
    inspection_version_check,
    recorded_judgements_check,
    stored_version,
)
from .sources import Settled
from .uploads import report_upload_check

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
        if not value:
            return queryset
        if value == "none":
            return queryset.filter(published_on__isnull=True)
        # ASCII digits of a year a date can hold: "²" passes isdigit() but not int(), and
        # 99999 passes int() but not date(); either is the admin's "invalid filter" (?e=1).
        if not (value.isascii() and value.isdigit() and MINYEAR <= int(value) <= MAXYEAR):
            raise IncorrectLookupParameters(f"No year {value!r}.")
        return queryset.filter(published_on__year=int(value))


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


class _KeptReport:
    """The kept report as ClearableFileInput shows it: its name, linked to the admin's copy."""

    def __init__(self, name: str, url: str):
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name.rsplit("/", 1)[-1]


class ReportFileInput(forms.ClearableFileInput):
    """Links the kept report to the admin's own download view: media files are not public."""

    download_url: str | None = None

    def format_value(self, value):
        value = super().format_value(value)
        if value and self.download_url:
            return _KeptReport(str(value), self.download_url)
        return value


def report_check_html(field_id: str, texts: list[str]):
    """What the reader was unsure of about one field: text from the report, escaped."""
    return format_html(
        '<div class="report-check" id="{}_check">Check: {}.</div>',
        field_id,
        " / ".join(texts),
    )


class ReportCheckBoundField(forms.BoundField):
    """A field the report reading flagged: its checks follow the input, which names them."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        field_id = self.auto_id or self.html_name
        check_id = f"{field_id}_check"
        rendered = super().as_widget(widget, attrs, only_initial)
        # Name the check from the input, beside any description the widget gives it itself
        # (the admin's date inputs set their own aria-describedby while rendering).
        described = re.compile(r'aria-describedby="([^"]*)"')
        if described.search(rendered):
            rendered = described.sub(
                lambda m: f'aria-describedby="{check_id} {m[1]}"', rendered, count=1
            )
        else:
            rendered = re.sub(
                r"<(input|select|textarea)\b",
                rf'<\1 aria-describedby="{check_id}"',
                rendered,
                count=1,
            )
        return mark_safe(rendered) + report_check_html(field_id, self.field.report_checks)


class ReportFileField(forms.FileField):
    """Keeps only an upload that reads as a report, within the upload limit (uploads.py); the
    file already kept is not read again."""

    default_validators = [report_upload_check]


class InspectionAdminForm(forms.ModelForm):
    """Refuses to save over a change made since the form was opened (optimistic concurrency).

    The form carries the inspection's version as it was when the page was opened. On save the
    row is locked (the admin saves in one transaction, so the lock holds until the save commits)
    and the stored version compared (saving.inspection_version_check): a second editor who
    opened the same version waits for the first save, then sees an error naming it, and nothing
    of theirs is written. The check is made here, not only in `inspection_save`, so that a
    conflict is the form's error rather than a failed save.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    #: The token of a report uploaded to fill in the add form (prefill.py), and its reading.
    report_token = forms.CharField(widget=forms.HiddenInput, required=False)
    prefill: report_prefill.Prefill | None = None
    #: False on a revert page from the history, which shows no judgement rows: the judgements
    #: recorded must then fit the version restored (on the change page the rows check that).
    judgements_on_page = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, texts in (self.prefill.flags if self.prefill else {}).items():
            if name in self.fields:
                # Shown beside the field, escaped; never in help_text, which the admin's
                # templates mark safe.
                field = self.fields[name]
                field.bound_field_class = ReportCheckBoundField
                field.report_checks = list(texts)
                # Added to the widget's own classes (vDateField gives a date its calendar).
                classes = field.widget.attrs.get("class", "")
                field.widget.attrs["class"] = f"{classes} report-flagged".strip()
        if self.instance.pk is not None:
            # The stored version, not the instance's: a history revert opens an old record.
            self.fields["seen_version"].initial = stored_version(self.instance.pk)
        else:
            self.fields["seen_version"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None or "seen_version" not in cleaned_data:
            return cleaned_data
        try:
            inspection_version_check(
                inspection_id=self.instance.pk, seen_version=cleaned_data["seen_version"]
            )
        except EditConflict as conflict:
            raise ValidationError(
                edit_conflict_message(conflict, reopen="the inspection"), code="edit_conflict"
            ) from conflict
        return cleaned_data

    def validate_constraints(self):
        super().validate_constraints()
        # Here, after the model's own checks, the instance carries the submitted values.
        if self.judgements_on_page or self.instance.pk is None:
            return
        try:
            recorded_judgements_check(self.instance)
        except ValidationError as problem:
            self.add_error(
                None,
                "The judgements recorded now do not fit this version of the inspection ("
                + "; ".join(problem.messages)
                + "). Change or delete them on the inspection's page first.",
            )


def edit_conflict_message(conflict: EditConflict, *, reopen: str) -> str:
    """Names the latest change to the inspection or to one of its judgements, and who made it."""
    change = "This inspection was changed"
    if conflict.changed_by:
        change += f" by {conflict.changed_by}"
    if conflict.changed_at:
        when = timezone.localtime(conflict.changed_at)
        change += f" at {when:%H:%M:%S} on {when.day} {when:%B %Y}"
    return (
        f"{change}, after you opened it. Nothing you entered has been saved: open {reopen} "
        "again to see that change, then make yours."
    )


class JudgementAdminForm(forms.ModelForm):
    """The judgement's own page (and its history's revert pages) under its inspection's lock.

    The form carries the inspection's version as it was when the page was opened and is refused
    if it has moved since: a judgement changed on the inspection's page meanwhile is not
    overwritten from here, and (signals.py) a save from here moves the version, so a stale
    inspection form cannot overwrite this one.
    """

    seen_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.inspection_id is not None:
            self.fields["seen_version"].initial = stored_version(self.instance.inspection_id)

    def clean(self):
        cleaned_data = super().clean()
        if "seen_version" not in cleaned_data:
            return cleaned_data
        try:
            inspection_version_check(
                inspection_id=self.instance.inspection_id,
                seen_version=cleaned_data["seen_version"],
            )
        except EditConflict as conflict:
            raise ValidationError(
                edit_conflict_message(conflict, reopen="this judgement"), code="edit_conflict"
            ) from conflict
        return cleaned_data


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
        (
            None,
            {
                "fields": (
                    "authority",
                    "framework",
                    "inspection_type",
                    "seen_version",
                    "report_token",
                )
            },
        ),
        ("Dates", {"fields": ("started_on", "ended_on", "published_on")}),
        (
            "Report",
            {"fields": ("overall_effectiveness", "lead_inspector", "report_url", "report_file")},
        ),
    ]
    formfield_overrides = {
        models.FileField: {"widget": ReportFileInput, "form_class": ReportFileField}
    }
    object_history_template = "admin/inspections/inspection/object_history.html"
    change_form_template = "admin/inspections/inspection/change_form.html"

    def get_fieldsets(self, request, obj=None):
        """On the add page the report is given once, in "Fill in from the report" above the
        form, and kept on saving: the form has no second file input for it."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            return fieldsets
        return [
            (name, {**options, "fields": tuple(f for f in options["fields"] if f != "report_file")})
            for name, options in fieldsets
        ]

    # --- Filling in the add form from an uploaded report (prefill.py) ------------------------

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "add/read-report/",
                self.admin_site.admin_view(self.read_report_view),
                name=f"{name}_read_report",
            ),
            path(
                "<path:object_id>/report-file/",
                self.admin_site.admin_view(self.report_file_view),
                name=f"{name}_report_file",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _uploads(request) -> dict:
        return request.session.get(report_prefill.SESSION_KEY, {})

    def _prefill(self, request) -> report_prefill.Prefill | None:
        """The reading of the report this add page was filled from (?report=<token>)."""
        token = request.GET.get("report", "") or request.POST.get("report_token", "")
        stored = self._uploads(request).get(token)
        return report_prefill.Prefill.from_session(token, stored) if stored else None

    def read_report_view(self, request):
        """Read an uploaded report and send the editor back to the add form, filled in."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        add_url = reverse(f"{self.admin_site.name}:inspections_inspection_add")
        if request.method != "POST":
            return HttpResponseRedirect(add_url)
        upload = request.FILES.get("report")
        if upload is None:
            messages.error(request, "Choose the report's PDF file, then “Read the report”.")
            return HttpResponseRedirect(add_url)
        try:
            prefill = report_prefill.prefill_from_upload(upload)
        except report_prefill.UploadRefused as refusal:
            messages.error(request, f"{refusal} Nothing was filled in or saved.")
            return HttpResponseRedirect(add_url)
        request.session[report_prefill.SESSION_KEY] = {
            **self._uploads(request),
            prefill.token: prefill.as_session(),
        }
        return HttpResponseRedirect(f"{add_url}?report={prefill.token}")

    def report_file_view(self, request, object_id):
        inspection = self.get_object(request, object_id)
        if inspection is None or not inspection.report_file:
            raise Http404("This inspection has no kept report.")
        if not self.has_view_or_change_permission(request, inspection):
            raise PermissionDenied
        try:
            handle = inspection.report_file.open("rb")
        except FileNotFoundError as missing:
            raise Http404("The kept report's file is missing.") from missing
        return FileResponse(
            handle,
            content_type="application/pdf",
            filename=inspection.report_file.name.rsplit("/", 1)[-1],
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "report_file" in form.base_fields and obj is not None:
            form.base_fields["report_file"].widget.download_url = reverse(
                f"{self.admin_site.name}:inspections_inspection_report_file", args=[obj.pk]
            )
        prefill = None if change else self._prefill(request)
        return type(
            form.__name__,
            (form,),
            {"prefill": prefill, "judgements_on_page": not self._is_revert(request)},
        )

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("report", None)
        if (prefill := self._prefill(request)) is not None:
            initial.update(prefill.initial, report_token=prefill.token)
        return initial

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        # Only the page as first shown carries the report's grades: on a POST the submitted
        # rows are compared with plain initial rows, so an accepted grade counts as entered.
        if (
            isinstance(inline, JudgementInline)
            and request.method == "GET"
            and obj.pk is None
            and (prefill := self._prefill(request)) is not None
        ):
            kwargs["prefill_grades"] = prefill.grades
        return kwargs

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "read_report_url": reverse(
                f"{self.admin_site.name}:inspections_inspection_read_report"
            ),
            "report_prefill": self._prefill(request),
        }
        return super().add_view(request, form_url, extra_context)

    # --- Saving: one call of saving.inspection_save ----------------------------------------

    def _is_revert(self, request) -> bool:
        """Whether this is simple-history's page restoring an old version of the inspection."""
        match = request.resolver_match
        revert_page = f"{self.opts.app_label}_{self.opts.model_name}_simple_history"
        return match is not None and match.url_name == revert_page

    def save_model(self, request, obj, form, change):
        # Django calls save_related next, with the judgement rows, in the same transaction: the
        # inspection is saved there, with them. simple-history's revert page has no rows and
        # calls no save_related: a revert is saved here.
        if self._is_revert(request):
            self._inspection_save(request, form)

    def save_related(self, request, form, formsets, change):
        (judgement_rows,) = formsets  # the one inline
        self._inspection_save(request, form, judgement_rows)
        form.save_m2m()

    def _inspection_save(self, request, form, judgement_rows=None) -> None:
        """Save the form's inspection, its judgement rows and the report it was filled in from,
        and forget that report's upload in the session."""
        token = form.cleaned_data.get("report_token", "")
        uploads = self._uploads(request)
        pending = None
        if token and token in uploads:
            pending = PendingReport(token=token, file_name=uploads[token]["file_name"])
        changed, deleted = [], []
        if judgement_rows is not None:
            changed = judgement_rows.save(commit=False)  # also what the change message lists
            deleted = judgement_rows.deleted_objects
        inspection_save(
            inspection=form.instance,
            seen_version=form.cleaned_data.get("seen_version"),
            judgements=changed,
            judgements_deleted=deleted,
            pending_report=pending,
            changed_by=request.user,
        )
        if pending is not None:
            review.publication_recorded(uploads[token].get("publication"), form.instance)
            request.session[report_prefill.SESSION_KEY] = {
                k: v for k, v in uploads.items() if k != token
            }
            if not form.instance.report_file:
                messages.warning(
                    request,
                    "The uploaded report was no longer held, so it is not kept with this "
                    "inspection: add it under “Report PDF”.",
                )

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
    history and revert pages the inspection's history links to.

    Its change page stays, because simple-history's revert page is a change form and needs the
    change permission; both carry the inspection's version (JudgementAdminForm). There is no add
    page: a new judgement is added on its inspection's page, under that page's lock. A judgement
    stays with its inspection (moving one would change two inspections' records at once).
    """

    form = JudgementAdminForm
    fields = ("inspection", "area", "grade", "seen_version")
    readonly_fields = ("inspection",)
    list_display = ("inspection", "area", "grade")
    list_filter = ("area", "grade", "inspection__framework")
    search_fields = tuple(f"inspection__{field}" for field in AUTHORITY_SEARCH_FIELDS)
    list_select_related = ("inspection__authority",)

    def has_add_permission(self, request) -> bool:
        return False


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
    # As an editor enters one: whose, which inspection it follows (its choices show their date
    # and grade), then when, then what it found.
    fields = (
        "authority",
        "follows",
        "sequence",
        "started_on",
        "ended_on",
        "dates_note",
        "published_on",
        "theme",
        "findings",
        "report_url",
    )


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


# --- Publications from Ofsted's report finder (ofsted/) and the review queue -------------------


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Every publication the sync has seen, with what became of it; read-only here."""

    list_display = ("provider_name", "title", "kind", "published_on", "state", "why")
    list_filter = ("state", "kind", PublishedYearFilter)
    search_fields = ("provider_name", "title", "file_id", "provider_urn")
    list_select_related = ("authority", "inspection")
    readonly_fields = [field.name for field in Publication._meta.fields]
    actions = ["dismiss"]

    def has_add_permission(self, request) -> bool:
        return False  # publications come from the sync

    @admin.display(description="why it waits or failed")
    def why(self, publication: Publication) -> str:
        return "; ".join(publication.reasons)[:300]

    @admin.action(description="Dismiss: keep listed, never offer again", permissions=["change"])
    def dismiss(self, request, queryset):
        count = review.publications_dismiss(queryset)
        messages.success(request, f"{count} publication(s) dismissed.")


@admin.register(PublicationToReview)
class PublicationToReviewAdmin(PublicationAdmin):
    """The review queue: each publication opens in the same prefilled form as a PDF upload."""

    list_display = ("provider_name", "review_link", "kind", "published_on", "why")
    list_filter = ("kind", PublishedYearFilter)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=PublicationState.WAITING)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name=f"{opts.app_label}_{opts.model_name}_review",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="review")
    def review_link(self, publication: Publication) -> str:
        """Open it in the form it is entered with; one whose link gave no PDF (nothing in the
        archive) opens the link itself, to see what Ofsted serves there."""
        if not publication.archived:
            if link := review.publication_link(publication):
                return format_html('<a href="{}" rel="noreferrer">Open its link</a> (no PDF kept)',
                                   link)  # fmt: skip
            return "no PDF kept; its link is not on the report finder"
        url = reverse(
            f"{self.admin_site.name}:inspections_publicationtoreview_review", args=[publication.pk]
        )
        return format_html('<a href="{}">Open in the form</a>', url)

    def review_view(self, request, pk: int):
        """Open the publication in the form its kind is entered with, filled in."""
        if not self.has_view_permission(request):  # admin_view checks only that one is staff
            raise PermissionDenied
        publication = self.get_queryset(request).filter(pk=pk).first()
        if publication is None:
            raise Http404("No publication waits for review with that number.")
        if publication.kind == PublicationKind.INSPECTION:
            if not request.user.has_perm("inspections.add_inspection"):
                raise PermissionDenied
            add_url = reverse(f"{self.admin_site.name}:inspections_inspection_add")
            try:
                prefill = review.publication_prefill(publication)
            except report_prefill.UploadRefused as refusal:
                messages.error(request, str(refusal))
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:inspections_publicationtoreview_changelist")
                )
            request.session[report_prefill.SESSION_KEY] = {
                **request.session.get(report_prefill.SESSION_KEY, {}),
                prefill.token: prefill.as_session(),
            }
            return HttpResponseRedirect(f"{add_url}?report={prefill.token}")
        model = review.VISIT_MODELS.get(publication.kind)
        if model is None:
            link = review.publication_link(publication)
            if link is None:
                messages.error(
                    request,
                    "A publication of a kind the site does not know, whose link is not an "
                    "address on the report finder (OFSTED_REPORTS_URL, OFSTED_FILE_HOSTS): it "
                    "is not opened. Dismiss it.",
                )
                return HttpResponseRedirect(
                    reverse(f"{self.admin_site.name}:inspections_publicationtoreview_changelist")
                )
            messages.warning(
                request,
                "A publication of a kind the site does not know: open its link, then enter it "
                "where it belongs, or dismiss it.",
            )
            return HttpResponseRedirect(link)
        opts = model._meta
        initial = {"report_url": publication.url}
        if publication.authority_id:
            initial["authority"] = publication.authority_id
        if publication.published_on:
            initial["published_on"] = publication.published_on.isoformat()
        add_url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_add")
        return HttpResponseRedirect(f"{add_url}?{urlencode(initial)}")


# --- Disagreements between sources (DataNote): the review queue's second part ---------------


class ToReviewFilter(admin.SimpleListFilter):
    """The notes a person should look at (data_notes.TO_REVIEW): waiting, or an editor's entry
    kept against a source. The admin index's "Data notes to review" links here."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("to_review", "Data notes to review"), ("settled", "Settled")]

    def queryset(self, request, queryset):
        if self.value() == "to_review":
            return queryset.filter(settled__in=TO_REVIEW)
        if self.value() == "settled":
            return queryset.exclude(settled__in=TO_REVIEW)
        return queryset


#: Waiting notes first (no rule settled them), then flagged ones, then the rest; newest first.
REVIEW_ORDER = Case(
    When(settled=Settled.WAITING, then=Value(0)),
    When(settled=Settled.EDITOR_KEPT, then=Value(1)),
    default=Value(2),
)


@admin.register(DataNote)
class DataNoteAdmin(admin.ModelAdmin):
    """Every disagreement between two sources, with how it was settled; read-only but for the
    one change an editor makes, settling one that waits (`accept`), which the admin's log
    records with who did it (the object's History page). The notes come from the merges."""

    list_display = (
        "authority",
        "inspection_published",
        "field",
        "kept_value",
        "kept_source",
        "other_value",
        "other_source",
        "settled",
        "detail",
    )
    list_filter = (ToReviewFilter, "settled", "kept_source", "other_source", "field")
    search_fields = (*AUTHORITY_SEARCH_FIELDS, "kept_value", "other_value", "detail")
    list_select_related = ("authority", "inspection")
    ordering = (REVIEW_ORDER.asc(), "-updated_at", "-pk")
    readonly_fields = [field.name for field in DataNote._meta.fields]
    actions = ["accept"]

    def has_add_permission(self, request) -> bool:
        return False  # notes come from the merges of sources

    @admin.display(description="inspection published", ordering="inspection__published_on")
    def inspection_published(self, note: DataNote):
        if note.inspection is None:
            return "no inspection: waiting to be placed"
        return note.inspection.published_on or "not published"

    @admin.action(
        description="Settle: accept the value kept (an editor's decision)",
        permissions=["change"],
    )
    def accept(self, request, queryset):
        selected = queryset.count()
        accepted = data_notes_accept(notes=queryset)
        for note in accepted:
            self.log_change(
                request,
                note,
                f"Settled by an editor (was: {Settled(note.settled).label.lower()}); "
                f"kept {note.kept_value!r} ({note.kept_source or 'no source'}) over "
                f"{note.other_value!r} ({note.other_source}).",
            )
        left = selected - len(accepted)
        message = f"{len(accepted)} data note(s) settled."
        if left:
            message += f" {left} already settled (by a rule or an editor): left as they were."
        messages.success(request, message)


_admin_index = admin.site.index


def _index_with_queue(request, extra_context=None):
    """The admin index, saying how many publications and data notes wait for review."""
    count = review.waiting_count()
    notes = DataNote.objects.filter(settled__in=TO_REVIEW).count()
    return _admin_index(
        request,
        {**(extra_context or {}), "publications_waiting": count, "data_notes_waiting": notes},
    )


admin.site.index = _index_with_queue
