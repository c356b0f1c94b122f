"""Every document kind the application prints, and how to make each.

Adding a kind is one module with `build_<kind>(organisation, params, *, issue=None)`
and `<kind>_options(organisation)`, then one entry here: views, the command, issuing
and the register pick it up. Kinds whose data is not recorded yet have no builder and
say what they wait for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from members.models import Organisation
from sessions_app.documents import (
    consolidated,
    minutes,
    plan,
    pledges,
    quarterly,
    review,
    roster,
    topic,
)
from sessions_app.documents.document import (
    BadParameters,
    Document,
    DocumentNotAvailable,
    DocumentParams,
    Issue,
    render_html,
)
from sessions_app.documents.pdf import html_to_pdf
from sessions_app.models.documents import DocumentKind, DocumentType

Builder = Callable[..., Document]
Options = Callable[[Organisation], list[tuple[str, DocumentParams]]]


@dataclass(frozen=True)
class KindSpec:
    """One kind of document: its type code, what it needs and who may read it."""

    key: DocumentKind
    doc_type: DocumentType
    build: Builder | None = None
    options: Options | None = None
    required: tuple[str, ...] = ()
    # Sensitive personal data (DOMAIN.md §8): the cell committee and superior committee only.
    people_data: bool = False
    # Issued by a superior committee over its cells rather than by a cell.
    for_committees: bool = False
    # Has narrative sections (results, limitations …) the committee edits before issue.
    narratives: bool = False
    waiting_for: str | Promise = ""

    @property
    def label(self) -> str:
        return str(self.key.label)

    @property
    def available(self) -> bool:
        return self.build is not None


KINDS: dict[str, KindSpec] = {
    spec.key.value: spec
    for spec in (
        KindSpec(
            DocumentKind.PLAN,
            DocumentType.PLAN,
            plan.build_plan,
            plan.plan_options,
        ),
        KindSpec(
            DocumentKind.ROSTER,
            DocumentType.REPORT,
            roster.build_roster,
            roster.roster_options,
            people_data=True,
        ),
        KindSpec(
            DocumentKind.MINUTES,
            DocumentType.MINUTES,
            minutes.build_minutes,
            minutes.minutes_options,
            required=("meeting",),
        ),
        KindSpec(
            DocumentKind.QUARTERLY,
            DocumentType.REPORT,
            quarterly.build_quarterly,
            quarterly.quarterly_options,
            required=("year", "quarter"),
            narratives=True,
        ),
        KindSpec(
            DocumentKind.REVIEW,
            DocumentType.REPORT,
            review.build_review,
            review.review_options,
            required=("start", "end"),
            narratives=True,
        ),
        KindSpec(
            DocumentKind.TOPIC,
            DocumentType.REPORT,
            topic.build_topic,
            topic.topic_options,
            required=("topic",),
        ),
        KindSpec(
            DocumentKind.PLEDGES,
            DocumentType.REPORT,
            pledges.build_pledges,
            pledges.pledges_options,
        ),
        KindSpec(
            DocumentKind.CONSOLIDATED,
            DocumentType.REPORT,
            consolidated.build_consolidated,
            consolidated.consolidated_options,
            required=("year", "quarter"),
            for_committees=True,
        ),
    )
}


def get_kind(key: str) -> KindSpec | None:
    return KINDS.get(key)


def available_kinds(*, for_committees: bool = False) -> list[KindSpec]:
    return [s for s in KINDS.values() if s.available and s.for_committees == for_committees]


def build_document(
    spec: KindSpec,
    organisation: Organisation,
    params: DocumentParams,
    *,
    issue: Issue | None = None,
) -> Document:
    """Collect a document of a kind; DocumentError says what is missing when it cannot."""
    if spec.build is None:
        raise DocumentNotAvailable(
            _("“%(kind)s” cannot be printed yet: it needs %(data)s, which are not recorded yet.")
            % {"kind": spec.label, "data": spec.waiting_for}
        )
    missing = [name for name in spec.required if getattr(params, name) is None]
    if missing:
        raise BadParameters(
            _("“%(kind)s” needs: %(missing)s.")
            % {"kind": spec.label, "missing": ", ".join(missing)}
        )
    return spec.build(organisation, params, issue=issue)


def render_document_pdf(kind: str, organisation: Organisation, params: DocumentParams) -> bytes:
    """Any document kind as PDF bytes, as the download gives it (benchmarks, batches).

    Raises DocumentError (with a message for people) when the document cannot be made.
    """
    spec = KINDS.get(kind)
    if spec is None:
        raise BadParameters(_("Unknown document kind “%(kind)s”.") % {"kind": kind})
    return html_to_pdf(render_html(build_document(spec, organisation, params)))
