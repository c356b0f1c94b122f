"""E-mail notifications of the topic workflow, by each user's choice.

Every notification is first recorded (`Notification`, unique per user and key), then sent
after the transaction commits — at once, in the daily digest, or not at all, as the user
chose. The key makes each event and each reminder happen once, however often cron runs.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from members.models import Person, User
from sessions_app.models import Comment, Notification, NotificationSettings, Topic

logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# Drafters hear about their deadline this many days before it.
DRAFT_REMINDER_DAYS = 3
# An immediate e-mail still unsent after this long is retried by the next digest run.
RETRY_AFTER = datetime.timedelta(minutes=15)

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("chibo_notifications_muted")


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """No notification at all inside the block: for back-filling history and the demo."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def settings_for(user: User) -> NotificationSettings:
    found, _created = NotificationSettings.objects.get_or_create(user=user)
    return found


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


@dataclass(frozen=True)
class Event:
    kind: str
    key: str
    subject: str
    text: str
    path: str
    topic: Topic | None = None


def notify(users: Iterable[User | None], event: Event) -> list[Notification]:
    """Record the event for each user and send it as they chose, after commit.

    Users without an e-mail address, inactive users and duplicates are skipped; a user
    who already had this key gets nothing new.
    """
    if _muted.get(False):
        return []
    recipients = {u.pk: u for u in users if u is not None and u.is_active and u.email}
    if not recipients:
        return []
    modes = dict(
        NotificationSettings.objects.filter(user_id__in=recipients).values_list("user_id", "mode")
    )
    # A subject is one line (mail headers refuse line breaks) that fits its column, however
    # long the topic title typed.
    limit = Notification._meta.get_field("subject").max_length
    subject = Truncator(" ".join(event.subject.split())).chars(limit)
    created: list[Notification] = []
    for user in recipients.values():
        mode = modes.get(user.pk, NotificationSettings.Mode.IMMEDIATE)
        status = {
            NotificationSettings.Mode.IMMEDIATE: Notification.Status.QUEUED,
            NotificationSettings.Mode.DIGEST: Notification.Status.PENDING,
        }.get(mode, Notification.Status.SKIPPED)
        notification, was_created = Notification.objects.get_or_create(
            user=user,
            key=event.key,
            defaults={
                "kind": event.kind,
                "topic": event.topic,
                "subject": subject,
                "body": event.text,
                "url": event.path,
                "status": status,
            },
        )
        if not was_created:
            continue
        created.append(notification)
        if mode == NotificationSettings.Mode.IMMEDIATE:
            transaction.on_commit(lambda pk=notification.pk: send_now(pk))
    return created


def _display_name(user: User) -> str:
    return str(user)


def send_now(pk: int) -> bool:
    """Send one queued notification by itself; a failure leaves it queued for a retry."""
    notification = Notification.objects.select_related("user", "user__person").filter(pk=pk).first()
    if notification is None or notification.status != Notification.Status.QUEUED:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "sessions_app/email/notification.txt",
            {
                "name": _display_name(notification.user),
                "text": notification.body,
                "url": absolute_url(notification.url),
                "preferences_url": absolute_url(reverse("sessions_app:notification_settings")),
            },
        )
        subject = notification.subject
    try:
        send_mail(subject, body, None, [notification.user.email])
    except Exception:  # an unreachable mail server must not break the user's action
        logger.exception("Could not send notification %s", pk)
        return False
    Notification.objects.filter(pk=pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now()
    )
    return True


