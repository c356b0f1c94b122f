"""get_meeting_for_user / get_minutes_for_user with every persona: 404 unseen, 403 read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from sessions_app.access import get_meeting_for_user, get_minutes_for_user, require_meeting_chair
from sessions_app.models import Meeting
from tests.conftest import PERSONAS
from tests.sessions_app.meeting_setup import call_meeting

pytestmark = pytest.mark.django_db


def outcome(call):
    try:
        call()
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


# persona -> (read, write, approve)
OUTCOMES = {
    "anonymous": (404, 404, 404),
    "staff": (404, 404, 404),
    "member": (200, 403, 403),
    "committee_member": (200, 200, 403),
    "secretary": (200, 200, 200),
    "other_member": (404, 404, 404),
    "other_secretary": (404, 404, 404),
    "viewer": (200, 403, 403),
    "admin": (200, 200, 403),
}


def approve_check(user, pk):
    minutes, access = get_minutes_for_user(user, pk)
    require_meeting_chair(access, minutes.meeting)


@pytest.mark.parametrize("persona", PERSONAS)
def test_meeting_access(world, persona):
    meeting = call_meeting(world)
    user = world.user(persona) or AnonymousUser()
    got = (
        outcome(lambda: get_meeting_for_user(user, meeting.pk)),
        outcome(lambda: get_meeting_for_user(user, meeting.pk, write=True)),
        outcome(lambda: approve_check(user, meeting.minutes.pk)),
    )
    assert got == OUTCOMES[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_minutes_access_matches_the_meeting(world, persona):
    meeting = call_meeting(world)
    user = world.user(persona) or AnonymousUser()
    got = (
        outcome(lambda: get_minutes_for_user(user, meeting.minutes.pk)),
        outcome(lambda: get_minutes_for_user(user, meeting.minutes.pk, write=True)),
    )
    assert got == OUTCOMES[persona][:2]


def test_a_member_who_records_the_meeting_may_write_it(world):
    meeting = call_meeting(world, recorder=world.member)
    _meeting, access = get_meeting_for_user(world.member.user, meeting.pk, write=True)
    assert access.person == world.member


def test_an_unknown_meeting_is_404(world):
    with pytest.raises(Http404):
        get_meeting_for_user(world.admin, 999999)


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("member", 1),
        ("viewer", 1),
        ("admin", 1),
        ("staff", 0),
        ("other_member", 0),
        ("anonymous", 0),
    ],
)
def test_visible_meetings(world, persona, count):
    call_meeting(world)
    user = world.user(persona) or AnonymousUser()
    assert Meeting.objects.visible_to(user).count() == count
