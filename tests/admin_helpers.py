"""Helpers for admin tests: read a page's HTML as a tree, fill in its form, read its errors.

Pages are parsed (with the standard library's HTMLParser), never searched as strings, so a test
sees what a browser would: the fields of the form as rendered, with their current values, and the
text of the error lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.contrib.auth.models import Group

VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Descendants (and self) with this tag and these attributes; class_ matches one class."""
        wanted_class = attrs.pop("class_", None)
        return [
            element
            for element in self.iter()
            if (tag is None or element.tag == tag)
            and (wanted_class is None or wanted_class in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs} in the page"
        return found[0]

    def text(self) -> str:
        parts = []
        for child in self.children:
            parts.append(child.text() if isinstance(child, Element) else child)
        return " ".join(" ".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(
            Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        )

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response_or_html) -> Element:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def form_values(form: Element) -> dict[str, str | list[str]]:
    """What the browser would submit from this form, untouched (no submit buttons)."""
    values: dict[str, list[str]] = {}

    def add(name: str, value: str) -> None:
        if name and "__prefix__" not in name:  # the inlines' template rows are not submitted
            values.setdefault(name, []).append(value)

    for element in form.iter():
        name = element.attrs.get("name", "")
        if element.tag == "input":
            kind = element.attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                continue
            if kind in {"checkbox", "radio"}:
                if "checked" in element.attrs:
                    add(name, element.attrs.get("value", "on"))
                continue
            add(name, element.attrs.get("value", ""))
        elif element.tag == "textarea":
            add(name, "".join(c for c in element.children if isinstance(c, str)).lstrip("\n"))
        elif element.tag == "select":
            options = element.find_all("option")
            selected = [o for o in options if "selected" in o.attrs]
            if not selected and options and "multiple" not in element.attrs:
                selected = options[:1]
            for option in selected:
                add(name, option.attrs.get("value", option.text()))
    return {name: vals if len(vals) > 1 else vals[0] for name, vals in values.items()}


def admin_form(response) -> dict[str, str | list[str]]:
    """The values of the admin page's main form (the one with id <model>_form)."""
    page = parse(response)
    forms = [f for f in page.find_all("form") if f.attrs.get("id", "").endswith("_form")]
    assert forms, "no admin form in the page"
    return form_values(forms[0])


def error_texts(response) -> list[str]:
    """The text of every error the admin shows: field, row, inline and whole-form errors."""
    page = parse(response)
    lists = [e for e in page.iter() if "errorlist" in e.classes]
    return [item.text() for errors in lists for item in errors.find_all("li")]


def shows_error(response, words: str) -> bool:
    return any(words in text for text in error_texts(response))


@dataclass(frozen=True)
class InlineRow:
    index: int
    values: dict[str, str]
    area_options: list[str]


def inline_rows(response, prefix: str) -> list[InlineRow]:
    """The rows of a tabular inline as rendered, without its hidden template row."""
    page = parse(response)
    group = page.find(id=f"{prefix}-group")
    rows = []
    for row in group.find_all("tr", class_="form-row"):
        row_id = row.attrs.get("id", "")
        if "empty-form" in row.classes or not row_id.removeprefix(f"{prefix}-").isdigit():
            continue
        index = int(row_id.removeprefix(f"{prefix}-"))
        values = {
            name.removeprefix(f"{prefix}-{index}-"): value
            for name, value in form_values(row).items()
        }
        area_select = row.find_all("select", name=f"{prefix}-{index}-area")
        options = (
            [o.attrs["value"] for o in area_select[0].find_all("option")] if area_select else []
        )
        rows.append(InlineRow(index, values, [o for o in options if o]))
    return rows


def set_row(data: dict, prefix: str, rows: list[InlineRow], area: str, /, **values: str) -> None:
    """Fill in the fields of the inline row showing `area` (values may change its area too)."""
    (row,) = [r for r in rows if r.values.get("area") == area]
    for name, value in values.items():
        data[f"{prefix}-{row.index}-{name}"] = value


def editor(django_user_model, username: str = "editor"):
    """A staff user whose only rights are those of the editors group."""
    user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user
