"""Journey 2: a member comments on the circulated draft from a phone; the drafter answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions_app.models import Comment
from tests.browser.conftest import PHONE, journey_shot, open_as
from tests.factories import PersonFactory, UserFactory, meeting_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_comments_from_a_phone_and_the_drafter_answers(world, browser, live_server):
    topic = meeting_topic(world.cell, title="Chuyển đổi số trong thư viện tỉnh")
    hung = PersonFactory(
        cell=world.cell, user=UserFactory(username="hung"), full_name="Hoàng Văn Hùng"
    )

    # Hùng opens the draft from his home page on his phone and comments on a section.
    phone = open_as(browser, live_server, hung.user, viewport=PHONE)
    phone.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Việc của tôi"
    ).click()
    phone.get_by_role("link", name="Chuyển đổi số trong thư viện tỉnh").first.click()
    journey_shot(phone, 2, "draft")
    phone.locator("a[href*='section=']").first.click()
    phone.get_by_label("Ý kiến góp ý của đồng chí").fill(
        "Đề nghị nêu rõ mốc thời gian số hóa tài liệu."
    )
    journey_shot(phone, 2, "comment")
    phone.get_by_role("button", name="Gửi góp ý").click()
    expect(phone.locator("article.comment")).to_contain_text("mốc thời gian số hóa")
    comment = Comment.objects.get()
    assert comment.author == hung

    # Charlie, the drafter, answers it inline on his desktop.
    charlie = open_as(browser, live_server, world.member.user)
    charlie.goto(f"{live_server.url}/my-work/")
    charlie.get_by_role("link", name="Chuyển đổi số trong thư viện tỉnh").first.click()
    charlie.get_by_text("Trả lời góp ý này").click()
    charlie.get_by_label("Tiếp thu").check()
    charlie.get_by_label("Trả lời", exact=True).fill("Tiếp thu, bổ sung mốc quý II/2027.")
    journey_shot(charlie, 2, "answer")
    charlie.get_by_role("button", name="Lưu trả lời").click()
    expect(charlie.locator("article.comment .answer")).to_contain_text("quý II/2027")
    assert Comment.objects.get().answer == "accepted"

    # Hùng sees the answer on his phone.
    phone.reload()
    expect(phone.locator("article.comment .answer")).to_contain_text("quý II/2027")
    journey_shot(phone, 2, "answered")
    for page in (phone, charlie):
        page.context.close()
    assert topic.comments.count() == 1
