"""Whole-site backup and restore: the database (every app, histories included), every
uploaded file of the default storage, and a manifest.

The archive (`.tar.gz`) holds `manifest.json` (counts per model, the schema's latest
migration per app, the list of files), `data.json` (dumpdata) and `files/<name>`.
A backup restores only onto the same schema: otherwise the rows would not fit the tables.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.test.utils import override_settings
from django.utils import timezone

FORMAT = 1
# data.json: Django's JSON with times to the microsecond (sessions_app/backup_json.py).
BACKUP_FORMAT = "backup-json"
# Signed-in sessions are not worth keeping: a restore signs everyone out.
EXCLUDED_APPS = ("sessions",)
# Filled by migrations, so present in an otherwise empty database.
SCHEMA_APPS = ("contenttypes", "auth.permission")


class BackupError(Exception):
    """A backup that cannot be restored here; the message says why."""


def _models() -> list[type[models.Model]]:
    return [m for m in apps.get_models() if m._meta.app_label not in EXCLUDED_APPS]


def schema_state() -> dict[str, str]:
    """The latest migration of every app, as the code defines them."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return dict(sorted(loader.graph.leaf_nodes()))


def unapplied_migrations() -> list[str]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return sorted(
        f"{a}.{n}" for a, n in loader.graph.nodes if (a, n) not in loader.applied_migrations
    )


def uploaded_files() -> list[str]:
    """Every file named by a FileField (current rows and their histories) that exists."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                values = model._default_manager.exclude(**{field.attname: ""}).values_list(
                    field.attname, flat=True
                )
                names.update(v for v in values if v)
    return sorted(name for name in names if default_storage.exists(name))


def counts() -> dict[str, int]:
    return {m._meta.label_lower: m._default_manager.count() for m in _models()}


def is_empty() -> bool:
    """No row anyone entered (migrations' own rows do not count)."""
    return not any(count for label, count in counts().items() if not label.startswith(SCHEMA_APPS))


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def make_backup(output: Path) -> dict[str, Any]:
    """Write the archive to `output`; returns the manifest."""
    with tempfile.TemporaryDirectory() as workdir:
        data_path = Path(workdir) / "data.json"
        with transaction.atomic():  # one consistent snapshot of rows and counts
            call_command(
                "dumpdata",
                exclude=list(EXCLUDED_APPS),
                format=BACKUP_FORMAT,
                indent=None,
                output=str(data_path),
                verbosity=0,
            )
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": schema_state(),
                "counts": counts(),
                "files": uploaded_files(),
            }
        with tarfile.open(output, "w:gz") as archive:
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data_path, arcname="data.json")
            for name in manifest["files"]:
                with default_storage.open(name, "rb") as handle:
                    _add(archive, f"files/{name}", handle.read())
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError("This file is not a chibo backup: it has no manifest.json.")
    manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def check_schema(manifest: dict[str, Any]) -> None:
    here = schema_state()
    there = manifest["migrations"]
    if here != there:
        differing = sorted(
            f"{app}: backup {there.get(app, '—')}, here {here.get(app, '—')}"
            for app in set(here) | set(there)
            if here.get(app) != there.get(app)
        )
        raise BackupError(
            "The backup was made with a different database schema, so it cannot be "
            "restored here. Use the version of chibo that made it. Differences: "
            + "; ".join(differing)
        )
    pending = unapplied_migrations()
    if pending:
        raise BackupError(
            "This database is not up to date: run `manage.py migrate` first "
            f"({len(pending)} migrations not applied)."
        )


def refresh_statistics() -> None:
    """Have PostgreSQL count what a bulk load just wrote.

    The planner chooses between an index and a full read from each table's statistics;
    after a restore or a generated load they are empty until autovacuum comes round (never,
    where it is turned off), and every page then reads whole tables. SQLite needs nothing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def restore_backup(path: Path, *, replace: bool) -> dict[str, Any]:
    """Replace the database and the files with the backup's; returns the manifest."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        check_schema(manifest)
        if not replace and not is_empty():
            raise BackupError(
                "This database already holds data. Restoring replaces all of it: "
                "run again with --yes to go ahead."
            )
        with tempfile.TemporaryDirectory() as workdir:
            data_path = Path(workdir) / "data.json"
            source = archive.extractfile("data.json")
            if source is None:
                raise BackupError("The backup has no data.json.")
            data_path.write_bytes(source.read())
            with transaction.atomic():
                call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
                # Loading many-to-many rows would otherwise add history records of its own.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(data_path), verbosity=0)
        for name in manifest["files"]:
            member = archive.extractfile(f"files/{name}")
            if member is None:
                raise BackupError(f"The backup lacks the file {name}.")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(member.read()))
            if saved != name:
                raise BackupError(f"The file {name} was stored as {saved}.")
    refresh_statistics()
    return manifest
