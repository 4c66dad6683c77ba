import datetime as dt
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from inspections.ofsted.sync import (
    AlreadyRunning,
    NothingChecked,
    RunStopped,
    SiteChanged,
    UnknownAuthorities,
    ofsted_sync,
)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since: '{text}' is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        "Find every publication of every local authority's children's services on Ofsted's "
        "report finder, download each PDF not read before (kept under MEDIA_ROOT/ofsted/), read "
        "it and record it: at once when the reader is sure, else in the admin's 'Publications "
        "to review'. Idempotent: a second run downloads and changes nothing. One run at a time (a "
        "second one exits non-zero); a run past OFSTED_RUN_SECONDS stops, keeps what it "
        "recorded, exits non-zero, and the next run resumes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=None,
            help="The report finder's address (default: the OFSTED_REPORTS_URL setting, "
            f"{settings.OFSTED_REPORTS_URL}).",
        )
        parser.add_argument(
            "--authority",
            action="append",
            default=[],
            metavar="SLUG",
            help="Only this authority (its slug, as in /authorities/<slug>/); repeatable. The "
            "search pages are then not read.",
        )
        parser.add_argument(
            "--since",
            type=_day,
            default=None,
            metavar="YYYY-MM-DD",
            help="Only publications published on or after this day.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Find and count what is new, but download and record nothing.",
        )

    def handle(self, *, base_url, authority, since, dry_run, **options):
        show_progress = sys.stderr.isatty()

        def progress(number: int, total: int, what: str) -> None:
            width = 30
            done = int(width * number / total) if total else width
            sys.stderr.write(f"\r\033[K[{'#' * done}{'.' * (width - done)}] {number}/{total} "
                             f"{what[:60]}")  # fmt: skip
            sys.stderr.flush()

        try:
            summary = ofsted_sync(
                base_url=base_url or settings.OFSTED_REPORTS_URL,
                slugs=authority,
                since=since,
                dry_run=dry_run,
                progress=progress if show_progress else None,
            )
        except (SiteChanged, UnknownAuthorities, AlreadyRunning, NothingChecked) as stopped:
            raise CommandError(str(stopped)) from None
        except RunStopped as stopped:
            for line in stopped.summary.lines():
                self.stdout.write(self.style.WARNING(line))
            raise CommandError(str(stopped)) from None
        finally:
            if show_progress:
                sys.stderr.write("\r\033[K")
        first, *rest = summary.lines()
        for line in rest:
            self.stdout.write(self.style.WARNING(line))
        self.stdout.write(self.style.SUCCESS(("Dry run: " if dry_run else "") + first))
