"""Document numbers: "Số 05-KH/CB", sequential per document type per committee term.

Sequences restart at 01 with each committee term (not each year) and are never reused:
issued documents cannot be deleted, and the next number is the highest so far plus one,
read while the term's row is locked so that two committee members issuing at the same
moment get 01 and 02, never 01 twice. On PostgreSQL the lock is `SELECT … FOR UPDATE`;
SQLite runs every transaction IMMEDIATE (see settings), which serialises writers anyway.
The unique constraint on (organisation, term, type, sequence) is the last guard.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from members.models import Organisation, Term
from sessions_app.documents.document import DocumentError
from sessions_app.documents.formatting import document_number, short_date
from sessions_app.models.documents import DocumentType, IssuedDocument


def term_for(organisation: Organisation, day: datetime.date) -> Term:
    """The organisation's committee term covering the day of the document."""
    term = organisation.term_on(day)
    if term is None:
        raise DocumentError(
            _(
                "No committee term of %(organisation)s covers %(date)s: "
                "add the term before issuing documents."
            )
            % {"organisation": organisation.name, "date": short_date(day)}
        )
    return term


def next_sequence(*, organisation: Organisation, term: Term, doc_type: DocumentType) -> int:
    """The next free sequence of a type in a term; call it inside the issuing transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_sequence must run inside transaction.atomic()")
    # Lock the term row: every number of the term is allocated one at a time.
    Term.objects.select_for_update().filter(pk=term.pk).values_list("pk", flat=True).first()
    last = IssuedDocument.objects.filter(
        organisation=organisation, term=term, doc_type=doc_type
    ).aggregate(last=Max("sequence"))["last"]
    return (last or 0) + 1


def predicted_number(
    *, organisation: Organisation, doc_type: DocumentType, day: datetime.date
) -> str | None:
    """The number the next document of a type would get today, shown before issuing."""
    term = organisation.term_on(day)
    if term is None:
        return None
    last = IssuedDocument.objects.filter(
        organisation=organisation, term=term, doc_type=doc_type
    ).aggregate(last=Max("sequence"))["last"]
    return document_number((last or 0) + 1, doc_type, organisation.short_code)
