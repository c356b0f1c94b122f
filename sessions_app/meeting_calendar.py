"""The meetings in each user's calendar feed (`sessions_app.calendar`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User, user_person
from sessions_app.calendar import event_source, make_event
from sessions_app.models.meetings import Meeting

# Meetings of the last three months stay in the feed, with everything coming up.
PAST_DAYS = 90


@event_source
def meeting_events(user: User) -> Iterable[icalendar.Event]:
    """The meetings of the user's cell (of the cells a viewer follows), from its time and
    place; a meeting without a time is an all-day event."""
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(date__gte=timezone.localdate() - datetime.timedelta(days=PAST_DAYS))
        .prefetch_related("topics")
        .order_by("date")
    )
    person = user_person(user)
    if person is not None:
        meetings = meetings.filter(cell_id=person.cell_id)
    zone = timezone.get_current_timezone()
    for meeting in meetings:
        titles = "; ".join(topic.title for topic in meeting.topics.all())
        start: datetime.date | datetime.datetime = meeting.date
        end = None
        if meeting.starts_at:
            start = datetime.datetime.combine(meeting.date, meeting.starts_at, tzinfo=zone)
            if meeting.planned_end:
                end = datetime.datetime.combine(meeting.date, meeting.planned_end, tzinfo=zone)
        summary = meeting.get_kind_display() + (f": {titles}" if titles else "")
        event = make_event(
            uid=f"meeting-{meeting.pk}",
            summary=summary,
            start=start,
            end=end,
            path=reverse("sessions_app:meeting_detail", args=[meeting.pk]),
            description=_("Chair: %(chair)s") % {"chair": meeting.chair or "—"},
        )
        if meeting.place:
            event.add("location", meeting.place)
        yield event
