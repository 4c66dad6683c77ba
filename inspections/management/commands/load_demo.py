from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspections.demo_load import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data (Buckinghamshire and Sandwell, from the seed documents and the real "
        "reports). Idempotent; merges with the national history if it is already loaded."
    )

    def handle(self, **options):
        try:
            summary = demo_load()
        except ValidationError as error:
            raise CommandError(f"demo data refused: {'; '.join(error.messages)}") from None
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        counts = summary.inspections
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {summary.authorities_created} authorities created; inspections "
                f"{counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged; {summary.visits_created} monitoring visits and "
                f"{summary.interventions_created} interventions created; "
                f"{len(summary.warnings)} warnings."
            )
        )
