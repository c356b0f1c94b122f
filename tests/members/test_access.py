"""The access helpers, with every persona: 404 when unseen, 403 when read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members.access import Role, cell_access, get_cell_for_user, get_person_for_user
from members.models import Organisation, PartyStatus
from tests.conftest import PERSONAS


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


ROLE_IN_CELL = {
    "anonymous": None,
    "staff": Role.STAFF,
    "member": Role.MEMBER,
    "committee_member": Role.COMMITTEE,
    "secretary": Role.SECRETARY,
    "other_member": None,
    "other_secretary": None,
    "viewer": Role.VIEWER,
    "admin": Role.ADMIN,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_has_its_role_in_the_cell(world, persona):
    access = cell_access(user_of(world, persona), world.cell)
    assert (access.role if access else None) == ROLE_IN_CELL[persona]


# persona -> (read cell, read party pages, write)
CELL_OUTCOMES = {
    "anonymous": (404, 404, 404),
    "staff": (200, 404, 403),
    "member": (200, 200, 403),
    "committee_member": (200, 200, 200),
    "secretary": (200, 200, 200),
    "other_member": (404, 404, 404),
    "other_secretary": (404, 404, 404),
    "viewer": (200, 200, 403),
    "admin": (200, 200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_cell_for_user(world, persona):
    user = user_of(world, persona)
    slug = world.cell.slug
    got = (
        outcome(lambda: get_cell_for_user(user, slug)),
        outcome(lambda: get_cell_for_user(user, slug, party=True)),
        outcome(lambda: get_cell_for_user(user, slug, write=True)),
    )
    assert got == CELL_OUTCOMES[persona]


def test_a_committee_slug_is_not_a_cell(world):
    with pytest.raises(Http404):
        get_cell_for_user(world.admin, world.superior.slug)


def test_an_unknown_cell_is_404(world):
    with pytest.raises(Http404):
        get_cell_for_user(world.admin, "no-such-cell")


# persona -> (read a member, write a member, read self)
PERSON_OUTCOMES = {
    "anonymous": (404, 404),
    "staff": (404, 404),
    "member": (200, 403),
    "committee_member": (200, 200),
    "secretary": (200, 200),
    "other_member": (404, 404),
    "other_secretary": (404, 404),
    "viewer": (200, 403),
    "admin": (200, 200),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_get_person_for_user(world, persona):
    user = user_of(world, persona)
    pk = world.member.pk
    got = (
        outcome(lambda: get_person_for_user(user, pk)),
        outcome(lambda: get_person_for_user(user, pk, write=True)),
    )
    assert got == PERSON_OUTCOMES[persona]


def test_staff_see_themselves(world):
    person, _access = get_person_for_user(world.staff.user, world.staff.pk)
    assert person == world.staff


def test_an_inactive_person_loses_access(world):
    world.member.is_active = False
    world.member.save()
    user = type(world.member.user).objects.get(pk=world.member.user_id)
    assert cell_access(user, world.cell) is None


def test_a_transferred_member_loses_access(world):
    world.member.party_status = PartyStatus.TRANSFERRED
    world.member.save()
    user = type(world.member.user).objects.get(pk=world.member.user_id)
    assert cell_access(user, world.cell) is None


def test_a_viewer_reads_cells_at_any_depth_below(world):
    deeper = Organisation.objects.create(
        kind=Organisation.Kind.COMMITTEE,
        name="Đảng bộ cơ sở",
        slug="co-so",
        parent=world.superior,
        issuer_header="ĐẢNG ỦY CƠ SỞ",
        parent_header="ĐẢNG BỘ CƠ SỞ",
        collective_name="ĐẢNG ỦY",
        short_code="ĐU",
        place_name="Trà Vinh",
    )
    cell = Organisation.objects.create(
        kind=Organisation.Kind.CELL,
        name="Chi bộ sâu",
        slug="sau",
        parent=deeper,
        issuer_header="CHI BỘ SÂU",
        parent_header="CHI BỘ SÂU",
        collective_name="CHI BỘ",
        short_code="CB",
        place_name="Trà Vinh",
    )
    assert cell_access(world.viewer, cell).role == Role.VIEWER


def test_a_viewer_does_not_read_cells_elsewhere(world):
    from tests.factories import CellFactory

    assert cell_access(world.viewer, CellFactory()) is None


def test_visible_organisations_of_a_member_are_their_cell(world):
    visible = Organisation.objects.visible_to(world.member.user)
    assert list(visible) == [world.cell]


def test_visible_organisations_of_a_viewer_are_the_subtree(world):
    visible = set(Organisation.objects.visible_to(world.viewer))
    assert visible == {world.superior, world.cell, world.other_cell}


def test_moving_a_committee_moves_its_cells_for_viewers(world):
    from tests.factories import CommitteeFactory

    elsewhere = CommitteeFactory()
    viewer_elsewhere = world.admin.__class__.objects.create(username="henry")
    from tests.factories import ViewerFactory

    ViewerFactory(user=viewer_elsewhere, organisation=elsewhere)
    world.superior.parent = elsewhere
    world.superior.save()
    assert cell_access(viewer_elsewhere, Organisation.objects.get(pk=world.cell.pk)) is not None
