"""Access helpers for the workflow's objects (see members/access.py for the rules).

Each helper loads what its page needs and raises Http404 when the user may not see
the object (other cells, staff on Party content) and PermissionDenied when they may
see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.access import CellAccess, cell_access, get_cell_for_user, require_cell_access
from members.models import Organisation, User
from sessions_app.documents.registry import KindSpec, get_kind
from sessions_app.models import BackgroundJob, PledgeRegistration, PledgeRound
from sessions_app.models.documents import IssuedDocument
from sessions_app.models.meetings import Meeting, Minutes

# --- Background jobs -------------------------------------------------------------------


def get_job_for_user(user: User, pk: str) -> BackgroundJob:
    """A job is seen only by whoever started it (and the site administrator)."""
    job = BackgroundJob.objects.select_related("organisation").filter(pk=pk).first()
    if job is None or not (user.is_superuser or job.requested_by_id == user.pk):
        raise Http404
    return job


# --- Documents (issue 7) ---------------------------------------------------------------


def get_document_kind_for_user(
    user: User, slug: str, kind: str, *, write: bool = False
) -> tuple[CellAccess, KindSpec]:
    """A cell's document kind: Party content, so staff and other cells get 404.

    Kinds with personal data (the roster) are for the cell committee and the superior
    committee only; issuing (`write=True`) is for the cell committee.
    """
    access = get_cell_for_user(user, slug, party=True)
    spec = get_kind(kind)
    if spec is None or not spec.available or spec.for_committees:
        raise Http404
    if spec.people_data and not access.can_read_people:
        raise Http404
    if write and not access.is_committee:
        raise PermissionDenied
    return access, spec


def get_issued_document_for_user(
    user: User, pk: int, *, with_pdf: bool = False
) -> tuple[IssuedDocument, CellAccess | None]:
    """An issued document of a cell the user may read, or of a committee they watch."""
    documents = IssuedDocument.objects.select_related(
        "organisation", "organisation__parent", "term", "issued_by", "replaces"
    )
    if not with_pdf:
        documents = documents.defer("pdf")
    document = documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    organisation = document.organisation
    if not organisation.is_cell:
        if not Organisation.objects.visible_to(user).filter(pk=organisation.pk).exists():
            raise Http404
        return document, None
    access = require_cell_access(user, organisation, party=True)
    spec = get_kind(document.kind)
    if spec is not None and spec.people_data and not access.can_read_people:
        raise Http404
    return document, access


# --- Meetings and minutes (meetings part) -------------------------------------------------


def can_write_meeting(access: CellAccess, meeting: Meeting) -> bool:
    """The cell committee, and the meeting's recorder, who types the minutes."""
    if access.is_committee:
        return True
    return access.person is not None and access.person.pk == meeting.recorder_id


def is_meeting_chair(access: CellAccess, meeting: Meeting) -> bool:
    return access.person is not None and access.person.pk == meeting.chair_id


def _meeting_access(user: User, meeting: Meeting, *, write: bool) -> CellAccess:
    access = cell_access(user, meeting.cell)
    # Meetings and minutes are Party content: staff of the unit never see them.
    if access is None or not access.can_read_party:
        raise Http404
    if write and not can_write_meeting(access, meeting):
        raise PermissionDenied
    return access


def get_meeting_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Meeting, CellAccess]:
    """A meeting the user may read (party members of its cell, viewers above); writers with
    `write=True`: the committee and the meeting's recorder."""
    meeting = (
        Meeting.objects.select_related("cell", "cell__parent", "chair", "recorder", "minutes")
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404
    return meeting, _meeting_access(user, meeting, write=write)


def get_minutes_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Minutes, CellAccess]:
    """The minutes of a meeting, under the same rules as the meeting."""
    minutes = (
        Minutes.objects.select_related(
            "meeting",
            "meeting__cell",
            "meeting__cell__parent",
            "meeting__chair",
            "meeting__recorder",
            "updated_by",
        )
        .filter(pk=pk)
        .first()
    )
    if minutes is None:
        raise Http404
    return minutes, _meeting_access(user, minutes.meeting, write=write)


def require_meeting_chair(access: CellAccess, meeting: Meeting) -> None:
    """Only the meeting's chair approves its minutes (403 for everyone else)."""
    if not is_meeting_chair(access, meeting):
        raise PermissionDenied


# --- Pledges ("Trên làm gương mẫu mực, dưới tích cực làm theo") -----------------------


def can_read_pledge_register(access: CellAccess) -> bool:
    """Everyone's pledges are need-to-know: the committee and superior-committee viewers."""
    return access.is_committee or access.is_viewer


def is_pledge_owner(access: CellAccess, registration: PledgeRegistration) -> bool:
    return access.person is not None and access.person.pk == registration.person_id


def can_edit_pledge(access: CellAccess, registration: PledgeRegistration) -> bool:
    """The owner until it is evaluated; the committee for someone without a login."""
    if registration.is_evaluated:
        return False
    if is_pledge_owner(access, registration):
        return True
    return access.is_committee and registration.person.user_id is None


def get_round_for_user(
    user: User, pk: int, *, write: bool = False
) -> tuple[PledgeRound, CellAccess]:
    """A pledge round. Members and staff reach only open rounds and those they joined."""
    pledge_round = (
        PledgeRound.objects.select_related("cell", "cell__parent", "meeting").filter(pk=pk).first()
    )
    if pledge_round is None:
        raise Http404
    access = cell_access(user, pledge_round.cell)
    if access is None:
        raise Http404
    if not (
        can_read_pledge_register(access)
        or pledge_round.is_open
        or (
            access.person is not None
            and pledge_round.registrations.filter(person=access.person).exists()
        )
    ):
        raise Http404
    if write and not access.is_committee:
        raise PermissionDenied
    return pledge_round, access


def get_registration_for_user(
    user: User, pk: int, *, write: bool = False, committee: bool = False
) -> tuple[PledgeRegistration, CellAccess]:
    """A pledge: its owner, the committee and viewers see it; nobody else learns it exists.

    `write=True` (edit, report progress) allows `can_edit_pledge`; `committee=True` only the
    committee. Both give 403 to others who may read it.
    """
    registration = PledgeRegistration.objects.for_detail().filter(pk=pk).first()
    if registration is None:
        raise Http404
    access = cell_access(user, registration.round.cell)
    if access is None:
        raise Http404
    if not (is_pledge_owner(access, registration) or can_read_pledge_register(access)):
        raise Http404
    if committee and not access.is_committee:
        raise PermissionDenied
    if write and not can_edit_pledge(access, registration):
        raise PermissionDenied
    return registration, access
