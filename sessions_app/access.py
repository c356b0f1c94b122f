"""Who may see and change the workflow's objects, one helper per object kind.

Like `members.access`, every helper raises Http404 when the user may not see the object
(other cells, staff on Party content) and PermissionDenied (403) when they may see it but
not change it.
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
from sessions_app.models import AnnualPlan, Attachment, BackgroundJob, Comment, Topic

# --- Background jobs -------------------------------------------------------------------


def get_job_for_user(user: User, pk: str) -> BackgroundJob:
    """A job is seen only by whoever started it (and the site administrator)."""
    job = BackgroundJob.objects.select_related("organisation").filter(pk=pk).first()
    if job is None or not (user.is_superuser or job.requested_by_id == user.pk):
        raise Http404
    return job


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