def send_digests(now: datetime.datetime | None = None) -> int:
    """One e-mail per user with everything waiting for the digest; returns how many were sent.

    Immediate e-mails that could not be sent (mail server down) are retried here one by one.
    """
    retry_before = (now or timezone.now()) - RETRY_AFTER
    for pk in Notification.objects.filter(
        status=Notification.Status.QUEUED, created_at__lt=retry_before
    ).values_list("pk", flat=True):
        send_now(pk)
    pending = (
        Notification.objects.filter(status=Notification.Status.PENDING)
        .select_related("user", "user__person")
        .order_by("user_id", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notification in pending:
        by_user[notification.user_id].append(notification)
    sent = 0
    for items in by_user.values():
        user = items[0].user
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("chibo: %(count)s notifications") % {"count": len(items)}
            body = render_to_string(
                "sessions_app/email/digest.txt",
                {
                    "name": _display_name(user),
                    "items": [(n, absolute_url(n.url)) for n in items],
                    "preferences_url": absolute_url(reverse("sessions_app:notification_settings")),
                },
            )
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:
            logger.exception("Could not send the digest to user %s", user.pk)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(
            status=Notification.Status.SENT, sent_at=timezone.now()
        )
        sent += 1
    return sent


# --- who hears about what ------------------------------------------------------------------


def _users(people: Iterable[Person]) -> list[User]:
    return [p.user for p in people if p.user_id]


def _cell_party_people(topic: Topic) -> list[Person]:
    return list(
        Person.objects.filter(cell_id=topic.plan.cell_id, is_active=True)
        .party_members()
        .select_related("user")
    )


def cell_party_users(topic: Topic) -> list[User]:
    """Every active party member of the topic's cell who has a login."""
    return _users(_cell_party_people(topic))


def committee_users(topic: Topic) -> list[User]:
    return _users(p for p in _cell_party_people(topic) if p.is_committee)


def drafter_users(topic: Topic) -> list[User]:
    return _users(topic.drafters.select_related("user"))


def topic_path(topic: Topic) -> str:
    return reverse("sessions_app:topic_detail", args=[topic.pk])


def _in_site_language(func: Callable[P, R]) -> Callable[P, R]:
    """Notifications are written in the site's language, whoever triggered them."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(settings.LANGUAGE_CODE):
            return func(*args, **kwargs)

    return wrapper


def _when(value: datetime.datetime | datetime.date | None) -> str:
    if value is None:
        return _("not set")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


@_in_site_language
def assigned(topic: Topic, people: Iterable[Person]) -> None:
    event = Event(
        kind="assigned",
        key=f"assigned:{topic.pk}:{timezone.now().timestamp()}",
        subject=_("You are assigned to draft the topic “%(title)s”") % {"title": topic.title},
        text=_(
            "The cell committee has assigned you to draft the topic “%(title)s” "
            "(%(quarter)s). The draft is due on %(due)s."
        )
        % {"title": topic.title, "quarter": topic.quarter_label, "due": _when(topic.due_date)},
        path=topic_path(topic),
        topic=topic,
    )
    notify(_users(people), event)


@_in_site_language
def submitted(topic: Topic, *, by: User, version_number: int) -> None:
    event = Event(
        kind="submitted",
        key=f"submitted:{topic.pk}:{version_number}",
        subject=_("Draft for approval: “%(title)s”") % {"title": topic.title},
        text=_("Comrade %(name)s has submitted the draft of “%(title)s” for approval.")
        % {"name": by, "title": topic.title},
        path=topic_path(topic),
        topic=topic,
    )
    notify([u for u in committee_users(topic) if u.pk != by.pk], event)


@_in_site_language
def sent_back(topic: Topic, *, remark: str, transition_id: int) -> None:
    event = Event(
        kind="sent_back",
        key=f"sent_back:{topic.pk}:{transition_id}",
        subject=_("Draft sent back: “%(title)s”") % {"title": topic.title},
        text=_("The cell committee has sent the draft back with these remarks:\n\n%(remark)s")
        % {"remark": remark},
        path=topic_path(topic),
        topic=topic,
    )
    notify(drafter_users(topic), event)


@_in_site_language
def circulated(topic: Topic, *, by: User) -> None:
    event = Event(
        kind="circulated",
        key=f"circulated:{topic.pk}:{topic.circulated_version_id}",
        subject=_("Draft for your comments: “%(title)s”") % {"title": topic.title},
        text=_(
            "The draft of the topic “%(title)s” is circulated for comments before the "
            "session. Comments close at %(close)s."
        )
        % {"title": topic.title, "close": _when(topic.comments_close_at)},
        path=topic_path(topic),
        topic=topic,
    )
    notify([u for u in cell_party_users(topic) if u.pk != by.pk], event)


@_in_site_language
def answered(comment: Comment) -> None:
    answer_time = comment.answered_at.timestamp() if comment.answered_at else 0
    event = Event(
        kind="answered",
        key=f"answered:{comment.pk}:{answer_time}",
        subject=_("Your comment on “%(title)s” was answered") % {"title": comment.topic.title},
        text=_("%(answer)s: %(text)s")
        % {"answer": comment.get_answer_display(), "text": comment.answer_text},
        path=topic_path(comment.topic) + f"#comment-{comment.pk}",
        topic=comment.topic,
    )
    notify([comment.author.user], event)


@_in_site_language
def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind drafters before their due date and members before comments close.

    Returns how many notifications were recorded; each reminder exists once per topic and
    date, so running it every hour sends nothing twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    due_soon = Topic.objects.filter(
        state__in=[Topic.State.PLANNED, Topic.State.DRAFTING],
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=DRAFT_REMINDER_DAYS),
    ).select_related("plan", "plan__cell")
    for topic in due_soon:
        event = Event(
            kind="draft_due",
            key=f"draft_due:{topic.pk}:{topic.due_date}",
            subject=_("Reminder: the draft of “%(title)s” is due on %(due)s")
            % {"title": topic.title, "due": _when(topic.due_date)},
            text=_("The draft of the topic “%(title)s” you are assigned to is due on %(due)s.")
            % {"title": topic.title, "due": _when(topic.due_date)},
            path=topic_path(topic),
            topic=topic,
        )
        count += len(notify(drafter_users(topic), event))
    lead = datetime.timedelta(days=max(settings.CHIBO["CIRCULATION_LEAD_DAYS"], 1))
    closing = Topic.objects.filter(
        state=Topic.State.CIRCULATED, comments_close_at__gt=now, comments_close_at__lte=now + lead
    ).select_related("plan", "plan__cell")
    for topic in closing:
        drafters = {u.pk for u in drafter_users(topic)}
        event = Event(
            kind="comments_closing",
            key=f"comments_closing:{topic.pk}:{topic.comments_close_at.isoformat()}",
            subject=_("Reminder: comments on “%(title)s” close at %(close)s")
            % {"title": topic.title, "close": _when(topic.comments_close_at)},
            text=_(
                "Comments on the draft of “%(title)s” close at %(close)s. "
                "Please read it and send your comments before then."
            )
            % {"title": topic.title, "close": _when(topic.comments_close_at)},
            path=topic_path(topic),
            topic=topic,
        )
        users = [u for u in cell_party_users(topic) if u.pk not in drafters]
        count += len(notify(users, event))
    return count
