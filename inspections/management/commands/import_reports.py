import sys

from django.core.management.base import BaseCommand, CommandError

from authorities.tabular import ImportRejected
from inspections.reports_import import reports_import


class Command(BaseCommand):
    help = (
        "Backfill inspections from a folder of Ofsted report PDFs: each report is matched to its "
        "authority and to the inspection already recorded (same authority and publication "
        "date), fills what is missing and lists every conflicting grade without overwriting it. "
        "Idempotent; one transaction per report. Import the register (and history) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and compare, but save nothing."
        )

    def handle(self, *, directory: str, dry_run: bool, **options):
        show_progress = sys.stderr.isatty()

        def progress(number: int, total: int, name: str) -> None:
            sys.stderr.write(f"\r\033[K[{number}/{total}] {name}")
            sys.stderr.flush()

        try:
            result = reports_import(
                directory=directory, dry_run=dry_run, progress=progress if show_progress else None
            )
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        finally:
            if show_progress:
                sys.stderr.write("\r\033[K")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
