"""`manage.py backup --output FILE.tar.gz`: the database, the uploaded files, a manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sessions_app.backup import make_backup


class Command(BaseCommand):
    help = "Back up the whole database (histories included) and every uploaded file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, help="the archive to write (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = make_backup(Path(options["output"]))
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Backup written to {options['output']}: {rows} rows, {len(manifest['files'])} files."
        )
