"""The authorities index's filters: a GET form, so every filtered view is a bookmarkable URL."""

import datetime as dt

from django import forms

from authorities.models import AuthorityType, Region
from inspections.rules import STANDING_AREAS, UNGRADED, Change, Grade

CHANGES = [("", "Any"), *Change.choices]
SORTS = [
    ("name", "Name"),
    ("last_inspection", "Last inspection (newest first)"),
    ("grade", "Current standing (best first)"),
    ("longest_inadequate", "Time inadequate (longest first)"),
    ("left_inadequate", "Left inadequate (most recent first)"),
    ("longest_since_inspection", "Longest since the last full inspection"),
]
AREAS = [("", "Any area"), *[(a.value, a.label) for a in STANDING_AREAS]]
AREA_GRADES = [("", "Any grade"), *[(g.value, g.label) for g in Grade if g != Grade.ADEQUATE]]


class AuthorityFilterForm(forms.Form):
    q = forms.CharField(
        label="Name or code",
        required=False,
        max_length=100,
        help_text="Name, former name, DfE code (825), ONS code (E06000060) or Ofsted URN (80442)",
    )
    region = forms.ChoiceField(choices=[("", "All regions"), *Region.choices], required=False)
    authority_type = forms.ChoiceField(
        label="Type", choices=[("", "All types"), *AuthorityType.choices], required=False
    )
    grade = forms.ChoiceField(
        label="Current standing",
        choices=[
            ("", "Any"),
            *[(g.value, g.label) for g in Grade if g != Grade.ADEQUATE],
            (UNGRADED, "No grade recorded or no inspection"),
        ],
        required=False,
        help_text="The latest inspection's overall grade; from April 2026 (no overall grade), "
        "its lowest area grade",
    )
    area = forms.ChoiceField(
        label="Area judged at the latest inspection", choices=AREAS, required=False
    )
    area_grade = forms.ChoiceField(
        label="Grade in that area",
        choices=AREA_GRADES,
        required=False,
        help_text="With any area: that grade in at least one of them",
    )
    left_inadequate = forms.BooleanField(
        label="Has left inadequate",
        required=False,
        help_text="Judged inadequate before and known not to be now (a later known grade "
        "that is not inadequate)",
    )
    published_within = forms.IntegerField(
        label="Latest report published in the last … days",
        required=False,
        min_value=1,
        max_value=3660,
        help_text="e.g. 30",
    )
    inadequate_since = forms.IntegerField(
        label="Judged inadequate at any time since",
        required=False,
        min_value=2009,
        max_value=dt.date.today().year + 1,
        help_text="A year, e.g. 2015: inadequate on some day from 1 January of it, by a report "
        "then or one before it that still stood",
    )
    change = forms.ChoiceField(
        label="Standing at the last inspection", choices=CHANGES, required=False
    )
    include_former = forms.BooleanField(
        label="Include former authorities",
        required=False,
        help_text="Predecessors such as Northamptonshire and Cumbria",
    )
    sort = forms.ChoiceField(label="Sort by", choices=SORTS, required=False)

    #: GOV.UK Frontend's class for each kind of widget.
    WIDGET_CLASSES = {
        "checkbox": "govuk-checkboxes__input",
        "select": "govuk-select",
        "text": "govuk-input",
        "number": "govuk-input govuk-input--width-4",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = getattr(field.widget, "input_type", "select")
            field.widget.attrs["class"] = self.WIDGET_CLASSES.get(kind, "")

    def applied_query(self) -> dict[str, str]:
        """The filters applied (the valid, non-empty ones) as query parameters, in field order:
        the link to this view, and the query its downloads take. Call after is_valid()."""
        query = {}
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value is True:
                query[name] = "on"
            elif value not in (None, "", False):
                query[name] = str(value)
        return query
