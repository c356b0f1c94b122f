"""Journey 1: the secretary plans the year, assigns a drafter, approves and circulates the
draft the drafter wrote."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions_app.models import Topic
from tests.browser.conftest import journey_shot, open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = """## I. Mục đích, yêu cầu

Đảng viên nắm vững yêu cầu chuyển đổi số trong thư viện.

## II. Giải pháp

Số hóa tài liệu địa chí trước quý II/2027.
"""


def test_the_secretary_plans_the_year_and_circulates_the_draft(world, browser, live_server):
    # Alice opens the 2026 plan and puts a Quý IV topic in it, drafted by Charlie.
    alice = open_as(browser, live_server, world.secretary.user)
    alice.goto(f"{live_server.url}/")
    alice.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch chuyên đề"
    ).click()
    alice.get_by_role("link", name="Mở kế hoạch năm").click()
    alice.get_by_role("spinbutton", name="Năm").fill("2026")
    alice.get_by_role("button", name="Lưu").click()
    expect(
        alice.get_by_role("heading", name="Kế hoạch sinh hoạt chuyên đề năm 2026")
    ).to_be_visible()
    journey_shot(alice, 1, "plan")
    alice.locator("a.add-topic").nth(3).click()  # Quý IV
    alice.locator("#id_title").fill("Ứng dụng chuyển đổi số trong thư viện")
    alice.locator("#id_group").select_option("unit_work")
    alice.get_by_label("Phạm Văn Charlie").check()
    alice.locator("#id_due_date").fill("2026-12-10")
    journey_shot(alice, 1, "assign")
    alice.get_by_role("button", name="Lưu").click()
    expect(alice.locator(".state-badge")).to_have_text("Đã lên kế hoạch")
    topic = Topic.objects.get()
    assert list(topic.drafters.all()) == [world.member]

    # Charlie finds the assignment in his work, writes the draft and submits it.
    charlie = open_as(browser, live_server, world.member.user)
    charlie.goto(f"{live_server.url}/my-work/")
    charlie.get_by_role("link", name="Ứng dụng chuyển đổi số trong thư viện").click()
    charlie.get_by_role("link", name="Soạn dự thảo").click()
    charlie.get_by_label("Dự thảo (Markdown)").fill(DRAFT)
    charlie.get_by_role("button", name="Lưu dự thảo").click()
    charlie.get_by_role("link", name="Gửi duyệt").click()
    charlie.get_by_role("button", name="Gửi duyệt").click()
    expect(charlie.locator(".state-badge").first).to_have_text("Chờ duyệt")
    charlie.context.close()

    # Alice approves it and sends it round for comments until a week from now.
    alice.reload()
    alice.get_by_role("link", name="Duyệt", exact=True).click()
    alice.get_by_label("Nhận xét").fill("Đồng ý nội dung.")
    journey_shot(alice, 1, "approve")
    alice.get_by_role("button", name="Duyệt").click()
    alice.get_by_role("link", name="Gửi lấy ý kiến").click()
    close = timezone.localtime() + datetime.timedelta(days=7)
    alice.locator("#id_comments_close_at").fill(close.strftime("%Y-%m-%dT%H:%M"))
    alice.get_by_role("button", name="Gửi lấy ý kiến").click()
    expect(alice.locator(".state-badge").first).to_have_text("Đã gửi lấy ý kiến")
    journey_shot(alice, 1, "circulated")
    assert Topic.objects.get().state == Topic.State.CIRCULATED
    alice.context.close()
