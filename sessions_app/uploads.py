"""Checking uploaded attachments by their content, never by their name alone.

Accepted: PDF, Word, PowerPoint and Excel (Office Open XML and the older binary formats),
OpenDocument text, spreadsheets and presentations, PNG and JPEG images. The first bytes
decide the family (the `filetype` library). Office Open XML and OpenDocument files are
zip archives, so the archive's parts must show the document kind and carry no macros;
older Office files are OLE containers, which must hold the stream of a Word, Excel or
PowerPoint document. The file name's extension must agree with the content, so that
nobody downloads a "report.pdf" that is something else.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"

EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    DOC: {".doc"},
    XLS: {".xls"},
    PPT: {".ppt"},
    ODT: {".odt"},
    ODS: {".ods"},
    ODP: {".odp"},
}
# What the file input offers; the content decides in the end.
ACCEPT = ",".join(sorted(ext for extensions in EXTENSIONS.values() for ext in extensions))

# The part that makes an Office Open XML archive a document of each kind.
_OOXML_MAIN_PART = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the OLE directory are UTF-16: "WordDocument", "Workbook"/"Book", ...
_OLE_STREAMS = [
    ("WordDocument".encode("utf-16-le"), DOC),
    ("Workbook".encode("utf-16-le"), XLS),
    ("Book".encode("utf-16-le"), XLS),
    ("PowerPoint Document".encode("utf-16-le"), PPT),
]

NOT_ACCEPTED = _(
    "This file is not a PDF, Word, PowerPoint, Excel or OpenDocument file or a PNG or JPG "
    "image. Only these kinds of files can be attached."
)
MACROS = _("Office files with macros are not accepted. Save it without macros and try again.")
# Where OpenDocument files keep macros (LibreOffice Basic, scripts).
_ODF_MACRO_FOLDERS = ("Basic/", "Scripts/")


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int


def max_bytes() -> int:
    return settings.CHIBO["UPLOAD_MAX_MB"] * 1024 * 1024


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _ooxml_kind(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(MACROS, code="macros")
    kinds = {kind for part, kind in _OOXML_MAIN_PART.items() if part in names}
    return kinds.pop() if len(kinds) == 1 else None


def _odf_kind(upload: UploadedFile, kind: str) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if any(name.startswith(_ODF_MACRO_FOLDERS) for name in names):
        raise ValidationError(MACROS, code="macros")
    return kind if "content.xml" in names else None


def _ole_kind(data: bytes) -> str | None:
    kinds = {kind for name, kind in _OLE_STREAMS if name in data}
    return kinds.pop() if len(kinds) == 1 else None


def detect_content_type(upload: UploadedFile) -> str | None:
    """The accepted type the content really is, or None."""
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess_mime(head)
    if guessed in (PDF, PNG, JPEG):
        return guessed
    if guessed in (ODT, ODS, ODP):
        return _odf_kind(upload, guessed)
    if head.startswith(b"PK\x03\x04"):
        return _ooxml_kind(upload)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(_read_all(upload))
    return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Validate an uploaded attachment; ValidationError with a Vietnamese message if refused."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            _("The file is larger than %(limit)s MB, the largest size accepted.")
            % {"limit": settings.CHIBO["UPLOAD_MAX_MB"]},
            code="too_large",
        )
    content_type = detect_content_type(upload)
    if content_type is None:
        raise ValidationError(NOT_ACCEPTED, code="type")
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            _(
                "The file's name ends in “%(extension)s” but its content is a %(kind)s file. "
                "Please check that you chose the right file."
            )
            % {"extension": extension or "—", "kind": sorted(EXTENSIONS[content_type])[0][1:]},
            code="extension",
        )
    return CheckedFile(content_type=content_type, extension=extension, size=upload.size)
