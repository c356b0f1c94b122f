"""Writes of the pledge model ("Trên làm gương mẫu mực, dưới tích cực làm theo").

Each function checks who acts (PermissionDenied), validates everything before saving
(ValidationError with a message per field, in Vietnamese through the catalogue) and runs
in one transaction, so that nothing is ever half-saved.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.access import CellAccess, cell_access
from members.models import Organisation, Person, User
from sessions_app.access import can_edit_pledge
from sessions_app.models import (
    DEFAULT_PLEDGE_AREAS,
    DEFAULT_PLEDGE_LEVELS,
    Meeting,
    PledgeArea,
    PledgeLevel,
    PledgeProgress,
    PledgeRegistration,
    PledgeRole,
    PledgeRound,
)


@transaction.atomic
def ensure_pledge_defaults(cell: Organisation) -> None:
    """Give a cell the default areas and evaluation scale (DOMAIN.md §7) on first use.

    A cell that already has any area (or level) keeps its own list untouched. All or
    nothing, under the cell's row lock: a half-written list would count as the cell's
    own, and two first visits at once would write the list twice.
    """
    Organisation.objects.select_for_update().filter(pk=cell.pk).first()
    if not PledgeArea.objects.filter(cell=cell).exists():
        for position, name in enumerate(DEFAULT_PLEDGE_AREAS):
            PledgeArea.objects.create(cell=cell, name=name, position=position)
    if not PledgeLevel.objects.filter(cell=cell).exists():
        for position, name in enumerate(DEFAULT_PLEDGE_LEVELS):
            PledgeLevel.objects.create(cell=cell, name=name, position=position)


def derived_role(person: Person) -> PledgeRole:
    """ "Trên" for the cell committee and the heads of the unit and its departments."""
    return PledgeRole.UPPER if person.is_committee or person.is_leader else PledgeRole.LOWER


def _require_committee(by: User, cell: Organisation) -> CellAccess:
    access = cell_access(by, cell)
    if access is None or not access.is_committee:
        raise PermissionDenied
    return access


def _date(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


# --- Rounds -----------------------------------------------------------------------------


def _round_errors(
    *,
    cell: Organisation,
    name: str,
    start: datetime.date,
    end: datetime.date,
    meeting: Meeting | None,
    areas: Sequence[PledgeArea],
    exclude_pk: int | None = None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Give the round a name.")
    elif PledgeRound.objects.filter(cell=cell, name=name.strip()).exclude(pk=exclude_pk).exists():
        errors["name"] = _("The cell already has a round with this name.")
    if end < start:
        errors["end"] = _("The period must end on or after the day it starts.")
    if meeting is not None and meeting.cell_id != cell.pk:
        errors["meeting"] = _("Choose a meeting of this cell.")
    if not areas:
        errors["areas"] = _("Offer at least one area.")
    elif any(area.cell_id != cell.pk for area in areas):
        errors["areas"] = _("Choose areas of this cell.")
    return errors


@transaction.atomic
def create_pledge_round(
    *,
    cell: Organisation,
    by: User,
    name: str,
    start: datetime.date,
    end: datetime.date,
    meeting: Meeting | None = None,
    areas: Sequence[PledgeArea] | None = None,
) -> PledgeRound:
    """Open a round of the model in a cell (committee only); all active areas by default."""
    _require_committee(by, cell)
    ensure_pledge_defaults(cell)
    if areas is None:
        areas = list(PledgeArea.objects.filter(cell=cell, is_active=True))
    errors = _round_errors(cell=cell, name=name, start=start, end=end, meeting=meeting, areas=areas)
    if errors:
        raise ValidationError(errors)
    pledge_round = PledgeRound.objects.create(
        cell=cell, name=name.strip(), start=start, end=end, meeting=meeting, created_by=by
    )
    pledge_round.areas.set(areas)
    return pledge_round


@transaction.atomic
def update_pledge_round(
    pledge_round: PledgeRound,
    *,
    by: User,
    name: str,
    start: datetime.date,
    end: datetime.date,
    meeting: Meeting | None,
    areas: Sequence[PledgeArea],
) -> PledgeRound:
    """Change a round (committee only). An area someone already chose stays offered."""
    cell = pledge_round.cell
    _require_committee(by, cell)
    errors = _round_errors(
        cell=cell,
        name=name,
        start=start,
        end=end,
        meeting=meeting,
        areas=areas,
        exclude_pk=pledge_round.pk,
    )
    chosen = set(
        PledgeArea.objects.filter(registrations__round=pledge_round).values_list("pk", flat=True)
    )
    dropped = chosen - {area.pk for area in areas}
    if dropped and "areas" not in errors:
        names = ", ".join(PledgeArea.objects.filter(pk__in=dropped).values_list("name", flat=True))
        errors["areas"] = _("Already chosen in a registration, so still offered: %(names)s.") % {
            "names": names
        }
    if errors:
        raise ValidationError(errors)
    pledge_round.name, pledge_round.start, pledge_round.end = name.strip(), start, end
    pledge_round.meeting = meeting
    pledge_round.save()
    pledge_round.areas.set(areas)
    return pledge_round


@transaction.atomic
def link_pledge_round_to_meeting(pledge_round: PledgeRound, *, by: User, meeting: Meeting) -> None:
    """Record the meeting a round was integrated into (committee only, same cell)."""
    _require_committee(by, pledge_round.cell)
    if meeting.cell_id != pledge_round.cell_id:
        raise ValidationError({"meeting": _("Choose a meeting of this cell.")})
    pledge_round.meeting = meeting
    pledge_round.save(update_fields=["meeting"])


# --- Areas and the evaluation scale --------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    """One row of a cell's list of areas or levels, as the committee edited it."""

    pk: int | None
    name: str
    position: int
    is_active: bool


