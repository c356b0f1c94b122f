"""Journey 5: a staff member registers a pledge ("Trên làm gương"); the committee evaluates it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions_app.models import PledgeRegistration
from tests.browser.conftest import PHONE, journey_shot, open_as
from tests.factories import PledgeAreaFactory, PledgeLevelFactory, PledgeRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_staff_member_registers_and_the_committee_evaluates(world, browser, live_server):
    areas = [
        PledgeAreaFactory(cell=world.cell, name="Trách nhiệm trong công việc"),
        PledgeAreaFactory(cell=world.cell, name="Quan hệ với nhân dân"),
    ]
    PledgeRoundFactory(cell=world.cell, name="Trên làm gương năm 2026", areas=areas)
    PledgeLevelFactory(cell=world.cell, name="Tấm gương tốt")

    # Dana, a staff member who is not in the Party, registers from her phone.
    dana = open_as(browser, live_server, world.staff.user, viewport=PHONE)
    dana.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Trên làm gương"
    ).click()
    dana.get_by_role("link", name="Đăng ký", exact=True).click()
    dana.get_by_label("Trách nhiệm trong công việc").check()
    dana.get_by_label("Quan hệ với nhân dân").check()
    dana.get_by_label("Cam kết cụ thể").fill("Trả lời bạn đọc tận tình; không để sách quá hạn.")
    dana.get_by_label("Biện pháp thực hiện").fill("Tự kiểm tra hằng tháng, báo cáo hằng quý.")
    journey_shot(dana, 5, "register")
    dana.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(dana.get_by_role("heading", name="Bản đăng ký của đồng chí")).to_be_visible()
    pledge = PledgeRegistration.objects.get()
    assert (pledge.person, pledge.party_member) == (world.staff, False)

    # Bob, of the committee, finds her pledge in the round and evaluates it.
    bob = open_as(browser, live_server, world.committee_member.user)
    bob.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Trên làm gương"
    ).click()
    bob.get_by_role("link", name="Trên làm gương năm 2026").first.click()
    journey_shot(bob, 5, "round")
    bob.locator(".pledge-rows").get_by_role("link", name="Nguyễn Thị Dana").click()
    bob.get_by_label("Tấm gương tốt").check()
    bob.get_by_label("Nhận xét").fill("Thực hiện tốt cam kết, được bạn đọc ghi nhận.")
    bob.get_by_role("button", name="Ghi nhận đánh giá").click()
    expect(bob.get_by_text("Đã ghi nhận mức đánh giá.")).to_be_visible()
    bob.context.close()

    # Dana sees the result.
    dana.reload()
    expect(dana.locator("#evaluation-title + p")).to_have_text("Tấm gương tốt")
    journey_shot(dana, 5, "evaluated")
    assert PledgeRegistration.objects.get().level.name == "Tấm gương tốt"
    dana.context.close()
