"""Demo documents of the founding case: every annual plan of the library cell, issued.

Each plan with topics is issued once, dated 5 January of its year (or the first day
of the cell's first term when that is later), signed by the secretary; running the
demo seed again issues nothing new.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from members.demo import FoundingCase
from sessions_app.documents.document import DocumentParams, signers_for
from sessions_app.documents.registry import KINDS
from sessions_app.models import AnnualPlan, IssuedDocument
from sessions_app.services.documents import issue_document


def seed_documents(case: FoundingCase) -> None:
    """Issue the library's annual plans that have topics and no issued document yet."""
    cell = case.library
    secretary = case.users.get("bithu")
    signers = signers_for(cell)
    first_term = cell.terms.order_by("start").first()
    if secretary is None or not signers or first_term is None:
        return
    plans = AnnualPlan.objects.filter(cell=cell, topics__isnull=False).distinct().order_by("year")
    for plan in plans:
        params = DocumentParams(year=plan.year)
        if IssuedDocument.objects.filter(
            organisation=cell, kind="plan", params=params.as_json()
        ).exists():
            continue
        issued_on = max(datetime.date(plan.year, 1, 5), first_term.start)
        if issued_on > timezone.localdate():
            continue
        issue_document(
            spec=KINDS["plan"],
            organisation=cell,
            params=params,
            by=secretary,
            signer=signers[0],
            issued_on=issued_on,
        )