@transaction.atomic
def save_pledge_options(
    *,
    cell: Organisation,
    by: User,
    model: type[PledgeArea] | type[PledgeLevel],
    rows: Sequence[OptionRow],
) -> None:
    """Save a cell's areas or evaluation scale (committee only).

    Rows are renamed, reordered or switched off, never deleted: past registrations and
    evaluations keep pointing at them.
    """
    _require_committee(by, cell)
    existing = {obj.pk: obj for obj in model.objects.filter(cell=cell)}
    if any(row.pk is not None and row.pk not in existing for row in rows):
        raise PermissionDenied
    names = [" ".join(row.name.split()) for row in rows]
    untouched = [obj.name for pk, obj in existing.items() if pk not in {row.pk for row in rows}]
    folded = [name.casefold() for name in [*names, *untouched]]
    duplicates = sorted({name for name in names if folded.count(name.casefold()) > 1})
    if duplicates:
        raise ValidationError(
            _("Each name may appear only once: %(names)s.") % {"names": ", ".join(duplicates)}
        )
    if not any(row.is_active for row in rows):
        raise ValidationError(_("Keep at least one in use."))
    # A row whose current name another row takes over is renamed out of the way first,
    # so that swapping two names does not trip the unique constraint midway.
    claimed = {name: row.pk for row, name in zip(rows, names, strict=True)}
    for pk, obj in existing.items():
        if claimed.get(obj.name, pk) != pk:
            obj.name = f"~{pk}~"
            obj.save(update_fields=["name"])
    for row, name in zip(rows, names, strict=True):
        obj = existing[row.pk] if row.pk is not None else model(cell=cell)
        obj.name, obj.position, obj.is_active = name, row.position, row.is_active
        obj.save()


# --- Registrations -------------------------------------------------------------------------


