from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from inspections.models import Inspection

from .models import Authority


@require_GET
def authority_list(request: HttpRequest) -> HttpResponse:
    authorities = Authority.objects.with_latest_inspection()
    return render(request, "authorities/authority_list.html", {"authorities": authorities})


@require_GET
def authority_detail(request: HttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(
        Authority.objects.prefetch_related("former_names", "predecessors", "successors"), slug=slug
    )
    inspections = Inspection.objects.for_timeline_of(authority)
    return render(
        request,
        "authorities/authority_detail.html",
        {
            "authority": authority,
            "timeline": [
                {
                    "inspection": inspection,
                    "as_name": inspection.authority.name_on(inspection.published_on),
                    "judgements": inspection.judgements_by_area(),
                }
                for inspection in inspections
            ],
            "visits": Inspection.objects.visits_of(authority),
            "interventions": authority.interventions.all(),
        },
    )
