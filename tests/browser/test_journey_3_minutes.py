"""Journey 3: the recorder records a meeting live (attendance, speeches, vote); the chair
approves the minutes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions_app.models import Attendance, Minutes, Speech
from tests.browser.conftest import journey_shot, open_as
from tests.sessions_app.meeting_setup import call_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPEECHES = [
    ("Phạm Văn Charlie", "Đề nghị bổ sung số liệu bạn đọc năm 2025 để so sánh."),
    ("Trần Thị Alice", "Cần gắn giải pháp với từng phòng chuyên môn."),
]


def test_the_recorder_records_the_meeting_and_the_chair_approves(world, browser, live_server):
    meeting = call_meeting(world)

    # Bob, the recorder, opens the meeting from the cell's list and marks who came.
    bob = open_as(browser, live_server, world.committee_member.user)
    bob.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Sinh hoạt chi bộ"
    ).click()
    bob.locator(f"a[href='/meetings/{meeting.pk}/']").first.click()
    # The taps must wait for htmx: a tap before the page's scripts ran is only a radio.
    with bob.expect_navigation():
        bob.get_by_role("link", name="Điểm danh").click()
    for row in meeting.attendances.all():
        bob.locator(f"#attendance-{row.pk}").get_by_text("Có mặt", exact=True).click()
    expect(bob.locator("#attendance-counts")).to_contain_text("có mặt 3/3")
    journey_shot(bob, 3, "attendance")
    assert not Attendance.objects.filter(status="unmarked").exists()

    # The speeches, one after another, then the vote, the conclusion and the end time.
    bob.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    bob.get_by_role("link", name="Ghi biên bản").first.click()
    for speaker, gist in SPEECHES:
        bob.get_by_label("Người phát biểu").select_option(label=speaker)
        bob.get_by_label("Tóm tắt nội dung phát biểu").fill(gist)
        bob.get_by_role("button", name="Thêm ý kiến").click()
        expect(bob.locator(".speech-list")).to_contain_text(gist)
    vote = bob.locator("#vote-form")
    vote.get_by_label("Nội dung biểu quyết").fill("Thông qua chuyên đề và các giải pháp")
    vote.locator('[name="votes_for"]').fill("3")
    vote.get_by_role("button", name="Ghi biểu quyết").click()
    expect(bob.locator(".vote-list")).to_contain_text("3 tán thành")
    bob.get_by_label("Kết luận của chủ trì").fill("Chi bộ thống nhất các giải pháp chuyển đổi số.")
    bob.get_by_label("Giờ kết thúc buổi sinh hoạt").fill("16:05")
    expect(bob.locator("#save-status")).to_contain_text("Đã lưu")
    journey_shot(bob, 3, "minutes")
    bob.get_by_role("button", name="Đã đọc lại, thông qua tại cuộc họp").click()
    expect(bob.get_by_text("chủ trì có thể phê duyệt")).to_be_visible()
    assert Speech.objects.count() == 2
    bob.context.close()

    # Alice, who chaired, approves; the minutes are locked.
    alice = open_as(browser, live_server, world.secretary.user)
    alice.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    alice.get_by_role("link", name="Xem biên bản").click()
    alice.get_by_role("button", name="Phê duyệt biên bản").click()
    expect(alice.get_by_text("Biên bản đã được phê duyệt và khóa.").first).to_be_visible()
    journey_shot(alice, 3, "approved")
    assert Minutes.objects.get().state == "approved"
    alice.context.close()
