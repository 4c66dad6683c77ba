from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from inspections.models import Inspection

from .models import Authority


@require_GET
def authority_list(request: HttpRequest) -> HttpResponse:
    authorities = Authority.objects.all()
    return render(request, "authorities/authority_list.html", {"authorities": authorities})


@require_GET
def authority_detail(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(
        Authority.objects.prefetch_related("former_names", "predecessors", "successors"), slug=slug
    )
    inspections = (
        Inspection.objects.filter(authority__in=[authority, *authority.predecessors.all()])
        .with_judgements()
        .in_timeline_order()
    )
    return render(
        request,
        "authorities/authority_detail.html",
        {"authority": authority, "inspections": inspections},
    )
