"""Every write of the topic workflow: plans, topics and their moves, drafts and versions,
attachments, comments and answers (DOMAIN.md §3, steps 1–5 and 7).

Each function checks who may act (`TopicRights`) and from which state, inside one
transaction, records the move, and sends its e-mails after commit. Views, commands,
the demo seed and tests all go through here. The meetings part calls `mark_presented`
and `finalise_topic` (and `set_comment_window` when it schedules the session).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import require_cell_access
from members.edit_lock import check_fresh, locked_copy
from members.models import Organisation, Person, User
from sessions_app import notifications
from sessions_app.access import TopicRights, rights_for
from sessions_app.models import (
    AnnualPlan,
    Attachment,
    Comment,
    Topic,
    TopicGroup,
    TopicTransition,
    TopicVersion,
)
from sessions_app.richtext import render_markdown
from sessions_app.uploads import check_upload

if TYPE_CHECKING:
    from sessions_app.models import Meeting

State = Topic.State
Action = TopicTransition.Action

# Which states each move starts from. A move not listed here from the topic's state is refused.
ALLOWED_FROM: dict[str, tuple[str, ...]] = {
    Action.STARTED: (State.PLANNED,),
    Action.SUBMITTED: (State.DRAFTING,),
    Action.APPROVED: (State.AWAITING_APPROVAL,),
    Action.SENT_BACK: (State.AWAITING_APPROVAL,),
    Action.CIRCULATED: (State.AWAITING_APPROVAL,),
    Action.WINDOW_CHANGED: (State.CIRCULATED,),
    Action.PRESENTED: (State.CIRCULATED,),
    Action.FINALISED: (State.PRESENTED,),
    Action.POSTPONED: (State.PLANNED, State.DRAFTING, State.AWAITING_APPROVAL, State.CIRCULATED),
    Action.CANCELLED: Topic.NOT_HELD,
    Action.MOVED: Topic.NOT_HELD,
}


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_state(topic: Topic, action: str) -> None:
    """Refuse a move from the wrong state, reading the state under a row lock."""
    current = Topic.objects.select_for_update().values_list("state", flat=True).get(pk=topic.pk)
    if current != topic.state:
        raise ValidationError(
            _("Someone changed this topic in the meantime. Please reload the page and try again.")
        )
    if topic.state not in ALLOWED_FROM[action]:
        raise ValidationError(
            _("This cannot be done while the topic is “%(state)s”.")
            % {"state": topic.get_state_display()}
        )


def _record(
    topic: Topic,
    *,
    action: str,
    from_state: str,
    by: User,
    at: datetime.datetime,
    remark: str = "",
    **extra: object,
) -> TopicTransition:
    return TopicTransition.objects.create(
        topic=topic,
        action=action,
        from_state=from_state,
        to_state=topic.state,
        by=by,
        at=at,
        remark=remark.strip(),
        **extra,
    )


def _remark_required(remark: str, message: str) -> str:
    remark = (remark or "").strip()
    if not remark:
        raise ValidationError({"remark": message})
    return remark


def role_allows(action: str, rights: TopicRights) -> bool:
    """Whether the user's role may ever make this move (drafter submits, committee approves…)."""
    if action in (Action.STARTED, Action.SUBMITTED):
        return rights.can_draft
    if action == Action.FINALISED:
        return rights.can_finalise
    return rights.can_manage


def state_allows(action: str, topic: Topic) -> bool:
    """Whether the topic's state allows this move now."""
    if topic.state not in ALLOWED_FROM[action]:
        return False
    if action == Action.APPROVED:
        return topic.approved_at is None
    if action == Action.CIRCULATED:
        return topic.approved_at is not None
    return True


def available_actions(topic: Topic, rights: TopicRights) -> set[str]:
    """The moves this user may make on this topic now: what the page offers."""
    return {a for a in ALLOWED_FROM if role_allows(a, rights) and state_allows(a, topic)}


# --- plans -----------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    cell: Organisation,
    *,
    by: User,
    year: int,
    notes: str = "",
    at: datetime.datetime | None = None,
) -> AnnualPlan:
    """Open a cell's plan for a year (committee)."""
    require_cell_access(by, cell, write=True, party=True)
    if AnnualPlan.objects.filter(cell=cell, year=year).exists():
        raise ValidationError(
            {"year": _("The cell already has a plan for %(year)s.") % {"year": year}}
        )
    return AnnualPlan.objects.create(
        cell=cell, year=year, notes=notes.strip(), created_by=by, created_at=_now(at)
    )


