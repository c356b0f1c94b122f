"""Writes of the people part: one typed function each, in one transaction, checks first.

Views, the demo seed and tests all go through these. Single-record edits (a person's
form, their own contact details) are plain ModelForm saves in the views.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from members import personal_data
from members.importing import ImportPreview
from members.models import (
    Department,
    Organisation,
    PartyPosition,
    Person,
    RatingLevel,
    User,
    YearlyRating,
)
from members.spreadsheets import PARTY_KEYS
from members.vietnamese import fold


class PeopleError(Exception):
    """A change the rules refuse; the message is shown to the user as it is."""


def _as(person: Person, by: User | None) -> Person:
    # simple-history takes the author from here when a service runs outside a request.
    if by is not None:
        person._history_user = by  # type: ignore[attr-defined]
    return person


# --- leaving and coming back --------------------------------------------------------------


def deactivate_person(person: Person, *, on: datetime.date, reason: str, by: User | None) -> None:
    """Record that a person left the unit. People are never deleted: minutes keep them."""
    if not person.is_active:
        raise PeopleError(_("This person has already left the unit."))
    with transaction.atomic():
        person.is_active = False
        person.left_on = on
        person.leave_reason = reason.strip()
        _as(person, by).save(update_fields=["is_active", "left_on", "leave_reason", "updated_at"])


def reactivate_person(person: Person, *, by: User | None) -> None:
    """Bring back a person who had left (a return, or a deactivation made by mistake)."""
    if person.is_active:
        raise PeopleError(_("This person is active already."))
    with transaction.atomic():
        person.is_active = True
        person.left_on = None
        person.leave_reason = ""
        _as(person, by).save(update_fields=["is_active", "left_on", "leave_reason", "updated_at"])


# --- logins -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LoginCreated:
    user: User
    password: str | None  # a one-time password to hand over, when no e-mail was sent
    emailed_to: str = ""


# No 0/O or 1/l/I: the password is read out or copied by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _one_time_password() -> str:
    groups = ["".join(secrets.choice(_PASSWORD_ALPHABET) for _i in range(4)) for _g in range(3)]
    return "-".join(groups)


def _send_password_link(person: Person, user: User) -> None:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"person": person, "user": user, "link": settings.SITE_URL + path}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("members/email/login_created_subject.txt", context)
        body = render_to_string("members/email/login_created.txt", context)
    send_mail(" ".join(subject.split()), body, None, [person.email])


def create_login(person: Person, *, username: str, by: User | None) -> LoginCreated:
    """Give a person a login. With an e-mail address they get a link to set their password;
    without one the committee receives a one-time password to hand over in person."""
    if person.user_id is not None:
        raise PeopleError(_("This person already has a login."))
    if not person.is_active:
        raise PeopleError(_("This person has left the unit."))
    if User.objects.filter(username__iexact=username).exists():
        raise PeopleError(_("This login name is taken; choose another."))
    with transaction.atomic():
        user = User(username=username, email=person.email)
        password = None if person.email else _one_time_password()
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        person.user = user
        _as(person, by).save(update_fields=["user", "updated_at"])
        if person.email:
            try:
                _send_password_link(person, user)
            except OSError:  # SMTP errors are OSErrors: undo, so the committee can retry
                transaction.set_rollback(True)
                raise PeopleError(_("The e-mail could not be sent; try again later.")) from None
    return LoginCreated(user=user, password=password, emailed_to=person.email)


# --- yearly ratings ---------------------------------------------------------------------


def record_ratings(
    *, cell: Organisation, year: int, levels: Mapping[int, str], by: User | None
) -> int:
    """Set the year's rating of party members of the cell (person id -> level; an empty
    level removes the rating). Returns how many ratings changed."""
    if not 1930 <= year <= timezone.localdate().year + 1:
        raise PeopleError(_("Choose a year between 1930 and next year."))
    if any(level and level not in RatingLevel.values for level in levels.values()):
        raise PeopleError(_("Unknown rating level."))
    with transaction.atomic():
        members = set(
            cell.people.active().party_members().filter(pk__in=levels).values_list("pk", flat=True)
        )
        if members != set(levels):
            raise PeopleError(_("Only active party members of the cell are rated."))
        existing = {
            r.person_id: r for r in YearlyRating.objects.filter(person_id__in=members, year=year)
        }
        now = timezone.now()
        created, updated, removed = [], [], []
        for person_id, level in levels.items():
            rating = existing.get(person_id)
            if rating is None and level:
                created.append(YearlyRating(person_id=person_id, year=year, level=level))
            elif rating is not None and not level:
                removed.append(rating.pk)
            elif rating is not None and rating.level != level:
                rating.level, rating.updated_at = level, now
                updated.append(rating)
        bulk_create_with_history(created, YearlyRating, default_user=by)
        bulk_update_with_history(updated, YearlyRating, ["level", "updated_at"], default_user=by)
        for rating in YearlyRating.objects.filter(pk__in=removed):
            rating._history_user = by  # type: ignore[attr-defined]
            rating.delete()
    return len(created) + len(updated) + len(removed)


# --- erasure on request -----------------------------------------------------------------


def anonymise_person(person: Person, *, by: User | None) -> None:
    """Erase a person on their request (docs/decisions.md, "people").

    Every registered part first erases what it holds (the person's history rows among
    them); then the name and personal fields become placeholders, the person is marked
    as left, and the login is emptied and disabled. The row itself stays, so minutes,
    attendance and counts of the past keep their shape without naming anyone.
    """
    with transaction.atomic():
        personal_data.erase(person)
        user = person.user
        with translation.override(settings.LANGUAGE_CODE):
            person.full_name = _("Erased person no. %(number)s") % {"number": person.pk}
            person.leave_reason = _("Personal data erased on request")
        for name in ("date_of_birth", "party_joined_on", "party_confirmed_on", "department"):
            setattr(person, name, None)
        for name in ("ethnicity", "religion", "phone", "email", "job_title", "party_card_number"):
            setattr(person, name, "")
        person.share_contact = False
        person.is_leader = False
        person.user = None
        if person.is_active:
            person.is_active = False
            person.left_on = timezone.localdate()
        _as(person, by).save()
        if user is not None:
            # Emptied and disabled rather than deleted: other parts' rows may point to it.
            user.username = f"erased-{user.pk}"
            user.email = user.first_name = user.last_name = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()


def erase_person_history(person: Person) -> None:
    """Section eraser: the person's past versions hold the data being erased."""
    Person.history.filter(id=person.pk).delete()


