from django.core.management.base import BaseCommand, CommandError

from authorities.management.import_command import import_report
from authorities.tabular import ImportRejected
from inspections.official_import import official_import


class Command(BaseCommand):
    help = (
        "Import Ofsted's official statistics, the ODS spreadsheets as Ofsted publishes them "
        '("Children\'s social care data in England 2023", "LA inspection outcomes as at 31 '
        'March 2025"): every inspection since 2009 and the visits of 2022-23 and 2024-25, '
        "merged with what is recorded. Idempotent; all or nothing: a file whose layout, names, "
        "dates or grades do not read imports nothing, naming the sheet and cell. Load the "
        "register first (load_national)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", metavar="PATH", nargs="+")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )

    def handle(self, *, paths: list[str], dry_run: bool, **options):
        try:
            result = official_import(paths=paths, dry_run=dry_run)
        except ImportRejected as rejected:
            raise CommandError(str(rejected)) from None
        import_report(self, result)
