"""The pages' tables (one row tag for every Table), download links and "Link to this view"."""

import datetime as dt
import html
from urllib.parse import urlencode

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dashboard import national
from dashboard.site import absolute
from inspections import index_query, rules
from inspections.rules import Basis, Change, Grade

from ..table import BOOL, DATE, GRADE, PAGE_MISSING, PERCENT, URL, Column, Table, file_value

register = template.Library()


@register.filter
def change_label(authority) -> str:
    """An index row's change at the last inspection in words (rules.Change), or a dash."""
    change = index_query.change_of(authority)
    if not change:
        return "–"
    if authority.standing_change_basis == Basis.AREAS:
        return f"{Change(change).label} (by area grades)"
    return Change(change).label


@register.filter
def gives_no_overall(framework: str | None) -> bool:
    """Whether the framework (a rules.Framework value) is known to give no overall grade."""
    return rules.gives_no_overall(framework or "")


#: How the sources' names read in a sentence on the page.
_SOURCE_WORDS = {
    "report": "the report",
    "official": "Ofsted's official statistics",
    "history": "the scrape tool's history",
    "listing": "Ofsted's listing",
    "editor": "an editor",
    "demo": "the demo data",
    "derived": "the lower of its two overall judgements",
}
_FIELD_WORDS = {
    "framework": "framework",
    "inspection_type": "type",
    "started_on": "on-site dates",
    "ended_on": "on-site dates",
    "published_on": "publication date",
    "lead_inspector": "lead inspector",
    "report_url": "report link",
    "overall": "overall effectiveness",
}


@register.filter
def sources_in_words(inspection) -> str:
    """Where an inspection's values come from, in a sentence: 'Grades and dates: the report
    (so does Ofsted's official statistics); type: Ofsted's official statistics'. Values are grouped
    by the source whose value is kept; those that give the same value follow in brackets."""
    groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for key, sources in sorted((inspection.sources or {}).items()):
        if not sources:
            continue
        words = _FIELD_WORDS.get(key) or "judgements"
        group = groups.setdefault((sources[0], tuple(sources[1:])), [])
        if words not in group:
            group.append(words)
    parts = []
    for (source, agreeing), fields in groups.items():
        also = ", ".join(_SOURCE_WORDS.get(a, a) for a in agreeing)
        parts.append(
            f"{', '.join(fields)}: {_SOURCE_WORDS.get(source, source)}"
            + (f" (so does {also})" if also else "")
        )
    text = "; ".join(parts) or "not recorded"
    return text[0].upper() + text[1:]


@register.filter
def judges_whole_service(framework: str) -> bool:
    """Whether the framework's grade is an authority's standing (not CPI's or TLAC's, each of
    which judged one service: rules.judges_whole_service)."""
    table = rules.FRAMEWORKS.get(framework)
    return table is None or table.judges_whole_service


@register.filter
def urlencode_query(query: dict) -> str:
    """A dict of query parameters as a query string (without the "?")."""
    return urlencode(query, doseq=True)


@register.filter
def inadequate_for(since: dt.date) -> str:
    """How long since an inadequate period began, in whole months and years, to today."""
    return national.months_in_words(national.months_between(since, dt.date.today()))


@register.filter
def left_after(row) -> str:
    """How long the latest inadequate period an authority left lasted (an AuthorityStanding):
    "at least ..." where a report with no grade recorded bounds it (national.left_after)."""
    return national.left_after(row)


def with_query(path: str, query: dict | None) -> str:
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


@register.inclusion_tag("dashboard/_downloads.html")
def download_links(what: str, urlname: str, *args, query: dict | None = None) -> dict:
    """CSV and JSON links to `<urlname>` with the page's applied query."""
    return {
        "what": what,
        "links": [
            (label, with_query(reverse(urlname, args=[*args, fmt]), query))
            for fmt, label in (("csv", "CSV"), ("json", "JSON"))
        ],
    }


@register.inclusion_tag("dashboard/_permalink.html", takes_context=True)
def permalink(context, path: str, query: dict | None = None) -> dict:
    """The canonical link to this view: the filters and chart state applied, nothing else."""
    url = with_query(path, query)
    return {"url": url, "absolute_url": absolute(url, context["request"])}


@register.inclusion_tag("dashboard/_embed_snippet.html", takes_context=True)
def embed_snippet(
    context, urlname: str, *args, query: dict | None = None, title: str = "", height: int
) -> dict:
    """The iframe another site pastes in to show this chart, ready to copy; `height` fits the
    embed whole at phone widths (dashboard.embeds.frame_height)."""
    path = with_query(reverse(urlname, args=args), query)
    # Escaped for the iframe's attributes; the template escapes again to show the HTML as text.
    src = absolute(path, context["request"])
    return {
        "src": src,
        "src_attribute": html.escape(src),
        "title_attribute": html.escape(title),
        "height": height,
    }


def _page_text(column: Column, value) -> str:
    """A value in words, as plain text: a cell's words, and what names a row (a link's hidden
    context)."""
    if value is None or value == "":
        return column.missing
    if column.kind == DATE:
        return f"{value:%-d %B %Y}"
    if column.kind == GRADE:
        return Grade(value).label
    if column.kind == PERCENT:
        return f"{floatformat(value, 0)}%"  # halves up, as every share on the pages
    if column.kind == BOOL:
        return "yes" if value else "no"
    return str(value)


def _page_cell(column: Column, value, row_name: str, why_missing: str = "") -> str:
    """A cell's content on the page: its words, a grade as a tag, a link named for its row."""
    if value is None or value == "":
        return format_html('<span class="muted">{}</span>', why_missing or column.missing)
    if column.kind == GRADE:
        return format_html('<span class="tag tag-{}">{}</span>', value, Grade(value).label)
    if column.kind == URL:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden">: {}</span></a>',
            value,
            column.label,
            row_name,
        )
    return _page_text(column, value)


def _with_beside(table: Table, column: Column, row: dict, content: str) -> str:
    """A cell's content with the column it names beside it, in brackets (a count's share)."""
    if not column.beside or row.get(column.beside) is None:
        return content
    other = table.column(column.beside)
    return format_html(
        '{} <span class="muted">({})</span>', content, _page_cell(other, row[column.beside], "")
    )


@register.simple_tag
def table_row(table: Table, row: dict) -> str:
    """One row of a table as the page shows it; each cell names its column (data-key) and holds
    its value as the files give it (data-value)."""
    columns = table.page_columns
    header = columns[0]
    row_name = _page_text(header, row.get(header.key))
    key = file_value(table.column(table.row_key), row.get(table.row_key)) if table.row_key else None
    cells = []
    for column in columns:
        value = row.get(column.key)
        stored = file_value(column, value)
        tag, scope = ("th", ' scope="row"') if column is header else ("td", "")
        cells.append(
            format_html(
                '<{} class="govuk-table__{}"{} data-key="{}" data-value="{}">{}</{}>',
                tag,
                "header" if column is header else "cell",
                mark_safe(scope),
                column.key,
                "" if stored is None else stored,
                _with_beside(
                    table,
                    column,
                    row,
                    _page_cell(
                        column, value, row_name, row.get(PAGE_MISSING, {}).get(column.key, "")
                    ),
                ),
                tag,
            )
        )
    return format_html(
        '<tr class="govuk-table__row"{}>{}</tr>',
        format_html(' data-key="{}"', key) if key else "",
        mark_safe("".join(cells)),
    )