def erase_rating_history(person: Person) -> None:
    """Section eraser: the ratings stay (the cell's yearly counts), their history goes."""
    YearlyRating.history.filter(person_id=person.pk).delete()


# --- import -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def _departments(cell: Organisation, new_names: list[str]) -> dict[str, Department]:
    found = {fold(d.name): d for d in cell.departments.all()}
    position = max((d.position for d in found.values()), default=0)
    for name in new_names:
        if fold(name) not in found:
            position += 1
            found[fold(name)] = Department.objects.create(cell=cell, name=name, position=position)
    return found


def _apply_row(person: Person, values: Mapping[str, object], departments: dict) -> bool:
    """Copy a row's values onto a person; True when anything changed."""
    changes: dict[str, object] = {}
    for key, value in values.items():
        if key == "department":
            changes["department_id"] = departments[fold(str(value))].pk
        else:
            changes[key] = value
    if not changes.get("is_party_member", person.is_party_member):
        for key in PARTY_KEYS:
            changes[key] = None if key.endswith("_on") else ""
    elif not changes.get("party_position", person.party_position):
        changes["party_position"] = PartyPosition.MEMBER
    changed = False
    for attr, value in changes.items():
        if getattr(person, attr) != value:
            setattr(person, attr, value)
            changed = True
    return changed


def import_people(*, cell: Organisation, preview: ImportPreview, by: User | None) -> ImportResult:
    """Save a checked import: every row or none. Rows matched to a person update them."""
    if not preview.is_valid:
        raise PeopleError(_("The file still has problems; nothing was saved."))
    created = updated = unchanged = 0
    try:
        with transaction.atomic():
            departments = _departments(cell, preview.new_departments)
            ids = [row.person_id for row in preview.rows if row.person_id]
            people = Person.objects.filter(cell=cell).in_bulk(ids)
            for row in preview.rows:
                person = people.get(row.person_id) if row.person_id else Person(cell=cell)
                if person is None:
                    raise PeopleError(_("The register changed meanwhile; check the file again."))
                is_new = person.pk is None
                if _apply_row(person, row.values, departments) or is_new:
                    _as(person, by).save()
                    created, updated = created + is_new, updated + (not is_new)
                else:
                    unchanged += 1
    except IntegrityError:
        raise PeopleError(_("The register changed meanwhile; check the file again.")) from None
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
