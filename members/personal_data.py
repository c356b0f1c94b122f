"""Everything chibo holds on one person: the "download my data" export and erasure.

Each part of chibo that stores data about people registers a *section* here from its
`AppConfig.ready()`:

    from members import personal_data
    personal_data.register(
        "pledges", label=_("Pledges"), collect=pledges_of, erase=erase_pledges_of
    )

`collect(person)` returns JSON-serialisable data (dates and decimals are fine);
`erase(person)`, optional, removes or blanks that part's personal rows when the person
asks to be erased (`members.services.anonymise_person`). Sections appear in the export
in the order they were registered.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from members.models import Person

Collector = Callable[["Person"], Any]
Eraser = Callable[["Person"], None]


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    collect: Collector
    erase: Eraser | None = None


_sections: dict[str, Section] = {}


def register(
    key: str, *, label: str | Promise, collect: Collector, erase: Eraser | None = None
) -> None:
    """Add (or replace, when an app is loaded again) one section of the personal data."""
    _sections[key] = Section(key=key, label=label, collect=collect, erase=erase)


def sections() -> list[Section]:
    return list(_sections.values())


def collect(person: Person) -> dict[str, Any]:
    """All data held on the person, section by section, as plain JSON-ready data."""
    return {
        "generated_at": timezone.now(),
        "person_id": person.pk,
        "sections": {
            section.key: {"label": str(section.label), "data": section.collect(person)}
            for section in _sections.values()
        },
    }


def as_json(person: Person) -> bytes:
    """The export as a UTF-8 JSON document, readable by a person (indented, not escaped)."""
    data = collect(person)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def erase(person: Person) -> None:
    """Run every section's eraser; called inside the anonymisation transaction."""
    for section in _sections.values():
        if section.erase is not None:
            section.erase(person)


# --- the members app's own sections (registered in MembersConfig.ready) ------------------

_PROFILE_FIELDS = [
    "full_name", "sex", "date_of_birth", "ethnicity", "religion", "phone", "email",
    "share_contact", "job_title", "is_leader", "employment", "education", "political_theory",
    "is_party_member", "party_joined_on", "party_confirmed_on", "party_card_number",
    "party_position", "party_status", "is_active", "left_on", "leave_reason", "created_at",
]  # fmt: skip


def _value(person: Any, name: str) -> Any:
    field = person._meta.get_field(name)
    value = getattr(person, name)
    if field.choices and value:
        return {"value": value, "label": str(getattr(person, f"get_{name}_display")())}
    return value


def profile_of(person: Person) -> dict[str, Any]:
    data = {name: _value(person, name) for name in _PROFILE_FIELDS}
    data["cell"] = person.cell.name
    data["department"] = person.department.name if person.department else None
    return data


def account_of(person: Person) -> dict[str, Any] | None:
    user = person.user
    if user is None:
        return None
    return {
        "username": user.username,
        "email": user.email,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def ratings_of(person: Person) -> list[dict[str, Any]]:
    return [
        {"year": r.year, "level": r.level, "label": r.get_level_display()}
        for r in person.ratings.order_by("year")
    ]


_CHANGE_LABELS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


def history_of(person: Person) -> list[dict[str, Any]]:
    """Every recorded version of the person's record: when, by whom, and its values."""
    records = type(person).history.filter(id=person.pk).select_related("history_user")
    return [
        {
            "date": record.history_date,
            "change": str(_CHANGE_LABELS.get(record.history_type, record.history_type)),
            "by": record.history_user.username if record.history_user else None,
            "values": {name: getattr(record, name) for name in _PROFILE_FIELDS},
        }
        for record in records.order_by("history_date", "history_id")
    ]


def register_member_sections() -> None:
    from members import services

    register("profile", label=gettext_lazy("Personal record"), collect=profile_of)
    register("account", label=gettext_lazy("Login"), collect=account_of)
    register(
        "ratings",
        label=gettext_lazy("Yearly ratings"),
        collect=ratings_of,
        erase=services.erase_rating_history,
    )
    register(
        "history",
        label=gettext_lazy("Changes to the record"),
        collect=history_of,
        erase=services.erase_person_history,
    )
