from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from authorities.management.import_command import import_report
from authorities.tabular import ImportRejected
from inspections.history_import import national_load


class Command(BaseCommand):
    help = (
        "Load the national data: the register of local authorities, then the inspection history. "
        "By default the files shipped in data/ofsted/ (see its README: source and licences). "
        "Idempotent (a second run reports everything unchanged); both files or neither: a bad "
        "row in either imports nothing, naming every bad line."
    )

    def add_arguments(self, parser):
        shipped = settings.NATIONAL_DATA_DIR
        parser.add_argument(
            "--register",
            metavar="PATH_OR_URL",
            default=str(shipped / "la_lookup.csv"),
            help="The register, in la_lookup.csv's format (default: %(default)s).",
        )
        parser.add_argument(
            "--history",
            metavar="PATH_OR_URL",
            default=str(shipped / "ilacs_history.csv"),
            help="The inspection history, in ilacs_history.csv's format (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )

    def handle(self, *, register: str, history: str, dry_run: bool, **options):
        try:
            results = national_load(register=register, history=history, dry_run=dry_run)
        except ImportRejected as rejected:
            raise CommandError(
                f"{rejected}\nNothing was loaded: the register and the history go in together."
            ) from None
        for result in results:
            import_report(self, result)
