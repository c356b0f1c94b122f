from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sessions_app import notifications


class Command(BaseCommand):
    help = (
        "Send each user who chose the daily digest one e-mail with their pending "
        "notifications. Run it from cron once a day; nothing is sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = notifications.send_digests()
        self.stdout.write(f"{count} digest e-mail(s) sent.")
