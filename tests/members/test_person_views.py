"""The register, the directory and one person's pages."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from members.models import PartyStatus, Person, RatingLevel, User
from tests.conftest import client_for
from tests.factories import DepartmentFactory, PersonFactory, YearlyRatingFactory


def names(response):
    return [p.full_name for p in response.context["page"].object_list]


def register(client, world, **params):
    return client.get(f"/c/{world.cell.slug}/people/", params)


# --- the register ---------------------------------------------------------------------


def test_the_register_search_ignores_diacritics_and_case(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Nguyễn Văn Dũng")
    response = register(as_persona("secretary"), world, q="nguyen van")
    assert names(response) == ["Nguyễn Văn Dũng"]


def test_the_register_lists_people_in_vietnamese_name_order(world, as_persona):
    for name in ("Lê Văn Đào", "Trần Văn Dung", "Phạm Thị Ân", "Võ Thị An"):
        PersonFactory(cell=world.cell, full_name=name)
    response = register(as_persona("secretary"), world)
    listed = [n for n in names(response) if n.split()[-1] in ("Đào", "Dung", "Ân", "An")]
    assert listed == ["Võ Thị An", "Phạm Thị Ân", "Trần Văn Dung", "Lê Văn Đào"]


def test_the_register_filters_staff(world, as_persona):
    assert names(register(as_persona("secretary"), world, kind="staff")) == ["Nguyễn Thị Dana"]


def test_the_register_filters_party_members(world, as_persona):
    assert "Nguyễn Thị Dana" not in names(register(as_persona("secretary"), world, kind="party"))


def test_the_register_filters_by_party_status(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Đỗ Thị Dự Bị", party_status=PartyStatus.PROBATIONARY)
    response = register(as_persona("secretary"), world, party_status="probationary")
    assert names(response) == ["Đỗ Thị Dự Bị"]


def test_the_register_filters_by_department(world, as_persona):
    department = DepartmentFactory(cell=world.cell, name="Phòng Nghiệp vụ")
    PersonFactory(cell=world.cell, full_name="Lê Thị Nghiệp", department=department)
    response = register(as_persona("secretary"), world, department=department.pk)
    assert names(response) == ["Lê Thị Nghiệp"]


def test_the_register_filters_by_ethnicity(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Thạch Thị Sa", ethnicity="Khmer")
    assert names(register(as_persona("secretary"), world, ethnicity="Khmer")) == ["Thạch Thị Sa"]


def test_the_register_hides_people_who_left_unless_asked(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Hồ Văn Nghỉ", is_active=False)
    assert "Hồ Văn Nghỉ" not in names(register(as_persona("secretary"), world))


def test_the_register_shows_people_who_left_on_request(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Hồ Văn Nghỉ", is_active=False)
    response = register(as_persona("secretary"), world, state="inactive")
    assert names(response) == ["Hồ Văn Nghỉ"]


def test_the_register_ignores_a_bad_filter_value(world, as_persona):
    assert register(as_persona("secretary"), world, sex="robot").status_code == 200


def test_the_register_is_paginated(world, as_persona):
    PersonFactory.create_batch(55, cell=world.cell)
    response = register(as_persona("secretary"), world, page=2)
    assert len(response.context["page"].object_list) == 59 - 50


def test_the_register_never_lists_another_cell(world, as_persona):
    assert "Võ Thị Erin" not in names(register(as_persona("viewer"), world))


def test_a_member_is_told_to_use_the_directory(world, as_persona):
    assert register(as_persona("member"), world).status_code == 403


# --- the directory ---------------------------------------------------------------------


def directory(client, world, **params):
    return client.get(f"/c/{world.cell.slug}/people/directory/", params)


def test_the_directory_shows_shared_contact_details(world, as_persona):
    PersonFactory(cell=world.cell, phone="0911222333", share_contact=True)
    assert "0911222333" in directory(as_persona("member"), world).content.decode()


def test_the_directory_hides_contact_details_not_shared(world, as_persona):
    PersonFactory(cell=world.cell, phone="0911222333", share_contact=False)
    assert "0911222333" not in directory(as_persona("member"), world).content.decode()


def test_the_directory_shows_no_sensitive_field(world, as_persona):
    PersonFactory(cell=world.cell, party_card_number="87654321", ethnicity="Khmer")
    page = directory(as_persona("member"), world).content.decode()
    assert "87654321" not in page and "Khmer" not in page


def test_the_directory_search_ignores_diacritics(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Nguyễn Văn Dũng")
    assert names(directory(as_persona("member"), world, q="NGUYEN VAN")) == ["Nguyễn Văn Dũng"]


def test_the_directory_leaves_out_people_who_left(world, as_persona):
    PersonFactory(cell=world.cell, full_name="Hồ Văn Nghỉ", is_active=False)
    assert "Hồ Văn Nghỉ" not in names(directory(as_persona("member"), world))


# --- one person ----------------------------------------------------------------------------


@pytest.fixture
def sensitive(world):
    """Charlie's sensitive data, each value unique on the page."""
    member = world.member
    member.date_of_birth = datetime.date(1977, 7, 17)
    member.ethnicity = "Khmer"
    member.religion = "Phật giáo Nam tông"
    member.party_card_number = "87654321"
    member.save()
    YearlyRatingFactory(person=member, year=2024, level=RatingLevel.EXCELLENT)
    return ["17/07/1977", "Khmer", "Phật giáo Nam tông", "87654321", "Hoàn thành xuất sắc"]


