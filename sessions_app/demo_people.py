"""people part of the demo: the founding case's yearly ratings of party members, 2023–2025."""

from __future__ import annotations

from members.demo import FoundingCase
from members.models import RatingLevel, YearlyRating
from members.services import record_ratings

# Per year, who was rated "hoàn thành xuất sắc" and who "hoàn thành"; everyone else of the
# members admitted before that year "hoàn thành tốt". Two excellent of eleven or more good
# keeps within QĐ 124-QĐ/TW's 20 %.
EXCELLENT = {
    2023: ["Trần Thị Thu Hà", "Lê Thị Ngọc Hân"],
    2024: ["Trần Thị Thu Hà", "Phạm Thị Lan"],
    2025: ["Nguyễn Văn Dũng", "Thạch Thị Sa Rết"],
}
FULFILLED = {
    2023: ["Trương Thị Ánh Tuyết", "Mai Thị Diễm My"],
    2024: ["Lý Thị Cẩm Vân"],
    2025: ["Mai Thị Diễm My"],
}


def seed_ratings(case: FoundingCase) -> None:
    """Record each year's ratings once; a year already rated is left as it is."""
    for year in sorted(EXCELLENT):
        members = [
            p
            for p in case.party_members()
            if p.party_joined_on and p.party_joined_on.year < year and p.is_active
        ]
        if YearlyRating.objects.filter(person__in=members, year=year).exists():
            continue
        levels = {}
        for person in members:
            if person.full_name in EXCELLENT[year]:
                levels[person.pk] = RatingLevel.EXCELLENT
            elif person.full_name in FULFILLED[year]:
                levels[person.pk] = RatingLevel.FULFILLED
            else:
                levels[person.pk] = RatingLevel.GOOD
        record_ratings(cell=case.library, year=year, levels=levels, by=case.secretary.user)
