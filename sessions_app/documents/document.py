"""What every Party document shares, and how one becomes HTML.

A document kind's module collects its data into a `Document` (title, summary, body
template and its context, signatures, recipients); `render_html` wraps it in the
Party format of Hướng dẫn 36-HD/VPTW (header block, title, closing) for WeasyPrint,
and `render_body_html` gives the same markup for the preview inside the site.

Documents are always in Vietnamese, whatever the language of the interface: a Party
document in another language is not a Party document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone, translation

from members.models import Organisation, PartyPosition, PartyStatus, Person
from sessions_app.documents import formatting
from sessions_app.models.documents import DocumentType

NBSP = "\u00a0"


class DocumentError(Exception):
    """A document cannot be made; `message` says why, for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DocumentNotFound(DocumentError):
    """What the document is about does not exist (no plan for that year …)."""


class EmptyDocument(DocumentError):
    """The period or object has nothing to print."""


class DocumentNotAvailable(DocumentError):
    """The kind exists but its data is not recorded by this version yet."""


class BadParameters(DocumentError):
    """Missing or invalid year, quarter, dates or object ids."""


PARAM_NAMES = ("year", "quarter", "start", "end", "meeting", "topic", "round")
# Query-string names: "from" and "to" read better in URLs and on the command line.
QUERY_NAMES = {"start": "from", "end": "to"}


@dataclass(frozen=True)
class DocumentParams:
    """What a document is about: a year, a quarter, a period or one object."""

    year: int | None = None
    quarter: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    meeting: int | None = None
    topic: int | None = None
    round: int | None = None

    def as_json(self) -> dict[str, Any]:
        """The parameters that are set, stored with an issued document."""
        values: dict[str, Any] = {}
        for name in PARAM_NAMES:
            value = getattr(self, name)
            if value is not None:
                values[name] = value.isoformat() if isinstance(value, datetime.date) else value
        return values

    @classmethod
    def from_json(cls, values: dict[str, Any]) -> DocumentParams:
        kwargs: dict[str, Any] = {}
        for name in PARAM_NAMES:
            if values.get(name) is not None:
                value = values[name]
                kwargs[name] = (
                    datetime.date.fromisoformat(value) if name in ("start", "end") else value
                )
        return cls(**kwargs)

    def as_query(self) -> str:
        """The query string of the preview and download URLs, e.g. "year=2026"."""
        return urlencode({QUERY_NAMES.get(k, k): v for k, v in self.as_json().items()})


@dataclass(frozen=True)
class Signer:
    """Who signs for the collective: the secretary, or a deputy secretary."""

    name: str
    title: str  # "BÍ THƯ" or "PHÓ BÍ THƯ", printed under "T/M CHI BỘ"
    person_id: int | None = None


@dataclass(frozen=True)
class Signature:
    """One signature block: its heading lines, room to sign, then the name."""

    lines: tuple[str, ...]
    name: str


@dataclass(frozen=True)
class Issue:
    """What issuing adds to a document: its number, its date and who signs."""

    number: str
    issued_on: datetime.date
    signer: Signer


