from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sessions_app import notifications


class Command(BaseCommand):
    help = (
        "Remind drafters before their draft is due and members before comments close. "
        "Run it from cron (e.g. hourly); each reminder is sent once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = notifications.send_reminders()
        self.stdout.write(f"{count} reminder(s) recorded.")