def page_of(client, person):
    return client.get(f"/people/{person.pk}/").content.decode()


def test_a_member_does_not_see_another_members_sensitive_fields(world, as_persona, sensitive):
    dave = PersonFactory(cell=world.cell, user=User.objects.create(username="dave"))
    page = page_of(client_for(dave.user), world.member)
    assert [value for value in sensitive if value in page] == []


def test_the_committee_sees_the_sensitive_fields(world, as_persona, sensitive):
    page = page_of(as_persona("secretary"), world.member)
    assert [value for value in sensitive if value not in page] == []


def test_the_superior_committee_sees_the_sensitive_fields(world, as_persona, sensitive):
    page = page_of(as_persona("viewer"), world.member)
    assert [value for value in sensitive if value not in page] == []


def test_a_person_sees_their_own_sensitive_fields(world, as_persona, sensitive):
    page = page_of(as_persona("member"), world.member)
    assert [value for value in sensitive if value not in page] == []


def test_a_member_sees_shared_contact_details_of_another(world, as_persona):
    world.secretary.phone, world.secretary.share_contact = "0988777666", True
    world.secretary.save()
    assert "0988777666" in page_of(as_persona("member"), world.secretary)


def test_a_member_does_not_see_contact_details_not_shared(world, as_persona):
    world.secretary.phone, world.secretary.share_contact = "0988777666", False
    world.secretary.save()
    assert "0988777666" not in page_of(as_persona("member"), world.secretary)


# --- create and edit ---------------------------------------------------------------------

VALID = {
    "full_name": "  Lê   Thị Mới ",
    "sex": "female",
    "date_of_birth": "19/05/1990",
    "ethnicity": "Kinh",
    "religion": "Không",
    "employment": "established",
    "political_theory": "none",
}


def create(client, world, **changes):
    return client.post(f"/c/{world.cell.slug}/people/new/", {**VALID, **changes})


def test_the_committee_adds_a_staff_member(world, as_persona):
    create(as_persona("secretary"), world)
    assert Person.objects.get(full_name="Lê Thị Mới").date_of_birth == datetime.date(1990, 5, 19)


def test_a_new_person_belongs_to_the_cell_of_the_page(world, as_persona):
    create(as_persona("secretary"), world)
    assert Person.objects.get(full_name="Lê Thị Mới").cell == world.cell


def test_staff_get_no_party_data_even_when_posted(world, as_persona):
    create(
        as_persona("secretary"),
        world,
        party_card_number="11112222",
        party_status="full",
        party_position="member",
    )
    person = Person.objects.get(full_name="Lê Thị Mới")
    assert (person.party_card_number, person.party_status, person.party_position) == ("", "", "")


def test_the_committee_adds_a_party_member(world, as_persona):
    create(
        as_persona("secretary"),
        world,
        is_party_member="on",
        party_status="probationary",
        party_joined_on="22/12/2025",
        party_card_number="11112222",
    )
    person = Person.objects.get(full_name="Lê Thị Mới")
    assert (person.party_position, person.party_card_number) == ("member", "11112222")


def test_a_party_member_needs_a_status(world, as_persona):
    response = create(as_persona("secretary"), world, is_party_member="on")
    assert "party_status" in response.context["form"].errors