@transaction.atomic
def update_plan(plan: AnnualPlan, *, by: User, notes: str, token: str | None = None) -> AnnualPlan:
    """Change the year's aims; `token` (see `members.edit_lock`) refuses a stale form."""
    require_cell_access(by, plan.cell, write=True, party=True)
    check_fresh(locked_copy(plan), AnnualPlan.EDIT_FIELDS, token)
    plan.notes = notes.strip()
    plan.save(update_fields=["notes"])
    return plan


@transaction.atomic
def approve_plan(plan: AnnualPlan, *, by: User, at: datetime.datetime | None = None) -> AnnualPlan:
    """The committee approves the year's plan (drafting → approved)."""
    require_cell_access(by, plan.cell, write=True, party=True)
    if plan.state != AnnualPlan.State.DRAFTING:
        raise ValidationError(_("Only a plan being drafted can be approved."))
    if not plan.topics.exists():
        raise ValidationError(_("Add at least one topic before approving the plan."))
    plan.state, plan.approved_at, plan.approved_by = AnnualPlan.State.APPROVED, _now(at), by
    plan.save(update_fields=["state", "approved_at", "approved_by"])
    return plan


@transaction.atomic
def report_plan(plan: AnnualPlan, *, by: User, at: datetime.datetime | None = None) -> AnnualPlan:
    """Record that the approved plan was reported to the superior committee."""
    require_cell_access(by, plan.cell, write=True, party=True)
    if plan.state != AnnualPlan.State.APPROVED:
        raise ValidationError(_("Only an approved plan can be reported."))
    plan.state, plan.reported_at, plan.reported_by = AnnualPlan.State.REPORTED, _now(at), by
    plan.save(update_fields=["state", "reported_at", "reported_by"])
    return plan


# --- topics ----------------------------------------------------------------------------------


def _check_people(cell: Organisation, drafters: Iterable[Person], presenter: Person | None) -> None:
    for person in [*drafters, *([presenter] if presenter else [])]:
        if person.cell_id != cell.pk or not person.is_party_member or not person.is_active:
            raise ValidationError(
                {"drafters": _("Drafters and presenters must be party members of the cell.")}
            )


