"""Download links and "Link to this view" for the pages, built from the query the page applied."""

import html
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from dashboard.site import absolute

register = template.Library()


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
def embed_snippet(context, urlname: str, *args, query: dict | None = None, title: str = "") -> dict:
    """The iframe another site pastes in to show this chart, ready to copy."""
    path = with_query(reverse(urlname, args=args), query)
    # Escaped for the iframe's attributes; the template escapes again to show the HTML as text.
    src = absolute(path, context["request"])
    return {"src": src, "src_attribute": html.escape(src), "title_attribute": html.escape(title)}
