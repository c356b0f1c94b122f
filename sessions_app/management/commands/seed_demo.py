from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from members.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_founding_case
from sessions_app.demo import seed_sessions


class Command(BaseCommand):
    help = (
        "Create the founding case (Chi bộ Thư viện tỉnh Trà Vinh) as demo data. Safe to run twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (it creates logins with a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_demo creates logins with a published password; it refuses to run with "
                "DEBUG off. Pass --force if this really is a demo server."
            )
        with transaction.atomic():
            case = seed_founding_case()
            seed_sessions(case)
        self.stdout.write(self.style.SUCCESS("Demo data ready: " + case.library.name))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for login, label in DEMO_LOGINS:
            self.stdout.write(f"  {login:<10} {label}")