def _pledge_errors(
    *,
    pledge_round: PledgeRound,
    areas: Sequence[PledgeArea],
    commitments: str,
    measures: str,
    deadline: datetime.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    offered = set(pledge_round.areas.values_list("pk", flat=True))
    if not areas:
        errors["areas"] = _("Choose at least one area.")
    elif any(area.pk not in offered for area in areas):
        errors["areas"] = _("Choose among the areas this round offers.")
    if not commitments.strip():
        errors["commitments"] = _("Write what you commit to do.")
    if not measures.strip():
        errors["measures"] = _("Write how you will carry it out.")
    if deadline is None:
        errors["deadline"] = _("Give a deadline.")
    elif not pledge_round.start <= deadline <= pledge_round.end:
        errors["deadline"] = _(
            "The deadline must fall within the round, from %(start)s to %(end)s."
        ) % {
            "start": _date(pledge_round.start),
            "end": _date(pledge_round.end),
        }
    return errors


def _already_registered(person: Person) -> ValidationError:
    return ValidationError(
        {
            NON_FIELD_ERRORS: _(
                "Comrade %(name)s has already registered in this round: "
                "each person registers once per round. Open the existing registration to change it."
            )
            % {"name": person.full_name}
        }
    )


@transaction.atomic
def register_pledge(
    *,
    pledge_round: PledgeRound,
    person: Person,
    by: User,
    areas: Sequence[PledgeArea],
    commitments: str,
    measures: str,
    deadline: datetime.date | None,
    role: str | None = None,
    at: datetime.datetime | None = None,
) -> PledgeRegistration:
    """Register a person's pledge in a round.

    A person registers for themself while the round is open; the committee may register
    for anyone of the cell at any time (someone without a login, a paper form), which is
    recorded as on their behalf. The role is derived ("trên"/"dưới") unless the committee
    sets it. One registration per person per round.
    """
    at = at or timezone.now()
    access = cell_access(by, pledge_round.cell)
    if access is None:
        raise PermissionDenied
    is_self = person.user_id is not None and person.user_id == by.pk
    if not is_self and not access.is_committee:
        raise PermissionDenied
    if role is not None and not access.is_committee:
        raise PermissionDenied
    if person.cell_id != pledge_round.cell_id or not person.is_active:
        raise ValidationError({"person": _("Choose an active person of this cell.")})
    if not access.is_committee and not pledge_round.is_open_on(timezone.localdate(at)):
        raise ValidationError({NON_FIELD_ERRORS: _("This round no longer takes registrations.")})
    if role is not None and role not in PledgeRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if PledgeRegistration.objects.filter(round=pledge_round, person=person).exists():
        raise _already_registered(person)
    errors = _pledge_errors(
        pledge_round=pledge_round,
        areas=areas,
        commitments=commitments,
        measures=measures,
        deadline=deadline,
    )
    if errors:
        raise ValidationError(errors)
    try:
        # A savepoint: two submissions racing past the check above meet the constraint here.
        with transaction.atomic():
            registration = PledgeRegistration.objects.create(
                round=pledge_round,
                person=person,
                role=role or derived_role(person),
                party_member=person.is_party_member,
                commitments=commitments.strip(),
                measures=measures.strip(),
                deadline=deadline,
                registered_by=by,
                on_behalf=not is_self,
                registered_at=at,
            )
    except IntegrityError:
        raise _already_registered(person) from None
    registration.areas.set(areas)
    return registration


@transaction.atomic
def update_pledge(
    registration: PledgeRegistration,
    *,
    by: User,
    areas: Sequence[PledgeArea],
    commitments: str,
    measures: str,
    deadline: datetime.date | None,
) -> PledgeRegistration:
    """Change a pledge: its owner until it is evaluated, or the committee for someone
    without a login."""
    access = cell_access(by, registration.round.cell)
    if access is None or not can_edit_pledge(access, registration):
        raise PermissionDenied
    errors = _pledge_errors(
        pledge_round=registration.round,
        areas=areas,
        commitments=commitments,
        measures=measures,
        deadline=deadline,
    )
    if errors:
        raise ValidationError(errors)
    registration.commitments, registration.measures = commitments.strip(), measures.strip()
    registration.deadline = deadline
    registration.save()
    registration.areas.set(areas)
    return registration


@transaction.atomic
def set_pledge_role(registration: PledgeRegistration, *, by: User, role: str) -> None:
    """Adjust whether someone sets the example ("trên") or follows it (committee only)."""
    _require_committee(by, registration.round.cell)
    if role not in PledgeRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    registration.role = role
    registration.save(update_fields=["role"])


@transaction.atomic
def add_pledge_progress(
    registration: PledgeRegistration, *, by: User, on: datetime.date | None, text: str
) -> PledgeProgress:
    """Add a dated progress report (the owner, or the committee for someone without a
    login), until the pledge is evaluated."""
    access = cell_access(by, registration.round.cell)
    if access is None or not can_edit_pledge(access, registration):
        raise PermissionDenied
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if on is None:
        errors["date"] = _("Give the date of the report.")
    elif on < registration.round.start or on > today:
        errors["date"] = _("The date must be between %(start)s and today.") % {
            "start": _date(registration.round.start)
        }
    if not text.strip():
        errors["text"] = _("Write what you have done.")
    if errors:
        raise ValidationError(errors)
    return PledgeProgress.objects.create(
        registration=registration, date=on, text=text.strip(), created_by=by
    )


@transaction.atomic
def evaluate_pledge(
    registration: PledgeRegistration,
    *,
    by: User,
    level: PledgeLevel | None,
    remark: str,
    at: datetime.datetime | None = None,
) -> PledgeRegistration:
    """Record the committee's evaluation: a level of the cell's scale and a remark.

    Only the committee evaluates; an evaluation may be corrected (history keeps the old one).
    """
    cell = registration.round.cell
    _require_committee(by, cell)
    errors: dict[str, str] = {}
    if level is None or level.cell_id != cell.pk or not level.is_active:
        errors["level"] = _("Choose a level of the cell's scale.")
    if not remark.strip():
        errors["remark"] = _("Write a remark on how the pledge was kept.")
    if errors:
        raise ValidationError(errors)
    registration.level = level
    registration.remark = remark.strip()
    registration.evaluated_by = by
    registration.evaluated_at = at or timezone.now()
    registration.save()
    return registration
