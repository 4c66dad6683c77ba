"""What the import commands share: PATH_OR_URL, --dry-run, the warnings and an honest summary."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from authorities.tabular import ImportRejected, ImportResult


def import_report(command: BaseCommand, result: ImportResult) -> None:
    """Write an import's warnings, in line order, then its summary."""
    for warning in sorted(result.warnings, key=lambda w: w.line or 0):
        command.stdout.write(command.style.WARNING(f"warning: {warning}"))
    command.stdout.write(command.style.SUCCESS(result.summary()))


class ImportCommand(BaseCommand):
    #: The service doing the work: (source=..., dry_run=...) -> ImportResult.
    service: Callable[..., ImportResult]

    def add_arguments(self, parser):
        parser.add_argument("source", metavar="PATH_OR_URL")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )

    def handle(self, *, source: str, dry_run: bool, **options):
        try:
            result = type(self).service(source=source, dry_run=dry_run)
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        import_report(self, result)
