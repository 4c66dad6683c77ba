"""The compare page's query string:
?a=<slug>&a=<slug>…&area=<judgement>&reference=<england|region>&q=<search>."""

import re

from django import forms

from dashboard.benchmarks import REFERENCES
from dashboard.timeline import SERIES_KEYS, series_label
from inspections.rules import OVERALL

#: Slugs read from one query string at most: enough to report a long bad link, never a huge query.
MAX_REQUESTED = 50
#: NUL and the other control characters: in no slug, and PostgreSQL refuses NUL in any query.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def unreadable(value) -> bool:
    return bool(CONTROL.search(str(value)))


class SlugListField(forms.Field):
    """Repeated `a` parameters: blanks dropped, duplicates dropped, the first order kept; one
    holding a control character is left out (the form's `slug_problem` says so)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> list[str]:
        slugs = (str(slug).strip().lower() for slug in value or [] if not unreadable(slug))
        return list(dict.fromkeys(slug for slug in slugs if slug))[:MAX_REQUESTED]


class CompareForm(forms.Form):
    a = SlugListField(required=False)
    area = forms.ChoiceField(
        label="Judgement",
        choices=[(key, series_label(key)) for key in SERIES_KEYS],
        required=False,
    )
    reference = forms.ChoiceField(
        label="Set against",
        choices=[("", "Nothing"), *REFERENCES.items()],
        required=False,
    )
    q = forms.CharField(label="Find an authority", required=False, max_length=100)

    @property
    def slugs(self) -> list[str]:
        return self.cleaned_data.get("a") or []

    @property
    def slug_problem(self) -> str | None:
        if not any(unreadable(slug) for slug in self["a"].data or []):
            return None
        return "An authority (a=) cannot hold control characters such as NUL; it is left out."

    @property
    def area_key(self) -> str:
        """The chosen judgement area; overall effectiveness when none or an unknown one is given."""
        return self.cleaned_data.get("area") or OVERALL

    @property
    def area_problem(self) -> str | None:
        if "area" not in self.errors:
            return None
        return (
            f"There is no judgement called “{self.data.get('area')}”; "
            f"showing {series_label(OVERALL).lower()}."
        )

    @property
    def search_text(self) -> str:
        return self.cleaned_data.get("q") or ""

    @property
    def reference_key(self) -> str:
        """ "england", "region" or "" (none, or an unknown one)."""
        return self.cleaned_data.get("reference") or ""

    @property
    def reference_problem(self) -> str | None:
        if "reference" not in self.errors:
            return None
        return (
            f"There is no reference called “{self.data.get('reference')}”; "
            f"reference takes {' or '.join(REFERENCES)}."
        )