def test_a_card_number_has_eight_digits(world, as_persona):
    response = create(
        as_persona("secretary"),
        world,
        is_party_member="on",
        party_status="full",
        party_card_number="1234",
    )
    assert response.context["form"].errors["party_card_number"] == [
        "Số thẻ đảng viên gồm đúng 8 chữ số."
    ]


def test_a_card_number_is_unique_with_a_clear_message(world, as_persona):
    world.other_member.party_card_number = "55556666"
    world.other_member.save()
    response = create(
        as_persona("secretary"),
        world,
        is_party_member="on",
        party_status="full",
        party_card_number="55556666",
    )
    assert response.context["form"].errors["party_card_number"] == [
        "Số thẻ đảng viên này đã có trong hồ sơ của một người khác."
    ]


def test_a_bad_date_keeps_what_was_typed(world, as_persona):
    response = create(as_persona("secretary"), world, date_of_birth="31/02/1990")
    page = response.content.decode()
    assert "31/02/1990" in page and "dd/mm/yyyy" in page
    assert not Person.objects.filter(full_name="Lê Thị Mới").exists()


def test_full_membership_cannot_come_before_admission(world, as_persona):
    response = create(
        as_persona("secretary"),
        world,
        is_party_member="on",
        party_status="full",
        party_joined_on="03/02/2015",
        party_confirmed_on="03/02/2014",
    )
    assert "party_confirmed_on" in response.context["form"].errors


def test_the_committee_edits_a_person(world, as_persona):
    data = {**VALID, "full_name": "Phạm Văn Charlie", "job_title": "Thư viện viên chính"}
    data.update(is_party_member="on", party_status="full", party_position="member")
    data["party_card_number"] = world.member.party_card_number
    as_persona("secretary").post(f"/people/{world.member.pk}/edit/", data)
    world.member.refresh_from_db()
    assert world.member.job_title == "Thư viện viên chính"


def test_making_a_member_staff_clears_the_party_data(world, as_persona):
    data = {**VALID, "full_name": "Phạm Văn Charlie"}
    as_persona("secretary").post(f"/people/{world.member.pk}/edit/", data)
    world.member.refresh_from_db()
    assert (world.member.is_party_member, world.member.party_card_number) == (False, "")


def test_the_form_offers_only_the_cells_departments(world, as_persona):
    DepartmentFactory(cell=world.other_cell, name="Phòng của chi bộ khác")
    response = as_persona("secretary").get(f"/c/{world.cell.slug}/people/new/")
    assert "Phòng của chi bộ khác" not in response.content.decode()


# --- leaving and coming back ----------------------------------------------------------------


def test_the_committee_marks_a_person_as_left(world, as_persona):
    as_persona("secretary").post(
        f"/people/{world.member.pk}/deactivate/",
        {"left_on": "01/10/2026", "leave_reason": "Chuyển công tác"},
    )
    world.member.refresh_from_db()
    assert (world.member.is_active, world.member.left_on) == (False, datetime.date(2026, 10, 1))


def test_a_person_who_left_is_kept(world, as_persona):
    as_persona("secretary").post(
        f"/people/{world.member.pk}/deactivate/",
        {"left_on": "01/10/2026", "leave_reason": "Chuyển công tác"},
    )
    assert Person.objects.filter(pk=world.member.pk).exists()


def test_leaving_needs_a_reason(world, as_persona):
    as_persona("secretary").post(
        f"/people/{world.member.pk}/deactivate/", {"left_on": "01/10/2026"}
    )
    world.member.refresh_from_db()
    assert world.member.is_active


def test_the_committee_brings_a_person_back(world, as_persona):
    retired = PersonFactory(cell=world.cell, is_active=False, left_on=datetime.date(2024, 1, 1))
    as_persona("secretary").post(f"/people/{retired.pk}/reactivate/")
    retired.refresh_from_db()
    assert (retired.is_active, retired.left_on) == (True, None)


# --- logins ------------------------------------------------------------------------------


def test_a_person_with_an_email_gets_a_password_link(world, as_persona):
    person = PersonFactory(cell=world.cell, email="moi@example.org")
    as_persona("secretary").post(f"/people/{person.pk}/login/", {"username": "moi"})
    assert "/accounts/reset/" in mail.outbox[0].body


