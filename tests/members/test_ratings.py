"""Yearly ratings: one per member and year, recorded at once, with the QĐ 124 warning."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from members.models import RatingLevel, YearlyRating
from members.ratings import RatingSummary
from members.services import PeopleError, record_ratings
from tests.factories import PersonFactory, YearlyRatingFactory


def ratings_url(world, year=2025):
    return f"/c/{world.cell.slug}/people/ratings/?year={year}"


def post_levels(client, world, levels, year=2025):
    data = {"r-TOTAL_FORMS": str(len(levels)), "r-INITIAL_FORMS": str(len(levels))}
    for i, (person, level) in enumerate(levels):
        data[f"r-{i}-person"] = person.pk
        data[f"r-{i}-level"] = level
    return client.post(ratings_url(world, year), data)


def test_a_member_has_one_rating_per_year(world):
    YearlyRatingFactory(person=world.member, year=2025)
    with pytest.raises(IntegrityError):
        YearlyRatingFactory(person=world.member, year=2025)


def test_the_committee_records_the_years_ratings_at_once(world, as_persona):
    levels = [
        (world.secretary, "excellent"),
        (world.committee_member, "good"),
        (world.member, "good"),
    ]
    post_levels(as_persona("secretary"), world, levels)
    saved = dict(YearlyRating.objects.filter(year=2025).values_list("person__full_name", "level"))
    assert saved == {
        "Trần Thị Alice": "excellent",
        "Lê Văn Bob": "good",
        "Phạm Văn Charlie": "good",
    }


def test_recording_again_changes_a_rating(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2025, level=RatingLevel.GOOD)
    post_levels(as_persona("secretary"), world, [(world.member, "fulfilled")])
    assert YearlyRating.objects.get(person=world.member, year=2025).level == "fulfilled"


def test_an_empty_choice_removes_a_rating(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2025)
    post_levels(as_persona("secretary"), world, [(world.member, "")])
    assert not YearlyRating.objects.filter(person=world.member).exists()


def test_a_rating_change_is_kept_in_history(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2025, level=RatingLevel.GOOD)
    post_levels(as_persona("secretary"), world, [(world.member, "excellent")])
    record = YearlyRating.history.filter(person_id=world.member.pk).latest("history_date")
    assert (record.level, record.history_user) == ("excellent", world.secretary.user)


def test_other_years_are_left_alone(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2024, level=RatingLevel.GOOD)
    post_levels(as_persona("secretary"), world, [(world.member, "excellent")], year=2025)
    assert YearlyRating.objects.get(person=world.member, year=2024).level == "good"


def test_the_page_lists_the_active_party_members(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Hồ Văn Nghỉ", is_active=False)
    response = as_persona("secretary").get(ratings_url(world))
    names = [person.full_name for person, _form in response.context["rows"]]
    assert names == ["Trần Thị Alice", "Lê Văn Bob", "Phạm Văn Charlie"]


def test_staff_are_not_rated(world):
    with pytest.raises(PeopleError):
        record_ratings(cell=world.cell, year=2025, levels={world.staff.pk: "good"}, by=None)


def test_people_of_another_cell_are_not_rated(world, as_persona):
    post_levels(as_persona("secretary"), world, [(world.other_member, "good")])
    assert not YearlyRating.objects.exists()


def test_a_viewer_cannot_record_ratings(world, as_persona):
    response = post_levels(as_persona("viewer"), world, [(world.member, "good")])
    assert response.status_code == 403 and not YearlyRating.objects.exists()


def test_a_viewer_reads_the_ratings(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2025, level=RatingLevel.FULFILLED)
    page = as_persona("viewer").get(ratings_url(world)).content.decode()
    assert "Hoàn thành nhiệm vụ" in page and 'name="r-0-level"' not in page


def test_a_bad_year_falls_back_to_this_year(world, as_persona):
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/ratings/?year=abc")
    assert response.context["year"] == 2026


# --- QĐ 124-QĐ/TW: excellent at most 20 % of good ------------------------------------------


@pytest.mark.parametrize(
    ("excellent", "good", "warned"),
    [(1, 5, False), (2, 5, True), (2, 10, False), (3, 10, True), (0, 0, False), (1, 0, True)],
)
def test_the_warning_rule(excellent, good, warned):
    counts = {"excellent": excellent, "good": good}
    assert RatingSummary(year=2025, counts=counts).too_many_excellent is warned


def _rate(world, excellent, good):
    people = PersonFactory.create_batch(excellent + good, cell=world.cell)
    levels = {p.pk: "excellent" for p in people[:excellent]}
    levels.update({p.pk: "good" for p in people[excellent:]})
    record_ratings(cell=world.cell, year=2025, levels=levels, by=None)


def test_the_page_warns_when_excellent_exceeds_20_percent_of_good(world, as_persona):
    _rate(world, excellent=2, good=5)
    page = as_persona("secretary").get(ratings_url(world)).content.decode()
    assert "vượt quá 20 %" in page


def test_the_page_does_not_warn_at_exactly_20_percent(world, as_persona):
    _rate(world, excellent=1, good=5)
    page = as_persona("secretary").get(ratings_url(world)).content.decode()
    assert "vượt quá" not in page


def test_the_limit_is_a_setting(world, as_persona, settings):
    settings.CHIBO = {**settings.CHIBO, "EXCELLENT_RATING_MAX_PERCENT": 50}
    _rate(world, excellent=2, good=5)
    page = as_persona("secretary").get(ratings_url(world)).content.decode()
    assert "vượt quá" not in page


def test_the_founding_case_has_ratings_for_2023_to_2025(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    years = set(YearlyRating.objects.values_list("year", flat=True))
    assert years == {2023, 2024, 2025}


def test_the_founding_case_ratings_keep_within_the_rule(db, settings):
    from django.core.management import call_command

    from members.models import Organisation
    from members.ratings import rating_summary

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    library = Organisation.objects.get(slug="thu-vien-tra-vinh")
    assert not any(rating_summary(library, y).too_many_excellent for y in (2023, 2024, 2025))
