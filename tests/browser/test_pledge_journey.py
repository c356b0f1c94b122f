"""The pledge journey of issue 6, in Chromium: `vienchuc` registers from a phone, the
committee evaluates, `vienchuc` sees the result; `dangvien` cannot open it; the secretary
sees both pledges."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.models import User
from sessions_app.demo_pledges import CURRENT_ROUND
from sessions_app.models import PledgeRegistration, PledgeRound
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    """The founding case, its current round kept open whatever today is."""
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    PledgeRound.objects.filter(name=CURRENT_ROUND).update(
        start=today - datetime.timedelta(days=30), end=today + datetime.timedelta(days=300)
    )
    users = {}
    for login in ("vienchuc", "dangvien", "bithu"):
        user = User.objects.get(username=login)
        user.set_password(PASSWORD)
        user.save()
        users[login] = user
    return users


def register_pledge(page, live_server, areas, commitments):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Trên làm gương"
    ).click()
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    for area in areas:
        page.get_by_label(area).check()
    page.get_by_label("Cam kết cụ thể").fill(commitments)
    page.get_by_label("Biện pháp thực hiện").fill(
        "Tự kiểm tra hằng tháng, báo cáo chi ủy hằng quý."
    )
    return page


def test_the_pledge_journey(demo, live_server, phone, desktop, sign_in):
    # vienchuc registers on a phone.
    sign_in(phone, demo["vienchuc"])
    register_pledge(
        phone, live_server, ["Trách nhiệm trong công việc", "Quan hệ với nhân dân"],
        "Trả lời bạn đọc tận tình; không để sách quá hạn chưa xử lý.",
    )  # fmt: skip
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pledge-form-phone")
    phone.get_by_role("button", name="Đăng ký", exact=True).click()
    phone.get_by_role("heading", name="Bản đăng ký của đồng chí").wait_for()
    assert_no_horizontal_scroll(phone)
    pledge = PledgeRegistration.objects.get(
        person__user__username="vienchuc", round__name=CURRENT_ROUND
    )
    pledge_url = f"{live_server.url}/pledges/{pledge.pk}/"

    # dangvien registers too, and cannot open vienchuc's pledge.
    sign_in(desktop, demo["dangvien"])
    register_pledge(desktop, live_server, ["Tư tưởng chính trị"], "Gương mẫu học tập nghị quyết.")
    desktop.get_by_role("button", name="Đăng ký", exact=True).click()
    desktop.get_by_role("heading", name="Bản đăng ký của đồng chí").wait_for()
    assert desktop.goto(pledge_url).status == 404

    # The secretary sees both pledges in the round and evaluates vienchuc's.
    sign_in(desktop, demo["bithu"])
    desktop.goto(f"{live_server.url}/pledge-rounds/{pledge.round_id}/")
    rows = desktop.locator(".pledge-rows")
    assert rows.get_by_role("link", name="Nguyễn Thị Hoa").is_visible()
    assert rows.get_by_role("link", name="Phạm Thị Lan").is_visible()
    screenshot(desktop, "pledge-round-desktop")
    rows.get_by_role("link", name="Nguyễn Thị Hoa").click()
    desktop.get_by_label("Tấm gương tốt").check()
    desktop.get_by_label("Nhận xét").fill("Thực hiện tốt cam kết, được bạn đọc ghi nhận.")
    desktop.get_by_role("button", name="Ghi nhận đánh giá").click()
    desktop.get_by_text("Đã ghi nhận mức đánh giá.").wait_for()
    screenshot(desktop, "pledge-evaluated-desktop")

    # vienchuc sees the evaluation on the phone.
    phone.goto(f"{live_server.url}/c/thu-vien-tra-vinh/pledges/")
    phone.get_by_role("link", name=CURRENT_ROUND).first.wait_for()
    phone.goto(pledge_url)
    assert phone.get_by_text("Thực hiện tốt cam kết, được bạn đọc ghi nhận.").is_visible()
    assert phone.locator("#evaluation-title + p").inner_text() == "Tấm gương tốt"
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "pledge-evaluated-phone")


def test_the_register_of_the_half_term_reads_well_on_both_screens(
    demo, live_server, phone, desktop, sign_in
):
    for page, name in ((phone, "pledge-register-phone"), (desktop, "pledge-register-desktop")):
        sign_in(page, demo["bithu"])
        page.goto(f"{live_server.url}/c/thu-vien-tra-vinh/pledges/register/?from=2020&to=2023")
        assert page.get_by_text("4 cuộc, 32 lượt đảng viên, 10 viên chức đăng ký").is_visible()
        assert_no_horizontal_scroll(page)
        screenshot(page, name)
