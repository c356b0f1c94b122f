"""Personas, as in a story: the library cell's secretary Alice, committee member Bob,
member Charlie, staff member Dana; Erin of a sibling cell and Frank its secretary;
Grace of the superior committee; the site administrator; an anonymous visitor."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from members.models import Organisation, PartyPosition, Person, User
from members.security import LAST_SEEN_KEY
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
    ViewerFactory,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_grids(settings):
    """Tests change a cell and look at the grid at once: it is not kept between visits
    (tests/sessions_app/test_dashboards.py tests the keeping)."""
    settings.CHIBO = {**settings.CHIBO, "GRID_CACHE_SECONDS": 0}


@pytest.fixture(autouse=True)
def _isolated_cache_and_queue():
    """Each test starts with an empty cache (Redis or local) and runs jobs at once."""
    from django.core.cache import cache
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    """Two sibling cells under one superior committee, and a person for every role."""

    superior: Organisation
    cell: Organisation
    other_cell: Organisation
    secretary: Person
    committee_member: Person
    member: Person
    staff: Person
    other_member: Person
    other_secretary: Person
    viewer: User
    admin: User

    def user(self, persona: str) -> User | None:
        if persona == "anonymous":
            return None
        if persona in ("viewer", "admin"):
            return getattr(self, persona)
        return getattr(self, persona).user


PERSONAS = [
    "anonymous",
    "staff",
    "member",
    "committee_member",
    "secretary",
    "other_member",
    "other_secretary",
    "viewer",
    "admin",
]


def _person(cell: Organisation, login: str, name: str, **kwargs) -> Person:
    return PersonFactory(cell=cell, user=UserFactory(username=login), full_name=name, **kwargs)


@pytest.fixture
def world(db) -> World:
    superior = CommitteeFactory(name="Đảng ủy Sở Văn hóa", slug="dang-uy-so")
    cell = CellFactory(name="Chi bộ Thư viện", slug="thu-vien", parent=superior)
    other_cell = CellFactory(name="Chi bộ Bảo tàng", slug="bao-tang", parent=superior)
    TermFactory(organisation=cell)
    TermFactory(organisation=other_cell)
    viewer = UserFactory(username="grace")
    ViewerFactory(user=viewer, organisation=superior)
    return World(
        superior=superior,
        cell=cell,
        other_cell=other_cell,
        secretary=_person(cell, "alice", "Trần Thị Alice", party_position=PartyPosition.SECRETARY),
        committee_member=_person(cell, "bob", "Lê Văn Bob", party_position=PartyPosition.COMMITTEE),
        member=_person(cell, "charlie", "Phạm Văn Charlie"),
        staff=_person(cell, "dana", "Nguyễn Thị Dana", staff=True),
        other_member=_person(other_cell, "erin", "Võ Thị Erin"),
        other_secretary=_person(
            other_cell, "frank", "Sơn Văn Frank", party_position=PartyPosition.SECRETARY
        ),
        viewer=viewer,
        admin=UserFactory(username="root", is_superuser=True, is_staff=True),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        # Seen "in the future": the idle sign-out never fires for these clients, and their
        # first request does not save the session (query counts measure the page alone).
        session = client.session
        session[LAST_SEEN_KEY] = 2**40
        session.save()
    return client


@pytest.fixture
def as_persona(world):
    """`as_persona("member")` gives a test client signed in as that persona."""
    return lambda persona: client_for(world.user(persona))
