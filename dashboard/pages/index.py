"""The authorities index (/authorities/): filters, its htmx results partial and its downloads."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from .. import downloads, index_tables
from ..caching import page_cached
from ..forms import SORTS
from ..queries import IndexQuery
from ..site import absolute

#: All of England fits on one page; beyond this many rows the index paginates.
PAGE_SIZE = 200

#: What a filter's value is when nothing is chosen, where it is not empty.
UNCHOSEN = {"sort": SORTS[0][0]}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_safe
@page_cached
@vary_on_headers("HX-Request")
def authority_list(request: HtmxHttpRequest) -> HttpResponse:
    query = IndexQuery.from_request(request.GET)  # invalid fields are said beside them
    page = Paginator(query.authorities(), PAGE_SIZE).get_page(request.GET.get("page"))
    template = "dashboard/index.html" + ("#results" if request.htmx else "")
    form, applied = query.form, query.applied
    # The link to this view keeps the page of results; the downloads hold every page.
    view_query = applied | ({"page": page.number} if page.number > 1 else {})
    context = {"form": form, "page": page, "query": request.GET, "applied": applied}
    context["not_known"] = query.not_known()
    context["view_query"] = view_query
    # Every filter but the search is behind "Filters": open when one of them is applied or refused
    # (the sort's first choice, by name, is the order with none: a form sent without JavaScript
    # carries it).
    chosen = {name for name, value in applied.items() if UNCHOSEN.get(name) != value} - {"q"}
    context["filters_open"] = bool(form.errors or chosen)
    return render(request, template, context)


@require_safe
@downloads.refusing_bad_queries
def authorities_download(request: HttpRequest, fmt: str) -> HttpResponse:
    query = IndexQuery.from_request(request.GET, strict=True)
    view_path = downloads.with_query(reverse("index"), query.applied)
    index = index_tables.index_table(query.authorities(), lambda path: absolute(path, request))
    return downloads.download(request, index, fmt, view_path)
