"""Access helpers for the workflow's objects (see members/access.py for the rules).

Each helper loads what its page needs and raises Http404 when the user may not see
the object (other cells, staff on Party content) and PermissionDenied when they may
see it but not change it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from members.access import (
    CellAccess,
    Role,
    cell_access,
    get_cell_for_user,
    require_cell_access,
    role_of_person,
)
from members.models import Organisation, User, user_person, user_viewer_paths
from sessions_app.documents.registry import KindSpec, get_kind
from sessions_app.models import (
    AnnualPlan,
    Attachment,
    BackgroundJob,
    Comment,
    PledgeRegistration,
    PledgeRound,
    Topic,
)
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
            "updated_by__person",
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


# --- topics part: plans, topics, versions, attachments, comments --------------------------


def party_cells_for(user: User) -> QuerySet[Organisation]:
    """Cells whose Party content (plans, drafts, comments) the user may read.

    Their own cell when they are a party member there, every cell under a committee they
    view, every cell for the site administrator. Never the cell of a non-party staff member.
    """
    cells = Organisation.objects.cells()
    if not user.is_authenticated or not user.is_active:
        return cells.none()
    if user.is_superuser:
        return cells
    condition = Q(pk__in=[])
    for path in user_viewer_paths(user):
        condition |= Q(path__startswith=path)
    person = user_person(user)
    if person is not None and role_of_person(person) not in (None, Role.STAFF):
        condition |= Q(pk=person.cell_id)
    return cells.filter(condition)


@dataclass(frozen=True)
class TopicRights:
    """What a user's role allows on one topic, whatever its state (services add the state)."""

    access: CellAccess
    is_drafter: bool

    @property
    def can_manage(self) -> bool:
        """Plan, assign, approve, send back, circulate, postpone, move, cancel: the committee."""
        return self.access.is_committee

    @property
    def can_draft(self) -> bool:
        """Write the draft and submit it: the assigned drafters (and the site administrator)."""
        return self.is_drafter or self.access.role == Role.ADMIN

    @property
    def can_finalise(self) -> bool:
        return self.is_drafter or self.access.is_committee

    @property
    def can_attach(self) -> bool:
        return self.is_drafter or self.access.is_committee

    @property
    def can_comment(self) -> bool:
        """Any party member of the cell, committee included; not viewers, not staff."""
        return self.access.is_party_member

    @property
    def can_answer(self) -> bool:
        return self.is_drafter or self.access.is_committee


def topic_rights(access: CellAccess, topic: Topic) -> TopicRights:
    """Rights on a topic; its drafters should be prefetched (`topic.drafters.all()`)."""
    person = access.person
    drafter_ids = {p.pk for p in topic.drafters.all()}
    return TopicRights(access=access, is_drafter=person is not None and person.pk in drafter_ids)


def rights_for(user: User, topic: Topic) -> TopicRights:
    """Rights of a user on a topic; PermissionDenied when they cannot even read it."""
    access = cell_access(user, topic.plan.cell)
    if access is None or not access.can_read_party:
        raise PermissionDenied
    return topic_rights(access, topic)


def get_cell_plans_for_user(user: User, slug: str, *, write: bool = False) -> CellAccess:
    """A cell's plans: Party content, so staff and other cells get 404."""
    return get_cell_for_user(user, slug, write=write, party=True)


def get_plan_for_user(user: User, pk: int, *, write: bool = False) -> tuple[AnnualPlan, CellAccess]:
    """An annual plan of a cell whose Party content the user may read; write: the committee."""
    plan = AnnualPlan.objects.select_related("cell", "cell__parent").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan, require_cell_access(user, plan.cell, write=write, party=True)


def get_topic_for_user(
    user: User, pk: int, *, write: bool = False, page: bool = False
) -> tuple[Topic, TopicRights]:
    """A topic the user may read, with their rights on it.

    `write=True` lets only the committee through (403 for others who may read); `page=True`
    loads everything the topic page shows.
    """
    queryset = (
        Topic.objects.for_topic_page()
        if page
        else Topic.objects.select_related("plan", "plan__cell", "plan__cell__parent")
    )
    topic = queryset.filter(pk=pk).first()
    if topic is None:
        raise Http404
    access = require_cell_access(user, topic.plan.cell, write=write, party=True)
    return topic, topic_rights(access, topic)


def get_attachment_for_user(user: User, pk: int) -> tuple[Attachment, TopicRights]:
    """An attachment of a topic the user may read. Removed files stay readable only when a
    kept version includes them."""
    attachment = (
        Attachment.objects.select_related("topic", "topic__plan", "topic__plan__cell")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404
    access = require_cell_access(user, attachment.topic.plan.cell, party=True)
    if attachment.removed_at is not None and not attachment.versions.exists():
        raise Http404
    return attachment, topic_rights(access, attachment.topic)


def get_comment_for_user(user: User, pk: int) -> tuple[Comment, TopicRights]:
    """A comment on a topic the user may read."""
    comment = (
        Comment.objects.select_related(
            "topic", "topic__plan", "topic__plan__cell", "author", "version", "parent"
        )
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404
    access = require_cell_access(user, comment.topic.plan.cell, party=True)
    return comment, topic_rights(access, comment.topic)


# --- Dashboards: the superior committee's grid -----------------------------------------------


def get_committee_for_user(user: User, slug: str) -> Organisation:
    """A committee (not a cell) at or under one the user views; every one for the admin.

    Members, staff and the committees of other branches get 404: the grid names cells.
    """
    committee = (
        Organisation.objects.visible_to(user)
        .filter(slug=slug, kind=Organisation.Kind.COMMITTEE)
        .first()
    )
    if committee is None:
        raise Http404
    return committee
