"""Shared helpers of the document tests: plans built through the ORM, and PDF checks."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from members.models import Person
from sessions_app.models import AnnualPlan, Topic, TopicGroup

A4 = (595.28, 841.89)  # points


def make_plan(cell, *, year=2026, topics=4, state=AnnualPlan.State.DRAFTING, drafters=None):
    """A plan of `topics` topics spread over the quarters, drafted by the given people."""
    plan = AnnualPlan.objects.create(cell=cell, year=year, state=state)
    drafters = list(drafters or Person.objects.filter(cell=cell, is_party_member=True)[:2])
    for n in range(topics):
        topic = Topic.objects.create(
            plan=plan,
            title=f"Chuyên đề số {n + 1}: nâng cao chất lượng sinh hoạt",
            group=TopicGroup.HO_CHI_MINH,
            quarter=n % 4 + 1,
            presenter=drafters[0] if drafters else None,
        )
        topic.drafters.set(drafters)
    return plan


def pdf_reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text of every page, NFC-normalised, lines joined with spaces."""
    reader = pdf_reader(data)
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf_reader(data).pages]


def embedded_fonts(data: bytes) -> dict[str, bool]:
    """Every font used, by base name without the subset prefix, and whether its file is embedded."""
    fonts: dict[str, bool] = {}
    for page in pdf_reader(data).pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).lstrip("/").split("+")[-1]
            descriptors = [
                d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])
            ]
            descriptors.append(font.get("/FontDescriptor"))
            embedded = any(
                d is not None
                and any(k in d.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
            fonts[name] = fonts.get(name, False) or embedded
    return fonts


# Who reads a cell's Party documents: its party members, committee, the superior viewer
# and the administrator; staff and other cells never learn they exist.
PARTY = {
    "anonymous": "login",
    "staff": 404,
    "member": 200,
    "committee_member": 200,
    "secretary": 200,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 200,
    "admin": 200,
}


def status_of(response) -> object:
    """The response's status, or "login" when it sends the visitor to sign in."""
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code
