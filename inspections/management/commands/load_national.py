import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from authorities.management.import_command import import_report
from authorities.tabular import ImportRejected, read_source
from inspections.history_import import national_load
from inspections.models import LoadedRecord
from inspections.record_files import record_digest

#: The one LoadedRecord row this command keeps.
STAMP = "national"


class Command(BaseCommand):
    help = (
        "Load the national data: the register of local authorities, then the reconciled national "
        "record (every inspection since 2009 and the visits, with each value's sources: "
        "data/ofsted/record/, built by scripts/build_record.py from the reports, Ofsted's "
        "official statistics and the history file; see data/ofsted/README.md for sources and "
        "licences). --history also loads a history file in ilacs_history.csv's format. "
        "Idempotent, and skipped when the files are those last loaded (--force loads anyway); "
        "every file or none: a bad row in any imports nothing, naming every bad line. What "
        "editors entered and what a sync recorded are kept: the record merges as one more "
        "source (an editor's entry wins, flagged where the record disagrees)."
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
            "--record",
            metavar="DIR",
            default=str(shipped / "record"),
            help="The reconciled record's folder (default: %(default)s); 'none' for none.",
        )
        parser.add_argument(
            "--history",
            metavar="PATH_OR_URL",
            default="",
            help="Also a history in ilacs_history.csv's format (e.g. "
            f"{shipped / 'ilacs_history.csv'}), merged as the history's source.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, but save nothing."
        )
        parser.add_argument(
            "--force", action="store_true", help="Load even if these files were loaded last."
        )

    def handle(self, *, register, record, history, dry_run, force, **options):
        record = "" if record == "none" else record
        if record and not Path(record).is_dir():
            raise CommandError(f"{record}: no such folder (the record's three CSV files).")
        digest = self._digest(register, record, history)
        stamp = LoadedRecord.objects.filter(name=STAMP).first()
        if stamp and stamp.digest == digest and not force and not dry_run:
            self.stdout.write(
                f"The national data is as loaded on {stamp.loaded_at:%-d %B %Y at %H:%M}: "
                "unchanged, not loaded again (--force to load anyway)."
            )
            return
        try:
            with transaction.atomic():
                results = national_load(
                    register=register,
                    record=record or None,
                    history=history or None,
                    dry_run=dry_run,
                )
                if not dry_run:
                    LoadedRecord.objects.update_or_create(
                        name=STAMP, defaults={"digest": digest, "loaded_at": timezone.now()}
                    )
        except ImportRejected as rejected:
            others = [name for name, given in (("the record", record), ("the history", history))
                      if given]  # fmt: skip
            together = ", ".join(["the register", *others[:-1]]) + f" and {others[-1]}"
            raise CommandError(
                f"{rejected}\nNothing was loaded: {together} go in together."
            ) from None
        for result in results:
            import_report(self, result)

    @staticmethod
    def _digest(register: str, record: str, history: str) -> str:
        digest = hashlib.sha256()
        for source in (register, history):
            digest.update(read_source(source) if source else b"")
        digest.update(record_digest(Path(record)).encode() if record else b"")
        return digest.hexdigest()
