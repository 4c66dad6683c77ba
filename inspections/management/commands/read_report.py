import json
from pathlib import Path

from django.core.management.base import BaseCommand

from inspections import rules
from inspections.reader import GRADE_KEYS, ReportReader, ReportReading


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not known"


class Command(BaseCommand):
    help = (
        "Read Ofsted children's services inspection report PDFs: kind, framework, authority, "
        "on-site and publication dates, lead inspector and every grade. Unreadable files are "
        "reported, not fatal (exit status 0). --json prints one JSON object per line per file."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="One JSON object per line.")

    def handle(self, *, files: list[str], json: bool, **options):
        # One child process reads every file, each within the deadline (reader/process.py).
        with ReportReader() as reader:
            for file in files:
                reading = reader.read(Path(file))
                if json:
                    self.stdout.write(_json_line(reading))
                else:
                    self._summary(reading)

    def _summary(self, reading: ReportReading) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(reading.file))
        if reading.error:
            self.stdout.write(self.style.ERROR(f"  not read: {reading.error}"))
            if reading.letter:
                on_site = (
                    f"{_day(reading.inspection_start)} to {_day(reading.inspection_end)}"
                    if reading.inspection_start
                    else "not read from the letter"
                )
                self.stdout.write(f"  On site: {on_site}")
            return
        framework = reading.layout.label if reading.layout else "not known"
        self.stdout.write(f"  {reading.kind.replace('_', ' ')}; {framework}")
        self.stdout.write(f"  Authority: {reading.authority or 'not known'}")
        self.stdout.write(
            f"  On site: {_day(reading.inspection_start)} to {_day(reading.inspection_end)}; "
            f"published: {_day(reading.published)}"
        )
        self.stdout.write(f"  Lead inspector: {reading.lead_inspector or 'not known'}")
        model_framework = reading.model_framework
        for key, grade in reading.grades.items():
            judged = key not in GRADE_KEYS or rules.judges(
                model_framework, key, reading.inspection_start, reading.inspection_end
            )
            if (
                key == rules.Area.LSCB
                and reading.inspection_type == rules.InspectionType.REINSPECTION
            ):
                judged = False  # re-inspections reviewed no LSCB
            if grade is None and not judged:
                if key == rules.OVERALL:
                    self.stdout.write("  Overall effectiveness: not judged")
                continue
            label = _label(model_framework, key, reading)
            if key in reading.not_judged:
                self.stdout.write(f"  {label}: not judged, as the report says")
                continue
            self.stdout.write(f"  {label}: {rules.Grade(grade).label if grade else 'not read'}")
        for warning in reading.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))


def _label(framework: str, key: str, reading: ReportReading) -> str:
    if key == rules.OVERALL:
        return "Overall effectiveness"
    if key in rules.Area.values:
        return rules.area_label(framework, key, reading.inspection_start)
    return key.replace("_", " ").capitalize()


def _json_line(reading: ReportReading) -> str:
    return json.dumps(reading.as_json(), ensure_ascii=False)
