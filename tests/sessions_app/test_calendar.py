"""The private calendar feed: a valid iCalendar at a secret address, revocable."""

from __future__ import annotations

import icalendar
import pytest

from sessions_app import calendar
from sessions_app.models import NotificationSettings
from tests.sessions_app.conftest import advance

pytestmark = pytest.mark.django_db


def feed(client, token):
    return client.get(f"/calendar/{token}.ics")


def test_the_feed_is_a_valid_calendar_with_the_drafter_s_deadline(world, topic, client):
    token = calendar.new_token(world.member.user)
    response = feed(client, token)
    parsed = icalendar.Calendar.from_ical(response.content)
    [event] = parsed.walk("VEVENT")
    assert response["Content-Type"].startswith("text/calendar")
    assert (str(event["SUMMARY"]), event.decoded("DTSTART")) == (
        f"Hạn nộp dự thảo: {topic.title}",
        topic.due_date,
    )


def test_each_event_links_back_to_its_page(world, topic, client):
    token = calendar.new_token(world.member.user)
    [event] = icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT")
    assert str(event["URL"]) == f"https://chibo.example/topics/{topic.pk}/"


def test_members_see_when_comments_close(world, circulated, client):
    token = calendar.new_token(world.committee_member.user)
    events = icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [f"Hết hạn góp ý: {circulated.title}"]


def test_another_cell_s_deadlines_are_not_in_the_feed(world, topic, client):
    token = calendar.new_token(world.other_member.user)
    assert icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT") == []


def test_staff_feeds_hold_no_party_dates(world, circulated, client):
    token = calendar.new_token(world.staff.user)
    assert icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT") == []


def test_a_wrong_token_is_not_found(db, client):
    assert feed(client, "sai-ma-bi-mat").status_code == 404


def test_a_revoked_token_is_not_found(world, client):
    token = calendar.new_token(world.member.user)
    calendar.revoke_token(world.member.user)
    assert feed(client, token).status_code == 404


def test_a_new_token_replaces_the_old_one(world, client):
    old = calendar.new_token(world.member.user)
    calendar.new_token(world.member.user)
    assert feed(client, old).status_code == 404


def test_only_a_hash_of_the_token_is_stored(world):
    token = calendar.new_token(world.member.user)
    stored = NotificationSettings.objects.get(user=world.member.user).calendar_token_hash
    assert token not in stored and stored == calendar.hash_token(token)


def test_the_token_is_long_and_random(world):
    assert len(calendar.new_token(world.member.user)) >= 40


def test_a_deactivated_user_s_feed_stops(world, client):
    token = calendar.new_token(world.member.user)
    world.member.user.is_active = False
    world.member.user.save()
    assert feed(client, token).status_code == 404


def test_the_preferences_page_shows_a_new_address_once(world, as_persona):
    client = as_persona("member")
    client.post("/preferences/notifications/", {"action": "calendar-new"})
    first = client.get("/preferences/notifications/").content.decode()
    second = client.get("/preferences/notifications/").content.decode()
    assert (
        "https://chibo.example/calendar/" in first
        and "https://chibo.example/calendar/" not in second
    )


def test_the_preferences_page_revokes_the_address(world, as_persona):
    client = as_persona("member")
    client.post("/preferences/notifications/", {"action": "calendar-new"})
    client.post("/preferences/notifications/", {"action": "calendar-revoke"})
    assert NotificationSettings.objects.get(user=world.member.user).calendar_token_hash is None


def test_finished_drafts_leave_the_feed(world, topic, client):
    advance(world, topic, "awaiting_approval")
    token = calendar.new_token(world.member.user)
    assert icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT") == []


def test_a_new_event_source_adds_its_events(world, client, monkeypatch):
    import datetime

    def sessions(user):
        yield calendar.make_event(
            uid="meeting-1", summary="Sinh hoạt chuyên đề", path="/meetings/1/",
            start=datetime.datetime(2026, 12, 3, 14, tzinfo=datetime.UTC),
        )  # fmt: skip

    monkeypatch.setattr(calendar, "SOURCES", [*calendar.SOURCES, sessions])
    token = calendar.new_token(world.member.user)
    events = icalendar.Calendar.from_ical(feed(client, token).content).walk("VEVENT")
    assert "Sinh hoạt chuyên đề" in [str(e["SUMMARY"]) for e in events]
