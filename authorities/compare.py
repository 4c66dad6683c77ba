"""Compare authorities' trajectories (placeholder until built)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    return render(request, "authorities/compare.html", {})


@require_GET
def compare_search(request: HttpRequest) -> HttpResponse:
    return render(request, "authorities/compare.html#picker-results", {})
