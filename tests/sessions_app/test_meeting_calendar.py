"""Meetings in the calendar feed, and the speeches on the topic's page for its revision."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.utils import timezone

from sessions_app import calendar
from sessions_app.models import Topic
from sessions_app.services import meetings as services
from tests.factories import meeting_topic
from tests.sessions_app.meeting_setup import approved, call_meeting, mark_all

pytestmark = pytest.mark.django_db


def meeting_events(client, user):
    token = calendar.new_token(user)
    events = icalendar.Calendar.from_ical(client.get(f"/calendar/{token}.ics").content).walk(
        "VEVENT"
    )
    return [e for e in events if str(e["UID"]).startswith("meeting-")]


def test_a_member_s_feed_holds_the_meeting_at_its_time_and_place(world, client):
    meeting = call_meeting(world)
    [event] = meeting_events(client, world.member.user)
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2026, 11, 20, 14, 0)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime.datetime(2026, 11, 20, 16, 0)
    assert str(event["LOCATION"]) == meeting.place


def test_the_event_names_the_topic(world, client):
    meeting = call_meeting(world)
    [event] = meeting_events(client, world.member.user)
    assert meeting.topics.get().title in str(event["SUMMARY"])


def test_staff_and_other_cells_have_no_meeting_in_their_feed(world, client):
    call_meeting(world)
    assert meeting_events(client, world.staff.user) == []
    assert meeting_events(client, world.other_member.user) == []


def test_the_superior_committee_sees_the_meetings_of_its_cells(world, client):
    call_meeting(world)
    assert len(meeting_events(client, world.viewer)) == 1


def test_approving_the_minutes_records_the_topic_as_presented_by_the_chair(world):
    meeting = call_meeting(world)
    approved(world, meeting)
    topic = meeting.topics.get()
    transition = topic.transitions.get(action="presented")
    assert (topic.state, transition.by) == (Topic.State.PRESENTED, world.secretary.user)


def test_a_recorder_outside_the_committee_marks_the_meeting_held_and_the_chair_moves_the_topic(
    world,
):
    meeting = call_meeting(world, recorder=world.member, date=datetime.date(2026, 11, 2))
    services.mark_meeting_held(meeting, by=world.member.user)
    assert meeting.topics.get().state == Topic.State.CIRCULATED
    approved(world, meeting)
    assert meeting.topics.get().state == Topic.State.PRESENTED


def test_the_topic_page_lists_the_speeches_about_it(world, as_persona):
    topic = meeting_topic(world.cell)
    meeting = call_meeting(world, topics=[topic])
    mark_all(meeting, world.secretary.user)
    services.add_speech(
        meeting,
        by=world.secretary.user,
        speaker=world.committee_member,
        guest=None,
        gist="Đề nghị bổ sung số liệu",
    )
    page = as_persona("member").get(f"/topics/{topic.pk}/").content.decode()
    assert "Đề nghị bổ sung số liệu" in page and "Lê Văn Bob" in page


def test_the_speeches_on_the_topic_page_do_not_grow_its_queries(world, as_persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic = meeting_topic(world.cell)
    meeting = call_meeting(world, topics=[topic])
    mark_all(meeting, world.secretary.user)
    client = as_persona("member")

    def count(speeches):
        for n in range(speeches):
            services.add_speech(
                meeting,
                by=world.secretary.user,
                speaker=world.member,
                guest=None,
                gist=f"Ý kiến {n}",
            )
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/topics/{topic.pk}/")
        return len(captured)

    assert count(5) == count(45)


def test_calling_a_meeting_closes_the_comments_when_it_starts(world):
    topic = meeting_topic(world.cell)
    call_meeting(world, topics=[topic], date=datetime.date(2099, 3, 5))
    topic.refresh_from_db()
    assert timezone.localtime(topic.comments_close_at).replace(tzinfo=None) == datetime.datetime(
        2099, 3, 5, 14, 0
    )


def test_a_meeting_already_past_leaves_the_comment_window_alone(world):
    topic = meeting_topic(world.cell)
    before = topic.comments_close_at
    call_meeting(world, topics=[topic], date=datetime.date(2026, 1, 5))
    topic.refresh_from_db()
    assert topic.comments_close_at == before
