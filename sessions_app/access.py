"""Access helpers for the workflow's own object kinds, one section per part.

Like `members.access`: each `get_<kind>_for_user` raises Http404 when the user may not
see the object at all and PermissionDenied (403) when they may see it but not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.access import CellAccess, cell_access
from members.models import User
from sessions_app.models import BackgroundJob, PledgeRegistration, PledgeRound

# --- Background jobs -------------------------------------------------------------------


def get_job_for_user(user: User, pk: str) -> BackgroundJob:
    """A job is seen only by whoever started it (and the site administrator)."""
    job = BackgroundJob.objects.select_related("organisation").filter(pk=pk).first()
    if job is None or not (user.is_superuser or job.requested_by_id == user.pk):
        raise Http404
    return job


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
