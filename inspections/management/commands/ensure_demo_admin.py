import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "For a local first run: give the users 'admin' (superuser) and 'editor' (editors group) "
        "fresh random passwords and print how to sign in. Refuses to run with DEBUG off."
    )

    def handle(self, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_demo_admin is for local development (DEBUG on) only.")
        User = get_user_model()  # noqa: N806
        passwords = {}
        for username, superuser in (("admin", True), ("editor", False)):
            user, _created = User.objects.get_or_create(username=username)
            user.is_staff = True
            user.is_superuser = superuser
            passwords[username] = secrets.token_urlsafe(12)
            user.set_password(passwords[username])
            user.save()
            if not superuser:
                editors = Group.objects.filter(name="editors").first()
                if editors:
                    user.groups.add(editors)
        site = f"http://{os.environ.get('ADDRESS', '127.0.0.1:8000')}"  # bin/serve's address
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDashboard: {site}/\n"
                f"Admin:     {site}/admin/\n"
                f"  sign in as 'admin'  with password {passwords['admin']}  (superuser)\n"
                f"  or as      'editor' with password {passwords['editor']}  (editors group: "
                "inspection data, no user management)\n"
                "  (new passwords each time the dashboard is started)\n"
            )
        )
