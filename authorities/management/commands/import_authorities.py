from django.core.management.base import BaseCommand, CommandError

from authorities.services import register_import
from authorities.tabular import ImportRejected


class Command(BaseCommand):
    help = (
        "Import the register of local authorities (la_lookup.csv format) from a path or URL: "
        "codes, regions, types, statistical neighbours and known reorganisations. "
        "Idempotent; a file with a bad row imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )

    def handle(self, *, source: str, dry_run: bool, **options):
        try:
            result = register_import(source=source, dry_run=dry_run)
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        self.stdout.write(self.style.SUCCESS(result.summary()))
