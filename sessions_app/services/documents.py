"""Issuing a document: its number, its PDF frozen, its place in the register."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation, User
from sessions_app.documents import numbering, pdf
from sessions_app.documents.document import (
    DocumentError,
    DocumentParams,
    Issue,
    Signer,
    render_html,
)
from sessions_app.documents.formatting import document_number
from sessions_app.documents.registry import KindSpec, build_document
from sessions_app.models.documents import IssuedDocument


def issue_document(
    *,
    spec: KindSpec,
    organisation: Organisation,
    params: DocumentParams,
    by: User,
    signer: Signer,
    issued_on: datetime.date | None = None,
) -> IssuedDocument:
    """Number a document, render its PDF and store both, in one transaction.

    The number is the next of the document's type in the committee term covering the
    date; the PDF is made inside the same transaction, so a failed render leaves no
    gap in the sequence. A document issued before for the same thing is recorded as
    replaced by the new one.
    """
    issued_on = issued_on or timezone.localdate()
    if issued_on > timezone.localdate():
        raise DocumentError(_("A document cannot be dated in the future."))
    # Check that the document can be made before taking a number.
    build_document(spec, organisation, params)
    with transaction.atomic():
        term = numbering.term_for(organisation, issued_on)
        sequence = numbering.next_sequence(
            organisation=organisation, term=term, doc_type=spec.doc_type
        )
        number = document_number(sequence, spec.doc_type, organisation.short_code)
        document = build_document(
            spec,
            organisation,
            params,
            issue=Issue(number=number, issued_on=issued_on, signer=signer),
        )
        rendered = pdf.render_pdf(render_html(document))
        source = document.source
        previous = (
            IssuedDocument.objects.filter(
                organisation=organisation, kind=spec.key, params=document.params.as_json()
            )
            .order_by("-issued_at", "-pk")
            .only("pk")
            .first()
        )
        return IssuedDocument.objects.create(
            organisation=organisation,
            term=term,
            doc_type=spec.doc_type,
            sequence=sequence,
            number=number,
            kind=spec.key,
            params=document.params.as_json(),
            title=document.title,
            summary=document.summary,
            source_type=ContentType.objects.get_for_model(source) if source else None,
            source_id=source.pk if source else None,
            replaces=previous,
            issued_on=issued_on,
            issued_by=by,
            signer_name=signer.name,
            signer_title=signer.title,
            pdf=rendered.data,
            pdf_sha256=hashlib.sha256(rendered.data).hexdigest(),
            page_count=rendered.page_count,
        )
