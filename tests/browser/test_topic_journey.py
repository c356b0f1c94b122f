"""The journey of one topic in a browser (issue 4, "Done when"): the secretary plans and
assigns it, the drafter writes and submits, the secretary approves and circulates, a
committee member comments on a section, the drafter answers; every page fits a phone."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sessions_app.models import Comment, Topic
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_no_horizontal_scroll,
    screenshot,
)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DRAFT = """## I. Mục đích, yêu cầu

Đảng viên nắm vững yêu cầu chuyển đổi số trong thư viện.

## II. Thực trạng

Số hóa tài liệu còn chậm.

## III. Giải pháp

1. Số hóa tài liệu địa chí.
2. Tập huấn cho viên chức.
"""


def open_as(browser: Browser, live_server, user, viewport=DESKTOP) -> Page:
    context = browser.new_context(viewport=viewport, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_a_topic_goes_from_plan_to_answered_comments(
    world, browser, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    cell = world.cell

    # The secretary opens the 2026 plan, adds a topic and assigns Charlie.
    alice = open_as(browser, live_server, world.secretary.user)
    alice.goto(f"{live_server.url}/c/{cell.slug}/plans/")
    alice.get_by_role("link", name="Mở kế hoạch năm").click()
    alice.locator("#id_year").fill("2026")
    alice.get_by_role("button", name="Lưu").click()
    expect(
        alice.get_by_role("heading", name="Kế hoạch sinh hoạt chuyên đề năm 2026")
    ).to_be_visible()
    alice.locator("a.add-topic").nth(3).click()  # Quý IV
    alice.locator("#id_title").fill("Ứng dụng chuyển đổi số trong thư viện")
    alice.locator("#id_group").select_option("unit_work")
    alice.get_by_label("Phạm Văn Charlie").check()
    alice.locator("#id_due_date").fill("2026-12-10")
    alice.get_by_role("button", name="Lưu").click()
    expect(alice.locator(".state-badge")).to_have_text("Đã lên kế hoạch")
    topic = Topic.objects.get()
    topic_url = f"{live_server.url}/topics/{topic.pk}/"

    # Charlie writes the draft, previews it, attaches a file and submits it.
    charlie = open_as(browser, live_server, world.member.user)
    charlie.goto(f"{live_server.url}/my-work/")
    charlie.get_by_role("link", name="Ứng dụng chuyển đổi số trong thư viện").click()
    charlie.get_by_role("link", name="Soạn dự thảo").click()
    charlie.get_by_label("Dự thảo (Markdown)").fill(DRAFT)
    charlie.get_by_role("button", name="Xem trước").click()
    expect(charlie.locator("#preview h2#s-iii-giai-phap")).to_have_text("III. Giải pháp")
    screenshot(charlie, "topic-draft-desktop")
    charlie.get_by_role("button", name="Lưu dự thảo").click()
    charlie.get_by_role("link", name="Đính kèm tệp hoặc video").click()
    charlie.locator("input[type=file]").set_input_files(
        files=[{"name": "Đề cương.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    charlie.get_by_role("button", name="Tải lên").click()
    expect(charlie.get_by_role("link", name="Đề cương.pdf")).to_be_visible()
    charlie.get_by_role("link", name="Gửi duyệt").click()
    charlie.get_by_role("button", name="Gửi duyệt").click()
    expect(charlie.locator(".state-badge").first).to_have_text("Chờ duyệt")

    # The secretary approves and circulates it with a comment deadline a week ahead.
    alice.goto(topic_url)
    alice.get_by_role("link", name="Duyệt", exact=True).click()
    alice.locator("#id_remark").fill("Đồng ý nội dung.")
    alice.get_by_role("button", name="Duyệt").click()
    alice.get_by_role("link", name="Gửi lấy ý kiến").click()
    close = timezone.localtime() + datetime.timedelta(days=7)
    alice.locator("#id_comments_close_at").fill(close.strftime("%Y-%m-%dT%H:%M"))
    alice.get_by_role("button", name="Gửi lấy ý kiến").click()
    expect(alice.locator(".state-badge").first).to_have_text("Đã gửi lấy ý kiến")

    # Bob, of the committee, comments on the "Giải pháp" section (htmx).
    bob = open_as(browser, live_server, world.committee_member.user)
    bob.goto(topic_url)
    bob.locator('a[href*="section=s-iii-giai-phap"]').click()
    expect(bob.get_by_label("Mục")).to_have_value("s-iii-giai-phap")
    bob.get_by_label("Ý kiến góp ý của đồng chí").fill("Đề nghị nêu rõ mốc thời gian số hóa.")
    bob.get_by_role("button", name="Gửi góp ý").click()
    expect(bob.locator("#comments-s-iii-giai-phap")).to_have_text("III. Giải pháp")
    expect(bob.locator("article.comment")).to_contain_text("Đề nghị nêu rõ mốc thời gian số hóa.")

    # Charlie answers it inline: accepted, with a text.
    charlie.goto(topic_url)
    charlie.get_by_text("Trả lời góp ý này").click()
    charlie.get_by_label("Tiếp thu").check()
    charlie.get_by_label("Trả lời", exact=True).fill("Tiếp thu, bổ sung mốc quý II/2027.")
    charlie.get_by_role("button", name="Lưu trả lời").click()
    expect(charlie.locator("article.comment .answer")).to_contain_text(
        "Tiếp thu, bổ sung mốc quý II/2027."
    )

    # The topic page shows all of it, on a desktop and on a phone.
    alice.goto(topic_url)
    page = alice.content()
    for text in (
        "Đề nghị nêu rõ mốc thời gian số hóa.",
        "Tiếp thu, bổ sung mốc quý II/2027.",
        "Mọi ý kiến đều đã được trả lời.",
        "Phiên bản 1: Bản gửi duyệt",
        "Phiên bản 2: Bản gửi lấy ý kiến",
        "Đồng ý nội dung.",
        "Đề cương.pdf",
    ):
        assert text in page, text
    screenshot(alice, "topic-journey-desktop")
    phone = open_as(browser, live_server, world.secretary.user, viewport=PHONE)
    phone.goto(topic_url)
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "topic-journey-phone")

    comment = Comment.objects.get()
    assert (comment.section, comment.answer) == ("s-iii-giai-phap", "accepted")

    # The e-mails went out, one per person and event (everyone chose "immediately").
    sent = sorted(
        (m.to[0].split("@")[0], m.subject.split(":")[0].split(" “")[0]) for m in mail.outbox
    )
    assert sent == sorted(
        [
            ("charlie", "Đồng chí được phân công soạn chuyên đề"),
            ("alice", "Dự thảo chờ duyệt"),
            ("bob", "Dự thảo chờ duyệt"),
            ("bob", "Xin ý kiến góp ý dự thảo"),
            ("charlie", "Xin ý kiến góp ý dự thảo"),
            ("bob", "Góp ý của đồng chí về"),
        ]
    )


def build_pages(world):
    """A plan with a finalised topic (three versions, answered comments) and a circulated one."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sessions_app.services import topics as services
    from tests.factories import AnnualPlanFactory, TopicFactory
    from tests.sessions_app.conftest import advance

    plan = AnnualPlanFactory(cell=world.cell, year=2026)
    done = TopicFactory(
        plan=plan, quarter=1, title="Văn hóa đọc trong cơ quan", drafters=[world.member]
    )
    advance(world, done, "circulated")
    comment = services.post_comment(
        done, by=world.committee_member.user, body="Thêm số liệu.", section="s-ii-thuc-trang"
    )
    services.answer_comment(
        comment, by=world.member.user, answer="explained", text="Đã có ở phần II."
    )
    services.mark_presented(done, by=world.secretary.user)
    services.save_draft(
        done,
        by=world.member.user,
        body=done.draft_body + "\n2. Mới.\n",
        revision=done.draft_revision,
    )
    services.finalise_topic(done, by=world.member.user)
    open_topic = TopicFactory(
        plan=plan, quarter=4, title="Chuyển đổi số trong thư viện tỉnh", drafters=[world.member]
    )
    services.add_attachment(
        open_topic, by=world.member.user, upload=SimpleUploadedFile("Đề cương.pdf", PDF)
    )
    advance(world, open_topic, "circulated")
    mine = services.post_comment(open_topic, by=world.member.user, body="Tôi bổ sung phần III.")
    other = services.post_comment(
        open_topic,
        by=world.committee_member.user,
        body="Nêu mốc thời gian.",
        section="s-iii-giai-phap",
    )
    return plan, done, open_topic, mine, other


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_every_topic_page_fits_a_phone_and_a_desktop(
    world, browser, live_server, tmp_path, settings, viewport, size
):
    settings.MEDIA_ROOT = tmp_path
    plan, done, open_topic, mine, other = build_pages(world)
    pages = {
        "plans": f"/c/{world.cell.slug}/plans/",
        "plan": f"/plans/{plan.pk}/",
        "plan-new": f"/c/{world.cell.slug}/plans/new/",
        "topic-new": f"/plans/{plan.pk}/topics/new/",
        "topic-finalised": f"/topics/{done.pk}/",
        "topic-circulated": f"/topics/{open_topic.pk}/",
        "topic-edit": f"/topics/{open_topic.pk}/edit/",
        "topic-deadline": f"/topics/{open_topic.pk}/do/deadline/",
        "topic-move": f"/topics/{open_topic.pk}/do/move/",
        "version": f"/topics/{done.pk}/versions/3/",
        "diff": f"/topics/{done.pk}/diff/?a=2&b=3",
        "answer": f"/comments/{other.pk}/answer/",
        "my-work": "/my-work/",
        "preferences": "/preferences/notifications/",
    }
    drafter_pages = {
        "draft": f"/topics/{open_topic.pk}/draft/",
        "attach": f"/topics/{open_topic.pk}/attachments/new/",
        "comment-edit": f"/comments/{mine.pk}/edit/",
        "my-work-drafter": "/my-work/",
    }
    shots = {"plans", "topic-finalised", "topic-circulated", "diff", "my-work", "draft"}
    for user, urls in ((world.secretary.user, pages), (world.member.user, drafter_pages)):
        page = open_as(browser, live_server, user, viewport=viewport)
        for name, path in urls.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert_no_horizontal_scroll(page)
            if name in shots:
                screenshot(page, f"topics-{name}-{size}")
        page.context.close()
