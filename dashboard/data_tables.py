"""The tables of /data/: what each source gave the record, and every disagreement between two
sources with how it was settled (its downloads, /downloads/data-notes.csv|json)."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet

from inspections.data_notes import SourceCount
from inspections.models import DataNote, Inspection
from inspections.rules import OVERALL, Area, Grade, VisitKind
from inspections.sources import Settled, Source

from .table import DATE, NUMBER, Column, Table, framework_word

NOTE_COLUMNS = (
    Column("authority", "Authority"),
    Column("authority_slug", "Authority (slug)", on_page=False),
    Column("dfe_code", "DfE code", on_page=False),
    Column("inspection_id", "Inspection (API id)", NUMBER, on_page=False),
    Column("inspection_published_on", "Inspection published", DATE, missing="no inspection"),
    Column("inspection_framework", "Framework"),
    Column("field", "Value"),
    Column("kept_value", "Value kept"),
    Column("kept_source", "Kept from"),
    Column("other_value", "Other value"),
    Column("other_source", "Other source"),
    Column("settled", "How it was settled"),
    Column("detail", "Detail"),
)


def field_label(key: str) -> str:
    """A value's key (Inspection.sources, DataNote.field) in words."""
    if key == OVERALL:
        return "Overall effectiveness"
    if key in Area.values:
        return Area(key).label
    if key in VisitKind.values:
        return VisitKind(key).label
    try:
        return str(Inspection._meta.get_field(key).verbose_name).capitalize()
    except FieldDoesNotExist:
        return key.replace("_", " ").capitalize()


def source_label(source: str) -> str:
    return Source(source).label if source in Source.values else source


def settled_label(settled: str) -> str:
    return Settled(settled).label if settled in Settled.values else settled


def value_words(key: str, value: str) -> str:
    """A note's value as the page says it: a grade's word; anything else as recorded."""
    if (key == OVERALL or key in Area.values) and value in Grade.values:
        return Grade(value).label
    return value


def note_row(note: DataNote) -> dict:
    """One note as the files hold it: codes for the field, the sources and the settlement (the
    page's words for them are on /data/)."""
    inspection = note.inspection
    return {
        "authority": note.authority.name,
        "authority_slug": note.authority.slug,
        "dfe_code": note.authority.dfe_code or None,
        "inspection_id": note.inspection_id,
        "inspection_published_on": inspection.published_on if inspection else None,
        "inspection_framework": framework_word(inspection.framework) if inspection else None,
        "field": note.field,
        "kept_value": note.kept_value,
        "kept_source": note.kept_source,
        "other_value": note.other_value,
        "other_source": note.other_source,
        "settled": note.settled,
        "detail": note.detail,
    }


def data_notes_table(notes: QuerySet[DataNote]) -> Table:
    """Every note of `notes` (inspections.data_notes.data_notes()), streamed in chunks."""

    def rows() -> Iterator[dict]:
        for note in notes.iterator(chunk_size=500):
            yield note_row(note)

    return Table(
        name="data-notes",
        title="Disagreements between sources about a value, and how each was settled",
        columns=NOTE_COLUMNS,
        rows=rows(),
    )


SOURCE_COLUMNS = (
    Column("source", "Source"),
    Column("source_key", "Source (code)", on_page=False),
    Column("gave", "Values it gave (kept)", NUMBER),
    Column("gave_agreed", "Of those, another source gave the same", NUMBER),
    Column("agreed", "Values another source gave that it gave the same", NUMBER),
    Column("kept_in_notes", "Disagreements: its value kept", NUMBER),
    Column("not_kept_in_notes", "Disagreements: another's value kept", NUMBER),
    Column("visits", "Visits recorded from it", NUMBER),
)


def sources_table(counts: list[SourceCount]) -> Table:
    """What each source gave the record, with England's total (every value once)."""
    rows = [
        {
            "source": count.label,
            "source_key": count.source,
            "gave": count.gave,
            "gave_agreed": count.gave_agreed,
            "agreed": count.agreed,
            "kept_in_notes": count.kept_in_notes,
            "not_kept_in_notes": count.not_kept_in_notes,
            "visits": count.visits,
        }
        for count in counts
    ]
    # Each value and each visit has one source that gave it, so those columns add up to the
    # record's; the others count pairs of sources, which a total would count twice.
    total = {
        "source": "Every source",
        "source_key": None,
        **{key: sum(row[key] for row in rows) for key in ("gave", "gave_agreed", "visits")},
        "agreed": None,
        "kept_in_notes": None,
        "not_kept_in_notes": None,
    }
    return Table(
        name="data-sources",
        title="What each source gave the record",
        columns=SOURCE_COLUMNS,
        rows=rows,
        header="source",
        row_key="source_key",
        total=total,
        note="A value is one of an inspection's dates, its framework, type, lead inspector, "
        "report link, overall effectiveness or one judgement. Each is kept from one source; "
        "the other sources that gave the same value agree with it.",
    )