@transaction.atomic
def create_topic(
    plan: AnnualPlan,
    *,
    by: User,
    title: str,
    group: str,
    quarter: int,
    purpose: str = "",
    scope: str = "",
    drafters: Iterable[Person] = (),
    presenter: Person | None = None,
    due_date: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Topic:
    """Add a topic to a plan and assign its drafters, who are told by e-mail."""
    require_cell_access(by, plan.cell, write=True, party=True)
    drafters = list(drafters)
    _check_people(plan.cell, drafters, presenter)
    if group not in TopicGroup.values or quarter not in (1, 2, 3, 4):
        raise ValidationError(_("Choose a topic group and a quarter."))
    topic = Topic.objects.create(
        plan=plan,
        title=title.strip(),
        group=group,
        quarter=quarter,
        purpose=purpose.strip(),
        scope=scope.strip(),
        presenter=presenter,
        due_date=due_date,
        created_at=_now(at),
    )
    topic.drafters.set(drafters)
    if drafters:
        notifications.assigned(topic, drafters)
    return topic


@transaction.atomic
def update_topic(
    topic: Topic,
    *,
    by: User,
    title: str,
    group: str,
    purpose: str,
    scope: str,
    drafters: Iterable[Person],
    presenter: Person | None,
    due_date: datetime.date | None,
    quarter: int | None = None,
    token: str | None = None,
) -> Topic:
    """Change a topic's details; newly assigned drafters are told. A stale form (`token`,
    see `members.edit_lock`) raises StaleEdit and changes nothing.

    The quarter changes freely while the plan is being drafted; once approved, a topic moves
    only through `move_topic`, with a reason.
    """
    rights = rights_for(by, topic)
    _require(rights.can_manage)
    if topic.state in (State.FINALISED, State.CANCELLED):
        raise ValidationError(_("A finalised or cancelled topic cannot be changed."))
    check_fresh(locked_copy(topic), Topic.EDIT_FIELDS, token)
    drafters = list(drafters)
    _check_people(topic.plan.cell, drafters, presenter)
    if quarter is not None and quarter != topic.quarter:
        if topic.plan.state != AnnualPlan.State.DRAFTING:
            raise ValidationError(
                {"quarter": _("The plan is approved: move the topic with a reason instead.")}
            )
        topic.quarter = quarter
    before = set(topic.drafters.values_list("pk", flat=True))
    topic.title, topic.group = title.strip(), group
    topic.purpose, topic.scope = purpose.strip(), scope.strip()
    topic.presenter, topic.due_date = presenter, due_date
    topic.save()
    topic.drafters.set(drafters)
    added = [p for p in drafters if p.pk not in before]
    if added:
        notifications.assigned(topic, added)
    return topic


@transaction.atomic
def start_drafting(
    topic: Topic, *, by: User, at: datetime.datetime | None = None
) -> TopicTransition:
    """The drafter starts work (planned → drafting)."""
    _require(rights_for(by, topic).can_draft)
    _require_state(topic, Action.STARTED)
    from_state, topic.state = topic.state, State.DRAFTING
    topic.save(update_fields=["state"])
    return _record(topic, action=Action.STARTED, from_state=from_state, by=by, at=_now(at))


@dataclass
class DraftConflict(Exception):
    """Someone saved the draft since this editor loaded it: nothing is overwritten."""

    current_body: str
    current_revision: int
    updated_by: User | None
    updated_at: datetime.datetime | None


@transaction.atomic
def save_draft(
    topic: Topic, *, by: User, body: str, revision: int, at: datetime.datetime | None = None
) -> Topic:
    """Save the working draft if nobody saved a newer one since `revision` was read.

    Raises DraftConflict with the newer text otherwise (optimistic locking). Saving a
    planned topic's first draft starts the drafting.
    """
    _require(rights_for(by, topic).can_draft)
    current = (
        Topic.objects.select_for_update()
        .only("state", "draft_body", "draft_revision", "draft_updated_at", "draft_updated_by")
        .get(pk=topic.pk)
    )
    if current.state not in Topic.DRAFT_EDITABLE:
        raise ValidationError(
            _("The draft cannot be changed while the topic is “%(state)s”.")
            % {"state": current.get_state_display()}
        )
    if current.draft_revision != revision:
        raise DraftConflict(
            current_body=current.draft_body,
            current_revision=current.draft_revision,
            updated_by=current.draft_updated_by,
            updated_at=current.draft_updated_at,
        )
    topic.state = current.state
    if topic.state == State.PLANNED:
        start_drafting(topic, by=by, at=at)
    topic.draft_body = body.replace("\r\n", "\n")
    topic.draft_revision = revision + 1
    topic.draft_updated_at, topic.draft_updated_by = _now(at), by
    topic.save(
        update_fields=["draft_body", "draft_revision", "draft_updated_at", "draft_updated_by"]
    )
    return topic


def _new_version(
    topic: Topic, *, kind: str, body: str, by: User, at: datetime.datetime
) -> TopicVersion:
    last = topic.versions.aggregate(n=Max("number"))["n"] or 0
    rendered = render_markdown(body)
    version = TopicVersion.objects.create(
        topic=topic,
        number=last + 1,
        kind=kind,
        body=body,
        body_html=rendered.html,
        sections=rendered.sections,
        created_at=at,
        created_by=by,
    )
    version.attachments.set(topic.attachments.filter(removed_at__isnull=True))
    return version


@transaction.atomic
def submit_topic(
    topic: Topic, *, by: User, remark: str = "", at: datetime.datetime | None = None
) -> TopicVersion:
    """The drafter submits the draft for approval (drafting → awaiting approval); it is kept
    as a version and the committee is told."""
    _require(rights_for(by, topic).can_draft)
    _require_state(topic, Action.SUBMITTED)
    topic.refresh_from_db(fields=["draft_body"])
    if not topic.draft_body.strip():
        raise ValidationError(_("Write the draft before submitting it."))
    at = _now(at)
    version = _new_version(
        topic, kind=TopicVersion.Kind.SUBMITTED, body=topic.draft_body, by=by, at=at
    )
    from_state, topic.state = topic.state, State.AWAITING_APPROVAL
    topic.approved_at = topic.approved_by = None
    topic.save(update_fields=["state", "approved_at", "approved_by"])
    _record(topic, action=Action.SUBMITTED, from_state=from_state, by=by, at=at, remark=remark)
    notifications.submitted(topic, by=by, version_number=version.number)
    return version


@transaction.atomic
def approve_topic(
    topic: Topic, *, by: User, remark: str = "", at: datetime.datetime | None = None
) -> TopicTransition:
    """The secretary or committee approves the submitted draft; it may then be circulated."""
    _require(rights_for(by, topic).can_manage)
    _require_state(topic, Action.APPROVED)
    if topic.approved_at:
        raise ValidationError(_("This draft is already approved."))
    at = _now(at)
    topic.approved_at, topic.approved_by = at, by
    topic.save(update_fields=["approved_at", "approved_by"])
    return _record(
        topic, action=Action.APPROVED, from_state=topic.state, by=by, at=at, remark=remark
    )


@transaction.atomic
def send_back_topic(
    topic: Topic, *, by: User, remark: str, at: datetime.datetime | None = None
) -> TopicTransition:
    """The committee sends the draft back with remarks (awaiting approval → drafting)."""
    _require(rights_for(by, topic).can_manage)
    remark = _remark_required(remark, _("Write what the drafter should change."))
    _require_state(topic, Action.SENT_BACK)
    from_state, topic.state = topic.state, State.DRAFTING
    topic.approved_at = topic.approved_by = None
    topic.save(update_fields=["state", "approved_at", "approved_by"])
    transition = _record(
        topic, action=Action.SENT_BACK, from_state=from_state, by=by, at=_now(at), remark=remark
    )
    notifications.sent_back(topic, remark=remark, transition_id=transition.pk)
    return transition


def _check_close(closes_at: datetime.datetime | None, at: datetime.datetime) -> None:
    if closes_at is not None and closes_at <= at:
        raise ValidationError(
            {"comments_close_at": _("The comment deadline must be in the future.")}
        )


@transaction.atomic
def circulate_topic(
    topic: Topic,
    *,
    by: User,
    comments_close_at: datetime.datetime | None = None,
    remark: str = "",
    at: datetime.datetime | None = None,
) -> TopicVersion:
    """The committee circulates the approved draft to every party member of the cell for
    comments, until `comments_close_at` (or until the session when not set)."""
    _require(rights_for(by, topic).can_manage)
    _require_state(topic, Action.CIRCULATED)
    if not topic.approved_at:
        raise ValidationError(_("Approve the draft before circulating it."))
    at = _now(at)
    _check_close(comments_close_at, at)
    submitted = topic.versions.filter(kind=TopicVersion.Kind.SUBMITTED).order_by("-number").first()
    if submitted is None:  # pragma: no cover - submit_topic always keeps one
        raise ValidationError(_("There is no submitted version to circulate."))
    version = _new_version(
        topic, kind=TopicVersion.Kind.CIRCULATED, body=submitted.body, by=by, at=at
    )
    from_state, topic.state = topic.state, State.CIRCULATED
    topic.circulated_version, topic.comments_close_at = version, comments_close_at
    topic.save(update_fields=["state", "circulated_version", "comments_close_at"])
    _record(topic, action=Action.CIRCULATED, from_state=from_state, by=by, at=at, remark=remark)
    notifications.circulated(topic, by=by)
    return version


@transaction.atomic
def set_comment_window(
    topic: Topic,
    *,
    by: User,
    closes_at: datetime.datetime | None,
    remark: str = "",
    at: datetime.datetime | None = None,
) -> TopicTransition:
    """Change when comments on the circulated draft close (e.g. when the session is set)."""
    _require(rights_for(by, topic).can_manage)
    _require_state(topic, Action.WINDOW_CHANGED)
    at = _now(at)
    _check_close(closes_at, at)
    topic.comments_close_at = closes_at
    topic.save(update_fields=["comments_close_at"])
    return _record(
        topic, action=Action.WINDOW_CHANGED, from_state=topic.state, by=by, at=at, remark=remark
    )


@transaction.atomic
def mark_presented(
    topic: Topic,
    *,
    by: User,
    meeting: Meeting | None = None,
    remark: str = "",
    at: datetime.datetime | None = None,
) -> TopicTransition:
    """The topic was presented at the session (circulated → presented): comments close.

    Called by the meetings part when the session is held; `meeting`, when given, must be a
    meeting of the same cell and is linked to the topic.
    """
    _require(rights_for(by, topic).can_manage)
    _require_state(topic, Action.PRESENTED)
    at = _now(at)
    if meeting is not None:
        if meeting.cell_id != topic.plan.cell_id:
            raise ValidationError(_("The meeting belongs to another cell."))
        meeting.topics.add(topic)
    from_state, topic.state = topic.state, State.PRESENTED
    if topic.comments_close_at is None or topic.comments_close_at > at:
        topic.comments_close_at = at
    topic.save(update_fields=["state", "comments_close_at"])
    return _record(
        topic, action=Action.PRESENTED, from_state=from_state, by=by, at=at, remark=remark
    )


@transaction.atomic
def finalise_topic(
    topic: Topic,
    *,
    by: User,
    body: str | None = None,
    remark: str = "",
    at: datetime.datetime | None = None,
) -> TopicVersion:
    """The drafter (or committee) finalises the topic after the session (presented →
    finalised), keeping the final version: `body`, or else the current draft."""
    _require(rights_for(by, topic).can_finalise)
    _require_state(topic, Action.FINALISED)
    topic.refresh_from_db(fields=["draft_body"])
    text = (body if body is not None else topic.draft_body).replace("\r\n", "\n")
    if not text.strip() and topic.circulated_version_id:
        text = topic.circulated_version.body
    if not text.strip():
        raise ValidationError(_("The final text is empty."))
    at = _now(at)
    version = _new_version(topic, kind=TopicVersion.Kind.FINAL, body=text, by=by, at=at)
    from_state, topic.state, topic.final_version = topic.state, State.FINALISED, version
    topic.draft_body = text
    topic.save(update_fields=["state", "final_version", "draft_body"])
    _record(topic, action=Action.FINALISED, from_state=from_state, by=by, at=at, remark=remark)
    return version


@transaction.atomic
def postpone_topic(
    topic: Topic, *, by: User, reason: str, at: datetime.datetime | None = None
) -> TopicTransition:
    """Set a topic aside with a reason until it is moved to a later quarter (committee)."""
    _require(rights_for(by, topic).can_manage)
    reason = _remark_required(reason, _("Give the reason for postponing."))
    _require_state(topic, Action.POSTPONED)
    from_state, topic.state = topic.state, State.POSTPONED
    topic.save(update_fields=["state"])
    return _record(
        topic, action=Action.POSTPONED, from_state=from_state, by=by, at=_now(at), remark=reason
    )


@transaction.atomic
def cancel_topic(
    topic: Topic, *, by: User, reason: str, at: datetime.datetime | None = None
) -> TopicTransition:
    """Drop a topic that was not held, with a reason (committee)."""
    _require(rights_for(by, topic).can_manage)
    reason = _remark_required(reason, _("Give the reason for cancelling."))
    _require_state(topic, Action.CANCELLED)
    from_state, topic.state = topic.state, State.CANCELLED
    topic.save(update_fields=["state"])
    return _record(
        topic, action=Action.CANCELLED, from_state=from_state, by=by, at=_now(at), remark=reason
    )


@transaction.atomic
def move_topic(
    topic: Topic,
    *,
    by: User,
    year: int,
    quarter: int,
    reason: str,
    at: datetime.datetime | None = None,
) -> TopicTransition:
    """Move a topic not held to a later quarter or year, with a reason (committee).

    The plan of a later year is opened if the cell has none yet. A postponed topic resumes
    (drafting if it has a draft, planned otherwise).
    """
    _require(rights_for(by, topic).can_manage)
    reason = _remark_required(reason, _("Give the reason for moving the topic."))
    _require_state(topic, Action.MOVED)
    if quarter not in (1, 2, 3, 4) or (year, quarter) <= (topic.plan.year, topic.quarter):
        raise ValidationError({"quarter": _("Choose a later quarter.")})
    source_plan, source_quarter = topic.plan, topic.quarter
    target = AnnualPlan.objects.filter(cell_id=source_plan.cell_id, year=year).first()
    if target is None:
        try:
            with transaction.atomic():
                target = create_plan(source_plan.cell, by=by, year=year)
        except (ValidationError, IntegrityError):
            raise ValidationError({"year": _("This year cannot be used.")}) from None
    from_state = topic.state
    if topic.state == State.POSTPONED:
        topic.state = State.DRAFTING if topic.draft_body.strip() else State.PLANNED
    topic.plan, topic.quarter = target, quarter
    topic.save(update_fields=["plan", "quarter", "state"])
    return _record(
        topic,
        action=Action.MOVED,
        from_state=from_state,
        by=by,
        at=_now(at),
        remark=reason,
        from_plan=source_plan,
        from_quarter=source_quarter,
        to_plan=target,
        to_quarter=quarter,
    )


# --- attachments -----------------------------------------------------------------------------


def _require_attachable(topic: Topic, rights: TopicRights) -> None:
    _require(rights.can_attach)
    if topic.state in (State.FINALISED, State.CANCELLED):
        raise ValidationError(_("Files cannot be added to a finalised or cancelled topic."))


@transaction.atomic
def add_attachment(topic: Topic, *, by: User, upload: UploadedFile, title: str = "") -> Attachment:
    """Attach a file after checking its size and its content (see `sessions_app.uploads`)."""
    _require_attachable(topic, rights_for(by, topic))
    checked = check_upload(upload)
    original = (upload.name or "tep").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    attachment = Attachment(
        topic=topic,
        kind=Attachment.Kind.FILE,
        title=(title or original).strip()[:200],
        original_name=original,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    attachment.file.save(f"upload{checked.extension}", upload, save=False)
    try:
        attachment.save()
    except BaseException:
        # The file is written before the row: without the row nobody can reach it.
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def add_video_link(topic: Topic, *, by: User, url: str, title: str) -> Attachment:
    """Attach a link to a video (http or https only)."""
    _require_attachable(topic, rights_for(by, topic))
    attachment = Attachment(
        topic=topic,
        kind=Attachment.Kind.LINK,
        title=title.strip()[:200],
        url=url.strip(),
        uploaded_by=by,
    )
    attachment.full_clean(exclude=["topic", "file"])
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(
    attachment: Attachment, *, by: User, at: datetime.datetime | None = None
) -> Attachment:
    """Take an attachment off the draft. Files kept in a version stay with that version."""
    _require_attachable(attachment.topic, rights_for(by, attachment.topic))
    if attachment.removed_at is None:
        attachment.removed_at, attachment.removed_by = _now(at), by
        attachment.save(update_fields=["removed_at", "removed_by"])
    return attachment


# --- comments --------------------------------------------------------------------------------


@transaction.atomic
def post_comment(
    topic: Topic,
    *,
    by: User,
    body: str,
    section: str = "",
    parent: Comment | None = None,
    at: datetime.datetime | None = None,
) -> Comment:
    """A party member of the cell comments on the circulated draft, optionally on one of its
    sections, or replies to a comment (one level: a reply to a reply joins its thread)."""
    rights = rights_for(by, topic)
    _require(rights.can_comment)
    at = _now(at)
    if not topic.comments_open(at):
        raise ValidationError(_("Comments on this draft are closed."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    version = topic.circulated_version
    section_title = ""
    if parent is not None:
        if parent.topic_id != topic.pk:
            raise ValidationError(_("That comment belongs to another topic."))
        parent = parent.parent or parent
        section, section_title = parent.section, parent.section_title
    elif section:
        section_title = version.section_title(section)
        if not section_title:
            raise ValidationError({"section": _("Choose a section of the draft.")})
    return Comment.objects.create(
        topic=topic,
        version=version,
        parent=parent,
        section=section,
        section_title=section_title,
        author=rights.access.person,
        body=body,
        created_at=at,
    )


@transaction.atomic
def edit_comment(
    comment: Comment, *, by: User, body: str, at: datetime.datetime | None = None
) -> Comment:
    """The author changes their own comment while the window is open."""
    person = rights_for(by, comment.topic).access.person
    _require(person is not None and person.pk == comment.author_id)
    at = _now(at)
    if not comment.topic.comments_open(at):
        raise ValidationError(_("Comments on this draft are closed."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write your comment.")})
    comment.body, comment.edited_at = body, at
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def answer_comment(
    comment: Comment,
    *,
    by: User,
    answer: str,
    text: str,
    at: datetime.datetime | None = None,
) -> Comment:
    """The drafter or committee answers a comment: accepted, explained or noted, with a text.
    The author is told."""
    _require(rights_for(by, comment.topic).can_answer)
    if comment.parent_id is not None:
        raise ValidationError(_("Replies are not answered one by one; answer the comment."))
    if comment.topic.state not in (State.CIRCULATED, State.PRESENTED):
        raise ValidationError(_("Comments can be answered until the topic is finalised."))
    if answer not in Comment.Answer.values:
        raise ValidationError({"answer": _("Choose how the comment is taken.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    comment.answer, comment.answer_text = answer, text
    comment.answered_by, comment.answered_at = by, _now(at)
    comment.save(update_fields=["answer", "answer_text", "answered_by", "answered_at"])
    notifications.answered(comment)
    return comment
