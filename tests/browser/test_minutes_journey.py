"""The recorder's journey through a meeting, on a laptop and on a phone (Done when of issue 5)."""

from __future__ import annotations

import datetime
import time

import pytest
from playwright.sync_api import Page, expect

from sessions_app.models import Amendment, Attendance, Meeting, Minutes, Speech, Vote
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.factories import meeting_topic
from tests.sessions_app.meeting_setup import call_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEECHES = [
    "Đề nghị bổ sung số liệu bạn đọc năm 2025 để so sánh.",
    "Cần gắn giải pháp với từng phòng chuyên môn.",
    "Đề xuất ứng dụng phần mềm quản lý thư viện mới.",
    "Thống nhất với bố cục, đề nghị rút gọn phần thực trạng.",
    "Đề nghị phân công đảng viên trẻ phụ trách chuyển đổi số.",
]


def wait_for(condition, what: str) -> None:
    """Wait for something the browser does in the background (a beacon, an autosave)."""
    for _ in range(100):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"never happened: {what}")


def sign_out(page: Page) -> None:
    page.locator("details.user-menu summary").click()
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_recorder_records_a_meeting_and_the_chair_approves_it(
    world, desktop, sign_in, live_server
):
    topic = meeting_topic(world.cell, title="Chuyển đổi số trong hoạt động thư viện")
    page = desktop
    sign_in(page, world.committee_member.user)

    # Call the meeting for the circulated topic.
    page.goto(f"{live_server.url}/c/{world.cell.slug}/meetings/new/?topic={topic.pk}")
    page.get_by_label("Ngày").fill("2026-11-20")
    page.get_by_label("Địa điểm").fill("Hội trường Thư viện tỉnh")
    page.get_by_label("Chủ trì").select_option(label="Trần Thị Alice")
    page.get_by_label("Thư ký").select_option(label="Lê Văn Bob")
    screenshot(page, "meeting-new-desktop")
    page.get_by_role("button", name="Triệu tập").click()
    expect(page.get_by_role("heading", name="Sinh hoạt chuyên đề")).to_be_visible()
    meeting = Meeting.objects.get()

    # Mark attendance: the count follows each tap.
    # The taps must wait for htmx: a tap before the page's scripts ran is only a radio.
    with page.expect_navigation():
        page.get_by_role("link", name="Điểm danh").click()
    for person in (world.secretary, world.committee_member, world.member):
        row = page.locator(f"#attendance-{meeting.attendances.get(person=person).pk}")
        row.get_by_text("Có mặt", exact=True).click()
    expect(page.locator("#attendance-counts")).to_contain_text("có mặt 3/3")
    screenshot(page, "meeting-attendance-desktop")
    wait_for(lambda: not Attendance.objects.filter(status="unmarked").exists(), "attendance saved")

    # Five speeches, one after another: the form clears and waits for the next speaker.
    page.goto(f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/")
    speakers = [
        "Phạm Văn Charlie",
        "Lê Văn Bob",
        "Trần Thị Alice",
        "Phạm Văn Charlie",
        "Lê Văn Bob",
    ]
    for speaker, gist in zip(speakers, SPEECHES, strict=True):
        page.get_by_label("Người phát biểu").select_option(label=speaker)
        page.get_by_label("Tóm tắt nội dung phát biểu").fill(gist)
        page.get_by_role("button", name="Thêm ý kiến").click()
        expect(page.locator(".speech-list")).to_contain_text(gist)
        expect(page.get_by_label("Tóm tắt nội dung phát biểu")).to_have_value("")
    expect(page.get_by_label("Người phát biểu")).to_be_focused()
    assert Speech.objects.count() == 5

    # The vote, the conclusion and the end time.
    vote = page.locator("#vote-form")
    vote.get_by_label("Nội dung biểu quyết").fill("Thông qua chuyên đề và các giải pháp")
    vote.locator('[name="votes_for"]').fill("3")
    vote.get_by_role("button", name="Ghi biểu quyết").click()
    expect(page.locator(".vote-list")).to_contain_text("3 tán thành")
    page.get_by_label("Kết luận của chủ trì").fill("Chi bộ thống nhất các giải pháp chuyển đổi số.")
    page.get_by_label("Giờ kết thúc buổi sinh hoạt").fill("16:05")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu")
    screenshot(page, "minutes-editor-desktop")
    page.get_by_role("button", name="Đã đọc lại, thông qua tại cuộc họp").click()
    expect(page.get_by_text("chủ trì có thể phê duyệt")).to_be_visible()

    # The chair approves.
    sign_out(page)
    sign_in(page, world.secretary.user)
    page.goto(f"{live_server.url}/minutes/{meeting.minutes.pk}/")
    page.get_by_role("button", name="Phê duyệt biên bản").click()
    expect(page.get_by_text("Biên bản đã được phê duyệt và khóa.").first).to_be_visible()
    assert Minutes.objects.get().state == "approved"
    assert Vote.objects.get().votes_for == 3
    screenshot(page, "minutes-approved-desktop")

    # Locked: the editor sends back to the document; only an amendment with a reason remains.
    page.goto(f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/")
    assert page.url.endswith(f"/minutes/{meeting.minutes.pk}/")
    expect(page.get_by_role("link", name="Tiếp tục ghi biên bản")).to_have_count(0)
    page.get_by_role("link", name="Đính chính (kèm lý do)").click()
    page.get_by_label("Phần của biên bản").select_option(label="kết luận của chủ trì")
    page.get_by_label("Nội dung đính chính").fill(
        "Chi bộ thống nhất các giải pháp chuyển đổi số và giao Phòng Nghiệp vụ."
    )
    page.get_by_role("button", name="Ghi đính chính").click()
    expect(page.locator("#main")).to_contain_text("Lý do đính chính")
    assert not Amendment.objects.exists()
    page.get_by_label("Lý do đính chính").fill("Bổ sung đơn vị được giao")
    page.get_by_role("button", name="Ghi đính chính").click()
    expect(page.locator(".amendment").first).to_contain_text("Bổ sung đơn vị được giao")
    assert Minutes.objects.get().conclusion == "Chi bộ thống nhất các giải pháp chuyển đổi số."
    screenshot(page, "minutes-amended-desktop")


def test_a_page_closed_mid_typing_keeps_the_text(world, browser, sign_in, live_server):
    meeting = call_meeting(world)
    url = f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/"
    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, world.committee_member.user)
    page.goto(url)
    page.get_by_label("Bài học kinh nghiệm").press_sequentially("Phải chuẩn bị đề cương từ đầu năm")
    page.close(run_before_unload=True)
    context.close()
    wait_for(lambda: Minutes.objects.get().lessons, "the text reached the server")

    context = browser.new_context(viewport={"width": 375, "height": 812}, locale="vi-VN")
    page = context.new_page()
    sign_in(page, world.committee_member.user)
    page.goto(url)
    expect(page.get_by_label("Bài học kinh nghiệm")).to_have_value(
        "Phải chuẩn bị đề cương từ đầu năm"
    )
    context.close()


def test_text_typed_after_the_sign_in_expired_is_restored_after_signing_in_again(
    world, phone, sign_in, live_server
):
    meeting = call_meeting(world)
    url = f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/"
    sign_in(phone, world.committee_member.user)
    phone.goto(url)
    phone.context.clear_cookies(name="sessionid")  # the sign-in expires mid-meeting
    phone.get_by_label("Kết luận của chủ trì").fill("Kết luận gõ khi phiên đã hết hạn")
    expect(phone.locator("#minutes-session-expired")).to_be_visible()
    screenshot(phone, "minutes-expired-phone")
    assert Minutes.objects.get().conclusion == ""

    sign_in(phone, world.committee_member.user)
    phone.goto(url)
    expect(phone.locator("#minutes-restore")).to_be_visible()
    expect(phone.locator("#minutes-restore")).to_contain_text("Kết luận gõ khi phiên đã hết hạn")
    screenshot(phone, "minutes-restore-phone")
    phone.get_by_role("button", name="Khôi phục nội dung chưa lưu").click()
    expect(phone.locator("#save-status")).to_contain_text("Đã lưu")
    assert Minutes.objects.get().conclusion == "Kết luận gõ khi phiên đã hết hạn"


def test_a_second_writer_gets_a_conflict_with_both_texts(world, browser, sign_in, live_server):
    meeting = call_meeting(world)
    url = f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/"
    pages = []
    for user in (world.committee_member.user, world.secretary.user):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        sign_in(page, user)
        page.goto(url)
        pages.append(page)
    bob, alice = pages
    alice.get_by_label("Nguyên nhân").fill("Nguyên nhân theo Alice")
    expect(alice.locator("#save-status")).to_contain_text("Đã lưu")
    bob.get_by_label("Nguyên nhân").fill("Nguyên nhân theo Bob")
    expect(bob.locator("#save-status")).to_contain_text("Đồng chí khác vừa lưu")
    assert Minutes.objects.get().causes == "Nguyên nhân theo Alice"
    bob.get_by_role("button", name="So sánh và hợp nhất").click()
    expect(bob.locator(".merge-text.mine")).to_contain_text("Nguyên nhân theo Bob")
    expect(bob.locator(".merge-text.theirs")).to_contain_text("Nguyên nhân theo Alice")
    screenshot(bob, "minutes-conflict-desktop")
    bob.get_by_label("Nội dung hợp nhất sẽ lưu").fill("Nguyên nhân theo Alice và Bob")
    bob.get_by_role("button", name="Lưu biên bản đã hợp nhất").click()
    expect(bob.get_by_label("Nguyên nhân")).to_have_value("Nguyên nhân theo Alice và Bob")
    assert Minutes.objects.get().causes == "Nguyên nhân theo Alice và Bob"
    for page in pages:
        page.context.close()


def test_a_vote_with_more_ballots_than_present_is_refused_keeping_the_form(
    world, phone, sign_in, live_server
):
    meeting = call_meeting(world)
    meeting.attendances.update(status="present")
    sign_in(phone, world.committee_member.user)
    phone.goto(f"{live_server.url}/minutes/{meeting.minutes.pk}/edit/#votes")
    vote = phone.locator("#vote-form")
    vote.get_by_label("Nội dung biểu quyết").fill("Nghị quyết chuyên đề quý IV")
    vote.locator('[name="votes_for"]').fill("3")
    vote.locator('[name="votes_against"]').fill("2")
    vote.get_by_role("button", name="Ghi biểu quyết").click()
    expect(phone.locator("#votes")).to_contain_text("cộng lại là 5, nhiều hơn 3 đảng viên có mặt")
    vote = phone.locator("#vote-form")
    expect(vote.get_by_label("Nội dung biểu quyết")).to_have_value("Nghị quyết chuyên đề quý IV")
    expect(vote.locator('[name="votes_against"]')).to_have_value("2")
    assert not Vote.objects.exists()
    phone.locator("#votes").scroll_into_view_if_needed()
    screenshot(phone, "minutes-vote-refused-phone")


def test_the_meeting_pages_fit_a_phone(world, phone, sign_in, live_server):
    meeting = call_meeting(world, date=datetime.date(2026, 11, 20))
    meeting.attendances.update(status="present")
    sign_in(phone, world.committee_member.user)
    pages = {
        "meeting-list-phone": f"/c/{world.cell.slug}/meetings/",
        "meeting-new-phone": f"/c/{world.cell.slug}/meetings/new/",
        "meeting-detail-phone": f"/meetings/{meeting.pk}/",
        "meeting-attendance-phone": f"/meetings/{meeting.pk}/attendance/",
        "minutes-editor-phone": f"/minutes/{meeting.minutes.pk}/edit/",
        "minutes-detail-phone": f"/minutes/{meeting.minutes.pk}/",
        "follow-ups-phone": f"/c/{world.cell.slug}/follow-ups/",
    }
    for name, path in pages.items():
        phone.goto(live_server.url + path)
        assert_no_horizontal_scroll(phone)
        screenshot(phone, name)


def test_attendance_is_marked_with_a_tap_on_a_phone(world, phone, sign_in, live_server):
    meeting = call_meeting(world)
    sign_in(phone, world.committee_member.user)
    phone.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    row = phone.locator(f"#attendance-{meeting.attendances.get(person=world.member).pk}")
    row.get_by_text("Vắng có lý do", exact=True).click()
    row = phone.locator(f"#attendance-{meeting.attendances.get(person=world.member).pk}")
    row.get_by_role("textbox", name="Lý do").fill("Đi công tác Cần Thơ")
    row.get_by_role("textbox", name="Lý do").press("Tab")
    wait_for(
        lambda: meeting.attendances.filter(
            person=world.member, reason="Đi công tác Cần Thơ"
        ).exists(),
        "reason saved",
    )
    expect(phone.locator("#attendance-counts")).to_contain_text("1 vắng có lý do")
    screenshot(phone, "meeting-attendance-marked-phone")
