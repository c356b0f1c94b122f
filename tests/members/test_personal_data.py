"""Download of everything held on a person, the registry other parts join, and erasure."""

from __future__ import annotations

import json

import pytest

from members import personal_data
from members.models import Person, User, YearlyRating
from members.services import anonymise_person
from tests.factories import YearlyRatingFactory


def download(client, person):
    return json.loads(client.get(f"/people/{person.pk}/my-data.json").content)


def test_the_download_holds_the_persons_record(world, as_persona):
    data = download(as_persona("member"), world.member)
    assert (
        data["sections"]["profile"]["data"]["party_card_number"] == world.member.party_card_number
    )


def test_the_download_holds_the_login(world, as_persona):
    data = download(as_persona("member"), world.member)
    assert data["sections"]["account"]["data"]["username"] == "charlie"


def test_the_download_holds_the_ratings(world, as_persona):
    YearlyRatingFactory(person=world.member, year=2024)
    data = download(as_persona("member"), world.member)
    assert data["sections"]["ratings"]["data"] == [
        {"year": 2024, "level": "good", "label": "Hoàn thành tốt nhiệm vụ"}
    ]


def test_the_download_holds_the_history_of_the_record(world, as_persona):
    data = download(as_persona("member"), world.member)
    assert data["sections"]["history"]["data"][0]["change"] == "tạo mới"


def test_the_download_is_readable_vietnamese(world, as_persona):
    response = as_persona("member").get(f"/people/{world.member.pk}/my-data.json")
    assert "Phạm Văn Charlie".encode() in response.content


def test_the_committee_downloads_a_persons_data_on_request(world, as_persona):
    assert download(as_persona("secretary"), world.member)["person_id"] == world.member.pk


@pytest.fixture
def extra_section():
    """A later part's section, registered as it would be from its AppConfig.ready()."""
    erased = []
    personal_data.register(
        "pledges",
        label="Đăng ký Trên làm gương",
        collect=lambda person: [f"cam kết của {person.full_name}"],
        erase=erased.append,
    )
    yield erased
    personal_data._sections.pop("pledges")


def test_a_registered_section_joins_the_download(world, as_persona, extra_section):
    data = download(as_persona("member"), world.member)
    assert data["sections"]["pledges"]["data"] == ["cam kết của Phạm Văn Charlie"]


def test_a_registered_section_is_erased_with_the_person(world, extra_section):
    anonymise_person(world.member, by=world.admin)
    assert extra_section == [world.member]


# --- erasure on request ------------------------------------------------------------------


@pytest.fixture
def erased(world):
    world.member.phone, world.member.email = "0901234567", "charlie@example.org"
    world.member.save()
    YearlyRatingFactory(person=world.member, year=2024)
    anonymise_person(world.member, by=world.secretary.user)
    return Person.objects.get(pk=world.member.pk)


def test_erasure_replaces_the_name(erased):
    assert erased.full_name == f"Người đã xóa dữ liệu số {erased.pk}"


def test_erasure_blanks_the_personal_fields(erased):
    values = (
        erased.date_of_birth,
        erased.phone,
        erased.email,
        erased.party_card_number,
        erased.religion,
    )
    assert values == (None, "", "", "", "")


def test_erasure_keeps_the_row_for_the_minutes(erased):
    assert (erased.is_party_member, erased.is_active) == (True, False)


def test_erasure_removes_the_login(erased):
    user = User.objects.get(username__startswith="erased-")
    assert (erased.user, user.is_active, user.has_usable_password(), user.email) == (
        None,
        False,
        False,
        "",
    )


def test_erasure_leaves_one_history_row_without_personal_data(erased):
    records = list(Person.history.filter(id=erased.pk))
    assert [(r.full_name, r.phone) for r in records] == [(erased.full_name, "")]


def test_erasure_records_who_erased(world, erased):
    assert Person.history.get(id=erased.pk).history_user == world.secretary.user


def test_erasure_purges_the_rating_history(erased):
    assert not YearlyRating.history.filter(person_id=erased.pk).exists()


def test_erasure_keeps_the_yearly_counts(erased):
    assert YearlyRating.objects.filter(person=erased).count() == 1


def test_the_committee_erases_after_typing_the_name(world, as_persona):
    as_persona("secretary").post(
        f"/people/{world.member.pk}/erase/", {"confirm_name": "phạm văn charlie"}
    )
    assert Person.objects.get(pk=world.member.pk).full_name.startswith("Người đã xóa")


def test_a_wrong_name_erases_nothing(world, as_persona):
    as_persona("secretary").post(f"/people/{world.member.pk}/erase/", {"confirm_name": "Charlie"})
    assert Person.objects.get(pk=world.member.pk).full_name == "Phạm Văn Charlie"


def test_nobody_erases_themselves_here(world, as_persona):
    response = as_persona("secretary").get(f"/people/{world.secretary.pk}/erase/")
    assert response.status_code == 403
