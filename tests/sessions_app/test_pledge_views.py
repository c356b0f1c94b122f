"""The pledge pages, with every persona, through the test client."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sessions_app.models import (
    PledgeArea,
    PledgeLevel,
    PledgeProgress,
    PledgeRegistration,
    PledgeRole,
    PledgeRound,
)
from tests.conftest import PERSONAS
from tests.factories import (
    PersonFactory,
    PledgeAreaFactory,
    PledgeLevelFactory,
    PledgeRegistrationFactory,
    PledgeRoundFactory,
)

TODAY = timezone.localdate()


@pytest.fixture
def areas(world):
    return PledgeAreaFactory.create_batch(3, cell=world.cell)


@pytest.fixture
def open_round(world, areas):
    return PledgeRoundFactory(cell=world.cell, areas=areas)


@pytest.fixture
def level(world):
    return PledgeLevelFactory(cell=world.cell, name="Tấm gương tốt")


@pytest.fixture
def staff_pledge(world, open_round):
    return PledgeRegistrationFactory(round=open_round, person=world.staff)


def pledge_data(offered, **overrides):
    data = {
        "areas": [area.pk for area in offered[:2]],
        "commitments": "Đi làm đúng giờ; tận tình với bạn đọc.",
        "measures": "Tự kiểm tra hằng tháng.",
        "deadline": (TODAY + datetime.timedelta(days=100)).isoformat(),
    }
    data.update(overrides)
    return data


# --- Who reaches which page -------------------------------------------------------------

CELL_PAGES = {
    # page -> {persona: status}; anonymous visitors are sent to the login page everywhere.
    "pledge_home": dict.fromkeys(
        ["staff", "member", "committee_member", "secretary", "viewer", "admin"], 200
    ),
    "pledge_register": dict.fromkeys(["committee_member", "secretary", "viewer", "admin"], 200)
    | {"staff": 404, "member": 404},
    "pledge_round_create": {"staff": 403, "member": 403, "viewer": 403}
    | dict.fromkeys(["committee_member", "secretary", "admin"], 200),
    "pledge_areas": {"staff": 403, "member": 403, "viewer": 403}
    | dict.fromkeys(["committee_member", "secretary", "admin"], 200),
    "pledge_scale": {"staff": 403, "member": 403, "viewer": 403}
    | dict.fromkeys(["committee_member", "secretary", "admin"], 200),
}
ROUND_PAGES = {
    "pledge_round_detail": dict.fromkeys(
        ["staff", "member", "committee_member", "secretary", "viewer", "admin"], 200
    ),
    "pledge_round_edit": {"staff": 403, "member": 403, "viewer": 403}
    | dict.fromkeys(["committee_member", "secretary", "admin"], 200),
    "pledge_create": dict.fromkeys(["staff", "member", "committee_member", "secretary"], 200)
    | {"viewer": 403, "admin": 403},
    "pledge_create_on_behalf": {"staff": 403, "member": 403, "viewer": 403}
    | dict.fromkeys(["committee_member", "secretary", "admin"], 200),
}
PLEDGE_PAGES = {
    "pledge_detail": dict.fromkeys(
        ["staff", "committee_member", "secretary", "viewer", "admin"], 200
    )
    | {"member": 404},
    "pledge_edit": {"staff": 200, "member": 404}
    | dict.fromkeys(["committee_member", "secretary", "viewer", "admin"], 403),
}


def expected(table, persona):
    if persona == "anonymous":
        return 302
    return table.get(persona, 404)  # other cells never learn the page exists


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", CELL_PAGES)
def test_cell_pages_with_every_persona(world, as_persona, open_round, page, persona):
    response = as_persona(persona).get(reverse(f"sessions_app:{page}", args=[world.cell.slug]))
    assert response.status_code == expected(CELL_PAGES[page], persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ROUND_PAGES)
def test_round_pages_with_every_persona(world, as_persona, open_round, page, persona):
    response = as_persona(persona).get(reverse(f"sessions_app:{page}", args=[open_round.pk]))
    assert response.status_code == expected(ROUND_PAGES[page], persona)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PLEDGE_PAGES)
def test_pledge_pages_with_every_persona(world, as_persona, staff_pledge, page, persona):
    response = as_persona(persona).get(reverse(f"sessions_app:{page}", args=[staff_pledge.pk]))
    assert response.status_code == expected(PLEDGE_PAGES[page], persona)


@pytest.mark.parametrize("page", ["pledge_progress", "pledge_evaluate", "pledge_role"])
def test_anonymous_posts_are_sent_to_login(client, staff_pledge, page):
    response = client.post(reverse(f"sessions_app:{page}", args=[staff_pledge.pk]))
    assert response["Location"].startswith("/accounts/login/")


# --- Registering ------------------------------------------------------------------------


def test_staff_register_their_pledge(world, as_persona, open_round, areas):
    url = reverse("sessions_app:pledge_create", args=[open_round.pk])
    as_persona("staff").post(url, pledge_data(areas))
    registration = PledgeRegistration.objects.get(person=world.staff)
    assert list(registration.areas.all()) == areas[:2]


def test_registering_leads_to_the_pledge(world, as_persona, open_round, areas):
    url = reverse("sessions_app:pledge_create", args=[open_round.pk])
    response = as_persona("staff").post(url, pledge_data(areas))
    registration = PledgeRegistration.objects.get(person=world.staff)
    assert response["Location"] == reverse("sessions_app:pledge_detail", args=[registration.pk])


def test_a_second_registration_shows_a_clear_message(world, as_persona, open_round, areas):
    client = as_persona("staff")
    url = reverse("sessions_app:pledge_create", args=[open_round.pk])
    client.post(url, pledge_data(areas))
    response = client.post(url, pledge_data(areas, commitments="Lần hai"))
    assert "Đồng chí Nguyễn Thị Dana đã đăng ký trong cuộc này" in response.content.decode()


def test_a_second_registration_keeps_what_was_typed(world, as_persona, open_round, areas):
    client = as_persona("staff")
    url = reverse("sessions_app:pledge_create", args=[open_round.pk])
    client.post(url, pledge_data(areas))
    response = client.post(url, pledge_data(areas, commitments="Lần hai"))
    assert "Lần hai" in response.content.decode()


def test_a_registration_without_areas_is_refused_next_to_the_field(
    world, as_persona, open_round, areas
):
    url = reverse("sessions_app:pledge_create", args=[open_round.pk])
    response = as_persona("member").post(url, pledge_data(areas, areas=[]))
    assert "Đồng chí hãy chọn ít nhất một nội dung." in response.content.decode()


def test_the_committee_registers_on_someones_behalf(world, as_persona, open_round, areas):
    elder = PersonFactory(cell=world.cell, user=None, full_name="Tô Văn Phước")
    url = reverse("sessions_app:pledge_create_on_behalf", args=[open_round.pk])
    as_persona("secretary").post(url, pledge_data(areas, person=elder.pk, role=""))
    registration = PledgeRegistration.objects.get(person=elder)
    assert (registration.on_behalf, registration.registered_by) == (True, world.secretary.user)


def test_the_on_behalf_registration_is_shown_on_the_pledge(world, as_persona, open_round):
    elder = PersonFactory(cell=world.cell, user=None)
    pledge = PledgeRegistrationFactory(
        round=open_round, person=elder, registered_by=world.secretary.user, on_behalf=True
    )
    response = as_persona("committee_member").get(
        reverse("sessions_app:pledge_detail", args=[pledge.pk])
    )
    assert "đồng chí Trần Thị Alice đăng ký thay" in response.content.decode()


def test_the_owner_edits_the_pledge(world, as_persona, staff_pledge, areas):
    url = reverse("sessions_app:pledge_edit", args=[staff_pledge.pk])
    as_persona("staff").post(url, pledge_data(areas, commitments="Đã sửa"))
    staff_pledge.refresh_from_db()
    assert staff_pledge.commitments == "Đã sửa"


# --- Progress, evaluation and role ------------------------------------------------------


def test_the_owner_reports_progress(world, as_persona, staff_pledge):
    url = reverse("sessions_app:pledge_progress", args=[staff_pledge.pk])
    as_persona("staff").post(url, {"date": TODAY.isoformat(), "text": "Đã làm xong quý I."})
    assert staff_pledge.progress_reports.get().text == "Đã làm xong quý I."


def test_a_progress_report_without_text_is_refused_and_nothing_saved(
    world, as_persona, staff_pledge
):
    url = reverse("sessions_app:pledge_progress", args=[staff_pledge.pk])
    response = as_persona("staff").post(url, {"date": TODAY.isoformat(), "text": ""})
    assert (response.status_code, PledgeProgress.objects.count()) == (400, 0)


def test_the_committee_evaluates(world, as_persona, staff_pledge, level):
    url = reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk])
    as_persona("secretary").post(url, {"level": level.pk, "remark": "Gương mẫu."})
    staff_pledge.refresh_from_db()
    assert (staff_pledge.level, staff_pledge.remark) == (level, "Gương mẫu.")


@pytest.mark.parametrize("persona", ["staff", "viewer"])
def test_others_cannot_evaluate(world, as_persona, staff_pledge, level, persona):
    url = reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk])
    response = as_persona(persona).post(url, {"level": level.pk, "remark": "Tự đánh giá."})
    staff_pledge.refresh_from_db()
    assert (response.status_code, staff_pledge.level) == (403, None)


def test_a_member_cannot_evaluate_a_pledge_they_cannot_see(world, as_persona, staff_pledge, level):
    url = reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk])
    response = as_persona("member").post(url, {"level": level.pk, "remark": "x"})
    assert response.status_code == 404


def test_an_evaluation_without_a_remark_is_refused(world, as_persona, staff_pledge, level):
    url = reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk])
    response = as_persona("secretary").post(url, {"level": level.pk, "remark": ""})
    staff_pledge.refresh_from_db()
    assert (response.status_code, staff_pledge.level) == (400, None)


def test_the_person_sees_the_evaluation(world, as_persona, staff_pledge, level):
    as_persona("secretary").post(
        reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk]),
        {"level": level.pk, "remark": "Tiến bộ rõ rệt."},
    )
    response = as_persona("staff").get(
        reverse("sessions_app:pledge_detail", args=[staff_pledge.pk])
    )
    assert "Tiến bộ rõ rệt." in response.content.decode()


def test_the_person_does_not_get_the_evaluation_form(world, as_persona, staff_pledge, level):
    response = as_persona("staff").get(
        reverse("sessions_app:pledge_detail", args=[staff_pledge.pk])
    )
    assert (
        reverse("sessions_app:pledge_evaluate", args=[staff_pledge.pk])
        not in response.content.decode()
    )


def test_the_committee_adjusts_the_role(world, as_persona, staff_pledge):
    url = reverse("sessions_app:pledge_role", args=[staff_pledge.pk])
    as_persona("committee_member").post(url, {"role": PledgeRole.UPPER})
    staff_pledge.refresh_from_db()
    assert staff_pledge.role == PledgeRole.UPPER


def test_the_owner_cannot_adjust_the_role(world, as_persona, staff_pledge):
    url = reverse("sessions_app:pledge_role", args=[staff_pledge.pk])
    assert as_persona("staff").post(url, {"role": PledgeRole.UPPER}).status_code == 403


# --- Rounds, areas and scale -----------------------------------------------------------


def test_the_committee_opens_a_round(world, as_persona, areas):
    url = reverse("sessions_app:pledge_round_create", args=[world.cell.slug])
    data = {
        "name": "Cuộc 5",
        "start": TODAY.isoformat(),
        "end": (TODAY + datetime.timedelta(days=180)).isoformat(),
        "meeting": "",
        "areas": [areas[0].pk],
    }
    as_persona("secretary").post(url, data)
    assert list(PledgeRound.objects.get(name="Cuộc 5").areas.all()) == [areas[0]]


def test_a_round_ending_before_it_starts_is_refused(world, as_persona, areas):
    url = reverse("sessions_app:pledge_round_create", args=[world.cell.slug])
    data = {
        "name": "Cuộc 5",
        "start": TODAY.isoformat(),
        "end": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "areas": [areas[0].pk],
    }
    response = as_persona("secretary").post(url, data)
    assert "Ngày kết thúc phải từ ngày bắt đầu trở về sau." in response.content.decode()


def test_opening_the_round_form_gives_the_cell_its_default_areas(world, as_persona):
    as_persona("secretary").get(reverse("sessions_app:pledge_round_create", args=[world.cell.slug]))
    assert PledgeArea.objects.filter(cell=world.cell).count() == 8


def test_the_committee_renames_a_level_of_the_scale(world, as_persona):
    client = as_persona("secretary")
    url = reverse("sessions_app:pledge_scale", args=[world.cell.slug])
    client.get(url)
    levels = list(PledgeLevel.objects.filter(cell=world.cell))
    data = {
        "options-TOTAL_FORMS": len(levels) + 2,
        "options-INITIAL_FORMS": len(levels),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for i, level in enumerate(levels):
        data |= {
            f"options-{i}-id": level.pk,
            f"options-{i}-name": level.name,
            f"options-{i}-position": i,
            f"options-{i}-is_active": "on",
        }
    data["options-0-name"] = "Xuất sắc"
    client.post(url, data)
    assert PledgeLevel.objects.get(pk=levels[0].pk).name == "Xuất sắc"


# --- Lists and registers ----------------------------------------------------------------


def test_the_home_page_offers_the_open_round(world, as_persona, open_round):
    response = as_persona("staff").get(reverse("sessions_app:pledge_home", args=[world.cell.slug]))
    assert reverse("sessions_app:pledge_create", args=[open_round.pk]) in response.content.decode()


def test_staff_do_not_see_others_pledges_on_the_round_page(world, as_persona, open_round):
    PledgeRegistrationFactory(round=open_round, person=world.member)
    response = as_persona("staff").get(
        reverse("sessions_app:pledge_round_detail", args=[open_round.pk])
    )
    assert world.member.full_name not in response.content.decode()


def test_staff_do_not_see_the_meeting_a_round_was_integrated_into(world, as_persona, open_round):
    from sessions_app.models import Meeting

    open_round.meeting = Meeting.objects.create(cell=world.cell, date=TODAY)
    open_round.save()
    response = as_persona("staff").get(
        reverse("sessions_app:pledge_round_detail", args=[open_round.pk])
    )
    assert "Lồng ghép" not in response.content.decode()


def test_the_round_page_lists_every_registration_for_the_committee(world, as_persona, open_round):
    PledgeRegistrationFactory(round=open_round, person=world.member)
    response = as_persona("secretary").get(
        reverse("sessions_app:pledge_round_detail", args=[open_round.pk])
    )
    assert world.member.full_name in response.content.decode()


def test_the_register_counts_member_registrations_and_distinct_staff(world, as_persona, areas):
    year = TODAY.year
    first = PledgeRoundFactory(cell=world.cell, start=datetime.date(year, 1, 1), areas=areas)
    second = PledgeRoundFactory(cell=world.cell, start=datetime.date(year, 2, 1), areas=areas)
    for pledge_round in (first, second):
        PledgeRegistrationFactory(round=pledge_round, person=world.member)
        PledgeRegistrationFactory(round=pledge_round, person=world.staff)
    url = reverse("sessions_app:pledge_register", args=[world.cell.slug])
    response = as_persona("viewer").get(url, {"from": year, "to": year})
    assert "2 cuộc, 2 lượt đảng viên, 1 viên chức đăng ký" in response.content.decode()


def test_the_register_leaves_out_rounds_of_other_years(world, as_persona, areas):
    PledgeRoundFactory(cell=world.cell, name="Cuộc cũ", start=datetime.date(2021, 3, 1))
    url = reverse("sessions_app:pledge_register", args=[world.cell.slug])
    response = as_persona("secretary").get(url, {"from": 2022, "to": 2023})
    assert "Cuộc cũ" not in response.content.decode()


def test_the_register_draws_the_ratings_chart(world, as_persona, staff_pledge, level):
    staff_pledge.level, staff_pledge.evaluated_at = level, timezone.now()
    staff_pledge.remark = "Tốt."
    staff_pledge.save()
    url = reverse("sessions_app:pledge_register", args=[world.cell.slug])
    response = as_persona("secretary").get(url, {"from": staff_pledge.round.start.year})
    assert '<svg class="rating-chart"' in response.content.decode()


# --- Query counts -----------------------------------------------------------------------


def fill_round(pledge_round, count, level):
    """`count` registrations: a third evaluated, a third with a progress report."""
    for i in range(count):
        registration = PledgeRegistrationFactory(
            round=pledge_round, person__staff=i % 2 == 0, person__user=None
        )
        if i % 3 == 0:
            registration.level, registration.evaluated_at = level, timezone.now()
            registration.remark = "Tốt."
            registration.save()
        elif i % 3 == 1:
            PledgeProgress.objects.create(registration=registration, date=TODAY, text="x")


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    ["pledge_round_detail", "pledge_register", "pledge_home"],
)
def test_list_pages_query_the_same_with_3_and_30_registrations(
    world, as_persona, open_round, level, page
):
    args = [open_round.pk] if page == "pledge_round_detail" else [world.cell.slug]
    url = reverse(f"sessions_app:{page}", args=args)
    client = as_persona("secretary")
    fill_round(open_round, 3, level)
    few = queries_for(client, url)
    fill_round(open_round, 27, level)
    assert queries_for(client, url) == few


def test_the_register_queries_the_same_with_3_and_30_rounds(world, as_persona, level, areas):
    client = as_persona("viewer")
    url = (
        reverse("sessions_app:pledge_register", args=[world.cell.slug]) + f"?from={TODAY.year - 1}"
    )
    for _ in range(3):
        fill_round(PledgeRoundFactory(cell=world.cell, areas=areas), 1, level)
    few = queries_for(client, url)
    for _ in range(27):
        fill_round(PledgeRoundFactory(cell=world.cell, areas=areas), 1, level)
    assert queries_for(client, url) == few


def test_the_pledge_page_queries_the_same_with_3_and_30_progress_reports(
    world, as_persona, staff_pledge
):
    client = as_persona("secretary")
    url = reverse("sessions_app:pledge_detail", args=[staff_pledge.pk])
    for _ in range(3):
        PledgeProgress.objects.create(registration=staff_pledge, date=TODAY, text="x")
    few = queries_for(client, url)
    for _ in range(27):
        PledgeProgress.objects.create(registration=staff_pledge, date=TODAY, text="x")
    assert queries_for(client, url) == few


def test_the_committee_adds_an_area_in_an_empty_row(world, as_persona):
    client = as_persona("secretary")
    url = reverse("sessions_app:pledge_areas", args=[world.cell.slug])
    client.get(url)
    existing = list(PledgeArea.objects.filter(cell=world.cell))
    data = {
        "options-TOTAL_FORMS": len(existing) + 2,
        "options-INITIAL_FORMS": len(existing),
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    for i, area in enumerate([*existing, None, None]):
        # As a browser sends it: the empty rows come with their ticked "in use" box.
        data |= {
            f"options-{i}-id": area.pk if area else "",
            f"options-{i}-name": area.name if area else "",
            f"options-{i}-position": area.position if area else "",
            f"options-{i}-is_active": "on",
        }
    data[f"options-{len(existing)}-name"] = "Thực hành tiết kiệm"
    client.post(url, data)
    added = PledgeArea.objects.get(cell=world.cell, name="Thực hành tiết kiệm")
    assert (added.position, PledgeArea.objects.filter(cell=world.cell).count()) == (8, 9)


def test_the_committee_edits_a_round(world, as_persona, open_round, areas):
    url = reverse("sessions_app:pledge_round_edit", args=[open_round.pk])
    data = {
        "name": "Cuộc đã đổi tên",
        "start": open_round.start.isoformat(),
        "end": open_round.end.isoformat(),
        "areas": [area.pk for area in areas],
    }
    as_persona("committee_member").post(url, data)
    open_round.refresh_from_db()
    assert open_round.name == "Cuộc đã đổi tên"


def test_no_chart_is_drawn_before_any_evaluation(world, as_persona, staff_pledge):
    url = reverse("sessions_app:pledge_round_detail", args=[staff_pledge.round_id])
    response = as_persona("secretary").get(url)
    assert "rating-chart" not in response.content.decode()


def test_a_duplicate_area_name_is_refused_with_a_message(world, as_persona):
    client = as_persona("secretary")
    url = reverse("sessions_app:pledge_areas", args=[world.cell.slug])
    client.get(url)
    first = PledgeArea.objects.filter(cell=world.cell).first()
    data = {
        "options-TOTAL_FORMS": 1,
        "options-INITIAL_FORMS": 0,
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
        "options-0-name": first.name,
        "options-0-is_active": "on",
    }
    response = client.post(url, data)
    assert "Mỗi tên chỉ được xuất hiện một lần" in response.content.decode()
