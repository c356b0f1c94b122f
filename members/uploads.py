"""Uploaded import files, kept between the preview and the confirmation.

A file is checked (size, and type by its content with `filetype`, not by its name) and stored in the
default storage under imports/ (MEDIA_ROOT/imports/ on disk, or the shared bucket when
there are several app servers) with a random name that only the uploader's session
knows; it is deleted once confirmed or cancelled, and abandoned ones are purged after a
day.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import secrets
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

IMPORT_DIR = "imports"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class ImportFileError(Exception):
    """The upload cannot be read at all (too big, wrong type, no header)."""


@dataclass(frozen=True)
class StoredImport:
    token: str
    kind: str  # "xlsx" or "csv"
    filename: str

    @property
    def name(self) -> str:
        """The file's name in the storage; the token is checked, never trusted."""
        if not _TOKEN.match(self.token) or self.kind not in ("xlsx", "csv"):
            raise ImportFileError(_("The uploaded file has expired; upload it again."))
        return f"{IMPORT_DIR}/{self.token}.{self.kind}"

    def read(self) -> bytes:
        try:
            with default_storage.open(self.name, "rb") as stored:
                return stored.read()
        except (FileNotFoundError, OSError):
            raise ImportFileError(_("The uploaded file has expired; upload it again.")) from None

    def delete(self) -> None:
        with contextlib.suppress(ImportFileError):
            default_storage.delete(self.name)

    def as_session(self) -> dict[str, str]:
        return {"token": self.token, "kind": self.kind, "filename": self.filename}

    @classmethod
    def from_session(cls, data: Any) -> StoredImport | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(token=data["token"], kind=data["kind"], filename=data["filename"])
        except KeyError:
            return None


# What `filetype` may call an .xlsx: its own matcher, or a plain zip when the workbook's
# parts are not at the start of the archive (openpyxl then decides).
_XLSX_GUESSES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
)


def max_mb() -> int:
    return settings.CHIBO["IMPORT_MAX_MB"]


def sniff_kind(content: bytes) -> str:
    """xlsx or csv, decided by the content (an .xlsx is a zip), not by the file name.

    Anything `filetype` recognises other than a workbook (a program, a PDF, an image …)
    is refused whatever its name; a CSV is text, which `filetype` does not recognise.
    """
    guessed = filetype.guess_mime(content[:8192])
    if guessed is not None and guessed not in _XLSX_GUESSES:
        raise ImportFileError(_("Upload an Excel (.xlsx) file or a CSV file in UTF-8."))
    if content.startswith(b"PK\x03\x04"):
        try:
            load_workbook(io.BytesIO(content), read_only=True).close()
        except Exception:  # openpyxl raises many kinds on a damaged or foreign zip
            raise ImportFileError(_("This file is not an Excel (.xlsx) workbook.")) from None
        return "xlsx"
    if b"\x00" in content[:4096]:
        raise ImportFileError(_("Upload an Excel (.xlsx) file or a CSV file in UTF-8."))
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(_("A CSV file must be saved as UTF-8 (CSV UTF-8).")) from None
    return "csv"


def store_upload(upload: Any) -> StoredImport:
    """Check an uploaded file (size, type by content) and keep it under a random name."""
    limit = max_mb() * 1024 * 1024
    if upload.size > limit:
        raise ImportFileError(_("The file is too large (at most %(mb)s MB).") % {"mb": max_mb()})
    content = upload.read(limit + 1)
    kind = sniff_kind(content)
    stored = StoredImport(secrets.token_hex(16), kind, str(upload.name)[:120])
    # The default storage: local disk, or the shared bucket when app servers are several.
    default_storage.save(stored.name, ContentFile(content))
    return stored


def purge_stale_imports(max_age_seconds: int = 24 * 3600) -> int:
    """Delete uploads nobody confirmed (abandoned previews); returns how many."""
    try:
        _folders, files = default_storage.listdir(IMPORT_DIR)
    except (FileNotFoundError, OSError):
        return 0
    cutoff = timezone.now() - datetime.timedelta(seconds=max_age_seconds)
    removed = 0
    for filename in files:
        name = f"{IMPORT_DIR}/{filename}"
        if default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            removed += 1
    return removed