def test_the_login_made_from_an_email_has_no_password_yet(world, as_persona):
    person = PersonFactory(cell=world.cell, email="moi@example.org")
    as_persona("secretary").post(f"/people/{person.pk}/login/", {"username": "moi"})
    assert not User.objects.get(username="moi").has_usable_password()


def test_a_person_without_email_gets_a_one_time_password_shown_once(world, as_persona):
    person = PersonFactory(cell=world.cell)
    client = as_persona("secretary")
    response = client.post(f"/people/{person.pk}/login/", {"username": "moi"}, follow=True)
    password = response.context["one_time"]["password"]
    assert User.objects.get(username="moi").check_password(password)


def test_the_one_time_password_is_not_shown_twice(world, as_persona):
    person = PersonFactory(cell=world.cell)
    client = as_persona("secretary")
    first = client.post(f"/people/{person.pk}/login/", {"username": "moi"}, follow=True)
    password = first.context["one_time"]["password"]
    assert password not in client.get(f"/people/{person.pk}/").content.decode()


def test_the_login_belongs_to_the_person(world, as_persona):
    person = PersonFactory(cell=world.cell)
    as_persona("secretary").post(f"/people/{person.pk}/login/", {"username": "moi"})
    person.refresh_from_db()
    assert person.user.username == "moi"


def test_a_login_name_is_not_taken_twice(world, as_persona):
    person = PersonFactory(cell=world.cell)
    response = as_persona("secretary").post(f"/people/{person.pk}/login/", {"username": "Alice"})
    assert response.context["form"].errors["username"]


def test_a_person_with_a_login_gets_no_second_one(world, as_persona):
    response = as_persona("secretary").post(
        f"/people/{world.member.pk}/login/", {"username": "charlie2"}
    )
    assert not User.objects.filter(username="charlie2").exists()
    assert response.status_code == 200


# --- a person's own data -------------------------------------------------------------------------


def test_a_person_changes_their_own_contact_details(world, as_persona):
    as_persona("member").post(
        f"/people/{world.member.pk}/contact/",
        {"phone": "0901234567", "email": "charlie@example.org", "share_contact": "on"},
    )
    world.member.refresh_from_db()
    assert (world.member.phone, world.member.share_contact) == ("0901234567", True)


def test_changing_contact_details_changes_nothing_else(world, as_persona):
    before = world.member.party_card_number
    as_persona("member").post(
        f"/people/{world.member.pk}/contact/",
        {"phone": "0901234567", "email": "", "party_card_number": "99998888"},
    )
    world.member.refresh_from_db()
    assert world.member.party_card_number == before


def test_a_bad_email_is_refused_next_to_the_field(world, as_persona):
    response = as_persona("member").post(
        f"/people/{world.member.pk}/contact/", {"phone": "", "email": "not-an-address"}
    )
    assert "email" in response.context["form"].errors


def test_a_person_downloads_their_data_as_a_json_attachment(world, as_persona):
    response = as_persona("member").get(f"/people/{world.member.pk}/my-data.json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.json()["sections"]["profile"]["data"]["full_name"] == "Phạm Văn Charlie"


# --- history ----------------------------------------------------------------------------


def test_the_history_names_who_changed_what(world, as_persona):
    client = as_persona("secretary")
    data = {**VALID, "full_name": "Phạm Văn Charlie", "job_title": "Phó trưởng phòng"}
    data.update(is_party_member="on", party_status="probationary", party_position="member")
    data["party_card_number"] = world.member.party_card_number
    client.post(f"/people/{world.member.pk}/edit/", data)
    page = client.get(f"/people/{world.member.pk}/history/").content.decode()
    assert "Trần Thị Alice" in page
    assert (
        'Tình trạng đảng viên</strong>: <span class="old">Chính thức</span> → <span class="new">Dự bị</span>'
        in page
    )


def test_the_history_shows_rating_changes(world, as_persona):
    as_persona("secretary").post(
        f"/c/{world.cell.slug}/people/ratings/?year=2025",
        {
            "r-TOTAL_FORMS": "1",
            "r-INITIAL_FORMS": "1",
            "r-0-person": world.member.pk,
            "r-0-level": "good",
        },
    )
    page = as_persona("secretary").get(f"/people/{world.member.pk}/history/").content.decode()
    assert "Xếp loại 2025" in page and "Hoàn thành tốt nhiệm vụ" in page
