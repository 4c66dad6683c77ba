from django.core.management.base import BaseCommand, CommandError

from authorities.tabular import ImportRejected
from inspections.services import history_import


class Command(BaseCommand):
    help = (
        "Import the national inspection history (ilacs_history.csv format) from a path or URL. "
        "Idempotent; merges with inspections already recorded (same authority and publication "
        "date); a file with a bad row imports nothing. Import the register first."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )

    def handle(self, *, source: str, dry_run: bool, **options):
        try:
            result = history_import(source=source, dry_run=dry_run)
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        for warning in sorted(result.warnings, key=lambda w: w.line or 0):
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
