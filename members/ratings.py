"""The yearly quality rating of party members and the rule on its shares (QĐ 124-QĐ/TW)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from members.models import Organisation, RatingLevel, YearlyRating

# The rating is given in December for the year ending; earlier years stay editable.
YEARS_SHOWN = 6


@dataclass(frozen=True)
class RatingSummary:
    year: int
    counts: dict[str, int]

    @property
    def rated(self) -> int:
        return sum(self.counts.values())

    @property
    def excellent(self) -> int:
        return self.counts.get(RatingLevel.EXCELLENT, 0)

    @property
    def good(self) -> int:
        return self.counts.get(RatingLevel.GOOD, 0)

    @property
    def excellent_limit_percent(self) -> int:
        return settings.CHIBO["EXCELLENT_RATING_MAX_PERCENT"]

    @property
    def too_many_excellent(self) -> bool:
        """QĐ 124-QĐ/TW: those rated "hoàn thành xuất sắc" may be at most 20 % of those
        rated "hoàn thành tốt". Integer arithmetic, so that 1 of 5 is exactly 20 % (allowed)."""
        return self.excellent * 100 > self.excellent_limit_percent * self.good

    def rows(self) -> list[tuple[str, str, int]]:
        return [
            (value, str(label), self.counts.get(value, 0)) for value, label in RatingLevel.choices
        ]


def rating_summary(cell: Organisation, year: int) -> RatingSummary:
    """How many of the cell's members got each level in a year (one grouped query)."""
    rows = (
        YearlyRating.objects.for_cell_year(cell, year)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return RatingSummary(year=year, counts={row["level"]: row["n"] for row in rows})


def rating_years() -> list[int]:
    """The years the ratings page offers, the current one first."""
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - YEARS_SHOWN, -1))
