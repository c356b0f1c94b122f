"""Pledge access helpers with every persona: 404 when unseen, 403 when read-only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from sessions_app.access import get_registration_for_user, get_round_for_user
from tests.conftest import PERSONAS
from tests.factories import PledgeLevelFactory, PledgeRegistrationFactory, PledgeRoundFactory


def user_of(world, persona):
    return world.user(persona) or AnonymousUser()


def outcome(call):
    try:
        call()
    except Http404:
        return 404
    except PermissionDenied:
        return 403
    return 200


@pytest.fixture
def open_round(world):
    return PledgeRoundFactory(cell=world.cell)


@pytest.fixture
def ended_round(world):
    today = timezone.localdate()
    return PledgeRoundFactory(
        cell=world.cell,
        start=today - datetime.timedelta(days=400),
        end=today - datetime.timedelta(days=30),
    )


@pytest.fixture
def staff_pledge(world, open_round):
    return PledgeRegistrationFactory(round=open_round, person=world.staff)


# persona -> (read, write) of an open round
OPEN_ROUND = {
    "anonymous": (404, 404),
    "staff": (200, 403),
    "member": (200, 403),
    "committee_member": (200, 200),
    "secretary": (200, 200),
    "other_member": (404, 404),
    "other_secretary": (404, 404),
    "viewer": (200, 403),
    "admin": (200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_round_for_user_on_an_open_round(world, open_round, persona):
    user = user_of(world, persona)
    got = (
        outcome(lambda: get_round_for_user(user, open_round.pk)),
        outcome(lambda: get_round_for_user(user, open_round.pk, write=True)),
    )
    assert got == OPEN_ROUND[persona]


# persona -> read an ended round nobody of theirs joined
ENDED_ROUND = {
    "anonymous": 404,
    "staff": 404,
    "member": 404,
    "committee_member": 200,
    "secretary": 200,
    "other_member": 404,
    "other_secretary": 404,
    "viewer": 200,
    "admin": 200,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_members_and_staff_do_not_browse_ended_rounds(world, ended_round, persona):
    user = user_of(world, persona)
    assert outcome(lambda: get_round_for_user(user, ended_round.pk)) == ENDED_ROUND[persona]


def test_staff_reach_an_ended_round_they_registered_in(world, ended_round):
    PledgeRegistrationFactory(round=ended_round, person=world.staff)
    pledge_round, _access = get_round_for_user(world.staff.user, ended_round.pk)
    assert pledge_round == ended_round


# persona -> (read, write, committee) on the staff member's pledge
STAFF_PLEDGE = {
    "anonymous": (404, 404, 404),
    "staff": (200, 200, 403),
    "member": (404, 404, 404),
    "committee_member": (200, 403, 200),
    "secretary": (200, 403, 200),
    "other_member": (404, 404, 404),
    "other_secretary": (404, 404, 404),
    "viewer": (200, 403, 403),
    "admin": (200, 403, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_registration_for_user(world, staff_pledge, persona):
    user = user_of(world, persona)
    pk = staff_pledge.pk
    got = (
        outcome(lambda: get_registration_for_user(user, pk)),
        outcome(lambda: get_registration_for_user(user, pk, write=True)),
        outcome(lambda: get_registration_for_user(user, pk, committee=True)),
    )
    assert got == STAFF_PLEDGE[persona]


def test_the_owner_cannot_edit_an_evaluated_pledge(world, staff_pledge):
    staff_pledge.level = PledgeLevelFactory(cell=world.cell)
    staff_pledge.evaluated_at = timezone.now()
    staff_pledge.save()
    with pytest.raises(PermissionDenied):
        get_registration_for_user(world.staff.user, staff_pledge.pk, write=True)


def test_the_committee_edits_the_pledge_of_someone_without_a_login(world, open_round):
    pledge = PledgeRegistrationFactory(round=open_round, person__user=None)
    found, _access = get_registration_for_user(world.secretary.user, pledge.pk, write=True)
    assert found == pledge


def test_an_unknown_pledge_is_404(world):
    with pytest.raises(Http404):
        get_registration_for_user(world.admin, 999999)
