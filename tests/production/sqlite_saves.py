"""Editors saving one inspection at once, on a SQLite file database with the project's settings.

Run as its own process (`python -m tests.production.sqlite_saves <file> <editors>`) by
test_edit_safety.py: the test suite's own SQLite database is in memory, where locking differs, and
the point is the settings' SQLite options (config/settings.py) on a real file. Prints one JSON
line: each editor's response status and whether it showed the conflict message, or the error
the request raised (a 500 in a server).
"""

import json
import os
import sys


def main(path: str, editors: int) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.pop("DJANGO_ENV", None)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from tests.admin_helpers import error_texts
    from tests.factories import make_inspection
    from tests.production.test_edit_safety import (
        CONFLICT,
        change_url,
        open_form,
        run_together,
        signed_in,
    )

    setup_test_environment()
    call_command("migrate", verbosity=0)
    inspection = make_inspection(lead_inspector="Original")
    users = get_user_model().objects
    clients = [
        signed_in(users.create_superuser(f"editor{i}", password="x")) for i in range(editors)
    ]
    forms = [open_form(client, inspection) for client in clients]
    connection.close()

    def save(i):
        return lambda: clients[i].post(
            change_url(inspection), {**forms[i], "lead_inspector": f"Change {i}"}
        )

    outcomes = []
    for response in run_together([save(i) for i in range(editors)]):
        if isinstance(response, BaseException):
            outcomes.append({"error": f"{type(response).__name__}: {response}"})
        else:
            shown = " ".join(error_texts(response)) if response.status_code == 200 else ""
            outcomes.append({"status": response.status_code, "conflict": CONFLICT in shown})
    inspection.refresh_from_db()
    print(json.dumps({"outcomes": outcomes, "version": inspection.version}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
