import sys

from django.core.management.base import BaseCommand, CommandError

from authorities.tabular import ImportRejected
from inspections.reports_import import reports_import


class Command(BaseCommand):
    help = (
        "Record a folder of Ofsted report PDFs (the archive's <file id>.pdf, or "
        "<urn>_<name>__<date>.pdf) through the sync's report recording policy: each report is "
        "the authority's whose recorded inspection links the file, else the file name's URN, "
        "else the cover's; it is recorded when the reading is sure and lists why it waits when "
        "not. Reads on every core; idempotent. Load the register (and history) first."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and compare, but save nothing."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Files read at once, each in a child process (default: one per core).",
        )

    def handle(self, *, directory: str, dry_run: bool, workers: int | None, **options):
        show_progress = sys.stderr.isatty()

        def progress(number: int, total: int, name: str) -> None:
            sys.stderr.write(f"\r\033[K[{number}/{total}] {name}")
            sys.stderr.flush()

        try:
            result = reports_import(
                directory=directory,
                dry_run=dry_run,
                progress=progress if show_progress else None,
                workers=workers,
            )
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        finally:
            if show_progress:
                sys.stderr.write("\r\033[K")
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
