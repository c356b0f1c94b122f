"""Annual topic plans, their topics, versions, attachments, comments and notifications
(DOMAIN.md §3, steps 1–5 and 7)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation, Person, User

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_label(year: int, quarter: int) -> str:
    """ "Quý II/2023": how the cell writes a quarter."""
    return _("Quarter %(roman)s/%(year)s") % {"roman": ROMAN[quarter], "year": year}


class TopicGroup(models.TextChoices):
    HO_CHI_MINH = "ho_chi_minh", _("Learning from and following Hồ Chí Minh")
    QUALIFICATION = "qualification", _("Raising political and professional level")
    RESOLUTIONS = "resolutions", _("Applying Party resolutions")
    SELF_EVOLUTION = "self_evolution", _("Preventing “self-evolution” and “self-transformation”")
    PARTY_BUILDING = "party_building", _("Party building")
    ANTI_CORRUPTION = "anti_corruption", _("Preventing corruption and waste")
    UNIT_WORK = "unit_work", _("The unit's own work")


class AnnualPlanQuerySet(models.QuerySet["AnnualPlan"]):
    def visible_to(self, user: User) -> AnnualPlanQuerySet:
        """Plans of the cells whose Party content the user may read (never staff)."""
        from sessions_app.access import party_cells_for

        return self.filter(cell__in=party_cells_for(user))

    def for_board(self) -> AnnualPlanQuerySet:
        """Plans with their topics, drafters and the topics moved out of them, for the board."""
        return self.select_related(
            "approved_by", "approved_by__person", "reported_by", "reported_by__person"
        ).prefetch_related(
            Prefetch("topics", queryset=Topic.objects.for_board()),
            Prefetch(
                "moves_out",
                queryset=TopicTransition.objects.filter(action=TopicTransition.Action.MOVED)
                .select_related("topic", "to_plan", "by", "by__person")
                .order_by("at", "pk"),
            ),
        )


class AnnualPlan(models.Model):
    """A cell's yearly plan of thematic sessions (kế hoạch sinh hoạt chuyên đề năm)."""

    class State(models.TextChoices):
        DRAFTING = "drafting", _("Being drafted")
        APPROVED = "approved", _("Approved by the committee")
        REPORTED = "reported", _("Reported to the superior committee")

    cell = models.ForeignKey(
        Organisation, verbose_name=_("cell"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFTING
    )
    notes = models.TextField(
        _("aims of the year"),
        blank=True,
        help_text=_("What the cell wants to achieve with this year's thematic sessions"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        User,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # What the edit form shows: a change to one of these by someone else is a conflict.
    EDIT_FIELDS = ("notes",)

    history = HistoricalRecords()
    objects = AnnualPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["cell", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cell", "year"], name="plan_unique_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="plan_sane_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cell} – {self.year}"

    def quarters(self) -> list[dict[str, Any]]:
        """The four quarters with their (prefetched) topics and the topics moved out of them."""
        topics = list(self.topics.all())
        moves = list(self.moves_out.all())
        return [
            {
                "number": q,
                "label": quarter_label(self.year, q),
                "topics": [t for t in topics if t.quarter == q],
                "moved_out": [m for m in moves if m.from_quarter == q],
            }
            for q in (1, 2, 3, 4)
        ]


class TopicQuerySet(models.QuerySet["Topic"]):
    def visible_to(self, user: User) -> TopicQuerySet:
        """Topics of the cells whose Party content the user may read."""
        from sessions_app.access import party_cells_for

        return self.filter(plan__cell__in=party_cells_for(user))

    def for_board(self) -> TopicQuerySet:
        """What a card on the plan board shows: state, drafters, due date."""
        return self.select_related("presenter").prefetch_related(
            Prefetch("drafters", queryset=Person.objects.order_by("sort_key"))
        )

    def for_topic_page(self) -> TopicQuerySet:
        """Everything the topic page needs, in a fixed number of queries."""
        return self.select_related(
            "plan",
            "plan__cell",
            "plan__cell__parent",
            "presenter",
            "draft_updated_by",
            "approved_by",
            "circulated_version",
            "final_version",
        ).prefetch_related(
            Prefetch("drafters", queryset=Person.objects.select_related("user")),
            Prefetch(
                "transitions",
                queryset=TopicTransition.objects.select_related(
                    "by", "by__person", "from_plan", "to_plan"
                ),
            ),
            Prefetch(
                "versions",
                queryset=TopicVersion.objects.select_related("created_by", "created_by__person"),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(removed_at__isnull=True).select_related(
                    "uploaded_by", "uploaded_by__person"
                ),
                to_attr="current_attachments",
            ),
        )

    def for_my_work(self) -> TopicQuerySet:
        return self.select_related("plan", "plan__cell").prefetch_related("drafters")

    def not_held(self) -> TopicQuerySet:
        return self.filter(state__in=Topic.NOT_HELD)


class Topic(models.Model):
    """One thematic topic (chuyên đề) of a plan, from assignment to its final text."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DRAFTING = "drafting", _("Drafting")
        AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
        CIRCULATED = "circulated", _("Circulated for comments")
        PRESENTED = "presented", _("Presented")
        FINALISED = "finalised", _("Finalised")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    # States in which the topic has not been held yet: it may still move, be postponed or cancelled.
    NOT_HELD = (
        State.PLANNED,
        State.DRAFTING,
        State.AWAITING_APPROVAL,
        State.CIRCULATED,
        State.POSTPONED,
    )
    # The drafter keeps working on the text while drafting and after comments and the session.
    DRAFT_EDITABLE = (State.PLANNED, State.DRAFTING, State.CIRCULATED, State.PRESENTED)
    EDIT_FIELDS = (
        "title", "group", "quarter", "purpose", "scope", "drafters", "presenter", "due_date",
    )  # fmt: skip

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="topics"
    )
    title = models.CharField(_("title"), max_length=300)
    group = models.CharField(_("topic group"), max_length=20, choices=TopicGroup.choices)
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, q) for q in (1, 2, 3, 4)])
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    drafters = models.ManyToManyField(
        Person, verbose_name=_("drafters"), related_name="drafted_topics", blank=True
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_topics",
    )
    due_date = models.DateField(_("draft due"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )

    # The working draft: one text edited by the drafters, guarded by a revision counter.
    draft_body = models.TextField(_("draft"), blank=True)
    draft_revision = models.PositiveIntegerField(default=0)
    draft_updated_at = models.DateTimeField(null=True, blank=True)
    draft_updated_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comments_close_at = models.DateTimeField(_("comments close at"), null=True, blank=True)
    circulated_version = models.ForeignKey(
        "TopicVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    final_version = models.ForeignKey(
        "TopicVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(m2m_fields=[drafters])
    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["plan", "quarter", "pk"]
        indexes = [models.Index(fields=["state", "due_date"], name="topic_state_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="topic_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=~Q(state="circulated") | Q(circulated_version__isnull=False),
                name="topic_circulated_has_version",
            ),
            models.CheckConstraint(
                condition=~Q(state="finalised") | Q(final_version__isnull=False),
                name="topic_finalised_has_version",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.plan.year, self.quarter)

    @property
    def is_held(self) -> bool:
        return self.state in (self.State.PRESENTED, self.State.FINALISED)

    @property
    def status_label(self) -> str:
        """The state as people say it: an approved draft waits to be circulated."""
        if self.state == self.State.AWAITING_APPROVAL and self.approved_at:
            return str(_("Approved, not yet circulated"))
        return str(self.get_state_display())

    def comments_open(self, now: datetime.datetime | None = None) -> bool:
        """Comments are taken on a circulated draft until the window closes."""
        if self.state != self.State.CIRCULATED:
            return False
        now = now or timezone.now()
        return self.comments_close_at is None or now < self.comments_close_at

    def closes_soon(self, now: datetime.datetime | None = None) -> bool:
        """Less than the lead time (DOMAIN.md §2) remains before the comment window closes."""
        if not self.comments_open(now) or self.comments_close_at is None:
            return False
        now = now or timezone.now()
        lead = datetime.timedelta(days=settings.CHIBO["CIRCULATION_LEAD_DAYS"])
        return self.comments_close_at - now < lead

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        if self.due_date is None or self.state not in (self.State.PLANNED, self.State.DRAFTING):
            return False
        return self.due_date < (today or timezone.localdate())


class TopicTransition(models.Model):
    """One recorded move of a topic: who, when, from which state to which, and why."""

    class Action(models.TextChoices):
        STARTED = "started", _("Started drafting")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Draft approved")
        SENT_BACK = "sent_back", _("Sent back with remarks")
        CIRCULATED = "circulated", _("Circulated for comments")
        WINDOW_CHANGED = "window_changed", _("Comment deadline changed")
        PRESENTED = "presented", _("Presented at the session")
        FINALISED = "finalised", _("Finalised")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved to a later quarter")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=Topic.State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=Topic.State.choices)
    by = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    remark = models.TextField(_("remark"), blank=True)
    # Only for moves to a later quarter or year.
    from_plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="moves_out"
    )
    from_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    to_plan = models.ForeignKey(
        AnnualPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="moves_in"
    )
    to_quarter = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("topic step")
        verbose_name_plural = _("topic steps")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="moved")
                | Q(from_plan__isnull=False, to_plan__isnull=False, to_quarter__isnull=False),
                name="transition_move_has_slots",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} – {self.get_action_display()}"

    @property
    def from_label(self) -> str:
        return quarter_label(self.from_plan.year, self.from_quarter) if self.from_plan else ""

    @property
    def to_label(self) -> str:
        return quarter_label(self.to_plan.year, self.to_quarter) if self.to_plan else ""


class TopicVersion(models.Model):
    """A kept version of a topic's text: submitted, circulated or final. Never changed."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CIRCULATED = "circulated", _("Circulated")
        FINAL = "final", _("Final")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    sections = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    attachments = models.ManyToManyField(
        "Attachment", verbose_name=_("attachments"), related_name="versions", blank=True
    )
    # Versions are never changed: the history records who kept each one, and any deletion.
    history = HistoricalRecords(excluded_fields=["body_html", "sections"])

    class Meta:
        verbose_name = _("topic version")
        verbose_name_plural = _("topic versions")
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} – v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A kept version is the record of what members read and commented on.
        if self.pk is not None and not self._state.adding:
            raise ValidationError(_("A kept version cannot be changed."))
        super().save(*args, **kwargs)

    def section_title(self, anchor: str) -> str:
        return next((s["title"] for s in self.sections if s["id"] == anchor), "")


def attachment_path(instance: Attachment, filename: str) -> str:
    """A generated name: the user's file name never reaches the disk."""
    suffix = PurePath(filename).suffix.lower()
    return f"topics/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file (PDF, Office, image) or a video link attached to a topic's draft."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Video link")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    url = models.URLField(
        _("link"), blank=True, validators=[URLValidator(schemes=["http", "https"])]
    )
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["topic", "uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & Q(url=""))
                | (Q(kind="link") & Q(file="") & ~Q(url="")),
                name="attachment_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return self.kind == self.Kind.FILE


class CommentQuerySet(models.QuerySet["Comment"]):
    def for_topic_page(self) -> CommentQuerySet:
        """Top-level comments with their replies, authors and answers, in fixed queries."""
        return (
            self.filter(parent__isnull=True)
            .select_related("author", "answered_by", "answered_by__person")
            .prefetch_related(
                Prefetch(
                    "replies",
                    queryset=Comment.objects.select_related("author").order_by("created_at", "pk"),
                )
            )
            .order_by("created_at", "pk")
        )

    def for_my_work(self) -> CommentQuerySet:
        return self.select_related("topic", "topic__plan", "answered_by", "answered_by__person")

    def answer_counts(self) -> dict[str, int]:
        """How many top-level comments carry each answer ("" for unanswered)."""
        rows = self.filter(parent__isnull=True).values("answer").annotate(n=Count("pk"))
        return {row["answer"]: row["n"] for row in rows}


class Comment(models.Model):
    """A member's comment (góp ý) on a circulated draft, or a reply to one."""

    class Answer(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        EXPLAINED = "explained", _("Explained")
        NOTED = "noted", _("Noted")

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="comments"
    )
    version = models.ForeignKey(
        TopicVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    section = models.CharField(_("section"), max_length=120, blank=True)
    section_title = models.CharField(_("section"), max_length=300, blank=True)
    author = models.ForeignKey(
        Person, verbose_name=_("author"), on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("answer text"), blank=True)
    answered_by = models.ForeignKey(
        User,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    history = HistoricalRecords()
    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["topic", "created_at", "pk"]
        indexes = [models.Index(fields=["topic", "parent", "answer"], name="comment_topic_answer")]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False, parent__isnull=True),
                name="comment_answer_on_top_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class NotificationSettings(models.Model):
    """How a user wants to hear from chibo, and their private calendar token."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one e-mail per event")
        DIGEST = "digest", _("Once a day, in one summary e-mail")
        NONE = "none", _("No e-mail")

    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    mode = models.CharField(
        _("e-mail notifications"), max_length=10, choices=Mode.choices, default=Mode.IMMEDIATE
    )
    # Only a SHA-256 of the calendar token is kept: a leaked table does not leak feeds.
    calendar_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    calendar_token_created_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["calendar_token_hash"])

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_mode_display()}"


class Notification(models.Model):
    """One message due to one user: sent at once, kept for the digest, or skipped.

    The key makes every notification happen once (a reminder is never sent twice).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        PENDING = "pending", _("Waiting for the digest")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Not sent (the user chose no e-mail)")

    user = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30)
    key = models.CharField(max_length=200)
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    url = models.CharField(max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key"),
        ]
        indexes = [models.Index(fields=["status", "user"], name="notification_pending")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"
