"""The cell in numbers, as its reports give them (the seed's "the cell in numbers").

`cell_statistics(cell)` returns plain data (no models, no HTML) so that the statistics
page, and later the printed reports, use the same figures. Each breakdown is one
aggregate query over the cell's active people, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from members.models import (
    Education,
    Employment,
    Organisation,
    PartyStatus,
    Person,
    PoliticalTheory,
    Sex,
)

# Party members of the cell now: transferred-out members have left it.
_PARTY = Q(is_party_member=True) & ~Q(party_status=PartyStatus.TRANSFERRED)


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """One way of counting a group of people: rows in a fixed order, with the total."""

    key: str
    title: str
    total: int
    rows: list[Row]

    def count(self, key: str) -> int:
        return next((row.count for row in self.rows if row.key == key), 0)


@dataclass(frozen=True)
class CellStatistics:
    party_total: int
    unit_total: int
    party: list[Breakdown]  # by sex, ethnicity, status, political theory
    unit: list[Breakdown]  # by employment, ethnicity, education, political theory

    def party_by(self, key: str) -> Breakdown:
        return next(b for b in self.party if b.key == key)

    def unit_by(self, key: str) -> Breakdown:
        return next(b for b in self.unit if b.key == key)


def _counts(cell: Organisation, field: str) -> tuple[dict[str, int], dict[str, int]]:
    """(whole unit, party members) counts per value of a field, in one grouped query."""
    rows = (
        Person.objects.filter(cell=cell, is_active=True)
        .values(field)
        .annotate(unit=Count("pk"), party=Count("pk", filter=_PARTY))
        .order_by()
    )
    unit = {row[field]: row["unit"] for row in rows}
    party = {row[field]: row["party"] for row in rows if row["party"]}
    return unit, party


def _with_choices(
    key: str, title: str, counts: dict[str, int], choices: list[tuple[str, str]], *, all_: bool
) -> Breakdown:
    """Rows in the order of the choices; `all_` keeps zero rows (a fixed scale)."""
    rows = [Row(value, str(label), counts.get(value, 0)) for value, label in choices]
    if not all_:
        rows = [row for row in rows if row.count]
    known = {value for value, _label in choices}
    unknown = sum(n for value, n in counts.items() if value not in known)
    if unknown:
        rows.append(Row("", _("Not recorded"), unknown))
    return Breakdown(key, title, sum(counts.values()), rows)


def _ethnicity(key: str, title: str, counts: dict[str, int]) -> Breakdown:
    """Largest groups first, Kinh leading on ties (the usual order of Vietnamese reports)."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0] != "Kinh", item[0]))
    rows = [Row(value, value or _("Not recorded"), n) for value, n in ordered]
    return Breakdown(key, title, sum(counts.values()), rows)


def cell_statistics(cell: Organisation) -> CellStatistics:
    """Party members and the whole unit of a cell, counted the way the cell reports them."""
    unit_sex, party_sex = _counts(cell, "sex")
    unit_ethnicity, party_ethnicity = _counts(cell, "ethnicity")
    _unit_status, party_status = _counts(cell, "party_status")
    unit_theory, party_theory = _counts(cell, "political_theory")
    unit_employment, _party_employment = _counts(cell, "employment")
    unit_education, _party_education = _counts(cell, "education")
    statuses = [(v, label) for v, label in PartyStatus.choices if v != PartyStatus.TRANSFERRED]
    # Women first, as the cell's reports count them ("12 nữ, 4 nam").
    sexes = [(Sex.FEMALE, Sex.FEMALE.label), (Sex.MALE, Sex.MALE.label)]
    party = [
        _with_choices("sex", _("By sex"), party_sex, sexes, all_=True),
        _ethnicity("ethnicity", _("By ethnicity"), party_ethnicity),
        _with_choices("status", _("By Party status"), party_status, statuses, all_=True),
        _with_choices(
            "theory", _("By political theory"), party_theory, PoliticalTheory.choices, all_=False
        ),
    ]
    unit = [
        _with_choices(
            "employment", _("By employment"), unit_employment, Employment.choices, all_=True
        ),
        _ethnicity("ethnicity", _("By ethnicity"), unit_ethnicity),
        _with_choices(
            "education", _("By education"), unit_education, Education.choices, all_=False
        ),
        _with_choices(
            "theory", _("By political theory"), unit_theory, PoliticalTheory.choices, all_=False
        ),
    ]
    return CellStatistics(
        party_total=sum(party_sex.values()),
        unit_total=sum(unit_sex.values()),
        party=party,
        unit=unit,
    )
