"""Sổ đăng ký: the pledge register of one round, or of every round started in a year.

"Trên làm gương mẫu mực, dưới tích cực làm theo" (DOMAIN.md §7): who registered, in which
role, what they committed to and by when, and their evaluation; counted in the seed's
words by `sessions_app.pledge_register`, the same register the pledge pages show.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.documents.document import (
    BadParameters,
    Document,
    DocumentNotFound,
    DocumentParams,
    EmptyDocument,
    Issue,
    cell_recipients,
    collective_signature,
    default_signer,
    render_html,
)
from sessions_app.models.documents import DocumentKind, DocumentType
from sessions_app.models.pledges import PledgeLevel, PledgeRound
from sessions_app.pledge_register import build_register

MODEL_NAME = "“Trên làm gương mẫu mực, dưới tích cực làm theo”"


def build_pledges(
    cell: Organisation, params: DocumentParams, *, issue: Issue | None = None
) -> Document:
    """Collect the register of `params.round`, or of the rounds started in `params.year`."""
    rounds = PledgeRound.objects.filter(cell=cell).order_by("start", "pk")
    if params.round is not None:
        rounds = rounds.filter(pk=params.round)
        if not rounds:
            raise DocumentNotFound(_("The cell has no pledge round with that number."))
        params = DocumentParams(round=params.round)
        summary = f"đăng ký thực hiện mô hình {MODEL_NAME} – {rounds[0].name}"
        short_name = f"So-dang-ky-cuoc-{params.round}"
        year = rounds[0].start.year
    elif params.year is not None:
        rounds = rounds.in_years(params.year, params.year)
        if not rounds:
            raise EmptyDocument(_("No pledge round started in %(year)s.") % {"year": params.year})
        params = DocumentParams(year=params.year)
        summary = f"đăng ký thực hiện mô hình {MODEL_NAME} năm {params.year}"
        short_name = f"So-dang-ky-{params.year}"
        year = params.year
    else:
        raise BadParameters(_("Choose a pledge round or a year."))
    register = build_register(rounds, PledgeLevel.objects.filter(cell=cell).order_by("position"))
    return Document(
        kind=DocumentKind.PLEDGES,
        doc_type=DocumentType.REPORT,
        organisation=cell,
        title="SỔ",
        summary=summary,
        body_template="documents/pledges.html",
        params=params,
        short_name=short_name,
        signatures=[collective_signature(cell, default_signer(cell, issue))],
        recipients=cell_recipients(cell, members=False),
        issue=issue,
        year=(issue.issued_on.year if issue else max(year, timezone.localdate().year)),
        context={"register": register},
    )


def pledges_options(cell: Organisation) -> list[tuple[str, DocumentParams]]:
    """Each year with rounds, then each round, newest first."""
    rounds = list(PledgeRound.objects.filter(cell=cell).order_by("-start", "-pk"))
    years = sorted({r.start.year for r in rounds}, reverse=True)
    options = [(f"Năm {year}", DocumentParams(year=year)) for year in years]
    options += [(r.name, DocumentParams(round=r.pk)) for r in rounds]
    return options


def render_pledges_html(
    cell: Organisation, *, params: DocumentParams, issue: Issue | None = None
) -> str:
    """The pledge register as the HTML that prints."""
    return render_html(build_pledges(cell, params, issue=issue))
