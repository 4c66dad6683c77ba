from authorities.management.import_command import ImportCommand
from inspections.history_import import history_import


class Command(ImportCommand):
    help = (
        "Import the national inspection history (ilacs_history.csv format) from a path or URL. "
        "Idempotent; merges with inspections already recorded (same authority and publication "
        "date); a file with a bad row imports nothing. Import the register first."
    )
    service = staticmethod(history_import)
