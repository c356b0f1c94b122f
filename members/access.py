"""Who may see and change what, per cell.

Every view that touches cell data starts with one of the `get_*_for_user` helpers.
They raise Http404 when the user may not see the object at all (so that objects of
other cells are never revealed) and PermissionDenied (403) when the user may see the
object but not change it. Hiding a button is never the check.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from members.models import (
    Organisation,
    PartyPosition,
    PartyStatus,
    Person,
    User,
    user_person,
    user_viewer_paths,
)


class Role(models.TextChoices):
    SECRETARY = "secretary", _("Secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    COMMITTEE = "committee", _("Committee member")
    MEMBER = "member", _("Party member")
    STAFF = "staff", _("Staff")
    VIEWER = "viewer", _("Superior committee")
    ADMIN = "admin", _("Site administrator")


COMMITTEE_ROLES = frozenset({Role.SECRETARY, Role.DEPUTY, Role.COMMITTEE})
_POSITION_ROLE = {
    PartyPosition.SECRETARY: Role.SECRETARY,
    PartyPosition.DEPUTY: Role.DEPUTY,
    PartyPosition.COMMITTEE: Role.COMMITTEE,
    PartyPosition.MEMBER: Role.MEMBER,
}


@dataclass(frozen=True)
class CellAccess:
    """What one user may do in one cell."""

    cell: Organisation
    role: Role
    person: Person | None

    @property
    def is_committee(self) -> bool:
        """Cell committee members, and the site administrator, manage the cell's records."""
        return self.role in COMMITTEE_ROLES or self.role == Role.ADMIN

    @property
    def is_secretary(self) -> bool:
        return self.role in (Role.SECRETARY, Role.DEPUTY, Role.ADMIN)

    @property
    def is_party_member(self) -> bool:
        return self.role in COMMITTEE_ROLES or self.role == Role.MEMBER

    @property
    def can_read_party(self) -> bool:
        """Party-internal content (drafts, comments, minutes, ratings) is not for staff."""
        return self.role != Role.STAFF

    @property
    def can_read_people(self) -> bool:
        """The full register of people with sensitive fields."""
        return self.is_committee or self.role == Role.VIEWER

    @property
    def is_viewer(self) -> bool:
        return self.role == Role.VIEWER


def role_of_person(person: Person) -> Role | None:
    """The role a person's own data gives them in their cell."""
    if not person.is_active:
        return None
    if not person.is_party_member:
        return Role.STAFF
    if person.party_status == PartyStatus.TRANSFERRED:
        return None
    return _POSITION_ROLE.get(PartyPosition(person.party_position), Role.MEMBER)


def cell_access(user: User, cell: Organisation) -> CellAccess | None:
    """The user's access to a cell, or None when they may not see it."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return CellAccess(cell=cell, role=Role.ADMIN, person=user_person(user))
    person = user_person(user)
    if person is not None and person.cell_id == cell.pk:
        role = role_of_person(person)
        if role is not None:
            return CellAccess(cell=cell, role=role, person=person)
    if any(cell.path.startswith(path) for path in user_viewer_paths(user)):
        return CellAccess(cell=cell, role=Role.VIEWER, person=None)
    return None


def require_cell_access(
    user: User, cell: Organisation, *, write: bool = False, party: bool = False
) -> CellAccess:
    """Check access to a cell that is already loaded; 404 if unseen, 403 if read-only."""
    access = cell_access(user, cell)
    if access is None or (party and not access.can_read_party):
        raise Http404
    if write and not access.is_committee:
        raise PermissionDenied
    return access


def get_cell_for_user(
    user: User, slug: str, *, write: bool = False, party: bool = False
) -> CellAccess:
    """Load a cell by slug for a user.

    `party=True` hides Party-internal pages from staff (404); `write=True` allows
    only the cell committee (403 for others who may read).
    """
    cell = (
        Organisation.objects.select_related("parent")
        .filter(slug=slug, kind=Organisation.Kind.CELL)
        .first()
    )
    if cell is None:
        raise Http404
    return require_cell_access(user, cell, write=write, party=party)


def get_organisation_for_user(user: User, slug: str) -> Organisation:
    """A committee or cell the user may watch: at or under one they view (read-only)."""
    organisation = Organisation.objects.visible_to(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def can_see_sensitive(access: CellAccess, person: Person) -> bool:
    """Birth date, ethnicity, religion, card number and rating: committee, viewers, the person."""
    return access.can_read_people or (access.person is not None and access.person.pk == person.pk)


def get_person_for_user(user: User, pk: int, *, write: bool = False) -> tuple[Person, CellAccess]:
    """A person of a cell the user may see. Staff see only themselves; only the committee edits."""
    person = (
        Person.objects.select_related("cell", "cell__parent", "department", "user")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    access = cell_access(user, person.cell)
    if access is None:
        raise Http404
    is_self = access.person is not None and access.person.pk == person.pk
    if access.role == Role.STAFF and not is_self:
        raise Http404
    if write and not access.is_committee:
        raise PermissionDenied
    return person, access


# people part: the register, the directory and one person's own pages


def get_register_for_user(user: User, slug: str, *, write: bool = False) -> CellAccess:
    """The cell's full register (sensitive fields included): committee, viewers, admin.

    Staff get 404 (they see only themselves); party members 403 (they have the directory).
    """
    access = get_cell_for_user(user, slug, write=write, party=True)
    if not access.can_read_people:
        raise PermissionDenied
    return access


def get_directory_for_user(user: User, slug: str) -> CellAccess:
    """The cell's directory (no sensitive fields): everyone of the cell but staff."""
    return get_cell_for_user(user, slug, party=True)


def is_self(access: CellAccess, person: Person) -> bool:
    return access.person is not None and access.person.pk == person.pk


def get_person_record_for_user(user: User, pk: int) -> tuple[Person, CellAccess]:
    """A person's full record and its history: those who read the register (403 otherwise)."""
    person, access = get_person_for_user(user, pk)
    if not access.can_read_people:
        raise PermissionDenied
    return person, access


def get_own_person_for_user(user: User, pk: int) -> tuple[Person, CellAccess]:
    """A person's own pages (contact details): only the person themself may change them."""
    person, access = get_person_for_user(user, pk)
    if not is_self(access, person):
        raise PermissionDenied
    return person, access


def get_personal_data_for_user(user: User, pk: int) -> tuple[Person, CellAccess]:
    """All data held on a person: the person themself, or the committee answering a request."""
    person, access = get_person_for_user(user, pk)
    if not (is_self(access, person) or access.is_committee):
        raise PermissionDenied
    return person, access