@dataclass
class Document:
    """A Party document ready to render."""

    kind: str
    doc_type: DocumentType
    organisation: Organisation
    title: str  # the type in capitals, "KẾ HOẠCH"
    summary: str  # the line under it, "sinh hoạt chuyên đề năm 2026"
    body_template: str
    params: DocumentParams
    short_name: str  # for file names, e.g. "KH-2026"
    context: dict[str, Any] = field(default_factory=dict)
    subtitle: str = ""
    source: models.Model | None = None
    approved: bool = False
    signatures: list[Signature] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    issue: Issue | None = None
    year: int | None = None  # the year printed in the date line before issue

    @property
    def is_draft(self) -> bool:
        """DỰ THẢO on anything neither approved nor issued (DOMAIN.md §4–§5)."""
        return self.issue is None and not self.approved

    @property
    def superior_header(self) -> str:
        parent = self.organisation.parent
        return parent.parent_header if parent is not None else ""

    @property
    def number_line(self) -> str:
        number = self.issue.number if self.issue else None
        line = formatting.number_line(number, self.doc_type, self.organisation.short_code)
        return line.replace("      ", NBSP * 8)

    @property
    def date_line(self) -> str:
        if self.issue is not None:
            return formatting.place_date_line(self.organisation.place_name, self.issue.issued_on)
        blank = NBSP * 6
        year = self.year or timezone.localdate().year
        return f"{self.organisation.place_name}, ngày{blank}tháng{blank}năm {year}"

    @property
    def full_title(self) -> str:
        """The type and summary in one line, for lists and file names: "Kế hoạch sinh hoạt …"."""
        return f"{self.title.capitalize()} {self.summary}"

    def filename(self) -> str:
        prefix = self.issue.number.replace("/", "-") if self.issue else ""
        return formatting.ascii_filename(prefix, self.short_name, self.organisation.name)

    def unicode_filename(self) -> str:
        prefix = f"Số {self.issue.number.replace('/', '-')}" if self.issue else ""
        return formatting.unicode_filename(prefix, self.full_title, self.organisation.name)


def page_settings() -> dict[str, float]:
    """Margins (mm) and body size (pt) from the settings (CHIBO_DOC_*)."""
    return dict(settings.CHIBO_DOCUMENT)


def _context(document: Document) -> dict[str, Any]:
    return {
        **document.context,
        "document": document,
        "page": page_settings(),
    }


def render_body_html(document: Document) -> str:
    """The document's markup (header to signatures) for the preview inside the site."""
    with translation.override("vi"):
        return render_to_string("documents/_document.html", _context(document))


def render_html(document: Document) -> str:
    """The whole HTML page that WeasyPrint turns into the PDF."""
    with translation.override("vi"):
        return render_to_string("documents/print_base.html", _context(document))


# --- Pieces that several kinds share -------------------------------------------------

SIGNER_TITLES = {PartyPosition.SECRETARY: "BÍ THƯ", PartyPosition.DEPUTY: "PHÓ BÍ THƯ"}


def signers_for(organisation: Organisation) -> list[Signer]:
    """Who may sign for the cell: its secretary first, then its deputy secretaries."""
    people = (
        Person.objects.filter(
            cell=organisation,
            is_active=True,
            is_party_member=True,
            party_position__in=list(SIGNER_TITLES),
        )
        .exclude(party_status=PartyStatus.TRANSFERRED)
        .only("pk", "full_name", "party_position", "sort_key")
    )
    ordered = sorted(
        people, key=lambda p: (p.party_position != PartyPosition.SECRETARY, p.sort_key)
    )
    return [
        Signer(name=p.full_name, title=SIGNER_TITLES[p.party_position], person_id=p.pk)
        for p in ordered
    ]


def collective_signature(organisation: Organisation, signer: Signer | None) -> Signature:
    """The collective's block: T/M CHI BỘ over BÍ THƯ, then the name (blank if the post is empty)."""
    if signer is None:
        return Signature(lines=(f"T/M {organisation.collective_name}", "BÍ THƯ"), name="")
    return Signature(lines=(f"T/M {organisation.collective_name}", signer.title), name=signer.name)


def default_signer(organisation: Organisation, issue: Issue | None) -> Signer | None:
    if issue is not None:
        return issue.signer
    signers = signers_for(organisation)
    return signers[0] if signers else None


def cell_recipients(organisation: Organisation, *, members: bool = True) -> list[str]:
    """The distribution list (Nơi nhận) of a cell's document: superior, members, file."""
    recipients: list[str] = []
    if organisation.parent is not None:
        recipients.append(f"{organisation.parent.name} (báo cáo)")
    if members:
        recipients.append(f"Đảng viên {organisation.collective_name.lower()}")
    recipients.append(f"Lưu {organisation.collective_name.lower()}")
    return recipients
