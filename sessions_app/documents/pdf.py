"""HTML to PDF bytes through WeasyPrint, reading nothing but the project's static files.

Documents carry text typed by users (titles, names, later whole drafts). Whatever HTML
or CSS ends up in a document, WeasyPrint may only read the project's own static files,
from disk: every other URL — http(s), file:// anywhere, data:, FTP — is refused before
anything is opened, so a document can never reach the network or the server's files.

Static files are addressed under a fixed origin on the reserved `.invalid` domain
(RFC 2606), which no resolver answers; the fetcher maps it to Django's static files.
"""

from __future__ import annotations

import functools
import logging
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

DOCUMENT_ORIGIN = "https://chibo-documents.invalid"
DOCUMENT_BASE_URL = f"{DOCUMENT_ORIGIN}/"
STATIC_PREFIX = "/static/"

# What a document may load: its style sheet, fonts and small images. Nothing executable.
ALLOWED_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}
MAX_STATIC_BYTES = 5 * 1024 * 1024


class FetchRefused(ValueError):
    """A document asked for something outside the project's static files."""


def static_url(name: str) -> str:
    """The URL under which a document refers to a static file, e.g. "css/print.css"."""
    return f"{DOCUMENT_ORIGIN}{STATIC_PREFIX}{name}"


def _static_path(name: str) -> Path | None:
    """The file on disk for a static name, through the finders then STATIC_ROOT."""
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / name).resolve()
    if candidate.is_file() and candidate.is_relative_to(root):
        return candidate
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves the project's static files from disk and refuses every other URL.

    `refused` lists the URLs turned away, for tests and logs.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
        self.refused: list[str] = []
        self.served: list[str] = []

    def _refuse(self, url: str, reason: str) -> FetchRefused:
        self.refused.append(url)
        logger.warning("Document asked for %s: refused (%s)", url[:200], reason)
        return FetchRefused(f"{reason}: {url[:200]}")

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}".lower() != DOCUMENT_ORIGIN:
            raise self._refuse(url, "not a static file of the project")
        if parts.query or parts.fragment or not parts.path.startswith(STATIC_PREFIX):
            raise self._refuse(url, "not a static file of the project")
        name = unquote(parts.path[len(STATIC_PREFIX) :])
        normal = posixpath.normpath(name)
        if name != normal or normal.startswith(("/", "..")) or "\\" in name or "\x00" in name:
            raise self._refuse(url, "path leaves the static files")
        content_type = ALLOWED_TYPES.get(posixpath.splitext(normal)[1].lower())
        if content_type is None:
            raise self._refuse(url, "file type not allowed in documents")
        path = _static_path(normal)
        if path is None or path.stat().st_size > MAX_STATIC_BYTES:
            raise self._refuse(url, "no such static file")
        self.served.append(normal)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    page_count: int
    refused: tuple[str, ...]


PARTY_STYLE_SHEET = "css/print.css"


@functools.cache
def party_style_sheet() -> CSS:
    """The Party document format (print.css), parsed once per process.

    Every document is laid out with it; parsing it again for each one took about a
    quarter of a short document's time. It declares no web fonts, so it does not depend
    on a render's font configuration. A new print.css takes effect at the next restart,
    like the code.
    """
    return CSS(url=static_url(PARTY_STYLE_SHEET), url_fetcher=StaticOnlyFetcher())


def render_pdf(html: str) -> RenderedPdf:
    """Lay out a document's HTML in the Party format and return the PDF with its page count.

    The HTML carries what varies (the page margins and body size of the settings) in its
    own <style>; the format itself comes from `party_style_sheet`.
    """
    fetcher = StaticOnlyFetcher()
    font_config = FontConfiguration()
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[party_style_sheet()], font_config=font_config
    )
    data = document.write_pdf()
    return RenderedPdf(data=data, page_count=len(document.pages), refused=tuple(fetcher.refused))


def html_to_pdf(html: str) -> bytes:
    """The shared last step of every document: its HTML as PDF bytes."""
    return render_pdf(html).data
