"""Where the data comes from (/data/): each source with its licence and release date, what each
gave the record and how often the others agree, the periods for which visits are known, and
every disagreement between two sources with how it was settled; its downloads
(/downloads/data-notes.csv|json)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from inspections import data_notes, releases
from inspections.models import SyncCheck
from inspections.sources import Settled, Source

from .. import captions, data_tables, downloads
from ..caching import cached, page_cached
from ..queries import DataNotesQuery

#: Disagreements listed per page (the downloads hold them all).
PAGE_SIZE = 100

#: What each source is, in a sentence: how its values reach the record.
SOURCE_ACCOUNTS = {
    Source.REPORT: "Read from the report's PDF by the site's report reader: the primary source, "
    "kept over every other but an editor's.",
    Source.OFFICIAL: "Imported from Ofsted's official statistics (the two releases below): kept "
    "over the history file's, not over a report's.",
    Source.HISTORY: "Imported from the ILACS scrape tool's history file: the weakest source of a "
    "value, kept only where no better source gives one.",
    Source.SYNC_LISTING: "Taken from Ofsted's report finder by the sync (its list of "
    "publications: a report's link and publication date), as strong as the history file.",
    Source.EDITOR: "Entered in the admin by an editor: kept over every source, and flagged for "
    "review where a source disagrees. " + captions.INTERVENTIONS_SOURCE + ".",
    Source.DEMO: "The demo data of a development install (two authorities' stories): never in "
    "the national record.",
    Source.DERIVED: "Worked out from other values by a stated rule: a safeguarding and looked "
    "after children inspection's overall effectiveness is the lower of its two overall "
    "judgements.",
}


def sources_context() -> dict:
    """What the page says of the sources: the same for every view of it (filters and pages of
    the notes aside), so built once per data version."""
    first_sync = releases.first_sync_on()
    last_check = SyncCheck.last()
    return {
        "releases": releases.RELEASES,
        "sources_table": data_tables.sources_table(data_notes.source_counts()),
        "settled_counts": [
            (Settled(key), count) for key, count in data_notes.settled_counts().items()
        ],
        "visits_known": [
            (
                captions.period_in_words(period),
                releases.RELEASE_OF_BASIS.get(period.basis),
            )
            for period in releases.visits_known_periods()
        ],
        "visits_known_phrase": captions.visits_known_phrase(releases.visits_known_periods()),
        "first_sync_on": first_sync,
        "last_check_on": timezone.localdate(last_check.finished_at) if last_check else None,
        "checks": SyncCheck.objects.filter(finished_at__isnull=False).count(),
        "sources": [(source, SOURCE_ACCOUNTS.get(source, "")) for source in Source],
        "settlements": list(Settled),
        "interventions_source": captions.INTERVENTIONS_SOURCE,
    }


def note_rows(notes) -> list[dict]:
    """The page's rows of the notes shown: the files' values in words."""
    rows = []
    for note in notes:
        row = data_tables.note_row(note)
        rows.append(
            {
                **row,
                "authority_url": note.authority.get_absolute_url(),
                "anchor": f"#inspection-{note.inspection_id}" if note.inspection_id else "",
                "field_label": data_tables.field_label(note.field),
                "kept_words": data_tables.value_words(note.field, note.kept_value),
                "other_words": data_tables.value_words(note.field, note.other_value),
                "kept_source_label": data_tables.source_label(note.kept_source)
                if note.kept_source
                else "",
                "other_source_label": data_tables.source_label(note.other_source),
                "settled_label": data_tables.settled_label(note.settled),
            }
        )
    return rows


def page_url(query: dict, number: int) -> str:
    return downloads.with_query(reverse("data"), {**query, "page": number})


@require_safe
@page_cached
def data_sources(request: HttpRequest) -> HttpResponse:
    query = DataNotesQuery.from_request(request.GET)  # unknown values are said, and left out
    page = Paginator(
        data_notes.data_notes(settled=query.settled, source=query.source), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        **cached(request, "data-sources", sources_context),
        "query": query,
        "view_query": query.query | ({"page": page.number} if page.number > 1 else {}),
        "page": page,
        "notes": note_rows(page),
        "previous_url": page_url(query.query, page.previous_page_number())
        if page.has_previous()
        else "",
        "next_url": page_url(query.query, page.next_page_number()) if page.has_next() else "",
        "settled_choices": Settled.choices,
        "source_choices": Source.choices,
    }
    return render(request, "dashboard/data.html", context)


@require_safe
@downloads.refusing_bad_queries
def data_notes_download(request: HttpRequest, fmt: str) -> HttpResponse:
    query = DataNotesQuery.from_request(request.GET, strict=True)
    notes = data_notes.data_notes(settled=query.settled, source=query.source)
    view_path = downloads.with_query(reverse("data"), query.query)
    return downloads.download(request, data_tables.data_notes_table(notes), fmt, view_path)
