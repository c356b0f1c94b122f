"""Each user's private calendar feed (iCalendar), reached by a secret token.

The feed is made of event sources: functions that take the user and yield events. Draft
deadlines and comment deadlines are here; the meetings part adds its sessions with one
more `@event_source` function.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable, Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User, user_person
from sessions_app.access import party_cells_for
from sessions_app.models import NotificationSettings, Topic

EventSource = Callable[[User], Iterable[icalendar.Event]]
SOURCES: list[EventSource] = []


def event_source(source: EventSource) -> EventSource:
    """Register a function that yields the calendar events of a user."""
    SOURCES.append(source)
    return source


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(user: User) -> str:
    """Give the user a new feed address; the old one stops working. Returns the token,
    which is shown once: only its hash is kept."""
    token = secrets.token_urlsafe(32)
    NotificationSettings.objects.update_or_create(
        user=user,
        defaults={
            "calendar_token_hash": hash_token(token),
            "calendar_token_created_at": timezone.now(),
        },
    )
    return token


def revoke_token(user: User) -> None:
    NotificationSettings.objects.filter(user=user).update(
        calendar_token_hash=None, calendar_token_created_at=None
    )


def user_for_token(token: str) -> User | None:
    """The active user owning a feed token. The lookup is by a SHA-256 of the token, so its
    timing tells nothing about the token itself."""
    if not token or len(token) > 100:
        return None
    found = (
        NotificationSettings.objects.select_related("user")
        .filter(calendar_token_hash=hash_token(token), user__is_active=True)
        .first()
    )
    return found.user if found else None


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("sessions_app:calendar_feed", args=[token])


def make_event(
    *,
    uid: str,
    summary: str,
    start: datetime.date | datetime.datetime,
    path: str,
    description: str = "",
    end: datetime.date | datetime.datetime | None = None,
) -> icalendar.Event:
    """One event linking back to its page."""
    event = icalendar.Event()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    event.add("uid", f"{uid}@{host}")
    event.add("summary", summary)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    elif isinstance(start, datetime.datetime):
        event.add("dtend", start + datetime.timedelta(minutes=30))
    else:
        event.add("dtend", start + datetime.timedelta(days=1))
    url = settings.SITE_URL + path
    event.add("url", url)
    event.add("description", f"{description}\n{url}".strip())
    return event


def build_calendar(user: User) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//chibo//Sinh hoat chuyen de//VI")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "chibo")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for source in SOURCES:
        for event in source(user):
            calendar.add_component(event)
    return calendar.to_ical()


def _topic_path(topic: Topic) -> str:
    return reverse("sessions_app:topic_detail", args=[topic.pk])


@event_source
def draft_deadlines(user: User) -> Iterable[icalendar.Event]:
    """Due dates of drafts the user writes, and for the committee those of the whole cell."""
    person = user_person(user)
    if person is None or not person.is_party_member:
        return
    topics = Topic.objects.filter(
        state__in=[Topic.State.PLANNED, Topic.State.DRAFTING], due_date__isnull=False
    ).select_related("plan")
    if person.is_committee:
        topics = topics.filter(plan__cell_id=person.cell_id)
    else:
        topics = topics.filter(drafters=person)
    for topic in topics:
        yield make_event(
            uid=f"topic-{topic.pk}-due",
            summary=_("Draft due: %(title)s") % {"title": topic.title},
            start=topic.due_date,
            path=_topic_path(topic),
        )


@event_source
def comment_deadlines(user: User) -> Iterable[icalendar.Event]:
    """When comments close on drafts circulated in the user's cell."""
    topics = Topic.objects.filter(
        state=Topic.State.CIRCULATED,
        comments_close_at__isnull=False,
        plan__cell__in=party_cells_for(user),
    ).select_related("plan")
    person = user_person(user)
    if person is not None:
        topics = topics.filter(plan__cell_id=person.cell_id)
    for topic in topics:
        yield make_event(
            uid=f"topic-{topic.pk}-comments-{topic.comments_close_at:%Y%m%d%H%M}",
            summary=_("Comments close: %(title)s") % {"title": topic.title},
            start=topic.comments_close_at,
            path=_topic_path(topic),
        )
