"""`manage.py restore FILE.tar.gz [--yes]`: replace the database and files with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sessions_app.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup`. Refuses a database with data unless --yes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the backup (.tar.gz)")
        parser.add_argument(
            "--yes", action="store_true", help="replace the data this database already holds"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            manifest = restore_backup(path, replace=options["yes"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {len(manifest['files'])} files "
            f"from the backup of {manifest['created_at']}."
        )
