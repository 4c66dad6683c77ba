from authorities.management.import_command import ImportCommand
from authorities.services import register_import


class Command(ImportCommand):
    help = (
        "Import the register of local authorities (la_lookup.csv format) from a path or URL: "
        "codes, regions, types, statistical neighbours and known reorganisations. "
        "Idempotent; a file with a bad row imports nothing."
    )
    service = staticmethod(register_import)
