"""The review queue: publications the sync was unsure of, each opened in the same prefilled form
as a PDF upload (prefill.py), then recorded by saving that form, or dismissed."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from ..models import (
    FocusedVisit,
    Inspection,
    JointTargetedAreaInspection,
    MonitoringVisit,
    Publication,
    PublicationState,
)
from ..prefill import Prefill, UploadRefused, prefill_from_upload
from ..rules import PublicationKind
from .fetch import AddressRefused, allowed_address, origins

#: A visit's kind → the model it is entered as.
VISIT_MODELS = {
    PublicationKind.MONITORING_VISIT: MonitoringVisit,
    PublicationKind.FOCUSED_VISIT: FocusedVisit,
    PublicationKind.JTAI: JointTargetedAreaInspection,
}


def publication_link(publication: Publication) -> str | None:
    """The publication's stored link, if it passes the sync's own check (fetch.py: on the
    report finder or a file host of the settings, scheme, host and port exact), else None: the
    admin opens or shows no other address."""
    _, allowed = origins(settings.OFSTED_REPORTS_URL, settings.OFSTED_FILE_HOSTS)
    try:
        return allowed_address(publication.url, allowed)
    except AddressRefused:
        return None


def waiting_count() -> int:
    return Publication.objects.filter(state=PublicationState.WAITING).count()


def publication_prefill(publication: Publication) -> Prefill:
    """The add-inspection form filled in from the publication's archived PDF, as if uploaded
    (its name carries the provider's URN and the publication date, which the form uses when
    the cover does not say), with its public link; UploadRefused when the PDF is not there."""
    path = Path(settings.MEDIA_ROOT) / publication.archived if publication.archived else None
    if path is None or not path.is_file():
        raise UploadRefused(
            "The publication's PDF is not in the archive (MEDIA_ROOT/ofsted/): run "
            "`manage.py sync_ofsted` again to fetch it."
        )
    day = publication.published_on
    slug = publication.authority.slug if publication.authority else "provider"
    name = f"{publication.provider_urn}_{slug}__{day:%d-%B-%Y}.pdf".lower() if day else path.name
    prefill = prefill_from_upload(SimpleUploadedFile(name, path.read_bytes(), "application/pdf"))
    prefill.initial["report_url"] = publication.url
    # The inspection already recorded from this very file (the history's link names it), even
    # where the dates disagree: the form links to it rather than adding it twice.
    same_file = Inspection.objects.filter(report_url__endswith=f"/{publication.file_id}").first()
    if same_file is not None:
        prefill.existing = same_file.pk
        prefill.initial["report_url"] = same_file.report_url
    prefill.notes[:0] = [f"Sent to review by the sync: {reason}" for reason in publication.reasons]
    prefill.publication = publication.pk
    return prefill


def publication_recorded(publication_id: int | None, inspection: Inspection) -> None:
    """The publication was entered through the form as this inspection."""
    if publication_id:
        Publication.objects.filter(pk=publication_id).update(
            state=PublicationState.RECORDED, inspection=inspection, reasons=[]
        )


def publications_dismiss(publications) -> int:
    """Dismissed: kept, listed as dismissed, and never fetched or offered again."""
    return publications.exclude(state=PublicationState.RECORDED).update(
        state=PublicationState.DISMISSED
    )
