"""Embeddable charts: small pages that other sites may show in an iframe.

Only these pages may be framed: they are exempt from X-Frame-Options (DENY everywhere else) and
their Content-Security-Policy, when the site sends one, allows `frame-ancestors *` (the site's own
policy otherwise). Each links back to its full page and says when the data last changed.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from authorities.compare import Selection, comparison
from authorities.compare_forms import CompareForm
from authorities.models import Authority
from authorities.views import cached_trajectory, shown_series, timeline_of
from config.framing import embeddable
from config.site import absolute

from . import provenance

TEMPLATE = "opendata/embed.html"


@require_GET
@embeddable
def embed_authority(request: HttpRequest, slug: str) -> HttpResponse:
    authority, inspections, visits, interventions = timeline_of(slug)
    shown = shown_series(request)
    query = f"?{urlencode({'show': shown}, doseq=True)}"
    return render(
        request,
        TEMPLATE,
        {
            "title": f"{authority.name}: inspection judgements over time",
            **cached_trajectory(request, authority, inspections, visits, interventions, shown),
            "description": (
                f"Step chart of {authority.name}'s Ofsted inspection grades over time, "
                "outstanding at the top and inadequate at the bottom."
            ),
            "page_url": absolute(authority.get_absolute_url() + query, request),
            "last_changed": provenance.last_changed(),
        },
    )


@require_GET
@embeddable
def embed_compare(request: HttpRequest) -> HttpResponse:
    selection = Selection.read(CompareForm(request.GET), Authority.objects.all())
    compared = comparison(selection)
    return render(
        request,
        TEMPLATE,
        {
            "title": f"{selection.area_label}: {', '.join(a.name for a in selection.authorities)}",
            "figure": compared.get("figure"),
            "figure_caption": compared.get("figure_caption", ""),
            "description": compared.get("chart_description", ""),
            "notes": selection.notes
            + ([] if selection.can_chart else ["A comparison needs two authorities or more."]),
            "page_url": absolute(selection.url(), request),
            "last_changed": provenance.last_changed(),
        },
        status=200 if selection.can_chart else 400,
    )
