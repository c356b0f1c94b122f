"""The editable narrative sections of a report, saved with optimistic locking.

Until the committee saves them, a report shows sections prefilled from what the
minutes recorded; once saved, the saved text. Issuing renders whatever is current
into the PDF, which freezes it with the number.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from members.models import Organisation, User
from sessions_app.documents.activity import SECTION_NAMES
from sessions_app.documents.document import DocumentError, DocumentParams
from sessions_app.models.documents import ReportNarrative

MAX_SECTION_LENGTH = 20_000


class NarrativeConflict(DocumentError):
    """Someone else saved the sections after this form was opened."""


def conflict_message() -> str:
    return _(
        "Someone else saved these sections while you were editing. Your text is kept "
        "below: compare it with the report and save again."
    )


def find_narrative(
    organisation: Organisation, kind: str, params: DocumentParams
) -> ReportNarrative | None:
    return ReportNarrative.objects.filter(
        organisation=organisation, kind=kind, params_key=params.as_query()
    ).first()


def current_sections(
    organisation: Organisation, kind: str, params: DocumentParams, prefill: dict[str, str]
) -> tuple[dict[str, str], ReportNarrative | None]:
    """The saved sections when there are any, else the prefilled ones."""
    narrative = find_narrative(organisation, kind, params)
    if narrative is None:
        return dict(prefill), None
    return {name: narrative.sections.get(name, "") for name in SECTION_NAMES}, narrative


def save_narrative(
    *,
    organisation: Organisation,
    kind: str,
    params: DocumentParams,
    sections: dict[str, str],
    version: int,
    by: User,
) -> ReportNarrative:
    """Save the sections if nobody saved since `version` (0 for a report never saved)."""
    cleaned = {name: (sections.get(name) or "").strip() for name in SECTION_NAMES}
    if any(len(text) > MAX_SECTION_LENGTH for text in cleaned.values()):
        raise DocumentError(_("A section is too long."))
    with transaction.atomic():
        narrative = (
            ReportNarrative.objects.select_for_update()
            .filter(organisation=organisation, kind=kind, params_key=params.as_query())
            .first()
        )
        current = narrative.version if narrative else 0
        if version != current:
            if narrative is not None and narrative.sections == cleaned:
                return narrative
            raise NarrativeConflict(conflict_message())
        if narrative is None:
            try:
                with transaction.atomic():
                    return ReportNarrative.objects.create(
                        organisation=organisation,
                        kind=kind,
                        params_key=params.as_query(),
                        params=params.as_json(),
                        sections=cleaned,
                        updated_by=by,
                    )
            except IntegrityError:
                raise NarrativeConflict(conflict_message()) from None
        narrative.sections = cleaned
        narrative.version = current + 1
        narrative.updated_by = by
        narrative.save()
        return narrative
