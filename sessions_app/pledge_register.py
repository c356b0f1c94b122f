"""The pledge register (sổ đăng ký): who registered in which rounds, and its figures.

The figures are counted in the seed's words, "4 cuộc, 32 lượt đảng viên, 10 viên chức
đăng ký": a *lượt* is one registration of a party member, while staff are counted as
distinct people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sessions_app.models import (
    PledgeLevel,
    PledgeRegistration,
    PledgeRole,
    PledgeRound,
    PledgeStatus,
)

# Bar colours from the best level down; the last one is for pledges not evaluated yet.
_BAR_COLOURS = ["#7d1712", "#a4201a", "#c8605a", "#8a8178", "#6c757d"]
_PENDING_COLOUR = "#cfc8bf"
CHART_ROW = 46  # pixels per bar: its label above, the bar below


@dataclass(frozen=True)
class ChartBar:
    label: str
    count: int
    percent: float  # of the longest bar, scaled to leave room for the count
    colour: str
    y: int


@dataclass
class PledgeRegister:
    """Rounds and their registrations, with the counts a register page shows."""

    rounds: list[PledgeRound]
    registrations: list[PledgeRegistration]
    levels: list[PledgeLevel]
    by_round: dict[int, list[PledgeRegistration]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_round = {r.pk: [] for r in self.rounds}
        for registration in self.registrations:
            self.by_round.setdefault(registration.round_id, []).append(registration)

    @property
    def sections(self) -> list[tuple[PledgeRound, list[PledgeRegistration]]]:
        """Each round with its registrations, in the order of the rounds."""
        return [(r, self.by_round[r.pk]) for r in self.rounds]

    @property
    def round_count(self) -> int:
        return len(self.rounds)

    @property
    def party_registration_count(self) -> int:
        """Lượt đảng viên: every registration of a party member counts."""
        return sum(1 for r in self.registrations if r.party_member)

    @property
    def staff_count(self) -> int:
        """Viên chức: distinct non-party people who registered at least once."""
        return len({r.person_id for r in self.registrations if not r.party_member})

    @property
    def upper_count(self) -> int:
        return sum(1 for r in self.registrations if r.role == PledgeRole.UPPER)

    @property
    def lower_count(self) -> int:
        return sum(1 for r in self.registrations if r.role == PledgeRole.LOWER)

    @property
    def status_counts(self) -> list[tuple[str, int]]:
        counts = Counter(r.status for r in self.registrations)
        return [(status.label, counts[status]) for status in PledgeStatus]

    @property
    def evaluated_count(self) -> int:
        return sum(1 for r in self.registrations if r.level_id is not None)

    def sentence(self) -> str:
        """The seed's words, from the data: "4 cuộc, 32 lượt đảng viên, 10 viên chức đăng ký"."""
        rounds = ngettext("%(count)d round", "%(count)d rounds", self.round_count) % {
            "count": self.round_count
        }
        return f"{rounds}, {self.people_sentence()}"

    def people_sentence(self) -> str:
        """The same without the rounds, for a single round: "8 lượt đảng viên, 3 viên chức…"."""
        members = ngettext(
            "%(count)d party-member registration",
            "%(count)d party-member registrations",
            self.party_registration_count,
        ) % {"count": self.party_registration_count}
        staff = ngettext(
            "%(count)d staff member registered",
            "%(count)d staff members registered",
            self.staff_count,
        ) % {"count": self.staff_count}
        return f"{members}, {staff}"

    @cached_property
    def chart(self) -> list[ChartBar]:
        """Bars of the ratings chart: one per level of the scale in use, then the pending."""
        counts = Counter(r.level_id for r in self.registrations)
        rows = [
            (level.name, counts[level.pk], _BAR_COLOURS[min(i, len(_BAR_COLOURS) - 1)])
            for i, level in enumerate(self.levels)
            if level.is_active or counts[level.pk]
        ]
        rows.append((_("Not evaluated yet"), counts[None], _PENDING_COLOUR))
        longest = max((count for _label, count, _colour in rows), default=0) or 1
        return [
            ChartBar(
                label=label,
                count=count,
                percent=round(80 * count / longest, 1),
                colour=colour,
                y=index * CHART_ROW,
            )
            for index, (label, count, colour) in enumerate(rows)
        ]

    @property
    def chart_height(self) -> int:
        return len(self.chart) * CHART_ROW + 4


def build_register(rounds: Iterable[PledgeRound], levels: Iterable[PledgeLevel]) -> PledgeRegister:
    """Load the registrations of the given rounds in one query and count them."""
    rounds = list(rounds)
    registrations = list(
        PledgeRegistration.objects.filter(round__in=[r.pk for r in rounds]).for_register()
    )
    return PledgeRegister(rounds=rounds, registrations=registrations, levels=list(levels))
