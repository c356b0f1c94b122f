"""The main pages for every role: no serious or critical axe-core violation, no sideways
scrolling at 375 px; the text-size control, the keyboard and pages without JavaScript work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions_app.models import Comment
from sessions_app.services import topics as topic_services
from tests.browser.conftest import PHONE, assert_accessible, assert_no_horizontal_scroll, open_as
from tests.factories import (
    PledgeAreaFactory,
    PledgeRegistrationFactory,
    PledgeRoundFactory,
    meeting_topic,
)
from tests.sessions_app.meeting_setup import call_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["secretary", "committee_member", "member", "staff", "viewer"]


@pytest.fixture
def pages(world) -> dict[str, str]:
    """The main pages of the library cell, with a comment, a meeting and a pledge on them."""
    topic = meeting_topic(world.cell, title="Chuyển đổi số trong thư viện tỉnh")
    topic_services.post_comment(
        topic, by=world.committee_member.user, body="Đề nghị nêu rõ mốc thời gian số hóa."
    )
    meeting = call_meeting(world, topics=[topic])
    pledge_round = PledgeRoundFactory(
        cell=world.cell, areas=[PledgeAreaFactory(cell=world.cell, name="Trách nhiệm")]
    )
    pledge = PledgeRegistrationFactory(round=pledge_round, person=world.staff)
    slug = world.cell.slug
    return {
        "home": "/",
        "plan": f"/plans/{topic.plan_id}/",
        "topic": f"/topics/{topic.pk}/",
        "meeting": f"/meetings/{meeting.pk}/",
        "attendance": f"/meetings/{meeting.pk}/attendance/",
        "minutes-editor": f"/minutes/{meeting.minutes.pk}/edit/",
        "minutes": f"/minutes/{meeting.minutes.pk}/",
        "people": f"/c/{slug}/people/",
        "pledges": f"/c/{slug}/pledges/",
        "pledge-round": f"/pledge-rounds/{pledge_round.pk}/",
        "pledge": f"/pledges/{pledge.pk}/",
        "documents": f"/c/{slug}/documents/",
        "my-work": "/my-work/",
        "cells-grid": f"/o/{world.superior.slug}/grid/",
    }


def test_the_login_page_is_accessible(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    context.close()


@pytest.mark.parametrize("role", ROLES)
def test_the_main_pages_are_accessible_and_fit_a_phone(world, pages, browser, live_server, role):
    page = open_as(browser, live_server, world.user(role), viewport=PHONE)
    seen = []
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        if response.status in (403, 404):  # not this role's page
            continue
        assert response.status == 200, path
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
        seen.append(name)
    assert "home" in seen
    page.context.close()


def test_the_text_size_control_enlarges_the_text(world, browser, live_server):
    page = open_as(browser, live_server, world.member.user)
    page.get_by_role("button", name="A+").click()
    expect(page.locator("html")).to_have_class("text-large")
    page.get_by_role("button", name="A-").click()
    expect(page.locator("html")).to_have_class("text-small")
    page.get_by_role("button", name="A", exact=True).click()
    expect(page.locator("html")).to_have_class("text-normal")
    page.context.close()


def test_the_account_menu_opens_and_closes_with_the_keyboard(world, browser, live_server):
    page = open_as(browser, live_server, world.member.user)
    summary = page.locator("details.user-menu summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    expect(summary).to_be_focused()
    page.context.close()


def test_the_drafter_answers_a_comment_without_javascript(world, browser, live_server):
    topic = meeting_topic(world.cell, title="Chuyển đổi số trong thư viện tỉnh")
    topic_services.post_comment(topic, by=world.committee_member.user, body="Nêu mốc thời gian.")
    page = open_as(browser, live_server, world.member.user, viewport=PHONE, javascript=False)
    page.goto(f"{live_server.url}/topics/{topic.pk}/")
    page.get_by_text("Trả lời góp ý này").click()
    page.get_by_label("Giải trình").check()
    page.get_by_label("Trả lời", exact=True).fill("Đã có ở phần II.")
    page.get_by_role("button", name="Lưu trả lời").click()
    expect(page.locator("article.comment .answer")).to_contain_text("Đã có ở phần II.")
    assert Comment.objects.get().answer == "explained"
    page.context.close()
